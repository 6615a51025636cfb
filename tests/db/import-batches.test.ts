// The import writes its rows a thousand at a time: what a person relies on must hold across those batches.
// An id seen in one batch and again in a later one is added once; a row with an error in the middle of a
// batch is skipped while the rest of that batch is stored; likely duplicates are flagged whether the need
// they repeat was there before, is earlier in the same batch or in an earlier batch; importing the file
// again adds nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "~/db/database.server";
import { importNeeds, type ImportOutcome } from "~/features/evidence-io/import-run.server";
import type { ByteSource } from "~/features/evidence-io/import/read.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let consultationId: string;

const ROWS = 2_500;
const REPEATED = "The underpass floods every winter";

/** Row n (1-based) of the file; a few rows are made to cross the batch boundaries on purpose. */
function line(n: number): string {
  if (n === 500) return `R${n},,"no title, so skipped"`;
  if (n === 1_500) return `R7,A later row with the id of row 7,"same id, next batch"`;
  // Repeats of a need that was there before the import (rows 10 and 1,200: first and second batch).
  if (n === 10 || n === 1_200) return `R${n},${REPEATED},Water up to the knee`;
  // Repeats within one batch (rows 20 and 30) and across batches (row 40, then row 2,040).
  if (n === 20 || n === 30) return `R${n},Bins left open on the estate,Foxes everywhere`;
  if (n === 40 || n === 2_040) return `R${n},No bench at the bus stop,Older people stand for twenty minutes`;
  return `R${n},Need number ${n},"Details, with a comma, of need ${n}"`;
}

const file: ByteSource = async function* () {
  const lines = ["ref,title,detail"];
  for (let n = 1; n <= ROWS; n += 1) lines.push(line(n));
  const text = `${lines.join("\n")}\n`;
  // In pieces, as a file is read, so records also cross the pieces.
  for (let start = 0; start < text.length; start += 65_536)
    yield Buffer.from(text.slice(start, start + 65_536));
};

const runImport = (): Promise<ImportOutcome> =>
  asService(testDb.app, (tx) =>
    importNeeds({
      tx,
      consultationId,
      source: file,
      shape: { format: "csv", encoding: "utf-8", delimiter: "," },
      size: 1,
      fileName: "batches.csv",
      mapping: { title: "title", description: "detail", external_id: "ref" },
      publish: false,
    }),
  );

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  consultationId = consultation.id;
  await f.createNeed(testDb.admin, {
    consultation_id: consultationId,
    reference: "GS-EX1STS",
    title: REPEATED,
    description: "Water up to the knee",
  });
});
afterAll(() => testDb.destroy());

describe("an import larger than one batch", () => {
  let first: ImportOutcome;

  beforeAll(async () => {
    first = await runImport();
  });

  it("skips the row with an error and stores the rest of its batch", async () => {
    expect(first).toMatchObject({ rows: ROWS, imported: ROWS - 2, skipped: 1, duplicates: 1 });
    expect(first.report.problems).toEqual([{ row: 500, reason: "the title is empty" }]);
    const around = await testDb.admin
      .selectFrom("private.need_private_details")
      .select(["import_row", "external_id", "import_file"])
      .where("consultation_id", "=", consultationId)
      .where("import_row", "in", [499, 500, 501])
      .orderBy("import_row")
      .execute();
    expect(around).toEqual([
      { import_row: 499, external_id: "R499", import_file: "batches.csv" },
      { import_row: 501, external_id: "R501", import_file: "batches.csv" },
    ]);
  });

  it("adds an id once when a later batch repeats it", async () => {
    const seven = await testDb.admin
      .selectFrom("private.need_private_details as d")
      .innerJoin("needs as n", "n.id", "d.need_id")
      .select(["d.import_row", "n.title"])
      .where("d.consultation_id", "=", consultationId)
      .where("d.external_id", "=", "R7")
      .execute();
    expect(seven).toEqual([{ import_row: 7, title: "Need number 7" }]);
  });

  it("flags repeats of a need already there, of an earlier row in the batch and of an earlier batch", async () => {
    const reference = async (row: number) =>
      (
        await testDb.admin
          .selectFrom("private.need_private_details as d")
          .innerJoin("needs as n", "n.id", "d.need_id")
          .select("n.reference")
          .where("d.consultation_id", "=", consultationId)
          .where("d.import_row", "=", row)
          .executeTakeFirstOrThrow()
      ).reference;
    expect(first.flagged).toBe(4);
    const [ten, twenty, forty] = [await reference(10), await reference(20), await reference(40)];
    expect(first.report.flagged).toEqual([
      { row: 10, reference: ten, duplicateOf: "GS-EX1STS" },
      { row: 30, reference: await reference(30), duplicateOf: twenty },
      { row: 1_200, reference: await reference(1_200), duplicateOf: expect.any(String) },
      { row: 2_040, reference: await reference(2_040), duplicateOf: forty },
    ]);
    // Row 1,200 repeats the need that was there and row 10 of the first batch: either is right.
    expect(["GS-EX1STS", ten]).toContain(first.report.flagged[2]!.duplicateOf);
    const flags = await testDb.admin
      .selectFrom("flags as fl")
      .innerJoin("private.need_private_details as d", "d.need_id", "fl.need_id")
      .select(["d.import_row", "fl.details"])
      .where("fl.consultation_id", "=", consultationId)
      .orderBy("d.import_row")
      .execute();
    expect(flags.map((flag) => flag.import_row)).toEqual([10, 30, 1_200, 2_040]);
    expect(flags[0]!.details).toBe(
      "Likely duplicate of GS-EX1STS: the same words. Imported from batches.csv, row 10.",
    );
  });

  it("adds nothing when the same file is imported again", async () => {
    const again = await runImport();
    expect(again).toMatchObject({ rows: ROWS, imported: 0, skipped: 1, duplicates: ROWS - 1, flagged: 0 });
    const count = await testDb.admin
      .selectFrom("needs")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("consultation_id", "=", consultationId)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1 + ROWS - 2);
  });
});
