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

async function needsParityBootstrap(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ ready: boolean }>(`
    select to_regprocedure('auth.uid()') is not null
       and to_regprocedure('auth.email()') is not null
       and to_regclass('auth.users') is not null
       and (select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) = 3
       and exists (select from pg_extension where extname = 'pg_trgm') as ready`);
  return !rows[0]!.ready;
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
    let bootstrapped = false;
    if (await needsParityBootstrap(client)) {
      log("Creating the Supabase roles and auth schema this server lacks.");
      await client.query("begin");
      await client.query(fs.readFileSync(bootstrapFile, "utf8"));
      await client.query("commit");
      bootstrapped = true;
    }
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
