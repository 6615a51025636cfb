// Shared public pages (app/server/page-cache.server.ts) stay fresh because every change to what they show is
// announced when it commits. A table someone adds later must announce too, or its changes would wait for the
// time limit.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_CACHE_CHANNEL } from "~/server/page-cache.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

/** Written in long runs and read by no public page (see migration 20261207090000). */
const QUIET_TABLES = ["grouping_runs", "need_vectors"];

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("changes public pages show", () => {
  it("are announced by every table in the public schema but the two no public page reads", async () => {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ table: string; announces: boolean }>(
        `select c.relname as table,
                exists (select 1 from pg_trigger t
                         where t.tgrelid = c.oid and t.tgname = 'announce_public_page_change') as announces
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          order by 1`,
      );
      expect(rows.length).toBeGreaterThan(15);
      const silent = rows.filter((row) => !row.announces).map((row) => row.table);
      expect(silent).toEqual(QUIET_TABLES);
    } finally {
      await client.end();
    }
  });

  it("announce a comment published on a need, once, when it commits", async () => {
    const organisation = await f.createOrganisation(database.admin);
    const consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
    const need = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      status: "published",
    });
    const comment = await f.createComment(database.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      body: "The same happens on our street",
      status: "received",
    });
    const listener = new pg.Client({ connectionString: database.adminUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(message.channel));
    await listener.query(`listen ${PAGE_CACHE_CHANNEL}`);
    try {
      await database.admin.transaction().execute(async (tx) => {
        await tx.updateTable("comments").set({ status: "published" }).where("id", "=", comment.id).execute();
        await tx
          .updateTable("comments")
          .set({ body: "The same on our street" })
          .where("id", "=", comment.id)
          .execute();
      });
      await expect.poll(() => heard.length, { timeout: 3_000 }).toBe(1);
      expect(heard).toEqual([PAGE_CACHE_CHANNEL]);
    } finally {
      await listener.end();
    }
  });
});
