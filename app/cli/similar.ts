// `npm run -s similar -- --consultation SLUG --queries FILE.csv --text COL --id COL [--limit N]`
// For each row of the file, runs exactly the search of the resident's "Is it one of these?" page with the
// row's text as the draft's title (as a visitor, through row-level security), and prints one JSON line per
// row: {"id":"<row id>","similar":["…"]}, best first, each need named by its external id when it was
// imported with one, else by its reference. Needs of the consultation still waiting for their meaning vector
// are embedded first (progress on stderr), so the answers do not depend on the app having run.
//
// Database: as `npm run import` (DATABASE_URL, else the embedded server of DATA_DIR). Exit code 2 when the
// command or its file is refused.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { parse } from "csv-parse";
import { asRequest, asService, type Db } from "~/db/database.server";
import { embedWaitingNeeds } from "~/features/needs/need-meaning.server";
import { embedderPool } from "~/platform/meaning/embedders.server";
import { findSimilarNeeds } from "~/features/needs/needs.server";
import { loadMeaningModel } from "~/platform/meaning/model.server";
import { openDatabase, Refused, say } from "./cli-database";

const USAGE =
  "Usage: npm run -s similar -- --consultation SLUG --queries FILE.csv --text COLUMN --id COLUMN [--limit N]";

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        consultation: { type: "string" },
        queries: { type: "string" },
        text: { type: "string" },
        id: { type: "string" },
        limit: { type: "string", default: "5" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new Refused(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  for (const name of ["consultation", "queries", "text", "id"] as const)
    if (!values[name]) throw new Refused(`--${name} is required.`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    throw new Refused("--limit must be a whole number from 1 to 50.");
  if (!fs.existsSync(values.queries!) || !fs.statSync(values.queries!).isFile())
    throw new Refused(`No such file: ${values.queries}`);
  return {
    slug: values.consultation!,
    file: values.queries!,
    text: values.text!,
    id: values.id!,
    limit,
  };
}

/** Each need's external id (imported needs), by reference. */
async function namesOf(db: Db, references: string[]): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const rows = await asService(db, (tx) =>
    tx
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select(["n.reference", "d.external_id"])
      .where("n.reference", "in", references)
      .where("d.external_id", "is not", null)
      .execute(),
  );
  return new Map(rows.map((row) => [row.reference, row.external_id!]));
}

async function main(): Promise<number> {
  const options = readOptions();
  await loadMeaningModel();
  const { database, stop } = await openDatabase({ applicationName: "groundswell-similar", say });
  const db = database.db;
  try {
    const consultation = await asService(db, (tx) =>
      tx
        .selectFrom("consultations")
        .select(["id", "title"])
        .where("slug", "=", options.slug)
        .executeTakeFirst(),
    );
    if (!consultation) throw new Refused(`There is no consultation with the slug “${options.slug}”.`);

    const showProgress = process.stderr.isTTY;
    const started = Date.now();
    const { embedded } = await embedWaitingNeeds(db, {
      embedder: embedderPool(Math.max(1, Math.min(4, os.availableParallelism()))),
      onProgress: async (done, total) => {
        if (showProgress) process.stderr.write(`\rReading what needs mean: ${done} of ${total}`);
      },
    });
    if (showProgress && embedded > 0) process.stderr.write("\n");
    if (embedded > 0) say(`Embedded ${embedded} needs in ${Math.round((Date.now() - started) / 1000)} s.`);

    const rows = fs
      .createReadStream(options.file)
      .pipe(parse({ columns: true, bom: true, relax_column_count: true }));
    let line = 0;
    for await (const row of rows as AsyncIterable<Record<string, string>>) {
      line += 1;
      if (line === 1) {
        for (const column of [options.text, options.id])
          if (!(column in row)) throw new Refused(`The file has no column “${column}”.`);
      }
      const text = String(row[options.text] ?? "");
      const references = text.trim()
        ? await asRequest(db, { role: "anon" }, (tx) =>
            findSimilarNeeds({
              tx,
              consultationId: consultation.id,
              title: text,
              description: "",
              limit: options.limit,
            }),
          ).then((needs) => needs.map((need) => need.reference))
        : [];
      const names = await namesOf(db, references);
      process.stdout.write(
        `${JSON.stringify({ id: String(row[options.id] ?? ""), similar: references.map((ref) => names.get(ref) ?? ref) })}\n`,
      );
    }
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refused) {
      say(`Refused: ${error.message}`);
      if (/--|required/.test(error.message)) say(USAGE);
      process.exit(2);
    }
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
