// Logical backups: the embedded server ships no pg_dump, so we copy every table ourselves.
//
// A backup is gzipped JSON lines:
//   1. a header: format, migration version, the tables with their columns, the identity sequences;
//   2. per table, a line {"table": "schema.name", "columns": [...]} then one JSON array per row;
//   3. a trailer {"end": true, "rows": {table: count}}, so a truncated file is refused, not half-loaded.
// Every value travels as PostgreSQL's own text form (`value::text`) and is read back with a cast to the
// column's type, as pg_dump's COPY does: bytea, arrays, jsonb, numeric, inet and timestamptz come back exactly.
// Generated columns (the tsvector search columns) are left out and recomputed by the database on load.
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import zlib from "node:zlib";
import pg from "pg";
import { EMBEDDED_DATABASE, readSecrets, startEmbeddedPostgres } from "~/db/embedded.server";
import { migrate, migrationsDir, readMigrations } from "~/db/migrate.server";

export const BACKUP_FORMAT = "groundswell-backup";
export const BACKUP_FORMAT_VERSION = 1;

/** A backup or restore refused for a reason the operator can act on (exit code 2 in the CLIs). */
export class BackupRefusedError extends Error {}

export interface BackupColumn {
  name: string;
  type: string;
}

export interface BackupTable {
  table: string;
  columns: BackupColumn[];
}

export interface BackupSequence {
  sequence: string;
  table: string;
  column: string;
  lastValue: string | null;
  isCalled: boolean;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  migration: string;
  createdAt: string;
  postgres: string;
  tables: BackupTable[];
  sequences: BackupSequence[];
}

export interface BackupSummary {
  migration: string;
  rows: Record<string, number>;
  totalRows: number;
}

/** The schemas the app's migrations create tables in. */
const APP_SCHEMAS = ["public", "private"];
/**
 * Until this migration the app kept its people in auth.users, so a backup of an older schema holds that
 * table too, and restoring one loads it before the migration copies it into private.people. From it on,
 * auth belongs to the identity service alone and is never backed up or restored.
 */
const PEOPLE_MIGRATION = "20261205150000";
const withAuthUsers = (migration: string) => migration < PEOPLE_MIGRATION;

// Settings that make the text form of every value unambiguous whatever the server's defaults are.
const STABLE_TEXT_SETTINGS = [
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local timezone = 'UTC'",
  "set local extra_float_digits = 3",
  "set local bytea_output = 'hex'",
];

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteTable(qualified: string): string {
  const [schema, name] = splitTable(qualified);
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function splitTable(qualified: string): [string, string] {
  const dot = qualified.indexOf(".");
  return [qualified.slice(0, dot), qualified.slice(dot + 1)];
}

interface CatalogColumn {
  name: string;
  type: string;
  generated: boolean;
  identity: "" | "a" | "d";
}

interface CatalogTable {
  table: string;
  oid: number;
  columns: CatalogColumn[];
}

/**
 * Tables whose rows the migrations themselves write (the actions the audit log records): a restore's migrations
 * write them again, so they are neither backed up nor counted when a target must be empty.
 */
const MIGRATION_DATA_TABLES = ["private.audit_actions"];

/**
 * The app's tables (extension-owned tables and MIGRATION_DATA_TABLES excluded), with every column and how it
 * is generated; with `authUsers`, auth.users as well (schemas from before PEOPLE_MIGRATION).
 */
export async function listAppTables(
  client: pg.ClientBase,
  { authUsers = false } = {},
): Promise<CatalogTable[]> {
  const { rows } = await client.query<{ table: string; oid: number; columns: CatalogColumn[] }>(
    `select n.nspname || '.' || c.relname as table, c.oid::int as oid,
            (select json_agg(json_build_object(
                      'name', a.attname,
                      'type', format_type(a.atttypid, a.atttypmod),
                      'generated', a.attgenerated <> '',
                      'identity', a.attidentity) order by a.attnum)
               from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition
        and (n.nspname = any($1) or ($2 and n.nspname = 'auth' and c.relname = 'users'))
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        and n.nspname || '.' || c.relname <> all ($3)
      order by n.nspname, c.relname`,
    [APP_SCHEMAS, authUsers, MIGRATION_DATA_TABLES],
  );
  return rows;
}

async function listSequences(client: pg.ClientBase, tables: CatalogTable[]): Promise<BackupSequence[]> {
  const { rows } = await client.query<{ sequence: string; table: string; column: string }>(
    `select sn.nspname || '.' || s.relname as sequence, tn.nspname || '.' || t.relname as table, a.attname as column
       from pg_class s
       join pg_namespace sn on sn.oid = s.relnamespace
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
                       and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       join pg_class t on t.oid = d.refobjid
       join pg_namespace tn on tn.oid = t.relnamespace
       join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S' and t.oid = any($1::oid[])
      order by 1`,
    [tables.map((table) => table.oid)],
  );
  const sequences: BackupSequence[] = [];
  for (const row of rows) {
    const { rows: state } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text as last_value, is_called from ${quoteTable(row.sequence)}`,
    );
    sequences.push({
      ...row,
      lastValue: state[0]?.last_value ?? null,
      isCalled: state[0]?.is_called ?? false,
    });
  }
  return sequences;
}

async function recordedMigration(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ exists: boolean }>(
    "select to_regclass('supabase_migrations.schema_migrations') is not null as exists",
  );
  if (!rows[0]!.exists) return null;
  const { rows: versions } = await client.query<{ version: string | null }>(
    "select max(version) as version from supabase_migrations.schema_migrations",
  );
  return versions[0]?.version ?? null;
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, "drain");
}

/**
 * Copies every app table in one REPEATABLE READ, read-only transaction, so the backup is one consistent
 * moment even while the app keeps taking needs. The connection must see every row: a superuser or a role
 * that bypasses row-level security (with row_security off, PostgreSQL refuses rather than filters).
 */
export async function writeBackup({
  client,
  out,
}: {
  client: pg.ClientBase;
  out: Writable;
}): Promise<BackupSummary> {
  await client.query("begin isolation level repeatable read read only");
  try {
    await client.query("set local row_security = off");
    for (const setting of STABLE_TEXT_SETTINGS) await client.query(setting);
    const migration = await recordedMigration(client);
    if (!migration) {
      throw new BackupRefusedError(
        "This database has no recorded migrations (supabase_migrations.schema_migrations): it is not a Groundswell database.",
      );
    }
    const tables = await listAppTables(client, { authUsers: withAuthUsers(migration) });
    const sequences = await listSequences(client, tables);
    const { rows: version } = await client.query<{ server_version: string }>("show server_version");
    const dumped: BackupTable[] = tables.map((table) => ({
      table: table.table,
      columns: table.columns.filter((column) => !column.generated).map(({ name, type }) => ({ name, type })),
    }));
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      migration,
      createdAt: new Date().toISOString(),
      postgres: version[0]!.server_version,
      tables: dumped,
      sequences,
    };
    await write(out, JSON.stringify(header));

    const counts: Record<string, number> = {};
    for (const table of dumped) {
      await write(
        out,
        JSON.stringify({ table: table.table, columns: table.columns.map((column) => column.name) }),
      );
      const select = table.columns.map((column) => `${quoteIdent(column.name)}::text`).join(", ");
      await client.query(
        `declare backup_rows no scroll cursor for select ${select} from ${quoteTable(table.table)}`,
      );
      // Photos can be megabytes each: fetch them a few at a time.
      const batch = table.columns.some((column) => column.type === "bytea") ? 8 : 1_000;
      let count = 0;
      for (;;) {
        const { rows } = await client.query<string[]>({
          text: `fetch ${batch} from backup_rows`,
          rowMode: "array",
        });
        for (const row of rows) await write(out, JSON.stringify(row));
        count += rows.length;
        if (rows.length < batch) break;
      }
      await client.query("close backup_rows");
      counts[table.table] = count;
    }
    await write(out, JSON.stringify({ end: true, rows: counts }));
    await client.query("commit");
    return { migration, rows: counts, totalRows: Object.values(counts).reduce((sum, n) => sum + n, 0) };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    if (error instanceof Error && /row-level security/i.test(error.message)) {
      throw new BackupRefusedError(
        `The backup connection cannot read every row (${error.message}). Connect as a superuser or a role with BYPASSRLS, ` +
          `such as postgres via MIGRATION_DATABASE_URL, not as groundswell_app.`,
      );
    }
    throw error;
  }
}

/** Writes a gzipped backup to `file` (via a temporary name, so a failed backup never looks complete). */
export async function backupToFile({
  connectionString,
  file,
}: {
  connectionString: string;
  file: string;
}): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fileStream = fs.createWriteStream(partial, { mode: 0o600 });
  const gzip = zlib.createGzip();
  gzip.pipe(fileStream);
  const client = new pg.Client({ connectionString, application_name: "groundswell-backup" });
  await client.connect();
  try {
    const summary = await writeBackup({ client, out: gzip });
    gzip.end();
    await once(fileStream, "close");
    const fd = fs.openSync(partial, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    return summary;
  } catch (error) {
    gzip.destroy();
    fileStream.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Reads a backup line by line, gzipped or not. */
async function* backupLines(input: Readable): AsyncGenerator<unknown> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line === "") continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      throw new BackupRefusedError(`The backup is damaged: line ${number} is not valid JSON.`);
    }
  }
}

function openBackup(file: string): Readable {
  if (!fs.existsSync(file)) throw new BackupRefusedError(`There is no backup file at ${file}.`);
  const fd = fs.openSync(file, "r");
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const stream = fs.createReadStream(file);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return stream;
  const gunzip = zlib.createGunzip();
  stream.on("error", (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}

function isHeader(value: unknown): value is BackupHeader {
  const header = value as Partial<BackupHeader> | null;
  return (
    typeof header === "object" &&
    header !== null &&
    header.format === BACKUP_FORMAT &&
    typeof header.migration === "string" &&
    Array.isArray(header.tables) &&
    Array.isArray(header.sequences)
  );
}

async function appTablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const tables = await listAppTables(client);
  const filled: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ filled: boolean }>(
      `select exists (select 1 from ${quoteTable(table.table)}) as filled`,
    );
    if (rows[0]!.filled) filled.push(table.table);
  }
  return filled;
}

/** Applies only the migrations up to `version`: the schema the backup was taken from. */
async function migrateTo(connectionString: string, version: string, log: (line: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-restore-migrations-"));
  try {
    for (const migration of readMigrations()) {
      if (migration.version <= version)
        fs.copyFileSync(path.join(migrationsDir, migration.file), path.join(dir, migration.file));
    }
    await migrate({ connectionString, dir, log });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface RestoreSummary {
  migration: string;
  rows: Record<string, number>;
  totalRows: number;
  /** Migrations newer than the backup, applied after loading it. */
  appliedAfter: string[];
}

// Bind parameters per INSERT stay under PostgreSQL's 65,535; bytes per INSERT stay modest for photos.
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Loads a backup into an empty database: applies the migrations up to the backup's version, loads every
 * row in one transaction with triggers and foreign-key checks off (session_replication_role = replica, so
 * counters are not counted twice and timestamps the triggers set keep their recorded values), restores the
 * identity sequences, then applies any newer migrations. Needs a superuser connection.
 */
export async function restoreFromFile({
  connectionString,
  file,
  log = () => undefined,
}: {
  connectionString: string;
  file: string;
  log?: (line: string) => void;
}): Promise<RestoreSummary> {
  const input = openBackup(file);
  const lines = backupLines(input);
  const client = new pg.Client({ connectionString, application_name: "groundswell-restore" });
  let connected = false;
  try {
    const first = await lines.next();
    if (first.done || !isHeader(first.value)) {
      throw new BackupRefusedError(
        `${file} is not a Groundswell backup (its first line is not a backup header).`,
      );
    }
    const header = first.value;
    if (header.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupRefusedError(
        `${file} is in backup format ${header.formatVersion}; this version of Groundswell reads format ${BACKUP_FORMAT_VERSION} and older. Update Groundswell first.`,
      );
    }
    const known = readMigrations();
    const latest = known.at(-1)?.version ?? "";
    if (header.migration > latest) {
      throw new BackupRefusedError(
        `The backup was made by a newer version of Groundswell (migration ${header.migration}); this code knows migrations up to ${latest}. ` +
          `Restore it with the code it was made by, or a later one.`,
      );
    }
    if (!known.some((migration) => migration.version === header.migration)) {
      throw new BackupRefusedError(
        `The backup records migration ${header.migration}, which is not in supabase/migrations, so its schema cannot be rebuilt.`,
      );
    }

    await client.connect();
    connected = true;
    const { rows: role } = await client.query<{ rolsuper: boolean }>(
      "select rolsuper from pg_roles where rolname = current_user",
    );
    if (!role[0]?.rolsuper) {
      throw new BackupRefusedError(
        "Restoring needs a superuser connection (it loads rows with triggers off). Use MIGRATION_DATABASE_URL as postgres, or the embedded server.",
      );
    }
    const present = await recordedMigration(client);
    if (present && present > header.migration) {
      throw new BackupRefusedError(
        `The target database is already migrated to ${present}, past the backup's ${header.migration}. Restore into a new, empty database.`,
      );
    }
    const filled = await appTablesWithRows(client);
    if (filled.length > 0) {
      throw new BackupRefusedError(
        `The target database is not empty (${filled.slice(0, 3).join(", ")}${filled.length > 3 ? ", …" : ""} ${filled.length === 1 ? "has" : "have"} rows). ` +
          `Restore into a new, empty database: nothing was changed.`,
      );
    }

    await migrateTo(connectionString, header.migration, log);
    const target = new Map(
      (await listAppTables(client, { authUsers: withAuthUsers(header.migration) })).map((table) => [
        table.table,
        table,
      ]),
    );

    const counts: Record<string, number> = {};
    let ended: { rows: Record<string, number> } | null = null;
    await client.query("begin");
    try {
      await client.query("set local session_replication_role = replica");
      for (const setting of STABLE_TEXT_SETTINGS) await client.query(setting);

      let current: ReturnType<typeof inserterFor> | null = null;
      let pending: (string | null)[][] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (current && pending.length) await current.insert(pending);
        pending = [];
        pendingBytes = 0;
      };
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const value = next.value;
        if (Array.isArray(value)) {
          if (!current) throw new BackupRefusedError("The backup is damaged: a row comes before any table.");
          if (value.length !== current.columns) {
            throw new BackupRefusedError(
              `The backup is damaged: a row of ${current.table} has ${value.length} values, not ${current.columns}.`,
            );
          }
          pending.push(value as (string | null)[]);
          for (const cell of value) pendingBytes += typeof cell === "string" ? cell.length : 0;
          counts[current.table] = (counts[current.table] ?? 0) + 1;
          if ((pending.length + 1) * current.columns > MAX_PARAMETERS || pendingBytes > MAX_BATCH_BYTES)
            await flush();
          continue;
        }
        const section = value as {
          table?: string;
          columns?: string[];
          end?: boolean;
          rows?: Record<string, number>;
        };
        await flush();
        if (section.end) {
          ended = { rows: section.rows ?? {} };
          break;
        }
        if (typeof section.table !== "string" || !Array.isArray(section.columns)) {
          throw new BackupRefusedError("The backup is damaged: an unexpected line between tables.");
        }
        const table = target.get(section.table);
        if (!table) {
          throw new BackupRefusedError(
            `The backup has a table ${section.table} that the schema at migration ${header.migration} does not have.`,
          );
        }
        current = inserterFor(client, table, section.columns);
        counts[section.table] = 0;
      }
      if (!ended) {
        throw new BackupRefusedError(
          "The backup is incomplete (it has no end marker): it was cut short. Nothing was loaded.",
        );
      }
      for (const [table, expected] of Object.entries(ended.rows)) {
        if ((counts[table] ?? 0) !== expected) {
          throw new BackupRefusedError(
            `The backup is damaged: ${table} should have ${expected} rows, it has ${counts[table] ?? 0}.`,
          );
        }
      }
      for (const sequence of header.sequences) {
        if (sequence.lastValue === null) continue;
        await client.query("select setval($1::regclass, $2::bigint, $3)", [
          quoteTable(sequence.sequence),
          sequence.lastValue,
          sequence.isCalled,
        ]);
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    }

    const after = await migrate({ connectionString, log });
    return {
      migration: header.migration,
      rows: counts,
      totalRows: Object.values(counts).reduce((sum, n) => sum + n, 0),
      appliedAfter: after.applied,
    };
  } finally {
    input.destroy();
    if (connected) await client.end().catch(() => undefined);
  }
}

function inserterFor(client: pg.ClientBase, table: CatalogTable, columns: string[]) {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  const types = columns.map((name) => {
    const column = byName.get(name);
    if (!column)
      throw new BackupRefusedError(
        `The backup has a column ${table.table}.${name} that the schema does not have.`,
      );
    if (column.generated)
      throw new BackupRefusedError(`The backup has a value for the generated column ${table.table}.${name}.`);
    return column.type;
  });
  const overriding = columns.some((name) => byName.get(name)!.identity === "a")
    ? " overriding system value"
    : "";
  const into = `insert into ${quoteTable(table.table)} (${columns.map(quoteIdent).join(", ")})${overriding} values `;
  return {
    table: table.table,
    columns: columns.length,
    async insert(rows: (string | null)[][]) {
      const values = rows.map(
        (_, r) => `(${types.map((type, c) => `$${r * columns.length + c + 1}::${type}`).join(", ")})`,
      );
      await client.query(into + values.join(", "), rows.flat());
    },
  };
}

// Connections for the command-line tools ---------------------------------------------------------------

export interface MaintenanceConnection {
  connectionString: string;
  /** How the connection was found, for the operator. */
  description: string;
  close(): Promise<void>;
}

function runningEmbeddedPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isFinite(pid) || !Number.isFinite(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  return port;
}

/**
 * MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded server of DATA_DIR. A backup may read the
 * embedded server while the app runs; a restore starts the server itself and so needs the app stopped
 * (startEmbeddedPostgres refuses while an app holds the folder).
 */
export async function openMaintenanceConnection({
  env,
  purpose,
  log,
}: {
  env: NodeJS.ProcessEnv;
  purpose: "backup" | "restore";
  log: (line: string) => void;
}): Promise<MaintenanceConnection> {
  const url = env.MIGRATION_DATABASE_URL?.trim() || env.DATABASE_URL?.trim();
  if (url) {
    const which = env.MIGRATION_DATABASE_URL?.trim() ? "MIGRATION_DATABASE_URL" : "DATABASE_URL";
    return { connectionString: url, description: which, close: async () => undefined };
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || ".data");
  const clusterExists = fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"));
  if (purpose === "backup" && !clusterExists) {
    throw new BackupRefusedError(
      `There is no embedded database in ${dataDir}. Set DATA_DIR, or MIGRATION_DATABASE_URL for another server.`,
    );
  }
  const runningPort = purpose === "backup" ? runningEmbeddedPort(dataDir) : null;
  if (runningPort) {
    const password = readSecrets(dataDir).superuserPassword;
    return {
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${runningPort}/${EMBEDDED_DATABASE}`,
      description: `the running embedded database in ${dataDir}`,
      close: async () => undefined,
    };
  }
  const server = await startEmbeddedPostgres({ dataDir, lockForApp: true, log });
  try {
    const maintenance = new pg.Client({ connectionString: server.superuserUrl() });
    await maintenance.connect();
    try {
      const { rowCount } = await maintenance.query("select 1 from pg_database where datname = $1", [
        EMBEDDED_DATABASE,
      ]);
      if (!rowCount) {
        if (purpose === "backup")
          throw new BackupRefusedError(
            `The embedded server in ${dataDir} has no ${EMBEDDED_DATABASE} database.`,
          );
        await maintenance.query(`create database ${quoteIdent(EMBEDDED_DATABASE)}`);
      }
    } finally {
      await maintenance.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    connectionString: server.superuserUrl(EMBEDDED_DATABASE),
    description: `the embedded database in ${dataDir}`,
    close: () => server.stop(),
  };
}
