// The workspace's moderation queue against a real database, as its commissioners: many needs and comments
// decided at once in one transaction, each audited; what someone changed meanwhile left alone and reported;
// refusals with their messages; counts worded with their plurals; and a need's photo shown only to those
// row-level security lets read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { DEFAULT_LOCALE, translator } from "~/lib/i18n";
import { getModerationQueue, moderateSelection } from "~/features/moderation/moderation.server";
import { applyModerationIntent } from "~/server/moderation-intent.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let organisation: Awaited<ReturnType<typeof f.createOrganisation>>;
let member: f.TestUser;
let otherMember: f.TestUser;
let outsider: f.TestUser;

const as = <T>(user: f.TestUser, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);
const t = translator(DEFAULT_LOCALE);

beforeAll(async () => {
  testDb = await createTestDatabase();
  organisation = await f.createOrganisation(testDb.admin);
  const other = await f.createOrganisation(testDb.admin);
  [member, otherMember, outsider] = await Promise.all([
    f.createUser(testDb.admin),
    f.createUser(testDb.admin),
    f.createUser(testDb.admin),
  ]);
  await f.addMember(testDb.admin, { organisation_id: organisation.id, user_id: member.id, role: "member" });
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: otherMember.id,
    role: "admin",
  });
  await f.addMember(testDb.admin, { organisation_id: other.id, user_id: outsider.id, role: "admin" });
});

afterAll(async () => {
  await testDb?.destroy();
});

/** A consultation with three new needs (the first with a photo and a report), and a new comment. */
async function queueOf() {
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  const needs = [];
  for (const title of ["Bus shelter smashed", "No dropped kerb", "Swings broken"])
    needs.push(await f.createNeed(testDb.admin, { consultation_id: consultation.id, title }));
  await f.createNeedPhoto(testDb.admin, { need_id: needs[0]!.id, consultation_id: consultation.id });
  await f.createFlag(testDb.admin, { consultation_id: consultation.id, need_id: needs[0]!.id });
  const comment = await f.createComment(testDb.admin, {
    consultation_id: consultation.id,
    need_id: needs[1]!.id,
  });
  const owner = { id: consultation.id, organisation_id: organisation.id };
  const queue = await as(member, (tx) => getModerationQueue({ tx, consultationId: consultation.id }));
  return { consultation, owner, needs, comment, queue };
}

describe("the moderation queue, many at once", () => {
  it("publishes the selected needs and comments together, each audited, their reports resolved", async () => {
    const { owner, needs, comment, queue } = await queueOf();
    const result = await as(member, (tx) =>
      moderateSelection({
        tx,
        consultation: owner,
        needs: queue.needs.slice(0, 2).map(({ id, version }) => ({ id, version })),
        comments: queue.comments.map(({ id, version }) => ({ id, version })),
        decision: { action: "publish" },
      }),
    );
    expect(result).toEqual({ status: "done", needs: 2, comments: 1, changedNeeds: [], changedComments: 0 });
    const statuses = await testDb.admin
      .selectFrom("needs")
      .select(["title", "status"])
      .where("consultation_id", "=", owner.id)
      .orderBy("title")
      .execute();
    expect(statuses).toEqual([
      { title: "Bus shelter smashed", status: "published" },
      { title: "No dropped kerb", status: "published" },
      { title: "Swings broken", status: "received" },
    ]);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "subject_id", "actor_id", "details"])
      .where("consultation_id", "=", owner.id)
      .orderBy("action", "desc")
      .orderBy("subject_id")
      .execute();
    expect(audit).toEqual([
      ...[needs[0]!, needs[1]!]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((need) => ({
          action: "need.published",
          subject_id: need.id,
          actor_id: member.id,
          details: { reference: need.reference, bulk: 2 },
        })),
      { action: "comment.published", subject_id: comment.id, actor_id: member.id, details: {} },
    ]);
    const flag = await testDb.admin
      .selectFrom("flags")
      .select(["resolution", "resolved_by"])
      .where("need_id", "=", needs[0]!.id)
      .executeTakeFirstOrThrow();
    expect(flag).toEqual({ resolution: "dismissed", resolved_by: member.id });
  });

  it("leaves alone and reports what another moderator changed after the page was read", async () => {
    const { owner, needs, comment, queue } = await queueOf();
    // Another moderator hides the first need and publishes the comment while this page is open.
    await as(otherMember, (tx) =>
      applyModerationIntent({
        tx,
        consultation: owner,
        t,
        values: { intent: "hide-need", id: needs[0]!.id, reason: "A photo of a person's house." },
      }),
    );
    await as(otherMember, (tx) =>
      applyModerationIntent({
        tx,
        consultation: owner,
        t,
        values: { intent: "publish-comment", id: comment.id },
      }),
    );
    const seen = (item: { id: string; version: string }) => `${item.id}@${item.version}`;
    const outcome = await as(member, (tx) =>
      applyModerationIntent({
        tx,
        consultation: owner,
        t,
        values: {
          intent: "bulk",
          bulk: "hide",
          reason: "Not about this consultation.",
          needs: queue.needs.map(seen),
          comments: queue.comments.map(seen),
        },
      }),
    );
    expect(outcome).toEqual({
      status: "done",
      message: "2 needs hidden. Their authors see why.",
      warning:
        `Need ${needs[0]!.reference} was changed by someone else after you opened this page, so it was left as it is. Check it and decide again. ` +
        "1 comment was changed by someone else after you opened this page, so it was left as it is. Check it and decide again.",
      // The address after the redirect carries the counts and references; the page words them again.
      notice: { key: "bulk-hide", count: 2, other: 0, refs: [needs[0]!.reference], more: 1 },
    });
    const rows = await testDb.admin
      .selectFrom("needs")
      .select(["title", "status", "moderation_reason"])
      .where("consultation_id", "=", owner.id)
      .orderBy("title")
      .execute();
    expect(rows).toEqual([
      { title: "Bus shelter smashed", status: "hidden", moderation_reason: "A photo of a person's house." },
      { title: "No dropped kerb", status: "hidden", moderation_reason: "Not about this consultation." },
      { title: "Swings broken", status: "hidden", moderation_reason: "Not about this consultation." },
    ]);
    const commentNow = await testDb.admin
      .selectFrom("comments")
      .select("status")
      .where("id", "=", comment.id)
      .executeTakeFirstOrThrow();
    expect(commentNow.status).toBe("published");
  });

  it("refuses nothing selected, a hide without a reason, and touches nothing of another organisation", async () => {
    const { owner, needs, queue } = await queueOf();
    const bulk = (user: f.TestUser, values: Record<string, unknown>) =>
      as(user, (tx) =>
        applyModerationIntent({ tx, consultation: owner, t, values: { intent: "bulk", ...values } }),
      );
    expect(await bulk(member, { bulk: "publish", reason: "", needs: [], comments: [] })).toEqual({
      status: "invalid",
      key: "bulk",
      errors: { selection: "Select at least one need or comment" },
    });
    const first = `${queue.needs[0]!.id}@${queue.needs[0]!.version}`;
    expect(await bulk(member, { bulk: "hide", reason: "  ", needs: [first], comments: [] })).toEqual({
      status: "invalid",
      key: "bulk",
      errors: { reason: "Give the reason for hiding: the authors will see it" },
    });
    expect(await bulk(member, { bulk: "delete", reason: "", needs: [first], comments: [] })).toMatchObject({
      status: "invalid",
      errors: { bulk: "Choose what to do with the selected needs and comments" },
    });
    // Someone of another organisation, posting this consultation's ids: nothing changes, nothing to report.
    expect(await bulk(outsider, { bulk: "publish", reason: "", needs: [first], comments: [] })).toEqual({
      status: "done",
      message: "Nothing was changed.",
      notice: { key: "bulk-publish", count: 0, other: 0, refs: [], more: 0 },
    });
    const status = await testDb.admin
      .selectFrom("needs")
      .select("status")
      .where("id", "=", needs[0]!.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("received");
  });
});

describe("what the queue shows", () => {
  it("words its counts with their plurals", () => {
    expect(t("moderation.count.newNeeds", { count: 1 })).toBe("1 new need");
    expect(t("moderation.count.newNeeds", { count: 2 })).toBe("2 new needs");
    expect(t("moderation.count.newNeeds", { count: 0 })).toBe("0 new needs");
    expect(t("moderation.count.newComments", { count: 1 })).toBe("1 new comment");
    expect(t("moderation.count.openReports", { count: 1 })).toBe("1 open report");
    expect(t("moderation.count.openReports", { count: 1200 })).toBe("1,200 open reports");
    expect(t("moderation.done.bulkNeedsPublished", { count: 12 })).toBe("12 needs published.");
    expect(t("moderation.done.bulkNeedsPublished", { count: 1 })).toBe("1 need published.");
  });

  it("shows a need's photo to the consultation's commissioners, as row-level security allows", async () => {
    const { consultation, needs, queue } = await queueOf();
    expect(queue.needs.map((need) => [need.reference, need.photo])).toEqual([
      [needs[0]!.reference, true],
      [needs[1]!.reference, false],
      [needs[2]!.reference, false],
    ]);
    expect(queue.counts).toEqual({ new_needs: 3, new_comments: 1, open_flags: 1 });
    // Published and reported, the need is public; its photo is still not for another organisation.
    await testDb.admin
      .updateTable("needs")
      .set({ status: "published" })
      .where("id", "=", needs[0]!.id)
      .execute();
    const seenByOutsider = await as(outsider, (tx) =>
      tx
        .selectFrom("needs as n")
        .select([
          "n.has_photo",
          (eb) =>
            eb
              .exists(
                eb.selectFrom("private.need_photos as p").select("p.id").whereRef("p.need_id", "=", "n.id"),
              )
              .as("photo"),
        ])
        .where("n.consultation_id", "=", consultation.id)
        .where("n.id", "=", needs[0]!.id)
        .executeTakeFirstOrThrow(),
    );
    expect(seenByOutsider).toEqual({ has_photo: true, photo: false });
  });
});
