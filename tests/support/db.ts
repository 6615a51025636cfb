import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { connect, type Db } from "~/db/database.server";
import type { Database } from "~/db/schema";
import { databaseUrl, TEMPLATE_DATABASE } from "./test-cluster";

export interface TestDatabase {
  name: string;
  /** Superuser connection, for arranging fixtures and inspecting results behind row-level security. */
  admin: Kysely<Database>;
  adminUrl: string;
  /** The app's own login role (groundswell_app): what the running app uses. */
  app: Db;
  appUrl: string;
  destroy(): Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const superuserUrl = inject("superuserUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const maintenance = new pg.Client({ connectionString: superuserUrl });
  await maintenance.connect();
  // Owned by whoever owns the template, as on Supabase the database belongs to "postgres", the role that migrates:
  // a later migration creates its tables in public as that role, and public's owner is the database's owner.
  const { rows } = await maintenance.query<{ owner: string }>(
    `select pg_get_userbyid(datdba) as owner from pg_database where datname = $1`,
    [TEMPLATE_DATABASE],
  );
  await maintenance.query(
    `create database ${name} owner ${maintenance.escapeIdentifier(rows[0]!.owner)} template ${TEMPLATE_DATABASE}`,
  );
  await maintenance.end();

  const adminUrl = databaseUrl(superuserUrl, name);
  const appUrl = databaseUrl(superuserUrl, name, {
    user: "groundswell_app",
    password: inject("appRolePassword"),
  });
  const adminPool = new pg.Pool({ connectionString: adminUrl, max: 3 });
  // Dropping the database at the end terminates any connection still open; that is expected, not a failure.
  // A connection in use when that happens reports it on its own client, which must be listened to as well.
  adminPool.on("error", () => undefined);
  adminPool.on("connect", (client) => client.on("error", () => undefined));
  const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: adminPool }) });
  const app = connect({ connectionString: appUrl, max: 5 });
  return {
    name,
    admin,
    adminUrl,
    app: app.db,
    appUrl,
    async destroy() {
      await app.close();
      await admin.destroy();
      const client = new pg.Client({ connectionString: superuserUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
