// Faults under load: the app killed (SIGKILL) while residents post and readers read, then started again on
// the same database; and the database stopped while they do, then started again. What a resident was told
// was stored must be stored, exactly once, and the app must come back by itself. (server.test.ts covers
// the same faults on an idle app: the orphaned embedded server, /healthz and the 503 page with no load.)
// Sizes: FAULT_NEEDS (120), FAULT_RESIDENTS (10), FAULT_READERS (10).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "~/db/embedded.server";
import { migrate } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import { killLeftoverApps, startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  createLoadConsultation,
  needTitle,
  postConcurrently,
  readWhile,
  Resident,
  Tally,
  Visitor,
  type LoadConsultation,
  type Posted,
} from "../support/load";

const NEEDS = Number(process.env.FAULT_NEEDS ?? 120);
const RESIDENTS = Number(process.env.FAULT_RESIDENTS ?? 10);
const READERS = Number(process.env.FAULT_READERS ?? 10);
const SESSION_SECRET = "a-fault-test-secret-that-is-long-enough-for-the-check";
/**
 * The restarted app must answer where the residents' browsers already point, so the test chooses the port:
 * one the system has just handed out as free (or FAULT_PORT), rather than a fixed number that anything else
 * on the machine may hold.
 */
function freePort(): Promise<number> {
  if (process.env.FAULT_PORT) return Promise.resolve(Number(process.env.FAULT_PORT));
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
const appEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  SESSION_SECRET,
  LOG_LEVEL: "error",
  RATE_LIMIT_SCALE: String(Math.max(1, Math.ceil(NEEDS / 20))),
});

afterEach(() => killLeftoverApps());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 300_000) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Every title posted once: the database holds each exactly once, under the reference its poster was given. */
async function expectStoredExactlyOnce(
  admin: Kysely<Database>,
  consultation: LoadConsultation,
  acknowledged: readonly Posted[],
) {
  const stored = await admin
    .selectFrom("needs")
    .innerJoin("private.need_private_details as details", "details.need_id", "needs.id")
    .select(["needs.reference", "details.original_title"])
    .where("needs.consultation_id", "=", consultation.consultationId)
    .execute();
  const byReference = new Map(stored.map((row) => [row.reference, row.original_title]));
  for (const { reference, title } of acknowledged) expect(byReference.get(reference), reference).toBe(title);
  const titles = stored.map((row) => row.original_title);
  expect(titles.length - new Set(titles).size, "needs stored twice").toBe(0);
  expect(stored).toHaveLength(acknowledged.length);
}

/** A page that says plainly the service is unavailable, with no stack trace or internals. */
function expectClearUnavailablePage(body: string) {
  expect(/<title>([^<]*)<\/title>/.exec(body)?.[1]).toMatch(/^Sorry, the service is unavailable/);
  expect(body).toContain("Sorry, the service is unavailable");
  expect(body).not.toMatch(/\bat .+:\d+:\d+\)?/);
  expect(body).not.toMatch(/ECONNREFUSED|node_modules|Connection terminated|pg-pool/);
}

describe("the app killed while residents post", () => {
  let database: TestDatabase;
  let consultation: LoadConsultation;
  beforeAll(async () => {
    database = await createTestDatabase();
    consultation = await createLoadConsultation(database.admin);
  });
  afterAll(() => database?.destroy());

  it(
    "keeps every acknowledged need after a SIGKILL and a restart, and resends make no duplicates",
    { timeout: 600_000 },
    async () => {
      const env = { ...appEnv(database.appUrl), PORT: String(await freePort()) };
      let app: AppProcess = await startApp(env);
      const tally = new Tally();
      const acknowledged: Posted[] = [];
      const baseUrl = app.url;
      const residents = Array.from(
        { length: RESIDENTS },
        () =>
          new Resident(new Visitor(baseUrl, tally.record), database.admin, consultation, {
            persistent: true,
          }),
      );
      const posting = postConcurrently(RESIDENTS, NEEDS, async (resident, count) => {
        const posted = await residents[resident]!.post(needTitle(resident, count), {
          retry: count % 10 === 0,
        });
        if (posted) acknowledged.push(posted);
      });
      const reading = readWhile(baseUrl, READERS, consultation, acknowledged, posting, tally.record, 200);

      await waitFor(() => acknowledged.length >= NEEDS / 3, "a third of the needs");
      await app.kill();
      const beforeKill = acknowledged.length;
      app = await startApp(env);
      expect(app.url).toBe(baseUrl);
      await posting;
      await reading;
      try {
        expect(tally.serverErrors.slice(0, 5)).toEqual([]);
        expect(acknowledged.length, "every resident got through in the end").toBe(NEEDS);
        expect(acknowledged.length).toBeGreaterThan(beforeKill);
        await expectStoredExactlyOnce(database.admin, consultation, acknowledged);
      } finally {
        await app.stop();
      }
    },
  );
});

describe("the database stopped while residents post", () => {
  let cluster: EmbeddedPostgres;
  let dataDir: string;
  let admin: Kysely<Database>;
  let appUrl: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-faults-"));
    fs.chmodSync(dataDir, 0o755);
    cluster = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    const maintenance = new pg.Client({ connectionString: cluster.superuserUrl() });
    await maintenance.connect();
    await maintenance.query("create database groundswell");
    await maintenance.end();
    await migrate({ connectionString: cluster.superuserUrl("groundswell") });
    const pool = new pg.Pool({ connectionString: cluster.superuserUrl("groundswell"), max: 3 });
    // The test stops the database under these connections: a failed query is the caller's to handle, and
    // the error each connection then reports must not be an unhandled event.
    pool.on("error", () => undefined);
    pool.on("connect", (client) => client.on("error", () => undefined));
    admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await pool.query("alter role groundswell_app login password 'faults-test'");
    appUrl = `postgres://groundswell_app:faults-test@127.0.0.1:${cluster.port}/groundswell`;
  });
  afterAll(async () => {
    await admin?.destroy();
    await cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    "answers 503 with a clear page while it is down, recovers by itself, and loses nothing acknowledged",
    { timeout: 600_000 },
    async () => {
      const consultation = await createLoadConsultation(admin);
      const app = await startApp(appEnv(appUrl));
      const tally = new Tally();
      const acknowledged: Posted[] = [];
      const residents = Array.from(
        { length: RESIDENTS },
        () =>
          new Resident(new Visitor(app.url, tally.record), admin, consultation, {
            persistent: true,
            giveUpAfterMs: 300_000,
          }),
      );
      const posting = postConcurrently(RESIDENTS, NEEDS, async (resident, count) => {
        const posted = await residents[resident]!.post(needTitle(resident, count), {
          retry: count % 10 === 0,
        });
        if (posted) acknowledged.push(posted);
      });
      const reading = readWhile(app.url, READERS, consultation, acknowledged, posting, tally.record, 200);
      try {
        await waitFor(() => acknowledged.length >= NEEDS / 3, "a third of the needs");
        const port = cluster.port;
        await cluster.stop();
        const whileDown = acknowledged.length;

        const health = await fetch(`${app.url}/healthz`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ database: "down" });
        const visitor = new Visitor(app.url);
        const page = await visitor.get(`/c/${consultation.slug}`);
        expect(page.status).toBe(503);
        expectClearUnavailablePage(page.body);
        // Residents and readers keep trying for a while against the stopped database; once the answers
        // already under way have arrived, nobody is told a need was stored.
        await sleep(1_000);
        const settled = acknowledged.length;
        await sleep(2_000);
        expect(acknowledged.length, "nothing is acknowledged while the database is down").toBe(settled);

        cluster = await startEmbeddedPostgres({ dataDir, port, log: () => undefined });
        await posting;
        await reading;
        expect((await fetch(`${app.url}/healthz`)).status, "the same app process recovered").toBe(200);
        expect(app.child.exitCode).toBeNull();

        expect(acknowledged.length, "every resident got through in the end").toBe(NEEDS);
        expect(acknowledged.length).toBeGreaterThan(whileDown);
        expect(tally.count((status) => status === 503)).toBeGreaterThan(0);
        const otherServerErrors = tally.serverErrors.filter((line) => !line.startsWith("503 "));
        expect(otherServerErrors.slice(0, 5)).toEqual([]);
        for (const line of tally.serverErrors.slice(0, 50)) {
          expect(line, "a 503 is a page for people or a plain message, never internals").not.toMatch(
            /node_modules|ECONNREFUSED|pg-pool|\bat .+:\d+:\d+/,
          );
        }
        await expectStoredExactlyOnce(admin, consultation, acknowledged);
      } catch (error) {
        throw new Error(`${String(error)}\nThe app said:\n${app.output().slice(-4_000)}`, { cause: error });
      } finally {
        await app.stop();
      }
    },
  );
});
