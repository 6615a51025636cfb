// Exports of a whole consultation stream from the database a batch at a time: tens of thousands of needs go
// out in small chunks while the app's memory holds a batch, not the file; a client that leaves mid-download
// ends the export's transaction at once and gives its connection back; every download is still audited; and
// each route's streamed file is byte for byte the file the same export builds whole.
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClaims, asRequest, asService, connect, type DatabaseHandle } from "~/db/database.server";
import { exportConsultation } from "~/features/evidence-io/exports.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { exportNeedsCsv } from "~/features/needs/workspace-needs.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { streamFile } from "~/server/streamed-file.server";
import { loader as needsCsvLoader } from "~/routes/api.v1.consultations.$slug.needs[.]csv";
import { loader as openDataLoader } from "~/routes/api.v1.consultations.$slug.open-data";
import { action as exportFileAction } from "~/routes/workspace.c.$slug.export-file";
import { action as explorerCsvAction } from "~/routes/workspace.c.$slug.needs[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const NEEDS = 50_000;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

let testDb: TestDatabase;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let commissioner: f.TestUser;
let address = 0;

/** A loader's context, from its own client address so the API's rate limit never interferes. */
function contextFor(db: DatabaseHandle["db"]): AppLoadContext {
  address += 1;
  return {
    db,
    clientAddress: `203.0.113.${address}`,
    appUrl: "http://groundswell.example",
  } as AppLoadContext;
}

function get(
  loader: typeof needsCsvLoader,
  db: DatabaseHandle["db"],
  path: string,
  signal?: AbortSignal,
): Promise<Response> {
  const request = new Request(`http://groundswell.example${path}`, { signal });
  return loader({ request, context: contextFor(db), params: { slug: consultation.slug } });
}

/** The app's memory that a file held whole would fill: the JS heap and the buffers of encoded chunks. */
function memoryInUse(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function auditOf(action: string) {
  return testDb.admin
    .selectFrom("private.audit_log")
    .select(["action", "details"])
    .where("consultation_id", "=", consultation.id)
    .where("action", "=", action)
    .execute();
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin, { name: "Nationwide Council" });
  commissioner = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: commissioner.id,
    role: "member",
  });
  consultation = await f.createConsultation(testDb.admin, {
    organisation_id: organisation.id,
    status: "analysing",
    opens_at: f.daysFromNow(-90),
    closes_at: f.daysFromNow(-30),
  });
  const theme = await f.createTheme(testDb.admin, {
    consultation_id: consultation.id,
    name: "Getting around",
  });
  // Seeded in one statement: tens of thousands of needs in seconds, each with text worth quoting.
  await sql`
    insert into public.needs
      (consultation_id, theme_id, title, description, affected_groups, seriousness, status, source, created_at)
    select ${consultation.id}::uuid, case when i % 3 = 0 then ${theme.id}::uuid end,
           'Need number ' || i, 'Nowhere to meet, "nothing" open after six, ' || repeat('and the bus is gone. ', 8) || i,
           '{older_people}', 1 + i % 5, 'published', 'web', now() - make_interval(secs => i)
      from generate_series(1, ${NEEDS}) as i`.execute(testDb.admin);
  await f.markReported(testDb.admin, consultation.id);
}, 180_000);

afterAll(async () => {
  await testDb?.destroy();
});

describe("streamed exports of a whole consultation", { timeout: 120_000 }, () => {
  it("sends the open-data CSV in small chunks with the app's memory bounded by a batch, not the file", async () => {
    // Once first, so that what the first export of a process loads and keeps (code, caches) is not counted.
    const first = await download();
    const before = memoryInUse();
    const { hash, fileBytes, chunks, largestChunk, peakGrowth } = await download(before);
    expect(hash).toBe(first.hash);
    expect(fileBytes).toBeGreaterThan(10_000_000);
    expect(chunks).toBeGreaterThan(NEEDS / 1_000);
    expect(largestChunk).toBeLessThan(fileBytes / 20);
    // Built whole, the file would be in memory at least once over (and its rows several times over).
    expect(peakGrowth).toBeLessThan(fileBytes / 4);
    const recorded = {
      action: "export.open_data_csv",
      details: expect.objectContaining({ rows: NEEDS, public: true }),
    };
    expect(await auditOf("export.open_data_csv")).toEqual([recorded, recorded]);

    // The same bytes as the whole file the commissioners' export builds, with every need once.
    const whole = await exportWhole();
    expect(hash).toBe(createHash("sha256").update(whole).digest("hex"));
    const lines = whole.split("\r\n");
    expect(lines).toHaveLength(NEEDS + 2);
    expect(new Set(lines.slice(1, -1).map((line) => line.split(",")[0])).size).toBe(NEEDS);
  });

  it("ends the export's transaction as soon as the client leaves, so a pool of one serves the next request", async () => {
    const pooled = connect({ connectionString: testDb.appUrl, max: 1, poolWaitMs: 3_000 });
    try {
      const leaving = new AbortController();
      const response = await get(
        needsCsvLoader,
        pooled.db,
        "/api/v1/consultations/x/needs.csv",
        leaving.signal,
      );
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(Buffer.from(first.value!).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(pooled.pool.idleCount).toBe(0);
      // The HTTP layer does both when the socket closes: cancels the body and aborts the request.
      leaving.abort();
      await reader.cancel();

      // The pool's one connection comes back at once: the next request gets it well within the pool's wait.
      const started = Date.now();
      const rows = await asRequest(pooled.db, anonClaims, (tx) =>
        sql<{ one: number }>`select 1 as one`.execute(tx),
      );
      expect(rows.rows).toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeLessThan(2_000);
      // The download that was left is in the audit log, marked incomplete, with the rows that went out.
      await expect
        .poll(async () => auditOf("export.public_needs_csv"), { timeout: 5_000 })
        .toEqual([
          {
            action: "export.public_needs_csv",
            details: expect.objectContaining({ public: true, complete: false }),
          },
        ]);
      const [left] = await auditOf("export.public_needs_csv");
      expect((left!.details as { rows: number }).rows).toBeLessThan(NEEDS);
      // Once that record is in (the service role's own short transaction, after the export's), nothing is left
      // open in a transaction.
      const open = await sql<{ query: string }>`
        select query from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`.execute(testDb.admin);
      expect(open.rows).toEqual([]);
    } finally {
      await pooled.close();
    }
  });

  it("cuts the file short and logs why when an error comes after the first byte", async () => {
    const logged: string[] = [];
    const { body } = await streamFile({
      db: testDb.app,
      claims: anonClaims,
      open: async () => ({ name: "broken.csv" }),
      async write(tx, _head, out) {
        await out.write("reference\r\n");
        await sql`select 1 / 0`.execute(tx);
        return 1;
      },
      log: (line) => logged.push(line),
    });
    const reader = body.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("reference\r\n");
    // The body errors rather than ending, so the HTTP layer cuts the connection: no file that looks whole.
    await expect(reader.read()).rejects.toThrow(/division by zero/);
    expect(logged).toEqual([expect.stringContaining("division by zero")]);
  });

  it("lets go of the connection when a client stops reading, and cuts its download short", async () => {
    const pooled = connect({ connectionString: testDb.appUrl, max: 1, poolWaitMs: 3_000 });
    const logged: string[] = [];
    try {
      const { body } = await streamFile({
        db: pooled.db,
        claims: anonClaims,
        stallMs: 300,
        open: async () => ({ name: "endless.csv" }),
        async write(tx, _head, out) {
          for (;;) {
            await sql`select 1`.execute(tx);
            await out.write("x".repeat(65_536));
          }
        },
        log: (line) => logged.push(line),
      });
      const reader = body.getReader();
      await reader.read();
      // Nothing more is read: past the stall the pool's one connection is free again.
      const started = Date.now();
      await asRequest(pooled.db, anonClaims, (tx) => sql`select 1`.execute(tx));
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(logged).toEqual([expect.stringContaining("took nothing for 300 ms")]);
      await expect(reader.read()).rejects.toThrow(/stopped reading/);
    } finally {
      await pooled.close();
    }
  });

  it("still answers 404 and 400 before the first byte, as JSON errors", async () => {
    const request = new Request("http://groundswell.example/api/v1/consultations/nope/needs.csv");
    const missing = await needsCsvLoader({
      request,
      context: contextFor(testDb.app),
      params: { slug: "nope" },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { status: 404, message: "No published consultation has that slug" },
    });
    const badFormat = await get(openDataLoader, testDb.app, "/api/v1/consultations/x/open-data?format=xml");
    expect(badFormat.status).toBe(400);
  });
});

describe("the commissioners' streamed downloads", { timeout: 120_000 }, () => {
  // Each route's streamed body against the whole file the same export builds in memory (which the existing
  // tests of exports hold to its columns and contents), byte for byte but for the time a JSON file was made.
  const exportedAt = /"exported_at": "[^"]+"/;
  for (const [dataset, format] of [
    ["needs", "csv"],
    ["needs", "json"],
    ["open-data", "csv"],
  ] as const) {
    it(`sends the ${dataset} ${format} file whole from the export page, audited once`, async () => {
      const action = `export.${dataset.replace("-", "_")}_${format}`;
      const before = await commissionersRecords(action);
      const response = await exportFileAction(commissionerPost("export-file", { dataset, format }));
      expect(response.status).toBe(200);
      // Decoded as it is, byte-order mark and all (Response.text() would drop it).
      const streamed = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
      const whole = await exportWholeAs(dataset, format);
      expect(response.headers.get("content-type")).toBe(whole.contentType);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${whole.filename}"`);
      expect(streamed.length).toBe(whole.body.length);
      expect(streamed.replace(exportedAt, "")).toBe(whole.body.replace(exportedAt, ""));
      // One record for the download and one for the whole-file reference.
      const records = await commissionersRecords(action);
      expect(records).toHaveLength(before.length + 2);
      for (const record of records) expect(record.details).toMatchObject({ rows: whole.rows, format });
    });
  }

  it("sends the explorer's view as the CSV it built whole, with its byte-order mark, audited", async () => {
    const before = (await auditOf("export.needs_csv")).length;
    const response = await explorerCsvAction(commissionerPost("needs.csv", { sort: "oldest" }));
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const { filters } = parseExplorerQuery(new URLSearchParams({ sort: "oldest" }));
    const whole = await asRequest(testDb.app, f.claimsFor(commissioner), (tx) =>
      exportNeedsCsv({ tx, consultation, filters }),
    );
    expect(whole.rows).toBe(NEEDS);
    expect(bytes.equals(Buffer.from(`\uFEFF${whole.csv}`))).toBe(true);
    const records = await auditOf("export.needs_csv");
    expect(records).toHaveLength(before + 2);
    for (const record of records) expect(record.details).toMatchObject({ rows: NEEDS });
  });

  it("ends the commissioner's export at once when the browser leaves, audited as incomplete in its transaction", async () => {
    const before = await commissionersRecords("export.needs_json");
    const pooled = connect({ connectionString: testDb.appUrl, max: 1, poolWaitMs: 3_000 });
    try {
      const leaving = new AbortController();
      const post = commissionerPost("export-file", { dataset: "needs", format: "json" }, consultation.slug, {
        db: pooled.db,
        signal: leaving.signal,
      });
      const response = await exportFileAction(post);
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      leaving.abort();
      await reader.cancel();
      const started = Date.now();
      await asRequest(pooled.db, anonClaims, (tx) => sql`select 1`.execute(tx));
      expect(Date.now() - started).toBeLessThan(2_000);
      // Written in the export's own transaction before it let go of the connection: there already.
      const records = await commissionersRecords("export.needs_json");
      expect(records).toHaveLength(before.length + 1);
      const left = records.find((record) => (record.details as { complete?: boolean }).complete === false);
      expect((left!.details as { rows: number }).rows).toBeLessThan(NEEDS);
    } finally {
      await pooled.close();
    }
  });

  it("answers 404 before the first byte for a consultation the commissioner cannot see", async () => {
    const request = commissionerPost("export-file", { dataset: "needs", format: "csv" }, "nowhere");
    await expect(exportFileAction(request)).rejects.toMatchObject({ status: 404 });
  });
});

/** A form post from the consultation's commissioner to one of its workspace routes. */
function commissionerPost(
  route: string,
  fields: Record<string, string>,
  slug = consultation.slug,
  { db = testDb.app, signal }: { db?: DatabaseHandle["db"]; signal?: AbortSignal } = {},
) {
  const request = new Request(`http://groundswell.example/workspace/c/${slug}/${route}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    signal,
  });
  const context = {
    ...contextFor(db),
    user: { sessionId: "s", userId: commissioner.id, email: commissioner.email, isAnonymous: false },
    claims: f.claimsFor(commissioner),
  } as AppLoadContext;
  return { request, context, params: { slug } };
}

/** The audit records of one kind of export made by commissioners (not the public API's downloads). */
async function commissionersRecords(action: string) {
  const records = await auditOf(action);
  return records.filter((record) => !(record.details as { public?: boolean }).public);
}

async function exportWholeAs(dataset: "needs" | "open-data", format: "csv" | "json") {
  const result = await asRequest(testDb.app, f.claimsFor(commissioner), async (tx) =>
    exportConsultation({
      tx,
      consultation: await requireCommissionedConsultation({ tx, slug: consultation.slug }),
      dataset,
      format,
      licence: "OGL-UK-3.0",
      appUrl: "http://groundswell.example",
    }),
  );
  if (result.status !== "exported") throw new Error(`The ${dataset} were not exported`);
  return result.file;
}

/**
 * The open-data CSV through its route, read as the HTTP layer reads it (a chunk held at a time) and hashed as
 * it arrives rather than kept; with `before`, the memory in use is sampled against it while a chunk is held.
 */
async function download(before?: number) {
  const response = await get(openDataLoader, testDb.app, "/api/v1/consultations/x/open-data?format=csv");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const reader = response.body!.getReader();
  const digest = createHash("sha256");
  let fileBytes = 0;
  let chunks = 0;
  let largestChunk = 0;
  let peakGrowth = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    largestChunk = Math.max(largestChunk, read.value.byteLength);
    if (before !== undefined && chunks % 5 === 0) peakGrowth = Math.max(peakGrowth, memoryInUse() - before);
    digest.update(read.value);
    fileBytes += read.value.byteLength;
    chunks += 1;
  }
  return { hash: digest.digest("hex"), fileBytes, chunks, largestChunk, peakGrowth };
}

/** The commissioners' whole-file export of the same consultation, as the reference for the streamed bytes. */
async function exportWhole(): Promise<string> {
  const exported = await testDb.admin
    .selectFrom("consultations")
    .select(["id", "slug", "status", "organisation_id"])
    .where("id", "=", consultation.id)
    .executeTakeFirstOrThrow();
  const result = await asService(testDb.app, (tx) =>
    exportConsultation({
      tx,
      consultation: exported,
      dataset: "open-data",
      format: "csv",
      licence: "OGL-UK-3.0",
      appUrl: "http://groundswell.example",
    }),
  );
  if (result.status !== "exported") throw new Error("The open data was not exported");
  return result.file.body;
}
