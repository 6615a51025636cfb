import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const migrationsDir = path.join(projectRoot, "supabase", "migrations");
const bootstrapFile = path.join(projectRoot, "supabase", "parity", "bootstrap.sql");

// Any constant works; it only has to be the same for every instance of the app and the CLI.
const MIGRATION_LOCK = 7_260_115_301;

export class MigrationError extends Error {}

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = /^(\d+)_([\w-]+)\.sql$/.exec(file)!;
      return { version: version!, name: name!, file, sql: fs.readFileSync(path.join(dir, file), "utf8") };
    });
}

/**
 * The Supabase CLI records each migration as an array of statements; we record the whole file as one.
 * Comparing without white space and semicolons treats both ways of recording as the same text.
 */
function fingerprint(statements: string[]): string {
  return statements.join("").replace(/[\s;]+/g, "");
}

/**
 * Supabase's platform objects that the migrations rely on, each with the test for its presence. On Supabase they
 * all exist and belong to the platform (auth to supabase_auth_admin, and `postgres` may not create in schema
 * auth), so the migrator must not try to create any of them there. Extensions are not among them: the migrations
 * create the ones they use themselves (`create extension if not exists … with schema extensions`).
 */
const platformObjects: { name: string; present: string }[] = [
  ...["anon", "authenticated", "service_role"].map((role) => ({
    name: `role ${role}`,
    present: `exists (select from pg_roles where rolname = '${role}')`,
  })),
  { name: "schema extensions", present: "to_regnamespace('extensions') is not null" },
  { name: "schema auth", present: "to_regnamespace('auth') is not null" },
  { name: "table auth.users", present: "to_regclass('auth.users') is not null" },
  ...["uid", "role", "email", "jwt"].map((fn) => ({
    name: `function auth.${fn}()`,
    present: `to_regprocedure('auth.${fn}()') is not null`,
  })),
];

/** The names of the platform objects this database lacks, in the order the parity bootstrap creates them. */
async function missingPlatformObjects(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<Record<string, boolean>>(
    `select ${platformObjects.map((object, i) => `${object.present} as present_${i}`).join(", ")}`,
  );
  return platformObjects.filter((_, i) => !rows[0]![`present_${i}`]).map((object) => object.name);
}

/**
 * Creates, from the parity bootstrap, the platform objects a plain PostgreSQL lacks. The bootstrap checks each
 * object before creating it, because PostgreSQL checks the privilege to create in a schema before it looks at
 * "if not exists": a statement for an object that already exists in someone else's schema would fail.
 */
async function ensurePlatformObjects(client: pg.Client, log: (line: string) => void): Promise<boolean> {
  const missing = await missingPlatformObjects(client);
  if (missing.length === 0) {
    log(
      "Supabase's platform objects are all here (roles anon, authenticated, service_role; schemas auth and " +
        "extensions; auth.users, auth.uid(), auth.role(), auth.email(), auth.jwt()): leaving them as they are.",
    );
    return false;
  }
  log(
    `This server lacks Supabase's ${missing.join(", ")}: creating them from supabase/parity/bootstrap.sql.`,
  );
  try {
    await client.query("begin");
    await client.query(fs.readFileSync(bootstrapFile, "utf8"));
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw new MigrationError(
      `Could not create the Supabase platform objects this server lacks (${missing.join(", ")}), and no ` +
        `migration was applied: ${(error as Error).message}`,
    );
  }
  return true;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  bootstrapped: boolean;
}

export async function migrate(options: {
  connectionString: string;
  dir?: string;
  log?: (line: string) => void;
}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const files = readMigrations(options.dir);
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const bootstrapped = await ensurePlatformObjects(client, log);
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text)`);
    const { rows } = await client.query<{ version: string; statements: string[] | null }>(
      "select version, statements from supabase_migrations.schema_migrations order by version",
    );
    const recorded = new Map(rows.map((row) => [row.version, row.statements ?? []]));
    const known = new Set(files.map((file) => file.version));
    for (const version of recorded.keys()) {
      if (!known.has(version)) {
        throw new MigrationError(
          `The database records migration ${version}, which is not in supabase/migrations. ` +
            `Restore that file, or point the app at the database this code belongs to.`,
        );
      }
    }
    const applied: string[] = [];
    for (const migration of files) {
      const previous = recorded.get(migration.version);
      if (previous) {
        if (fingerprint(previous) !== fingerprint([migration.sql])) {
          throw new MigrationError(
            `Migration ${migration.file} was changed after it was applied. Applied migrations must not be ` +
              `edited: put the change in a new migration file and restore this one.`,
          );
        }
        continue;
      }
      try {
        await client.query("begin");
        await client.query(migration.sql);
        await client.query(
          "insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)",
          [migration.version, [migration.sql], migration.name],
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw new MigrationError(
          `Migration ${migration.file} failed, and nothing from it was applied: ${(error as Error).message}`,
        );
      }
      log(`Applied migration ${migration.file}`);
      applied.push(migration.file);
    }
    return { applied, alreadyApplied: files.length - applied.length, bootstrapped };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export async function latestAppliedVersion(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ version: string | null }>(
    "select max(version) as version from supabase_migrations.schema_migrations",
  );
  return rows[0]?.version ?? null;
}
