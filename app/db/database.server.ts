import { AsyncLocalStorage } from "node:async_hooks";
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type Transaction,
  type TransactionSettings,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// count(*) and bigserial ids arrive as int8; every such value here fits a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** The JWT claims a request carries into Postgres, shaped as Supabase Auth issues them. */
export type Claims =
  | { role: "anon" }
  | {
      role: "authenticated";
      aud: "authenticated";
      sub: string;
      email: string | null;
      is_anonymous: boolean;
      session_id?: string;
    }
  | { role: "service_role" };

export const anonClaims: Claims = { role: "anon" };
const switchableRoles = new Set(["anon", "authenticated", "service_role"]);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * How long a request may queue for a pooled connection while every connection is busy. A busy pool is
 * not a lost database: under a burst the app answers slowly rather than shedding requests, up to about
 * the time a person waits for a page; past it the request gets the 503 page with Retry-After.
 */
export const POOL_WAIT_MS = 30_000;
/**
 * How long opening one new connection may take. A database that is down refuses at once (ECONNREFUSED);
 * one that does not answer at all counts as unreachable after this, so a lost database fails fast.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The claims statement asRequest wants at the start of its transaction. The dialect below sends it in the
 * same round trip as `begin` (one simple-protocol query), so a request's transaction costs one round trip
 * fewer; any other dialect (a test's superuser Kysely) runs it as the transaction's first statement.
 */
// Kept on globalThis: the server (run by tsx) and the Remix build each load their own copy of this module,
// and the build's routes call asRequest on the pool the server's copy made.
const pendingClaims = ((globalThis as Record<symbol, unknown>)[Symbol.for("groundswell.pendingClaims")] ??=
  new AsyncLocalStorage()) as AsyncLocalStorage<{ statement: string | null }>;

class ClaimsDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const pending = pendingClaims.getStore();
    if (!pending?.statement || settings.isolationLevel || settings.accessMode)
      return super.beginTransaction(connection, settings);
    const statement = pending.statement;
    pending.statement = null;
    await connection.executeQuery(CompiledQuery.raw(`begin; ${statement}`));
  }
}

class ClaimsDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ClaimsDriver(this.settings);
  }
}

/** Each connection's pool, for readInOneTrip. */
const pools = new WeakMap<Db, pg.Pool>();

export function connect(options: {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /** Longest wait for a busy pool's connection (POOL_WAIT_MS). */
  poolWaitMs?: number;
  /** Longest time to open one connection (CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
}): DatabaseHandle {
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  // pg-pool uses one setting both for queueing behind busy clients and for opening a client; each client
  // keeps its own, shorter, connect timeout so the two cases differ (see POOL_WAIT_MS, CONNECT_TIMEOUT_MS).
  class QuickConnectClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.poolWaitMs ?? POOL_WAIT_MS,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? "groundswell",
    Client: QuickConnectClient,
  });
  // A dropped connection (database restarting) must not crash the app; the pool replaces the client.
  pool.on("error", () => undefined);
  // The pool listens for errors only on idle clients. A client lent to a transaction that is between two
  // queries when the server goes away would emit an unheard 'error' and end the process; its next query
  // fails instead (and asRequest answers 503), and the pool discards it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Database>({ dialect: new ClaimsDialect({ pool }) });
  pools.set(db, pool);
  return { db, pool, close: () => db.destroy() };
}

/**
 * Runs one request's queries in one transaction as PostgREST does: switch to the request's role and
 * publish its claims for auth.uid() and the row-level security policies. Both settings are local to the
 * transaction, so they are safe behind a transaction-mode pooler and never leak to the next request.
 */
export async function asRequest<T>(db: Db, claims: Claims, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!switchableRoles.has(claims.role)) throw new Error(`Refusing to switch to role ${claims.role}`);
  const claimsJson = JSON.stringify(claims);
  // Literals rather than parameters: the statement travels with `begin` in one simple-protocol query.
  const pending: { statement: string | null } = {
    statement: `select set_config('role', ${pg.escapeLiteral(claims.role)}, true), set_config('request.jwt.claims', ${pg.escapeLiteral(claimsJson)}, true)`,
  };
  try {
    return await pendingClaims.run(pending, () =>
      db.transaction().execute(async (tx) => {
        if (pending.statement) {
          pending.statement = null;
          await sql`select set_config('role', ${claims.role}, true), set_config('request.jwt.claims', ${claimsJson}, true)`.execute(
            tx,
          );
        }
        return work(tx);
      }),
    );
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new Response("The database is unavailable", { status: 503, headers: { "Retry-After": "10" } });
    }
    throw error;
  }
}

const unavailableCodes = new Set([
  "ECONNREFUSED",
  // A Unix-socket DATABASE_URL whose server is down: the socket file is gone.
  "ENOENT",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** True when the error means "cannot reach the database", as opposed to a fault in the query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && unavailableCodes.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|timeout expired|connect ECONNREFUSED|not queryable/i.test(
    error.message,
  );
}

/**
 * One statement as the request's role, in one round trip instead of asRequest's three (begin, the statement,
 * commit): the claims and the statement travel as one simple-protocol message, which PostgreSQL runs as one
 * transaction, so the claims are as local to it as asRequest's (safe behind a transaction-mode pooler). For
 * the few reads on every request of a shared page (the session, a resident's own part of the page). The
 * statement's parameters are sent as quoted literals, so only plain values are taken.
 */
export async function readInOneTrip<R>(db: Db, claims: Claims, compiled: CompiledQuery<R>): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return asRequest(db, claims, async (tx) => (await tx.executeQuery(compiled)).rows);
  if (!switchableRoles.has(claims.role)) throw new Error(`Refusing to switch to role ${claims.role}`);
  const statement = compiled.sql.replace(/\$(\d+)/g, (_, index: string) =>
    literal(compiled.parameters[Number(index) - 1]),
  );
  const claimsSql = `select set_config('role', ${pg.escapeLiteral(claims.role)}, true), set_config('request.jwt.claims', ${pg.escapeLiteral(JSON.stringify(claims))}, true)`;
  try {
    const results = (await pool.query(`${claimsSql}; ${statement}`)) as unknown as pg.QueryResult[];
    return results[1]!.rows as R[];
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new Response("The database is unavailable", { status: 503, headers: { "Retry-After": "10" } });
    }
    throw error;
  }
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return pg.escapeLiteral(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return `array[${value.map(literal).join(", ")}]`;
  throw new Error(`readInOneTrip takes plain values only, not ${typeof value}`);
}

/** Only migrations, seeding, the identity service and named background jobs run as the service role. */
export function asService<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return asRequest(db, { role: "service_role" }, work);
}

export class UnsafeDatabaseRoleError extends Error {}

/**
 * The app must log in as a role like PostgREST's authenticator: no superuser, no RLS bypass, NOINHERIT,
 * and able to switch only to the three request roles. Anything else would let a bug skip row-level security.
 */
export async function checkAppRole(db: Db): Promise<{ role: string }> {
  const { rows } = await sql<{
    role: string;
    rolsuper: boolean;
    rolinherit: boolean;
    rolbypassrls: boolean;
    switchable: string[];
    owns: number;
  }>`
    select r.rolname as role, r.rolsuper, r.rolinherit, r.rolbypassrls,
      array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
            where m.member = r.oid order by 1) as switchable,
      (select count(*)::int from pg_class c where c.relowner = r.oid)
        + (select count(*)::int from pg_namespace n where n.nspowner = r.oid) as owns
    from pg_roles r where r.rolname = current_user`.execute(db);
  const row = rows[0];
  if (!row) throw new UnsafeDatabaseRoleError("Could not read the database role the app logged in as.");
  const problems: string[] = [];
  if (row.rolsuper) problems.push("it is a superuser");
  if (row.rolbypassrls) problems.push("it bypasses row-level security");
  if (row.rolinherit) problems.push("it inherits privileges (it must be NOINHERIT)");
  if (row.owns > 0) problems.push("it owns tables or schemas");
  const unexpected = row.switchable.filter((role) => !switchableRoles.has(role));
  if (unexpected.length) problems.push(`it can switch to ${unexpected.join(", ")}`);
  const missing = [...switchableRoles].filter((role) => !row.switchable.includes(role));
  if (missing.length) problems.push(`it cannot switch to ${missing.join(", ")}`);
  if (problems.length) {
    throw new UnsafeDatabaseRoleError(
      `Refusing to run as the database role "${row.role}": ${problems.join("; ")}. ` +
        `Connect as groundswell_app (see README, "Deploying on Supabase").`,
    );
  }
  return { role: row.role };
}

export async function databaseIsUp(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
