import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrate, migrationsDir, readMigrations } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import * as f from "../support/factories";
import { databaseUrl } from "../support/test-cluster";

const superuserUrl = inject("superuserUrl");
const created: string[] = [];
const createdRoles: string[] = [];
const folders: string[] = [];

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database shaped as Supabase's image shapes its own, with a role to migrate it that, like Supabase's
 * "postgres", is not a superuser: it owns the database and schema extensions and may grant the API roles, but
 * schema auth, auth.users and the auth functions belong to another role and it may not create in auth.
 * pg_trgm is not installed, as on a new Supabase project.
 */
async function supabaseShapedDatabase(): Promise<{ url: string; migrator: string }> {
  const suffix = randomBytes(5).toString("hex");
  const name = `migrations_supabase_${suffix}`;
  const migrator = `migrator_${suffix}`;
  const password = randomBytes(12).toString("hex");
  await withClient(superuserUrl, async (client) => {
    await client.query(`
      do $$
      begin
        if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
        if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
        if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
      end
      $$`);
    await client.query(`create role ${migrator} login password '${password}' createrole createdb bypassrls`);
    createdRoles.push(migrator);
    await client.query(`grant anon, authenticated, service_role to ${migrator} with admin option`);
    await client.query(`create database ${name} owner ${migrator}`);
    created.push(name);
  });
  await withClient(databaseUrl(superuserUrl, name), async (client) => {
    await client.query(`
      create schema extensions authorization ${migrator};
      grant usage on schema extensions to anon, authenticated, service_role;
      create schema auth;
      grant usage on schema auth to ${migrator}, anon, authenticated, service_role;
      create table auth.users (id uuid primary key, email varchar(255), is_anonymous boolean not null default false);
      grant all on auth.users to ${migrator};
      create function auth.uid() returns uuid language sql stable as $$ select null::uuid $$;
      create function auth.role() returns text language sql stable as $$ select null::text $$;
      create function auth.email() returns text language sql stable as $$ select null::text $$;
      create function auth.jwt() returns jsonb language sql stable as $$ select null::jsonb $$;
      grant execute on all functions in schema auth to anon, authenticated, service_role`);
  });
  return { url: databaseUrl(superuserUrl, name, { user: migrator, password }), migrator };
}

/** Everything in schema auth with its owner and privileges, to see that a migration left it alone. */
const authSchemaState = (url: string) =>
  withClient(url, async (client) =>
    (
      await client.query<{ object: string }>(`
      select format('schema auth %s %s', pg_get_userbyid(nspowner), nspacl) as object from pg_namespace where nspname = 'auth'
      union all
      select format('%s %s %s %s', relkind, relname, pg_get_userbyid(relowner), relacl) from pg_class where relnamespace = 'auth'::regnamespace
      union all
      select format('function %s %s %s %s', p.oid::regprocedure, pg_get_userbyid(proowner), proacl, md5(prosrc)) from pg_proc p where pronamespace = 'auth'::regnamespace
      order by 1`)
    ).rows.map((row) => row.object),
  );

/** A new, empty database of our own on the test server. */
async function emptyDatabase(): Promise<string> {
  const name = `migrations_${randomBytes(5).toString("hex")}`;
  await withClient(superuserUrl, (client) => client.query(`create database ${name}`));
  created.push(name);
  return databaseUrl(superuserUrl, name);
}

/** The migration files in a folder of their own; with `before`, only those older than that version. */
function copyOfMigrations(before?: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-migrations-"));
  folders.push(folder);
  for (const file of fs.readdirSync(migrationsDir)) {
    if (before === undefined || file < before)
      fs.copyFileSync(path.join(migrationsDir, file), path.join(folder, file));
  }
  return folder;
}

/** Every foreign key in public and private that refers to `table`, as "table.column". */
const referencesTo = (url: string, table: string) =>
  withClient(url, async (client) =>
    (
      await client.query<{ column: string }>(
        `
      select format('%s.%s', c.conrelid::regclass, a.attname) as column
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
       where c.contype = 'f' and c.confrelid = to_regclass($1)
         and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)
       order by 1`,
        [table],
      )
    ).rows.map((row) => row.column),
  );

const recordedVersions = (url: string) =>
  withClient(url, async (client) =>
    (
      await client.query<{ version: string }>(
        "select version from supabase_migrations.schema_migrations order by version",
      )
    ).rows.map((row) => row.version),
  );

afterAll(async () => {
  await withClient(superuserUrl, async (client) => {
    for (const name of created) await client.query(`drop database if exists ${name} with (force)`);
    for (const role of createdRoles) {
      // Memberships this role granted (from PostgreSQL 16 a grant made by another grantor is a row of its own)
      // go before it. Only those it is the grantor of: PostgreSQL 15 ignores GRANTED BY when revoking.
      const { rows } = await client.query<{ revoke: string }>(
        `select format('revoke %I from %I granted by %I', roleid::regrole, member::regrole, grantor::regrole) as revoke
           from pg_auth_members where grantor = $1::regrole`,
        [role],
      );
      for (const { revoke } of rows) await client.query(revoke);
      await client.query(`drop role ${role}`);
    }
  });
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe("migrations", () => {
  const files = readMigrations();

  it("apply from an empty database, recording every file", async () => {
    const url = await emptyDatabase();
    const result = await migrate({ connectionString: url });
    expect(result.applied).toEqual(files.map((file) => file.file));
    expect(result.alreadyApplied).toBe(0);
    expect(result.bootstrapped).toBe(true);
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
    const tables = await withClient(
      url,
      async (client) =>
        (
          await client.query<{ n: number }>(
            "select count(*)::int as n from pg_tables where schemaname in ('public', 'private')",
          )
        ).rows[0]!.n,
    );
    expect(tables).toBeGreaterThanOrEqual(35);
  });

  it("do nothing when run again", async () => {
    const url = await emptyDatabase();
    await migrate({ connectionString: url });
    const again = await migrate({ connectionString: url });
    expect(again).toEqual({ applied: [], alreadyApplied: files.length, bootstrapped: false });
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
  });

  it("leave Supabase's own roles and auth schema alone where they exist, even without pg_trgm", async () => {
    const { url } = await supabaseShapedDatabase();
    const before = await authSchemaState(url);
    const log: string[] = [];
    const result = await migrate({ connectionString: url, log: (line) => log.push(line) });
    expect(result.bootstrapped).toBe(false);
    expect(result.applied).toEqual(files.map((file) => file.file));
    expect(log[0]).toMatch(/platform objects are all here.*leaving them as they are/);
    expect(await authSchemaState(url)).toEqual(before);
    const extensions = await withClient(url, async (client) =>
      (
        await client.query<{ extname: string }>(
          "select extname from pg_extension where extnamespace = 'extensions'::regnamespace order by 1",
        )
      ).rows.map((row) => row.extname),
    );
    expect(extensions).toEqual(expect.arrayContaining(["pg_trgm", "pgcrypto"]));
  });

  it("refuse an applied migration that was edited afterwards, naming the file", async () => {
    const url = await emptyDatabase();
    const dir = copyOfMigrations();
    await migrate({ connectionString: url, dir });
    const edited = files.find((file) => file.name === "domain") ?? files[files.length - 1]!;
    fs.appendFileSync(
      path.join(dir, edited.file),
      "\ncomment on schema private is 'edited after it was applied';\n",
    );
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(
      new RegExp(`${edited.file}.*changed after it was applied`),
    );
  });

  it("refuse a failing migration, naming it and keeping nothing from it", async () => {
    const url = await emptyDatabase();
    const dir = copyOfMigrations();
    const broken = "29991231000000_broken.sql";
    fs.writeFileSync(
      path.join(dir, broken),
      "create table public.half_done (id int);\nselect * from public.no_such_table;\n",
    );
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(
      new RegExp(`${broken} failed, and nothing from it was applied`),
    );
    await withClient(url, async (client) => {
      const { rows } = await client.query<{ half_done: string | null }>(
        "select to_regclass('public.half_done')::text as half_done",
      );
      expect(rows[0]!.half_done).toBeNull();
    });
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
  });

  it("move people from auth.users to Groundswell's own table, keeping every id, address and reference", async () => {
    const people = "20261205150000_groundswell_people.sql";
    const url = await emptyDatabase();
    await migrate({ connectionString: url, dir: copyOfMigrations(people) });
    const before = await referencesTo(url, "auth.users");
    expect(before.length).toBeGreaterThan(30);

    // Today's schema, with people in auth.users as the built-in sign-in wrote them, and their data.
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const users = await withClient(
        url,
        async (client) =>
          (
            await client.query<{ id: string; email: string | null; is_anonymous: boolean }>(`
          insert into auth.users (email, email_confirmed_at, last_sign_in_at, is_anonymous, deleted_at) values
            ('commissioner@example.test', now(), now(), false, null),
            (null, null, null, true, null),
            ('gone@example.test', now(), null, false, now())
          returning id, email, is_anonymous`)
          ).rows,
      );
      const [commissioner, resident, gone] = users as [
        (typeof users)[number],
        (typeof users)[number],
        (typeof users)[number],
      ];
      const council = await f.createOrganisation(db, { created_by: commissioner.id });
      await f.addMember(db, { organisation_id: council.id, user_id: commissioner.id, role: "admin" });
      const consultation = await f.createConsultation(db, {
        organisation_id: council.id,
        created_by: commissioner.id,
      });
      const need = await f.createNeed(db, {
        consultation_id: consultation.id,
        author_id: resident.id,
        status: "published",
      });
      await f.createSupport(db, {
        need_id: need.id,
        consultation_id: consultation.id,
        user_id: commissioner.id,
      });
      const session = await f.createSession(db, { user_id: resident.id });

      const result = await migrate({ connectionString: url });
      expect(result.applied[0]).toBe(people);

      const moved = await db
        .selectFrom("private.people")
        .select(["id", "email", "is_anonymous", "deleted_at"])
        .orderBy("email")
        .execute();
      expect(moved.map(({ id, email, is_anonymous }) => ({ id, email, is_anonymous }))).toEqual(
        expect.arrayContaining(users.map(({ id, email, is_anonymous }) => ({ id, email, is_anonymous }))),
      );
      expect(moved).toHaveLength(3);
      expect(moved.find((person) => person.id === gone.id)?.deleted_at).not.toBeNull();
      // Every reference that pointed at auth.users points at private.people, and none is left behind (later
      // migrations add references of their own to private.people).
      expect(await referencesTo(url, "private.people")).toEqual(expect.arrayContaining(before));
      expect(await referencesTo(url, "auth.users")).toEqual([]);
      expect(
        (await db.selectFrom("needs").select("author_id").where("id", "=", need.id).executeTakeFirstOrThrow())
          .author_id,
      ).toBe(resident.id);
      expect(
        (
          await db
            .selectFrom("private.sessions")
            .select("user_id")
            .where("id", "=", session.id)
            .executeTakeFirstOrThrow()
        ).user_id,
      ).toBe(resident.id);
      // auth.users is no longer what the data hangs on: a person only there is no author, and deleting a
      // person from private.people takes their membership with them as before.
      const onlyInAuth = await withClient(
        url,
        async (client) =>
          (
            await client.query<{ id: string }>(
              "insert into auth.users (email) values ('elsewhere@example.test') returning id",
            )
          ).rows[0]!.id,
      );
      await expect(
        f.createNeed(db, { consultation_id: consultation.id, author_id: onlyInAuth }),
      ).rejects.toThrow(/foreign key/);
      await db.deleteFrom("memberships").where("user_id", "=", commissioner.id).execute();
      await db.deleteFrom("private.people").where("id", "=", commissioner.id).execute();
      expect(
        (
          await db
            .selectFrom("consultations")
            .select("created_by")
            .where("id", "=", consultation.id)
            .executeTakeFirstOrThrow()
        ).created_by,
      ).toBeNull();
    } finally {
      await db.destroy();
    }
  });

  it("record when consultations already closed, from the audit log, never later than their planned date", async () => {
    const closedAt = "20261206140000_consultation_closed_at.sql";
    const url = await emptyDatabase();
    await migrate({ connectionString: url, dir: copyOfMigrations(closedAt) });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const council = await f.createOrganisation(db);
      const at = (days: number) => f.daysFromNow(days);
      const consultation = (status: "open" | "closed" | "analysing" | "reported", closes: Date) =>
        f.createConsultation(db, {
          organisation_id: council.id,
          status,
          opens_at: at(-200),
          closes_at: closes,
        });
      const closedEarly = await consultation("closed", at(20));
      const closedLate = await consultation("analysing", at(-10));
      const unrecordedPast = await consultation("reported", at(-100));
      const unrecordedEarly = await consultation("closed", at(30));
      const open = await consultation("open", at(30));
      const closing = (consultationId: string, days: number, to = "closed") =>
        f.appendAudit(db, {
          organisation_id: council.id,
          consultation_id: consultationId,
          action: "consultation.status_changed",
          occurred_at: at(days),
          details: { from: "open", to },
        });
      // Closed, reopened, closed again: the last closing is the one that stands.
      await closing(closedEarly.id, -9);
      await closing(closedEarly.id, -5, "open");
      await closing(closedEarly.id, -2);
      await closing(closedLate.id, -5);
      const before = await db.selectFrom("consultations").select(["id", "version", "updated_at"]).execute();

      expect((await migrate({ connectionString: url })).applied[0]).toBe(closedAt);

      const rows = await db
        .selectFrom("consultations")
        .select(["id", "closed_at", "version", "updated_at"])
        .execute();
      const closed = (id: string) => rows.find((row) => row.id === id)!.closed_at;
      expect(closed(closedEarly.id)?.getTime()).toBeCloseTo(at(-2).getTime(), -4);
      expect(closed(closedLate.id)).toEqual(closedLate.closes_at);
      expect(closed(unrecordedPast.id)).toEqual(unrecordedPast.closes_at);
      expect(closed(unrecordedEarly.id)).toEqual(unrecordedEarly.updated_at);
      expect(closed(open.id)).toBeNull();
      // Recording the past is not an edit: no version moves on, no update time changes.
      expect(rows.map(({ id, version, updated_at }) => ({ id, version, updated_at }))).toEqual(
        expect.arrayContaining(before),
      );
    } finally {
      await db.destroy();
    }
  });

  it("leave no function of Groundswell's reading or writing auth.users", async () => {
    const url = await emptyDatabase();
    await migrate({ connectionString: url });
    const functions = await withClient(url, async (client) =>
      (
        await client.query<{ name: string }>(`
        select p.oid::regprocedure::text as name from pg_proc p
         where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
           and p.prosrc ~* 'auth[."]+users'`)
      ).rows.map((row) => row.name),
    );
    expect(functions).toEqual([]);
  });
});
