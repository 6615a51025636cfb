// `npm run -s groups -- --input FILE.csv --text COL[,COL] --id COL [--groups N]`: suggests groups for the
// rows of a CSV with the same engine the workspace uses. Stdout carries only JSON lines, one per row in input
// order ({"id","group"}, group null when ungrouped) and then one per group ({"group","size","terms"});
// everything said to a person goes to stderr. Bad input exits with code 2.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { suggestGroups } from "~/features/need-groups/grouping/index";

const USAGE = "Usage: npm run -s groups -- --input FILE.csv --text COL[,COL] --id COL [--groups N]";

class UsageError extends Error {}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        input: { type: "string" },
        text: { type: "string" },
        id: { type: "string" },
        groups: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readOptions() {
  const values = parseCommandLine();
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const missing = (["input", "text", "id"] as const).filter((name) => !values[name]);
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((name) => `--${name}`).join(", ")}.`);
  let groups: number | undefined;
  if (values.groups !== undefined) {
    groups = Number(values.groups);
    if (!/^\s*\d+\s*$/.test(values.groups) || groups < 1) {
      throw new UsageError(`--groups must be a whole number of at least 1, not "${values.groups}".`);
    }
  }
  const textColumns = values
    .text!.split(",")
    .map((column) => column.trim())
    .filter(Boolean);
  if (textColumns.length === 0) throw new UsageError("--text must name at least one column.");
  return { input: values.input!, textColumns, idColumn: values.id!.trim(), groups };
}

function readRows(input: string): { header: string[]; rows: Record<string, string>[] } {
  if (!fs.existsSync(input)) throw new UsageError(`No such file: ${input}`);
  let records: string[][];
  try {
    records = parse(fs.readFileSync(input), { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new UsageError(`Could not read ${input} as CSV: ${error instanceof Error ? error.message : error}`);
  }
  const [header = [], ...body] = records;
  const rows = body.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? ""])));
  return { header, rows };
}

function main() {
  const { input, textColumns, idColumn, groups } = readOptions();
  const { header, rows } = readRows(input);
  const unknown = [...textColumns, idColumn].filter((column) => !header.includes(column));
  if (unknown.length > 0) {
    throw new UsageError(
      `${input} has no column ${unknown.map((column) => `"${column}"`).join(", ")}. ` +
        `Its columns are: ${header.map((column) => `"${column}"`).join(", ")}.`,
    );
  }
  if (rows.length === 0) throw new UsageError(`${input} has a header but no rows.`);

  const items = rows.map((row) => ({
    id: row[idColumn],
    text: textColumns
      .map((column) => row[column].trim())
      .filter(Boolean)
      .join(". "),
  }));
  const suggestion = suggestGroups(items, { groups });
  const lines = [
    ...suggestion.assignments.map(({ id, group }) => JSON.stringify({ id, group })),
    ...suggestion.groups.map(({ group, size, terms }) => JSON.stringify({ group, size, terms })),
  ];
  process.stdout.write(lines.length > 0 ? `${lines.join("\n")}\n` : "");

  const grouped = suggestion.assignments.filter(({ group }) => group !== null).length;
  console.error(
    suggestion.groups.length === 0
      ? `No groups: ${rows.length === 1 ? "one row cannot be grouped" : "no rows were alike enough to group"}.`
      : `Grouped ${grouped} of ${rows.length} rows into ${suggestion.groups.length} groups.`,
  );
}

try {
  main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
