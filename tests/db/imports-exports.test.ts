// Exports and the background import job against a real database: commissioners get every field of their own
// consultation and nobody else's, each export is in the audit log, open data waits for the report and leaves
// personal data out; a file too big to import while the commissioner waits is imported by the worker, which
// reports its progress.
import { sql } from "kysely";
import { Schema } from "tableschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { exportConsultation } from "~/features/evidence-io/exports.server";
import { kickImportWorker } from "~/features/evidence-io/import-job.server";
import { saveColumnMapping } from "~/features/evidence-io/import-mapping.server";
import { getImport, type ImportRecord } from "~/features/evidence-io/import-records.server";
import { INLINE_ROWS, startImport } from "~/features/evidence-io/import-start.server";
import { uploadImport } from "~/features/evidence-io/import-uploads.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

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
    role: "member",
  });
  const other = await f.createOrganisation(testDb.admin);
  await f.addMember(testDb.admin, { organisation_id: other.id, user_id: outsider.id, role: "admin" });
});
afterAll(() => testDb.destroy());

async function consultationWithNeeds(status: "open" | "reported" = "open") {
  const consultation = await f.createConsultation(testDb.admin, {
    organisation_id: organisationId,
    status: status === "reported" ? "analysing" : status,
    ...(status === "reported" ? { opens_at: f.daysFromNow(-60), closes_at: f.daysFromNow(-10) } : {}),
  });
  const theme = await f.createTheme(testDb.admin, {
    consultation_id: consultation.id,
    name: "Getting around",
  });
  const published = await f.createNeed(testDb.admin, {
    consultation_id: consultation.id,
    status: "published",
    theme_id: theme.id,
    title: "Buses stop at six",
    description: "Ring [phone number removed]",
    lat: "52.412",
    lng: "-1.512",
  });
  await f.createNeedPrivateDetails(testDb.admin, {
    need_id: published.id,
    consultation_id: consultation.id,
    original_title: "Buses stop at six",
    original_description: "Ring 07700 900123",
    exact_lat: "52.412345",
    exact_lng: "-1.512345",
    contact_email: "consented@example.test",
    contact_consent: true,
    contact_consented_at: new Date(),
  });
  const received = await f.createNeed(testDb.admin, {
    consultation_id: consultation.id,
    title: "Waiting for moderation",
  });
  await f.createNeedPrivateDetails(testDb.admin, {
    need_id: received.id,
    consultation_id: consultation.id,
    original_title: "Waiting for moderation",
    contact_email: "no-consent@example.test",
  });
  const group = await f.createNeedGroup(testDb.admin, {
    consultation_id: consultation.id,
    status: "accepted",
    label: "Transport",
  });
  await f.addNeedToGroup(testDb.admin, {
    group_id: group.id,
    need_id: published.id,
    consultation_id: consultation.id,
  });
  const statement = await f.createStatement(testDb.admin, {
    consultation_id: consultation.id,
    status: "agreed",
    group_id: group.id,
  });
  await f.linkStatementNeed(testDb.admin, {
    statement_id: statement.id,
    need_id: published.id,
    consultation_id: consultation.id,
  });
  if (status === "reported") await f.markReported(testDb.admin, consultation.id);
  return { consultation: { ...consultation, status }, published };
}

const exportAs = (
  user: f.TestUser,
  slug: string,
  dataset: Parameters<typeof exportConsultation>[0]["dataset"],
  format: "csv" | "json",
) =>
  asRequest(testDb.app, f.claimsFor(user), async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    return exportConsultation({
      tx,
      consultation,
      dataset,
      format,
      licence: "OGL-UK-3.0",
      appUrl: "https://groundswell.example",
    });
  });

describe("exports for commissioners", () => {
  it("gives the consultation's commissioners every field, contact emails only with consent, and audits each export", async () => {
    const { consultation, published } = await consultationWithNeeds();
    const csv = await exportAs(commissioner, consultation.slug, "needs", "csv");
    if (csv.status !== "exported") throw new Error(csv.status);
    expect(csv.file).toMatchObject({
      contentType: "text/csv; charset=utf-8",
      rows: 2,
      filename: expect.stringMatching(new RegExp(`^${consultation.slug}-needs-\\d{4}-\\d{2}-\\d{2}\\.csv$`)),
    });
    const lines = csv.file.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]!.split(",")).toContain("original_description");
    const line = lines.find((candidate) => candidate.startsWith(published.reference))!;
    expect(line).toContain("Ring 07700 900123");
    expect(line).toContain("52.412345");
    expect(line).toContain("consented@example.test");
    expect(csv.file.body).not.toContain("no-consent@example.test");

    const json = await exportAs(commissioner, consultation.slug, "statements", "json");
    if (json.status !== "exported") throw new Error(json.status);
    expect(JSON.parse(json.file.body)).toMatchObject({
      dataset: "statements",
      statements: [{ group: "Transport", status: "agreed", need_references: [published.reference] }],
    });
    const groups = await exportAs(commissioner, consultation.slug, "groups", "csv");
    expect(groups.status === "exported" && groups.file.body).toContain(`Transport,accepted`);

    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_id", "details"])
      .where("consultation_id", "=", consultation.id)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "export.needs_csv", actor_id: commissioner.id, details: { rows: 2, format: "csv" } },
      { action: "export.statements_json", actor_id: commissioner.id, details: { rows: 1, format: "json" } },
      { action: "export.groups_csv", actor_id: commissioner.id, details: { rows: 1, format: "csv" } },
    ]);
  });

  it("refuses another organisation's commissioners", async () => {
    const { consultation } = await consultationWithNeeds();
    await expect(exportAs(outsider, consultation.slug, "needs", "csv")).rejects.toMatchObject({
      status: 403,
    });
  });

  it("publishes open data a data portal accepts: Table Schemas, every row cast, keys that hold, the same CSV", async () => {
    const reported = await consultationWithNeeds("reported");
    const statement = await testDb.admin
      .selectFrom("needs_statements")
      .select("id")
      .where("consultation_id", "=", reported.consultation.id)
      .executeTakeFirstOrThrow();
    const brief = await f.createBrief(testDb.admin, {
      consultation_id: reported.consultation.id,
      status: "published",
    });
    await f.createBriefVersion(testDb.admin, {
      brief_id: brief.id,
      consultation_id: reported.consultation.id,
      snapshot: {
        title: "Evening buses",
        statements: [{ id: statement.id, title: "Evening buses are missing" }],
      },
    });
    const result = await exportAs(commissioner, reported.consultation.slug, "open-data", "json");
    if (result.status !== "exported") throw new Error(result.status);
    const dataPackage = JSON.parse(result.file.body) as {
      profile: string;
      resources: {
        name: string;
        profile: string;
        schema: {
          fields: { name: string }[];
          primaryKey: string | string[];
          foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[];
        };
        data: Record<string, unknown>[];
      }[];
    };
    expect(dataPackage.profile).toBe("tabular-data-package");
    const byName = new Map(dataPackage.resources.map((resource) => [resource.name, resource]));
    const cast = new Map<string, unknown[][]>();
    for (const resource of dataPackage.resources) {
      expect([resource.name, resource.profile]).toEqual([resource.name, "tabular-data-resource"]);
      const schema = await Schema.load(resource.schema);
      expect([resource.name, schema.valid, (schema.errors as Error[]).map((error) => error.message)]).toEqual(
        [resource.name, true, []],
      );
      // Every row casts to its schema's types (times to the second, lists as arrays), with no field left over.
      const rows = resource.data.map((row) => {
        expect(Object.keys(row).sort()).toEqual([...schema.fieldNames].sort());
        return schema.castRow(schema.fieldNames.map((name) => row[name]));
      });
      cast.set(resource.name, rows);
      const keys = [resource.schema.primaryKey].flat();
      const keyOf = (row: Record<string, unknown>) => keys.map((key) => String(row[key])).join(" ");
      expect(new Set(resource.data.map(keyOf)).size).toBe(resource.data.length);
      for (const foreignKey of resource.schema.foreignKeys ?? []) {
        const target = byName.get(foreignKey.reference.resource)!;
        const known = new Set(target.data.map((row) => row[foreignKey.reference.fields]));
        for (const row of resource.data)
          expect([resource.name, known.has(row[foreignKey.fields])]).toEqual([resource.name, true]);
      }
    }
    // Which needs a need group and a statement hold, and which statements a brief cites, are there as links.
    expect(byName.get("group_needs")!.data).toEqual([
      { group_id: expect.any(String), need_reference: reported.published.reference },
    ]);
    expect(byName.get("statement_needs")!.data).toEqual([
      { statement_id: statement.id, need_reference: reported.published.reference },
    ]);
    expect(byName.get("brief_statements")!.data).toEqual([
      { brief_version_id: expect.any(String), statement_id: statement.id },
    ]);
    expect(cast.get("needs")!.length).toBe(1);

    // The CSV form: the needs' schema, column for column, and every row casts to it.
    const csv = await exportAs(commissioner, reported.consultation.slug, "open-data", "csv");
    if (csv.status !== "exported") throw new Error(csv.status);
    const needsSchema = await Schema.load(byName.get("needs")!.schema);
    const [header, ...lines] = parseCsv(csv.file.body.replace(/^\uFEFF/, ""));
    expect(header).toEqual(needsSchema.fieldNames);
    expect(lines.map((line) => needsSchema.castRow(line.map((cell) => (cell === "" ? null : cell))))).toEqual(
      cast.get("needs"),
    );
  });

  it("publishes open data only for a reported consultation, with personal data removed", async () => {
    const open = await consultationWithNeeds();
    expect(await exportAs(commissioner, open.consultation.slug, "open-data", "json")).toEqual({
      status: "not-reported",
    });
    const reported = await consultationWithNeeds("reported");
    const result = await exportAs(commissioner, reported.consultation.slug, "open-data", "json");
    if (result.status !== "exported") throw new Error(result.status);
    const body = result.file.body;
    for (const secret of [
      "07700 900123",
      "52.412345",
      "consented@example.test",
      "no-consent@example.test",
      "Waiting for moderation",
    ])
      expect(body).not.toContain(secret);
    const dataPackage = JSON.parse(body) as {
      licenses: unknown[];
      resources: { name: string; data: { reference?: string }[] }[];
    };
    expect(dataPackage.licenses).toEqual([
      {
        name: "OGL-UK-3.0",
        title: "Open Government Licence v3.0",
        path: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
      },
    ]);
    expect(
      dataPackage.resources.find((resource) => resource.name === "needs")!.data.map((need) => need.reference),
    ).toEqual([reported.published.reference]);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select("action")
      .where("consultation_id", "=", reported.consultation.id)
      .execute();
    expect(audit).toEqual([{ action: "export.open_data_json" }]);
  });
});

describe("a large upload, imported in the background", () => {
  it("is imported by the worker, with its progress recorded", { timeout: 120_000 }, async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisationId });
    const rows = INLINE_ROWS + 500;
    const lines = ["ref,title,detail"];
    for (let index = 0; index < rows; index += 1)
      lines.push(`R${index},Need number ${index},"Details, with a comma, of need ${index}"`);
    const bytes = Buffer.from(`${lines.join("\n")}\n`);
    const as = <T>(work: Parameters<typeof asRequest<T>>[2]) =>
      asRequest(testDb.app, f.claimsFor(commissioner), work);
    const uploaded = await as((tx) =>
      uploadImport({
        tx,
        consultationId: consultation.id,
        userId: commissioner.id,
        receive: (store) =>
          store({
            filename: "survey.csv",
            data: (async function* () {
              yield bytes;
            })(),
          }),
      }),
    );
    if (uploaded.status !== "stored") throw new Error(uploaded.status);
    const load = () =>
      as((tx) =>
        getImport({ tx, consultationId: consultation.id, importId: uploaded.importId }),
      ) as Promise<ImportRecord>;
    expect(
      await as(async (tx) =>
        saveColumnMapping({
          tx,
          upload: await load(),
          mapping: { title: "title", description: "detail", external_id: "ref" },
          publish: false,
        }),
      ),
    ).toEqual({ status: "saved" });
    const started = await as(async (tx) =>
      startImport({ tx, upload: await load(), organisationId, values: {} }),
    );
    expect(started).toMatchObject({ status: "queued", inline: false });

    const seen = new Set<string>();
    const watching = (async () => {
      for (
        let record = await load();
        record.status !== "done" && record.status !== "failed";
        record = await load()
      ) {
        seen.add(record.status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await kickImportWorker(testDb.app);
    await watching;
    const done = await load();
    expect(done).toMatchObject({ status: "done", imported: rows, skipped: 0, duplicates: 0, progress: 1 });
    expect([...seen].every((status) => ["queued", "running"].includes(status))).toBe(true);
    const count = await testDb.admin
      .selectFrom("needs")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(rows);
    const job = await testDb.admin
      .selectFrom("private.jobs")
      .select(["status", "result", "locked_by"])
      .where("id", "=", done.job_id!)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      status: "done",
      locked_by: null,
      result: { imported: rows, skipped: 0, duplicates: 0, flagged: 0, rows },
    });
  });
});

/** RFC 4180 CSV as the exports write it: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted && character === '"' && text[index + 1] === '"') {
      cell += '"';
      index += 1;
    } else if (character === '"') quoted = !quoted;
    else if (!quoted && character === ",") endCell();
    else if (!quoted && character === "\r" && text[index + 1] === "\n") {
      endCell();
      rows.push(row);
      row = [];
      index += 1;
    } else cell += character;
  }
  if (cell !== "" || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}
