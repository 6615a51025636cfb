// Imports against a real database, through the app's own functions and role: what a FixMyStreet export and a
// paper-survey spreadsheet become, re-importing adding nothing, files refused whole with nothing changed, the
// upload → map → job journey as a commissioner (row-level security), and assisted entry.
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, asService } from "~/db/database.server";
import { enterAssistedNeed } from "~/features/evidence-io/assisted-needs.server";
import type { ColumnMapping, ValueChoice } from "~/features/evidence-io/evidence-forms";
import { examineFile, FileRefused } from "~/features/evidence-io/import/read.server";
import { completeImport, runImportJobNow } from "~/features/evidence-io/import-job.server";
import { getValueChoices, saveColumnMapping } from "~/features/evidence-io/import-mapping.server";
import { getImport } from "~/features/evidence-io/import-records.server";
import { importNeeds, type ImportOutcome, type ValueMapping } from "~/features/evidence-io/import-run.server";
import { fileSource } from "~/features/evidence-io/import-sources.server";
import { startImport } from "~/features/evidence-io/import-start.server";
import { uploadImport } from "~/features/evidence-io/import-uploads.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const fixtures = path.join(import.meta.dirname, "..", "fixtures", "import");
const FMS_MAP: ColumnMapping = {
  title: "title",
  description: "detail",
  theme: "service_name",
  lat: "lat",
  lng: "long",
  created_at: "requested_datetime",
  external_id: "service_request_id",
};
const SURVEY_MAP: ColumnMapping = {
  title: "What is needed?",
  description: "Tell us more",
  area: "Ward",
  affected: "Who is affected?",
  seriousness: "How serious? (1-5)",
  created_at: "Date received",
  external_id: "Form no.",
};

let testDb: TestDatabase;
let commissioner: f.TestUser;
let outsider: f.TestUser;
let organisationId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  organisationId = organisation.id;
  commissioner = await f.createUser(testDb.admin);
  outsider = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: commissioner.id,
    role: "admin",
  });
  const other = await f.createOrganisation(testDb.admin);
  await f.addMember(testDb.admin, { organisation_id: other.id, user_id: outsider.id, role: "admin" });
});
afterAll(() => testDb.destroy());

async function newConsultation(themes: string[] = [], areas: string[] = []) {
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisationId });
  for (const name of themes) await f.createTheme(testDb.admin, { consultation_id: consultation.id, name });
  for (const name of areas) await f.createArea(testDb.admin, { consultation_id: consultation.id, name });
  return consultation;
}

/** The command line's path: examine the file on disk, then import it in one service-role transaction. */
async function importFile(
  consultationId: string,
  file: string,
  mapping: ColumnMapping,
  options: { createThemes?: boolean; createAreas?: boolean; values?: ValueMapping; publish?: boolean } = {},
): Promise<ImportOutcome> {
  const source = fileSource(path.join(fixtures, file));
  const shape = await examineFile(source);
  return asService(testDb.app, async (tx) => {
    const record = await tx
      .insertInto("private.imports")
      .values({
        consultation_id: consultationId,
        via: "command_line",
        file_name: file,
        file_size: 1,
        format: shape.format,
        status: "running",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const outcome = await importNeeds({
      tx,
      consultationId,
      source,
      shape,
      size: 1,
      fileName: file,
      mapping,
      values: options.values,
      createUnknown: { theme: options.createThemes, area: options.createAreas },
      publish: options.publish ?? false,
      now: new Date("2024-06-01T12:00:00Z"),
    });
    await completeImport({
      tx,
      importId: record.id,
      organisationId,
      consultationId,
      fileName: file,
      startedBy: null,
      outcome,
      via: "command_line",
    });
    return outcome;
  });
}

const needsOf = (consultationId: string) =>
  testDb.admin
    .selectFrom("needs as n")
    .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.title",
      "n.description",
      "n.lat",
      "n.lng",
      "n.source",
      "n.status",
      "n.created_at",
      "n.affected_groups",
      "n.affected_other",
      "n.seriousness",
      "n.author_id",
      "d.original_description",
      "d.exact_lat",
      "d.import_file",
      "d.import_row",
      "d.external_id",
      "t.name as theme",
      "a.name as area",
    ])
    .where("n.consultation_id", "=", consultationId)
    .orderBy("d.import_row")
    .execute();

const countOf = async (table: "needs" | "consultation_themes" | "flags", consultationId: string) =>
  Number(
    (
      await testDb.admin
        .selectFrom(table)
        .select(sql<number>`count(*)`.as("n"))
        .where("consultation_id", "=", consultationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("importing a FixMyStreet/Open311 export", () => {
  it("imports good rows, skips bad ones with reasons, counts a repeated id once and flags same-worded needs", async () => {
    const consultation = await newConsultation(["Fly-tipping"]);
    const outcome = await importFile(consultation.id, "fixmystreet-open311.csv", FMS_MAP, {
      createThemes: true,
    });
    expect({
      imported: outcome.imported,
      skipped: outcome.skipped,
      duplicates: outcome.duplicates,
      flagged: outcome.flagged,
      rows: outcome.rows,
    }).toEqual({
      imported: 9,
      skipped: 3,
      duplicates: 1,
      flagged: 1,
      rows: 13,
    });
    expect(outcome.report.problems).toEqual([
      { row: 7, reason: "Latitude 151.45 is out of range (−90 to 90)" },
      { row: 8, reason: "the title is empty" },
      { row: 12, reason: "“31/02/2023” is not a real date (dates are read as day/month/year)" },
    ]);
    expect(outcome.report.createdThemes).toEqual([
      "Street Lighting",
      "Potholes",
      "Graffiti",
      "Street cleaning",
      "Abandoned vehicles",
      "Parks",
      "Dog fouling",
    ]);
    expect(outcome.report.flagged).toEqual([
      { row: 5, reference: expect.stringMatching(/^GS-/), duplicateOf: expect.stringMatching(/^GS-/) },
    ]);

    const needs = await needsOf(consultation.id);
    expect(needs).toHaveLength(9);
    const pothole = needs.find((need) => need.external_id === "900003")!;
    expect(pothole).toMatchObject({
      source: "import",
      status: "received",
      author_id: null,
      theme: "Potholes",
      lat: "51.450",
      lng: "-0.015",
      exact_lat: "51.450200",
      import_file: "fixmystreet-open311.csv",
      import_row: 3,
      description:
        "Cyclists swerve into traffic to avoid it. Call me on [phone number removed] if you need more detail.",
      original_description:
        "Cyclists swerve into traffic to avoid it. Call me on 07700 900123 if you need more detail.",
    });
    expect(pothole.created_at.toISOString()).toBe("2023-02-01T09:00:00.000Z");
    expect(needs.find((need) => need.external_id === "900006")!.created_at.toISOString()).toBe(
      "2023-03-15T00:00:00.000Z",
    );
    expect(needs.find((need) => need.external_id === "900002")!.original_description).toContain(
      "fortnight.\nIt is very dark",
    );
    expect(needs.find((need) => need.external_id === "900001")!.theme).toBe("Fly-tipping");
    const flags = await testDb.admin
      .selectFrom("flags")
      .select(["reason", "details", "flagged_by"])
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(flags).toEqual([
      {
        reason: "other",
        flagged_by: null,
        details: expect.stringMatching(
          /^Likely duplicate of GS-\w{6}: the same words\. Imported from fixmystreet-open311\.csv, row 5\.$/,
        ),
      },
    ]);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_role", "details"])
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(audit).toEqual([
      {
        action: "import.completed",
        actor_role: "service_role",
        details: expect.objectContaining({ imported: 9, skipped: 3, duplicates: 1, via: "command_line" }),
      },
    ]);
  });

  it("adds nothing when the same file is imported again, not even a theme chosen for its values", async () => {
    const consultation = await newConsultation();
    await importFile(consultation.id, "fixmystreet-open311.csv", FMS_MAP, { createThemes: true });
    const before = await countOf("needs", consultation.id);
    const themesBefore = await countOf("consultation_themes", consultation.id);
    const again = await importFile(consultation.id, "fixmystreet-open311.csv", FMS_MAP, {
      createThemes: true,
      values: { theme: { "Abandoned vehicles": { create: "Cars left behind" } } },
    });
    expect({ imported: again.imported, skipped: again.skipped, duplicates: again.duplicates }).toEqual({
      imported: 0,
      skipped: 3,
      duplicates: 10,
    });
    expect(await countOf("needs", consultation.id)).toBe(before);
    expect(await countOf("flags", consultation.id)).toBe(1);
    expect(await countOf("consultation_themes", consultation.id)).toBe(themesBefore);
  });

  it("skips rows whose theme nobody mapped, saying which", async () => {
    const consultation = await newConsultation([
      "Fly-tipping",
      "Street Lighting",
      "Potholes",
      "Graffiti",
      "Street cleaning",
      "Abandoned vehicles",
      "parks",
    ]);
    const outcome = await importFile(consultation.id, "fixmystreet-open311.csv", FMS_MAP);
    expect(outcome.imported).toBe(8);
    expect(outcome.report.problems).toContainEqual({
      row: 13,
      reason: "the theme “Dog fouling” is not one of this consultation’s themes and nobody mapped it",
    });
    expect(outcome.report.createdThemes).toEqual([]);
    expect(await countOf("consultation_themes", consultation.id)).toBe(7);
  });

  it("maps values as the commissioner chose: to an existing theme, a new one, or none", async () => {
    const consultation = await newConsultation(["Streets"]);
    const streets = await testDb.admin
      .selectFrom("consultation_themes")
      .select("id")
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    const values: ValueMapping = {
      theme: {
        "Fly-tipping": { id: streets.id },
        "Street Lighting": { id: streets.id },
        Potholes: { id: streets.id },
        Graffiti: { create: "Graffiti and vandalism" },
        "Street cleaning": { id: streets.id },
        "Abandoned vehicles": { none: true },
        Parks: { create: "Green spaces" },
        "Dog fouling": { create: "Green spaces" },
      },
    };
    const outcome = await importFile(consultation.id, "fixmystreet-open311.csv", FMS_MAP, {
      values,
      publish: true,
    });
    expect(outcome.imported).toBe(9);
    const needs = await needsOf(consultation.id);
    expect(new Set(needs.map((need) => need.status))).toEqual(new Set(["published"]));
    expect(needs.map((need) => [need.external_id, need.theme])).toEqual([
      ["900001", "Streets"],
      ["900002", "Streets"],
      ["900003", "Streets"],
      ["900004", "Graffiti and vandalism"],
      ["900005", "Streets"],
      ["900006", "Streets"],
      ["900009", null],
      ["900010", "Green spaces"],
      ["900012", "Green spaces"],
    ]);
  });
});

describe("importing a paper-survey spreadsheet (XLSX)", () => {
  it("reads dates, groups, seriousness and long titles; a ward nobody mapped skips its row", async () => {
    const consultation = await newConsultation([], ["Northgate", "Riverside", "Canalside"]);
    const outcome = await importFile(consultation.id, "paper-survey.xlsx", SURVEY_MAP);
    expect(outcome.report.problems).toEqual([
      { row: 4, reason: "the title is empty" },
      { row: 5, reason: "seriousness “7” is not a whole number from 1 to 5" },
      { row: 8, reason: "the area “Hillside” is not one of this consultation’s areas and nobody mapped it" },
    ]);
    expect(outcome.imported).toBe(5);
    const needs = await needsOf(consultation.id);
    expect(needs[0]).toMatchObject({
      external_id: "PS-001",
      area: "Northgate",
      affected_groups: ["older_people"],
      seriousness: 4,
    });
    expect(needs[0]!.created_at.toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(needs[2]).toMatchObject({
      external_id: "PS-003",
      affected_groups: ["disabled_people", "low_income"],
      description: "My neighbour at [address removed] gets letters she can't read.",
    });
    expect(needs[2]!.created_at.toISOString()).toBe("2024-03-05T00:00:00.000Z");
    expect(needs[3]).toMatchObject({
      external_id: "PS-006",
      title: "Dropped kerbs everywhere",
      seriousness: 4,
      affected_groups: ["disabled_people", "carers"],
    });
    expect(needs[4]!.title.length).toBeLessThanOrEqual(200);
    expect(needs[4]!.original_description).toMatch(
      /^A proper community centre .* weekends\n\nWritten across the whole form\.$/,
    );
  });
});

describe("a file refused whole changes nothing", () => {
  it("a column mapped that the file does not have", async () => {
    const consultation = await newConsultation();
    await expect(
      importFile(
        consultation.id,
        "fixmystreet-open311.csv",
        { ...FMS_MAP, description: "Description" },
        { createThemes: true },
      ),
    ).rejects.toThrow(
      new FileRefused(
        "The file has no column “Description” (for description). Its columns are: “service_request_id”, “requested_datetime”, “service_name”, “title”, “detail”, “lat”, “long”, “status”, “interface_used”, “agency_sent_datetime”, “last_seen_open_snapshot_utc”.",
      ),
    );
    expect(await countOf("needs", consultation.id)).toBe(0);
  });

  it("a broken row half-way, after themes were created and needs inserted", async () => {
    const consultation = await newConsultation();
    await expect(
      importFile(
        consultation.id,
        "broken-quote.csv",
        { title: "title", theme: "detail" },
        { createThemes: true },
      ),
    ).rejects.toThrow(/a quoted value is never closed/);
    expect(await countOf("needs", consultation.id)).toBe(0);
    expect(await countOf("consultation_themes", consultation.id)).toBe(0);
    const imports = await testDb.admin
      .selectFrom("private.imports")
      .select("status")
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(imports).toEqual([]);
  });
});

describe("through the workspace, as a commissioner", () => {
  async function upload(consultationId: string, user: f.TestUser, file: { filename: string; bytes: Buffer }) {
    return asRequest(testDb.app, f.claimsFor(user), (tx) =>
      uploadImport({
        tx,
        consultationId,
        userId: user.id,
        receive: async (store) => {
          await store({
            filename: file.filename,
            data: (async function* () {
              // Pieces smaller than the stored ones, as a network delivers them.
              for (let offset = 0; offset < file.bytes.length; offset += 1000)
                yield file.bytes.subarray(offset, offset + 1000);
            })(),
          });
        },
      }),
    );
  }
  const fs = () => import("node:fs");

  it("uploads, analyses, maps, and imports through the job; the stored file is removed afterwards", async () => {
    const consultation = await newConsultation(["Fly-tipping"]);
    const bytes = (await fs()).readFileSync(path.join(fixtures, "fixmystreet-open311.csv"));
    const uploaded = await upload(consultation.id, commissioner, { filename: "fms.csv", bytes });
    if (uploaded.status !== "stored") throw new Error(JSON.stringify(uploaded));
    const as = <T>(work: Parameters<typeof asRequest<T>>[2]) =>
      asRequest(testDb.app, f.claimsFor(commissioner), work);
    const record = (await as((tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    ))!;
    expect(record).toMatchObject({
      status: "uploaded",
      format: "csv",
      encoding: "utf-8",
      row_count: 13,
      file_size: bytes.length,
    });
    expect(record.mapping).toEqual(FMS_MAP);

    const saved = await as((tx) =>
      saveColumnMapping({ tx, upload: record, mapping: { ...FMS_MAP, area: "title" }, publish: false }),
    );
    expect(saved).toEqual({
      status: "invalid",
      errors: { area: "The column “title” already feeds another field: choose another column" },
    });
    expect(
      await as((tx) => saveColumnMapping({ tx, upload: record, mapping: FMS_MAP, publish: true })),
    ).toEqual({ status: "saved" });

    const mapped = (await as((tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    ))!;
    const choices = await as((tx) => getValueChoices({ tx, upload: mapped }));
    expect(choices.theme!.values.slice(0, 2)).toEqual([
      { value: "Fly-tipping", count: 2, match: "same", choice: { id: expect.any(String) } },
      { value: "Street Lighting", count: 2, match: "none", choice: { create: "Street Lighting" } },
    ]);
    const values: ValueMapping = {
      theme: Object.fromEntries(choices.theme!.values.map((value) => [value.value, value.choice])),
    };
    const started = await as((tx) => startImport({ tx, upload: mapped, organisationId, values }));
    expect(started).toMatchObject({ status: "queued", inline: true });
    if (started.status !== "queued") throw new Error("not queued");
    await runImportJobNow({ db: testDb.app, jobId: started.jobId });

    const done = (await as((tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    ))!;
    expect(done).toMatchObject({
      status: "done",
      imported: 9,
      skipped: 3,
      duplicates: 1,
      flagged: 1,
      progress: 1,
      job_status: "done",
    });
    expect(done.report!.problems).toHaveLength(3);
    expect(await countOf("needs", consultation.id)).toBe(9);
    const chunks = await testDb.admin
      .selectFrom("private.import_chunks")
      .select("seq")
      .where("import_id", "=", uploaded.importId)
      .execute();
    expect(chunks).toEqual([]);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_id"])
      .where("consultation_id", "=", consultation.id)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "import.started", actor_id: commissioner.id },
      { action: "import.completed", actor_id: null },
    ]);
    expect(await as((tx) => startImport({ tx, upload: done, organisationId, values }))).toEqual({
      status: "already-started",
    });
  });

  it("defaults each value to the theme or area it matches, whatever its case, spacing, plural or language", async () => {
    const consultation = await newConsultation();
    const theme = (name: string, name_cy: string | null = null) =>
      f.createTheme(testDb.admin, { consultation_id: consultation.id, name, name_cy });
    const park = await theme("Park", "Parc");
    const bus = await theme("Bus service");
    await theme("Buses");
    await theme("Busses");
    const area = (name: string, name_cy: string | null = null) =>
      f.createArea(testDb.admin, { consultation_id: consultation.id, name, name_cy });
    const riverside = await area("Riverside", "Glan-yr-afon");
    await area("Glan yr Afon");
    const canton = await area("Canton", "Treganna");
    const csv = [
      "title,theme,ward",
      "Swings broken,Parks,Riverside",
      "Gate off its hinges,park,treganna",
      "Bins overflowing, PARKS ,Canton",
      "No Sunday buses,Bus services,glan yr afon",
      "Stop moved,bus,Cantons",
      "Ramp needed,Parc,",
      "Pothole by the school,Potholes,Splott",
    ].join("\n");
    const uploaded = await upload(consultation.id, commissioner, {
      filename: "variants.csv",
      bytes: Buffer.from(csv),
    });
    if (uploaded.status !== "stored") throw new Error(JSON.stringify(uploaded));
    const as = <T>(work: Parameters<typeof asRequest<T>>[2]) =>
      asRequest(testDb.app, f.claimsFor(commissioner), work);
    const record = (await as((tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    ))!;
    const mapping: ColumnMapping = { title: "title", theme: "theme", area: "ward" };
    expect(await as((tx) => saveColumnMapping({ tx, upload: record, mapping, publish: true }))).toEqual({
      status: "saved",
    });
    const mapped = (await as((tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    ))!;
    const choices = await as((tx) => getValueChoices({ tx, upload: mapped }));
    const byValue = (listed: NonNullable<typeof choices.theme>) =>
      Object.fromEntries(
        listed.values.map(({ value, match, choice, candidates }) => [value, { match, choice, candidates }]),
      );
    expect(byValue(choices.theme!)).toEqual({
      // "Parks" and " PARKS " are one value of the file (case and spacing aside), counted twice.
      Parks: { match: "similar", choice: { id: park.id } },
      park: { match: "same", choice: { id: park.id } },
      "Bus services": { match: "similar", choice: { id: bus.id } },
      bus: { match: "ambiguous", choice: null, candidates: ["Buses", "Busses"] },
      Parc: { match: "same", choice: { id: park.id } },
      Potholes: { match: "none", choice: { create: "Potholes" } },
    });
    expect(choices.theme!.values.find((item) => item.value === "Parks")!.count).toBe(2);
    expect(byValue(choices.area!)).toEqual({
      Riverside: { match: "same", choice: { id: riverside.id } },
      treganna: { match: "same", choice: { id: canton.id } },
      Canton: { match: "same", choice: { id: canton.id } },
      "glan yr afon": { match: "ambiguous", choice: null, candidates: ["Glan yr Afon", "Riverside"] },
      Cantons: { match: "similar", choice: { id: canton.id } },
      Splott: { match: "none", choice: { create: "Splott" } },
    });

    // Imported with the defaults (the ambiguous ones settled by hand): no near-duplicate theme or area is made.
    const defaults = (listed: NonNullable<typeof choices.theme>, settle: ValueChoice) =>
      Object.fromEntries(listed.values.map((item) => [item.value, item.choice ?? settle]));
    const values: ValueMapping = {
      theme: defaults(choices.theme!, { id: bus.id }),
      area: defaults(choices.area!, { id: riverside.id }),
    };
    const started = await as((tx) => startImport({ tx, upload: mapped, organisationId, values }));
    if (started.status !== "queued") throw new Error(JSON.stringify(started));
    await runImportJobNow({ db: testDb.app, jobId: started.jobId });
    const needs = await testDb.admin
      .selectFrom("needs as n")
      .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
      .leftJoin("consultation_areas as a", "a.id", "n.area_id")
      .select(["n.title", "t.name as theme", "a.name as area"])
      .where("n.consultation_id", "=", consultation.id)
      .orderBy("n.title")
      .execute();
    expect(needs).toEqual([
      { title: "Bins overflowing", theme: "Park", area: "Canton" },
      { title: "Gate off its hinges", theme: "Park", area: "Canton" },
      { title: "No Sunday buses", theme: "Bus service", area: "Riverside" },
      { title: "Pothole by the school", theme: "Potholes", area: "Splott" },
      { title: "Ramp needed", theme: "Park", area: null },
      { title: "Stop moved", theme: "Bus service", area: "Canton" },
      { title: "Swings broken", theme: "Park", area: "Riverside" },
    ]);
  });

  it("refuses a file that is not CSV or XLSX, or too large, and keeps nothing of it", async () => {
    const consultation = await newConsultation();
    const pdf = (await fs()).readFileSync(path.join(fixtures, "not-a-spreadsheet.pdf"));
    expect(await upload(consultation.id, commissioner, { filename: "report.pdf", bytes: pdf })).toEqual({
      status: "refused",
      message:
        "This is a PDF, not a CSV or XLSX file. Save it from your spreadsheet as “CSV UTF-8” or as an Excel workbook (.xlsx) and try again.",
    });
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, "a");
    expect(await upload(consultation.id, commissioner, { filename: "huge.csv", bytes: big })).toEqual({
      status: "too-large",
      bytes: big.length,
    });
    const left = await testDb.admin
      .selectFrom("private.imports")
      .select("id")
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(left).toEqual([]);
  });

  it("lets only the consultation's commissioners upload or see uploads", async () => {
    const consultation = await newConsultation();
    const bytes = Buffer.from("title\nA need\n");
    await expect(upload(consultation.id, outsider, { filename: "x.csv", bytes })).rejects.toThrow(
      /row-level security/,
    );
    const uploaded = await upload(consultation.id, commissioner, { filename: "x.csv", bytes });
    if (uploaded.status !== "stored") throw new Error("not stored");
    const seen = await asRequest(testDb.app, f.claimsFor(outsider), (tx) =>
      getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
    );
    expect(seen).toBeNull();
  });
});

describe("assisted entry", () => {
  it("enters a need for a resident met on the phone, with their consent recorded, as the commissioner", async () => {
    const consultation = await newConsultation(["Getting around"]);
    const theme = await testDb.admin
      .selectFrom("consultation_themes")
      .select("id")
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    const result = await asRequest(testDb.app, f.claimsFor(commissioner), (tx) =>
      enterAssistedNeed({
        tx,
        consultation,
        userId: commissioner.id,
        need: {
          title: "Buses stop at six",
          description: "I can't get home from my shift. Ring 07700 900456.",
          themeId: theme.id,
          areaId: null,
          place: null,
          lat: null,
          lng: null,
          affected: ["low_income"],
          affectedOther: null,
          seriousness: 4,
          channel: "phone",
          contactEmail: null,
          publish: true,
        },
      }),
    );
    expect(result).toEqual({ status: "entered", reference: expect.stringMatching(/^GS-/) });
    const stored = await testDb.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select([
        "n.source",
        "n.status",
        "n.author_id",
        "n.description",
        "d.assisted_by",
        "d.assisted_consent",
        "d.assisted_consent_at",
        "d.assisted_channel",
        "d.original_description",
      ])
      .where("n.consultation_id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      source: "assisted",
      status: "published",
      author_id: null,
      description: "I can't get home from my shift. Ring [phone number removed].",
      original_description: "I can't get home from my shift. Ring 07700 900456.",
      assisted_by: commissioner.id,
      assisted_consent: true,
      assisted_channel: "phone",
    });
    expect(stored.assisted_consent_at).toBeInstanceOf(Date);
    await expect(
      asRequest(testDb.app, f.claimsFor(outsider), (tx) =>
        enterAssistedNeed({
          tx,
          consultation,
          userId: outsider.id,
          need: {
            title: "x",
            description: "",
            themeId: null,
            areaId: null,
            place: null,
            lat: null,
            lng: null,
            affected: [],
            affectedOther: null,
            seriousness: null,
            channel: "in_person",
            contactEmail: null,
            publish: false,
          },
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot record an assisted channel without the resident's consent", async () => {
    const consultation = await newConsultation();
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      source: "assisted",
      author_id: null,
    });
    await expect(
      testDb.admin
        .insertInto("private.need_private_details")
        .values({
          need_id: need.id,
          consultation_id: consultation.id,
          original_title: "x",
          assisted_channel: "phone",
          assisted_consent: false,
        })
        .execute(),
    ).rejects.toThrow(/need_private_details_assisted_with_consent/);
  });
});
