// READ_DATABASE_URL: the public API and the public pages of visitors without a session read from a read replica
// (a real hot standby streaming from the primary, made from the embedded binaries: tests/support/replica.ts) when
// it has replayed every change the app knows of, and from the primary when it has not; writes stay on the
// primary; when the replica stops, reads go to the primary and the log says so.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "~/db/embedded.server";
import type { Database } from "~/db/schema";
import { expectAppToRefuse, startApp, type AppProcess } from "../support/app-process";
import * as f from "../support/factories";
import { startReplica, type Replica } from "../support/replica";
import { APP_ROLE_PASSWORD, databaseUrl, prepareTemplate, TEMPLATE_DATABASE } from "../support/test-cluster";

const SESSION_SECRET = "read-replica-test-secret-long-enough-for-the-check";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-replica-test-"));
let primary: EmbeddedPostgres;
let replica: Replica;
let admin: Kysely<Database>;
let app: AppProcess;
let appUrl: string;
let slug: string;
let consultationId: string;

beforeAll(async () => {
  fs.chmodSync(dataDir, 0o755);
  primary = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "primary"), log: () => undefined });
  await prepareTemplate(primary.superuserUrl("postgres"));
  const maintenance = new pg.Client({ connectionString: primary.superuserUrl("postgres") });
  await maintenance.connect();
  await maintenance.query(`create database groundswell template ${TEMPLATE_DATABASE}`);
  await maintenance.end();
  replica = await startReplica(primary, path.join(dataDir, "replica"));
  admin = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: primary.superuserUrl("groundswell") }),
    }),
  });
  const organisation = await f.createOrganisation(admin);
  const consultation = await f.createConsultation(admin, { organisation_id: organisation.id });
  slug = consultation.slug;
  consultationId = consultation.id;
  appUrl = databaseUrl(primary.superuserUrl("groundswell"), "groundswell", {
    user: "groundswell_app",
    password: APP_ROLE_PASSWORD,
  });
  app = await startApp(appEnv());
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await admin?.destroy();
  await replica?.stop();
  await primary?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const appEnv = () => ({
  DATABASE_URL: appUrl,
  READ_DATABASE_URL: replica.urlFor(appUrl),
  SESSION_SECRET,
  LOG_LEVEL: "error",
});

const publish = (title: string) =>
  f.createNeed(admin, {
    consultation_id: consultationId,
    title,
    status: "published",
    published_at: new Date(),
  });

async function apiTitles(via: AppProcess = app): Promise<string[]> {
  const answer = await fetch(`${via.url}/api/v1/consultations/${slug}/needs`);
  expect(answer.status).toBe(200);
  const body = (await answer.json()) as { data: { title: string }[] };
  return body.data.map((need) => need.title);
}

/** Whether the replica itself holds a need of this title yet. */
async function replicaHas(title: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: replica.urlFor(primary.superuserUrl("groundswell")) });
  await client.connect();
  try {
    return (await client.query("select 1 from public.needs where title = $1", [title])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe("a read replica for the public API and pages (READ_DATABASE_URL)", () => {
  it("answers the API and the pages of visitors without a session from the replica", async () => {
    await publish("A bench by the bus stop");
    await replica.caughtUp();
    expect(await apiTitles()).toContain("A bench by the bus stop");
    expect(await (await fetch(`${app.url}/c/${slug}`)).text()).toContain("A bench by the bus stop");

    // A need the replica has not replayed, published without the announcement (triggers off) that would tell
    // the app to wait for the replica: answers from the replica do not show it yet; answers from the primary would.
    await replica.pauseReplay();
    await admin.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await f.createNeed(tx, {
        consultation_id: consultationId,
        title: "A water fountain in the park",
        status: "published",
        published_at: new Date(),
      });
    });
    expect(await replicaHas("A water fountain in the park")).toBe(false);
    expect(await apiTitles()).not.toContain("A water fountain in the park");
    // A search no one asked before, so the page is made now rather than taken from the page cache.
    const searched = await fetch(`${app.url}/c/${slug}?q=fountain`);
    expect(searched.status).toBe(200);
    expect(await searched.text()).not.toContain("A water fountain in the park");

    await replica.resumeReplay();
    await replica.caughtUp();
    expect(await apiTitles()).toContain("A water fountain in the park");
    expect(await (await fetch(`${app.url}/c/${slug}?q=fountain+park`)).text()).toContain(
      "A water fountain in the park",
    );
  });

  it("reads a change from the primary while the replica has not replayed it", async () => {
    await replica.pauseReplay();
    await publish("Lights on the canal towpath");
    expect(await replicaHas("Lights on the canal towpath")).toBe(false);
    // The API and the page show it at once all the same: the replica is behind, so they read the primary.
    expect(await apiTitles()).toContain("Lights on the canal towpath");
    expect(await (await fetch(`${app.url}/c/${slug}`)).text()).toContain("Lights on the canal towpath");
    // Each API answer counted against its rate limit: a write, made on the primary.
    const counted = await admin
      .selectFrom("private.rate_limit_counters")
      .select("key")
      .where("key", "like", "api:address:%")
      .execute();
    expect(counted.length).toBeGreaterThan(0);
    await replica.resumeReplay();
    await replica.caughtUp();
    expect(await replicaHas("Lights on the canal towpath")).toBe(true);
  });

  it("reads from the primary when the replica cannot say how far it has replayed, and says so", async () => {
    // As a platform might keep the function from the request roles.
    await sql`revoke execute on function pg_catalog.pg_last_wal_replay_lsn() from public`.execute(admin);
    let second: AppProcess | undefined;
    try {
      await replica.caughtUp();
      second = await startApp({ ...appEnv(), LOG_LEVEL: "error" });
      await publish("A bike rack at the station");
      expect(await apiTitles(second)).toContain("A bike rack at the station");
      expect(await (await fetch(`${second.url}/c/${slug}?q=bike`)).text()).toContain(
        "A bike rack at the station",
      );
      expect(second.output()).toContain("could not say how far it has replayed");
    } finally {
      await second?.stop();
      await sql`grant execute on function pg_catalog.pg_last_wal_replay_lsn() to public`.execute(admin);
    }
  });

  it("reads from the primary when the replica stops, and says so once in the log", async () => {
    await replica.stop();
    await publish("A ramp into the library");
    for (let request = 0; request < 3; request++) {
      expect(await apiTitles()).toEqual(
        expect.arrayContaining([
          "A bench by the bus stop",
          "Lights on the canal towpath",
          "A ramp into the library",
        ]),
      );
    }
    expect(await (await fetch(`${app.url}/c/${slug}`)).text()).toContain("A ramp into the library");
    const said = app.output().match(/The read replica \(READ_DATABASE_URL\) did not answer/g) ?? [];
    expect(said).toHaveLength(1);
  });

  it("refuses READ_DATABASE_URL without DATABASE_URL, and a replica role that could skip row-level security", async () => {
    const alone = await expectAppToRefuse({ READ_DATABASE_URL: replica.urlFor(appUrl), SESSION_SECRET });
    expect(alone.output).toContain("READ_DATABASE_URL is a replica of DATABASE_URL: set DATABASE_URL too");
    const superuser = await expectAppToRefuse({
      DATABASE_URL: appUrl,
      READ_DATABASE_URL: primary.superuserUrl("groundswell"),
      SESSION_SECRET,
    });
    expect(superuser.output).toContain("it is a superuser");
  });
});
