import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = "tests/fixtures/grouping-small.csv";
const TIMEOUT = 60_000;

function groupsCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["app/cli/groups.ts", ...args],
      { cwd: root },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("npm run -s groups", () => {
  it(
    "prints only JSON lines: one per row in input order, then one per group",
    async () => {
      const { code, stdout, stderr } = await groupsCli(
        "--input",
        fixture,
        "--text",
        "title,description",
        "--id",
        "ref",
      );
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split("\n");
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

      const rows = records.slice(0, 20);
      // The file starts with a byte-order mark and row N-008 has a line break inside quotes.
      expect(rows.map((row) => row.id)).toEqual(
        Array.from({ length: 20 }, (_, i) => `N-${String(i + 1).padStart(3, "0")}`),
      );
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(["id", "group"]);
        expect(row.group === null || Number.isInteger(row.group)).toBe(true);
      }

      const groups = records.slice(20);
      expect(groups.length).toBeGreaterThanOrEqual(2);
      groups.forEach((group, index) => {
        expect(Object.keys(group)).toEqual(["group", "size", "terms"]);
        expect(group.group).toBe(index);
        expect(group.size).toBe(rows.filter((row) => row.group === index).length);
        expect((group.terms as unknown[]).every((term) => typeof term === "string")).toBe(true);
      });
      // The two notices unlike any other need are left for a person to sort.
      expect(rows.filter((row) => row.group === null).map((row) => row.id)).toEqual(["N-019", "N-020"]);
      expect(stderr).toMatch(/Grouped 18 of 20 rows/);
    },
    TIMEOUT,
  );

  it(
    "makes the number of groups asked for",
    async () => {
      const { code, stdout } = await groupsCli(
        "--input",
        fixture,
        "--text",
        "title,description",
        "--id",
        "ref",
        "--groups",
        "2",
      );
      expect(code).toBe(0);
      const groups = stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((record) => "size" in record);
      expect(groups.map((group) => group.group)).toEqual([0, 1]);
    },
    TIMEOUT,
  );

  it(
    "exits with code 2, naming the missing column and the ones there are",
    async () => {
      const { code, stdout, stderr } = await groupsCli(
        "--input",
        fixture,
        "--text",
        "title,body",
        "--id",
        "ref",
      );
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain('no column "body"');
      expect(stderr).toContain('"ref", "title", "description", "ward"');
    },
    TIMEOUT,
  );

  it(
    "exits with code 2 for a missing file, a bad --groups and missing options",
    async () => {
      const [missingFile, badGroups, noId] = await Promise.all([
        groupsCli("--input", "tests/fixtures/no-such-file.csv", "--text", "title", "--id", "ref"),
        groupsCli("--input", fixture, "--text", "title", "--id", "ref", "--groups", "two"),
        groupsCli("--input", fixture, "--text", "title"),
      ]);
      expect(missingFile.code).toBe(2);
      expect(missingFile.stderr).toContain("No such file");

      expect(badGroups.code).toBe(2);
      expect(badGroups.stderr).toContain("--groups must be a whole number");

      expect(noId.code).toBe(2);
      expect(noId.stderr).toContain("Missing --id");
    },
    TIMEOUT,
  );
});
