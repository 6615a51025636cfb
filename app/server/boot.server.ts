import pg from "pg";
import { asService, checkAppRole, connect, type DatabaseHandle } from "~/db/database.server";
import {
  EMBEDDED_DATABASE,
  keptSecret,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from "~/db/embedded.server";
import { migrate } from "~/db/migrate.server";
import type { Env } from "~/env.server";
import { seedReportedDemo } from "~/platform/demo-report.server";
import { seedDemo } from "~/platform/demo-seed.server";

export interface Booted {
  database: DatabaseHandle;
  /** READ_DATABASE_URL's pool, when set: a read replica for reads that may be a moment old. */
  readDatabase?: DatabaseHandle;
  /** The app role's connection string (the page cache listens on it). */
  connectionString: string;
  secret: string;
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

async function ensureDatabase(superuserUrl: string, name: string) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

async function setAppRolePassword(superuserUrl: string, password: string) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`alter role groundswell_app login password '${password.replace(/'/g, "''")}'`);
  } finally {
    await client.end();
  }
}

/**
 * Embedded mode (no DATABASE_URL): start our own PostgreSQL 17, migrate it and seed the demo.
 * Otherwise connect to DATABASE_URL as the app role; migrations are `npm run migrate`'s job there.
 */
export async function boot(env: Env, log: (line: string) => void): Promise<Booted> {
  let embedded: EmbeddedPostgres | undefined;
  let connectionString: string;
  let secret: string;
  let seed = env.SEED_DEMO;
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dataDir: env.DATA_DIR,
      port: env.EMBEDDED_PG_PORT,
      lockForApp: true,
      log,
    });
    try {
      const superuserUrl = embedded.superuserUrl(EMBEDDED_DATABASE);
      await ensureDatabase(embedded.superuserUrl(), EMBEDDED_DATABASE);
      await migrate({ connectionString: superuserUrl, log });
      const appPassword = keptSecret(embedded.dataDir, "appRolePassword");
      await setAppRolePassword(superuserUrl, appPassword);
      connectionString = `postgres://groundswell_app:${encodeURIComponent(appPassword)}@127.0.0.1:${embedded.port}/${EMBEDDED_DATABASE}`;
      secret = env.SESSION_SECRET ?? keptSecret(embedded.dataDir, "sessionSecret");
      seed = true;
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  } else {
    if (!env.SESSION_SECRET) {
      throw new Error("SESSION_SECRET must be set (32 characters or more) when DATABASE_URL is set.");
    }
    // Links in emails, the API document and open data are absolute: on a server others reach, they come from
    // APP_URL, never from a request's Host header. Only a server on this machine alone may go without it.
    if (env.NODE_ENV === "production" && !env.APP_URL && !isLoopback(env.HOST)) {
      throw new Error(
        `APP_URL must be set in production when DATABASE_URL is set and the server listens on ${env.HOST}: the ` +
          "address people use, like https://needs.example.gov.uk. Links in emails, the API document and open " +
          "data are written from it, never from a request's Host header.",
      );
    }
    connectionString = env.DATABASE_URL;
    secret = env.SESSION_SECRET;
  }
  const database = connect({ connectionString, max: env.DB_POOL_MAX });
  const readDatabase = env.READ_DATABASE_URL
    ? connect({ connectionString: env.READ_DATABASE_URL, max: env.DB_POOL_MAX })
    : undefined;
  try {
    await checkAppRole(database.db);
    // The replica must hold the same role, as a physical copy of the primary does: the same checks apply.
    if (readDatabase) await checkAppRole(readDatabase.db);
    if (seed) {
      const seeded = await asService(database.db, (tx) => seedDemo(tx));
      if (seeded.created) log(`Seeded the demo: ${seeded.summary}`);
      // The reported consultation goes through the workspace's own models, each step in its own transaction.
      const reported = await seedReportedDemo(database.db);
      if (reported.created) log(`Seeded the demo: ${reported.summary}`);
    }
  } catch (error) {
    await database.close();
    await readDatabase?.close();
    await embedded?.stop();
    throw error;
  }
  return {
    database,
    readDatabase,
    connectionString,
    secret,
    embedded,
    async stop() {
      await database.close();
      await readDatabase?.close();
      await embedded?.stop();
    },
  };
}

/** An address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
