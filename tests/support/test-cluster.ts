import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "~/db/embedded.server";
import { migrate } from "~/db/migrate.server";

/**
 * One PostgreSQL server for a whole test run, with a migrated template database that every test file
 * clones. The embedded server lives in the OS temp folder: initdb runs as the "postgres" user, which
 * cannot enter a mode-700 home folder. With TEST_DATABASE_URL (a superuser URL) another server is used
 * instead, as CI does with Debian's PostgreSQL 15.
 *
 * Two more variables, with TEST_DATABASE_URL only, make the template as hosted Supabase would hold the app (CI sets
 * them for its Supabase-shaped cluster); without them the template is made as above:
 * - TEST_TEMPLATE_SOURCE=postgres: the template is a copy of that database rather than of template1, because on
 *   Supabase only the database "postgres" holds its platform objects (schema auth, auth.users, auth.uid()) that the
 *   migrations must meet. PostgreSQL copies a database only while no one is connected to it, so the template is
 *   dropped and created over a connection to template1.
 * - TEST_MIGRATOR_URL: a URL of the same server for a role that is not a superuser (Supabase's "postgres"); the
 *   template is made that role's own and migrated as it, as `npm run migrate` runs there. Its database part is
 *   replaced by the template's.
 */
export const TEMPLATE_DATABASE = "groundswell_template";
export const APP_ROLE_PASSWORD = "groundswell-test-app-role";

export interface TestCluster {
  /** Superuser URL of the cluster's maintenance database; replace the path for another database. */
  superuserUrl: string;
  appRolePassword: string;
  stop(): Promise<void>;
}

export function databaseUrl(
  base: string,
  database: string,
  credentials?: { user: string; password: string },
) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (credentials) {
    url.username = credentials.user;
    url.password = credentials.password;
  }
  return url.toString();
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

export interface TemplateOptions {
  /** The database to copy the template from (default template1). */
  source?: string;
  /** URL of a role that is not a superuser to own and migrate the template (default: the superuser). */
  migratorUrl?: string;
}

export async function prepareTemplate(superuserUrl: string, options: TemplateOptions = {}): Promise<void> {
  const { source, migratorUrl } = options;
  // Copying a database needs a connection to another one; template1 is in every cluster.
  const maintenanceUrl = source ? databaseUrl(superuserUrl, "template1") : superuserUrl;
  await withClient(maintenanceUrl, async (client) => {
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [
      TEMPLATE_DATABASE,
    ]);
    await client.query(`drop database if exists ${TEMPLATE_DATABASE}`);
    const owner = migratorUrl
      ? ` owner ${client.escapeIdentifier(decodeURIComponent(new URL(migratorUrl).username))}`
      : "";
    const template = source ? ` template ${client.escapeIdentifier(source)}` : "";
    await client.query(`create database ${TEMPLATE_DATABASE}${owner}${template}`);
  });
  await migrate({ connectionString: databaseUrl(migratorUrl ?? superuserUrl, TEMPLATE_DATABASE) });
  await withClient(superuserUrl, (client) =>
    client.query(`alter role groundswell_app login password '${APP_ROLE_PASSWORD}'`),
  );
}

export async function startTestCluster(): Promise<TestCluster> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const superuserUrl = databaseUrl(external, new URL(external).pathname.slice(1) || "postgres");
    await prepareTemplate(superuserUrl, {
      source: process.env.TEST_TEMPLATE_SOURCE || undefined,
      migratorUrl: process.env.TEST_MIGRATOR_URL || undefined,
    });
    return { superuserUrl, appRolePassword: APP_ROLE_PASSWORD, stop: async () => undefined };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-test-"));
  fs.chmodSync(dataDir, 0o755);
  const server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  const superuserUrl = server.superuserUrl("postgres");
  await prepareTemplate(superuserUrl);
  return {
    superuserUrl,
    appRolePassword: APP_ROLE_PASSWORD,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
