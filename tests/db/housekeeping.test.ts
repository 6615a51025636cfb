// The server forgets need drafts past their expiry on its own: expired drafts are deleted, drafts still in
// use stay, several instances cleaning at once share the work without errors, and starting the server's
// housekeeping cleans at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, connect } from "~/db/database.server";
import { deleteExpiredNeedDrafts, startHousekeeping } from "~/platform/housekeeping.server";
import { getDraft } from "~/features/needs/need-drafts.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let db: TestDatabase;
let consultationId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const organisation = await f.createOrganisation(db.admin);
  consultationId = (await f.createConsultation(db.admin, { organisation_id: organisation.id })).id;
});
afterAll(() => db?.destroy());

/** Drafts of as many residents, expired a day ago or expiring in a month. */
async function drafts(count: number, expired: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const resident = await f.createUser(db.admin, { anonymous: true });
    const draft = await f.createNeedDraft(db.admin, {
      user_id: resident.id,
      consultation_id: consultationId,
      expires_at: f.daysFromNow(expired ? -1 : 30),
    });
    ids.push(draft.id);
  }
  return ids;
}

const remaining = async () =>
  (await db.admin.selectFrom("private.need_drafts").select("id").execute()).map((row) => row.id).sort();

describe("expired need drafts", () => {
  it("are deleted in batches; drafts still in use stay", async () => {
    await drafts(5, true);
    const kept = await drafts(2, false);
    expect(await deleteExpiredNeedDrafts({ db: db.app, batchSize: 2 })).toBe(5);
    expect(await remaining()).toEqual(kept.sort());
    expect(await deleteExpiredNeedDrafts({ db: db.app })).toBe(0);
    await db.admin.deleteFrom("private.need_drafts").execute();
  });

  it("are deleted once when several instances clean at the same time", async () => {
    await drafts(40, true);
    const kept = await drafts(1, false);
    const counts = await Promise.all(
      [1, 2, 3].map(() => deleteExpiredNeedDrafts({ db: db.app, batchSize: 4 })),
    );
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(await remaining()).toEqual(kept);
    await db.admin.deleteFrom("private.need_drafts").execute();
  });

  it("are no longer offered to their resident, even before they are deleted", async () => {
    const resident = await f.createUser(db.admin, { anonymous: true });
    await f.createNeedDraft(db.admin, {
      user_id: resident.id,
      consultation_id: consultationId,
      answers: { title: "Old words" },
      expires_at: f.daysFromNow(-1),
    });
    const draft = await asRequest(db.app, f.claimsFor(resident), (tx) =>
      getDraft({ tx, userId: resident.id, consultationId }),
    );
    expect(draft.answers).toEqual({});
    await db.admin.deleteFrom("private.need_drafts").execute();
  });

  it("are cleaned as soon as the server starts its housekeeping, and it says so in the log", async () => {
    await drafts(3, true);
    const kept = await drafts(1, false);
    const lines: string[] = [];
    const housekeeping = startHousekeeping({
      db: db.app,
      log: (line) => lines.push(line),
      intervalMs: 60 * 60 * 1000,
    });
    await housekeeping.stop();
    expect(await remaining()).toEqual(kept);
    expect(lines).toEqual(["Housekeeping: deleted 3 expired need drafts."]);
  });

  it("logs a round that fails instead of throwing, so the server keeps serving", async () => {
    // Nothing listens on port 1: every connection is refused, as when the database is down.
    const lost = connect({ connectionString: "postgres://groundswell_app@127.0.0.1:1/groundswell", max: 1 });
    const lines: string[] = [];
    const housekeeping = startHousekeeping({
      db: lost.db,
      log: (line) => lines.push(line),
      intervalMs: 60 * 60 * 1000,
    });
    await housekeeping.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Housekeeping failed, will try again: /);
    await lost.close();
  });
});
