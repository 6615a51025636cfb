// Backups round-trip: a seeded database, with rows in every private table and awkward values in every
// type we use, is backed up, restored into a new empty database and compared table by table, row by row.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asService } from "~/db/database.server";
import { migrate, migrationsDir, readMigrations } from "~/db/migrate.server";
import { backupToFile, listAppTables, quoteIdent, restoreFromFile } from "~/platform/backup.server";
import { DEMO_CONSULTATION_SLUG, seedDemo } from "~/platform/demo-seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { databaseUrl, TEMPLATE_DATABASE } from "../support/test-cluster";

let source: TestDatabase;
let workDir = "";
const targets: string[] = [];
/** Tables this test puts rows in; tables added later are still compared, empty or not. */
const seededTables = [
  "private.people",
  ...[
    "organisations",
    "memberships",
    "profiles",
    "consultations",
    "consultation_themes",
    "consultation_areas",
    "needs",
  ].map((t) => `public.${t}`),
  ...[
    "supports",
    "comments",
    "flags",
    "proposals",
    "proposal_needs",
    "proposal_supports",
    "proposal_messages",
  ].map((t) => `public.${t}`),
  ...[
    "grouping_runs",
    "need_groups",
    "need_group_members",
    "needs_statements",
    "statement_needs",
    "statement_proposals",
  ].map((t) => `public.${t}`),
  ...["briefs", "brief_statements", "brief_versions"].map((t) => `public.${t}`),
  ...[
    "organisation_contacts",
    "invitations",
    "platform_admins",
    "need_private_details",
    "need_photos",
    "comment_originals",
  ].map((t) => `private.${t}`),
  ...["sessions", "one_time_codes", "rate_limit_counters", "jobs", "audit_log", "email_unsubscribes"].map(
    (t) => `private.${t}`,
  ),
];

/** Every byte value, so bytea survives whatever encoding the backup uses. */
const photoBytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
const awkwardText = `Quotes " and ', back\\slash, {braces}, commas, NULL, tab\there, newline\nthere, ünïcödé, emoji 🌱`;

/** A new database: bare (restore applies the migrations), or a copy of the migrated, empty template. */
async function emptyDatabase({ migrated = false } = {}): Promise<string> {
  const name = `restore_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: inject("superuserUrl") });
  await client.connect();
  await client.query(`create database ${name}${migrated ? ` template ${TEMPLATE_DATABASE}` : ""}`);
  await client.end();
  targets.push(name);
  return databaseUrl(inject("superuserUrl"), name);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every column of every app table (generated ones too) as text, in a stable order. */
async function snapshot(url: string): Promise<Map<string, string[][]>> {
  return withClient(url, async (client) => {
    await client.query("set timezone = 'UTC'");
    const tables = await listAppTables(client);
    const result = new Map<string, string[][]>();
    for (const table of tables) {
      const [schema, name] = table.table.split(".");
      const columns = table.columns.map((column) => `${quoteIdent(column.name)}::text`).join(", ");
      const { rows } = await client.query<string[]>({
        text: `select ${columns} from ${quoteIdent(schema!)}.${quoteIdent(name!)} order by ${table.columns.map((_, i) => i + 1).join(", ")}`,
        rowMode: "array",
      });
      result.set(table.table, rows);
    }
    return result;
  });
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-backup-test-"));
  source = await createTestDatabase();
  const db = source.admin;
  await asService(source.app, (tx) => seedDemo(tx));
  const consultation = await db
    .selectFrom("consultations")
    .select(["id", "organisation_id"])
    .where("slug", "=", DEMO_CONSULTATION_SLUG)
    .executeTakeFirstOrThrow();
  const need = await db
    .selectFrom("needs")
    .select(["id", "consultation_id"])
    .where("consultation_id", "=", consultation.id)
    .orderBy("reference")
    .limit(1)
    .executeTakeFirstOrThrow();
  const commissioner = await f.createUser(db);
  const groupAdmin = await f.createUser(db);
  const group = await f.createCommunityGroup(db);
  await f.addMember(db, {
    organisation_id: consultation.organisation_id,
    user_id: commissioner.id,
    role: "member",
  });
  await f.addMember(db, { organisation_id: group.id, user_id: groupAdmin.id, role: "admin" });
  await f.createProfile(db, { id: commissioner.id, display_name: awkwardText.slice(0, 90) });
  await f.setOrganisationContact(db, group.id);
  await f.createInvitation(db, { organisation_id: group.id, invited_by: groupAdmin.id });
  await f.makePlatformAdmin(db, commissioner.id);

  await f.createNeedPhoto(db, {
    need_id: need.id,
    consultation_id: need.consultation_id,
    data: photoBytes,
    width: 640,
    height: 480,
  });
  await db
    .updateTable("private.need_private_details")
    .set({
      exact_lat: "51.476543",
      exact_lng: "-0.012345",
      contact_email: "resident@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
    })
    .where("need_id", "=", need.id)
    .execute();
  const hidden = await f.createNeed(db, {
    consultation_id: consultation.id,
    title: awkwardText.slice(0, 150),
    description: awkwardText,
    lat: "51.477",
    lng: "-0.012",
    affected_groups: ["older_people", "carers"],
    people_estimate: 120,
    urgency: "within_weeks",
    status: "hidden",
    moderation_reason: "Names a neighbour",
  });
  const comment = await f.createComment(db, {
    need_id: need.id,
    consultation_id: need.consultation_id,
    author_id: commissioner.id,
    status: "published",
  });
  await f.createCommentOriginal(db, {
    comment_id: comment.id,
    consultation_id: comment.consultation_id,
    original_body: awkwardText,
  });
  await f.createFlag(db, { consultation_id: consultation.id, need_id: hidden.id, details: awkwardText });

  const proposal = await f.createProposal(db, {
    consultation_id: consultation.id,
    organisation_id: group.id,
    status: "submitted",
  });
  await f.linkProposalNeed(db, {
    proposal_id: proposal.id,
    need_id: need.id,
    consultation_id: need.consultation_id,
  });
  await f.createProposalSupport(db, { proposal_id: proposal.id, user_id: commissioner.id });
  // A public message: its trigger stamps made_public_at on insert, and a restore must keep that stamp.
  await f.createProposalMessage(db, {
    proposal_id: proposal.id,
    consultation_id: consultation.id,
    public: true,
    author_id: commissioner.id,
  });

  const run = await f.createGroupingRun(db, {
    consultation_id: consultation.id,
    params: { minGroupSize: 3, nested: { list: [1, "two", null] } },
  });
  const group1 = await f.createNeedGroup(db, {
    consultation_id: consultation.id,
    run_id: run.id,
    status: "suggested",
    terms: ["a,b", 'say "hi"', "{x}", "NULL", ""],
  });
  await f.addNeedToGroup(db, {
    group_id: group1.id,
    need_id: need.id,
    consultation_id: need.consultation_id,
    score: 0.123456789,
    representative: true,
  });
  const statement = await f.createStatement(db, {
    consultation_id: consultation.id,
    group_id: group1.id,
    status: "agreed",
    seriousness: 4,
  });
  await f.linkStatementNeed(db, {
    statement_id: statement.id,
    need_id: need.id,
    consultation_id: need.consultation_id,
    quoted: true,
  });
  await f.linkStatementProposal(db, {
    statement_id: statement.id,
    proposal_id: proposal.id,
    consultation_id: consultation.id,
  });
  const brief = await f.createBrief(db, {
    consultation_id: consultation.id,
    public_value: { health: "Fewer lonely winters", food: "A pantry" },
    budget_min_pence: 1_000_000,
    budget_max_pence: 999_999_999_999,
    recommended_route: "grant",
    chosen_route: "grant",
  });
  await f.addBriefStatement(db, {
    brief_id: brief.id,
    statement_id: statement.id,
    consultation_id: consultation.id,
    position: 0,
  });
  await f.createBriefVersion(db, {
    brief_id: brief.id,
    consultation_id: consultation.id,
    snapshot: { title: "v1", need_ids: [need.id], amount: 1.5e-7 },
  });

  await f.createSession(db, { user_id: commissioner.id, ip: "2001:db8::1" });
  await f.createOneTimeCode(db, { ip: "192.0.2.44" });
  await f.createRateLimitCounter(db);
  await f.createJob(db, {
    consultation_id: consultation.id,
    payload: { file: "x.csv" },
    result: JSON.stringify([1, 2, 3]),
    progress: 0.25,
  });
  await f.appendAudit(db, {
    actor_id: commissioner.id,
    consultation_id: consultation.id,
    details: { reason: awkwardText },
    ip: "203.0.113.9",
  });
  await f.appendAudit(db, { action: "export.needs_csv" });
  await f.createUnsubscribe(db, { email: "Someone@Example.test", topic: "need_updates" });
}, 180_000);

afterAll(async () => {
  await source?.destroy();
  await withClient(inject("superuserUrl"), async (client) => {
    for (const name of targets) await client.query(`drop database if exists ${name} with (force)`);
  });
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

// Seeding, migrating and loading ~90,000 rows take a while on a busy 2-core machine.
const SLOW = 120_000;

describe("backup and restore", { timeout: SLOW }, () => {
  const backupFile = () => path.join(workDir, "seeded.jsonl.gz");

  it("restores every table of a seeded database row for row into an empty database", async () => {
    const backup = await backupToFile({ connectionString: source.adminUrl, file: backupFile() });
    const latest = readMigrations().at(-1)!.version;
    expect(backup.migration).toBe(latest);
    expect(backup.rows["public.needs"]).toBeGreaterThan(600);
    expect(backup.rows["private.need_photos"]).toBe(1);
    expect(fs.existsSync(`${backupFile()}.partial`)).toBe(false);

    const before = await snapshot(source.adminUrl);
    const targetUrl = await emptyDatabase();
    const restored = await restoreFromFile({ connectionString: targetUrl, file: backupFile() });
    expect(restored.totalRows).toBe(backup.totalRows);
    const after = await snapshot(targetUrl);

    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const table of seededTables) expect(before.get(table)?.length, `${table} rows`).toBeGreaterThan(0);
    for (const [table, rows] of before) expect(after.get(table), table).toEqual(rows);
    await withClient(targetUrl, async (client) => {
      const { rows } = await client.query<{ version: string }>(
        "select max(version) as version from supabase_migrations.schema_migrations",
      );
      expect(rows[0]!.version).toBe(latest);
      const photo = await client.query<{ data: Buffer }>("select data from private.need_photos");
      expect(Buffer.compare(photo.rows[0]!.data, photoBytes)).toBe(0);
      // The identity sequence carries on after the restored rows rather than colliding with them.
      const next = await client.query<{ id: string; max: string }>(
        `insert into private.audit_log (action) values ('backup.restored') returning id::text,
           (select max(id)::text from private.audit_log) as max`,
      );
      expect(Number(next.rows[0]!.id)).toBeGreaterThan(Number(next.rows[0]!.max));
      // Triggers were off while loading: support counts were restored, not counted a second time.
      const counts = await client.query<{ wrong: number }>(
        `select count(*)::int as wrong from public.needs n
          where n.support_count <> (select count(*) from public.supports s where s.need_id = n.id)`,
      );
      expect(counts.rows[0]!.wrong).toBe(0);
    });
  });

  it("restores a backup made before people had their own table, moving them into it", async () => {
    // A database at the schema before private.people, with its people in auth.users, backed up by this code.
    const older = fs.mkdtempSync(path.join(workDir, "migrations-"));
    for (const file of fs.readdirSync(migrationsDir)) {
      if (file < "20261205150000") fs.copyFileSync(path.join(migrationsDir, file), path.join(older, file));
    }
    const sourceUrl = await emptyDatabase();
    await migrate({ connectionString: sourceUrl, dir: older });
    const people = await withClient(sourceUrl, async (client) => {
      const { rows } = await client.query<{ id: string; email: string | null; is_anonymous: boolean }>(
        `insert into auth.users (email, email_confirmed_at, is_anonymous)
         values ('commissioner@example.test', now(), false), (null, null, true) returning id, email, is_anonymous`,
      );
      const org = await client.query<{ id: string }>(
        `insert into organisations (kind, name, slug, created_by) values ('commissioner', 'A council', $1, $2) returning id`,
        [`council-${randomBytes(3).toString("hex")}`, rows[0]!.id],
      );
      await client.query(
        `insert into memberships (organisation_id, user_id, role) values ($1, $2, 'admin')`,
        [org.rows[0]!.id, rows[0]!.id],
      );
      return rows;
    });
    const file = path.join(workDir, "older.jsonl.gz");
    const backup = await backupToFile({ connectionString: sourceUrl, file });
    expect(backup.rows["auth.users"]).toBe(2);

    const targetUrl = await emptyDatabase();
    await restoreFromFile({ connectionString: targetUrl, file });
    await withClient(targetUrl, async (client) => {
      const moved = await client.query<{ id: string; email: string | null; is_anonymous: boolean }>(
        "select id, email, is_anonymous from private.people order by email nulls last",
      );
      expect(moved.rows).toEqual(people);
      const member = await client.query<{ user_id: string }>("select user_id from memberships");
      expect(member.rows).toEqual([{ user_id: people[0]!.id }]);
    });
    // A backup of today's schema leaves auth alone.
    expect(Object.keys((await backupToFile({ connectionString: targetUrl, file })).rows)).not.toContain(
      "auth.users",
    );
  });

  it("refuses a database that is not empty and changes nothing", async () => {
    await expect(restoreFromFile({ connectionString: source.adminUrl, file: backupFile() })).rejects.toThrow(
      /not empty/,
    );
  });

  it("refuses a backup from a newer migration version", async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(backupFile())).toString("utf8").split("\n");
    const header = JSON.parse(lines[0]!) as { migration: string };
    header.migration = "99991231235959";
    const newer = path.join(workDir, "newer.jsonl");
    fs.writeFileSync(newer, [JSON.stringify(header), ...lines.slice(1)].join("\n"));
    const targetUrl = await emptyDatabase();
    await expect(restoreFromFile({ connectionString: targetUrl, file: newer })).rejects.toThrow(
      /newer version of Groundswell/,
    );
  });

  it("refuses a truncated backup and loads nothing", async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(backupFile())).toString("utf8").trimEnd().split("\n");
    const truncated = path.join(workDir, "truncated.jsonl.gz");
    fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, -1).join("\n")));
    const targetUrl = await emptyDatabase({ migrated: true });
    await expect(restoreFromFile({ connectionString: targetUrl, file: truncated })).rejects.toThrow(
      /incomplete/,
    );
    const counts = await snapshot(targetUrl);
    expect([...counts.values()].every((rows) => rows.length === 0)).toBe(true);
  });

  it("refuses a file that is not a backup", async () => {
    const other = path.join(workDir, "other.txt");
    fs.writeFileSync(other, "hello\n");
    await expect(restoreFromFile({ connectionString: await emptyDatabase(), file: other })).rejects.toThrow(
      /not valid JSON|not a Groundswell backup/,
    );
  });
});
