// Residents' needs through the app's own functions, as the app's database role with row-level security:
// what each person reads and changes, a double tap posting once, "me too" once, and erasure.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import type { JourneyConsultation } from "~/features/needs/need-drafts.server";
import { getDraft, saveAnswers, setDraftPhoto, submitDraft } from "~/features/needs/need-drafts.server";
import {
  addComment,
  addSupport,
  editNeed,
  eraseMyData,
  exportMyData,
  findSimilarNeeds,
  getNeedPage,
  getNeedPhoto,
  withdrawNeed,
} from "~/features/needs/needs.server";
import { moderateNeeds } from "~/features/moderation/moderation.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let residentA: f.TestUser;
let residentB: f.TestUser;
let commissioner: f.TestUser;
let consultation: JourneyConsultation;
let organisationId: string;
let openConsultation: JourneyConsultation;

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

async function journeyConsultation(slug: string) {
  return (await asRequest(testDb.app, { role: "anon" }, (tx) => getConsultation({ tx, slug })))!;
}

function answersFor(c: JourneyConsultation, title: string, extra: Record<string, string> = {}) {
  return {
    title,
    description: `${title}. Ring me on 07700 900123 or write to ann@example.com`,
    affected: ["older_people" as const],
    people: "50" as const,
    area: c.areas[0]!.id,
    place: "By 12 Acacia Avenue",
    lat: "52.412345",
    lng: "-1.512345",
    theme: c.themes[0]!.id,
    seriousness: "4" as const,
    urgency: "within_months" as const,
    email: "ann@example.com",
    consent: "yes",
    ...extra,
  };
}

async function post(user: f.TestUser, c: JourneyConsultation, title: string, key = crypto.randomUUID()) {
  await as(user, (tx) =>
    saveAnswers({ tx, userId: user.id, consultationId: c.id, answers: answersFor(c, title) }),
  );
  return as(user, (tx) => submitDraft({ tx, userId: user.id, consultation: c, submissionKey: key }));
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  residentA = await f.createUser(db, { anonymous: true });
  residentB = await f.createUser(db, { anonymous: true });
  commissioner = await f.createUser(db);
  const org = await f.createOrganisation(db);
  organisationId = org.id;
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "member" });
  for (const [slug, moderation] of [
    ["moderated", "before_publication"],
    ["open-mic", "after_publication"],
  ] as const) {
    const c = await f.createConsultation(db, {
      organisation_id: org.id,
      slug: `${slug}-${f.unique("c")}`,
      moderation,
    });
    await f.createTheme(db, { consultation_id: c.id, name: "Getting around" });
    await f.createArea(db, { consultation_id: c.id, name: "Northtown" });
    if (moderation === "before_publication") consultation = await journeyConsultation(c.slug);
    else openConsultation = await journeyConsultation(c.slug);
  }
});

afterAll(async () => {
  await testDb.destroy();
});

describe("posting a need", () => {
  it("stores masked public text, keeps the original private, and a double tap posts once", async () => {
    await as(residentA, (tx) =>
      setDraftPhoto({
        tx,
        userId: residentA.id,
        consultationId: consultation.id,
        photo: { data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), mimeType: "image/jpeg", width: 1, height: 1 },
      }),
    );
    const key = crypto.randomUUID();
    await as(residentA, (tx) =>
      saveAnswers({
        tx,
        userId: residentA.id,
        consultationId: consultation.id,
        answers: answersFor(consultation, "A bus to the hospital"),
      }),
    );
    const [first, second] = await Promise.all([
      as(residentA, (tx) => submitDraft({ tx, userId: residentA.id, consultation, submissionKey: key })),
      as(residentA, (tx) => submitDraft({ tx, userId: residentA.id, consultation, submissionKey: key })),
    ]);
    expect(first.status === "posted" || second.status === "posted").toBe(true);
    expect(first.status === "posted" ? second : first).toEqual({
      status: "already-posted",
      reference: (first as { reference: string }).reference,
    });
    const stored = await testDb.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select([
        "n.reference",
        "n.status",
        "n.description",
        "n.place_text",
        "n.lat",
        "n.has_photo",
        "d.original_description",
        "d.exact_lat",
        "d.contact_email",
        "d.contact_consent",
      ])
      .where("n.author_id", "=", residentA.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      status: "received",
      description: "A bus to the hospital. Ring me on [phone number removed] or write to [email removed]",
      place_text: "By [address removed]",
      lat: "52.412",
      has_photo: true,
      original_description: "A bus to the hospital. Ring me on 07700 900123 or write to ann@example.com",
      exact_lat: "52.412345",
      contact_email: "ann@example.com",
      contact_consent: true,
    });
    expect(
      (await as(residentA, (tx) => getDraft({ tx, userId: residentA.id, consultationId: consultation.id })))
        .answers,
    ).toEqual({});
  });

  it("refuses an incomplete draft and a closed consultation, storing nothing", async () => {
    const before = await testDb.admin
      .selectFrom("needs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await as(residentB, (tx) =>
      saveAnswers({
        tx,
        userId: residentB.id,
        consultationId: consultation.id,
        answers: { title: "Only a title" },
      }),
    );
    expect(
      await as(residentB, (tx) =>
        submitDraft({ tx, userId: residentB.id, consultation, submissionKey: crypto.randomUUID() }),
      ),
    ).toEqual({ status: "incomplete", step: "what" });
    const closed = await f.createConsultation(testDb.admin, {
      organisation_id: (
        await testDb.admin
          .selectFrom("consultations")
          .select("organisation_id")
          .where("id", "=", consultation.id)
          .executeTakeFirstOrThrow()
      ).organisation_id,
      status: "closed",
      opens_at: f.daysFromNow(-9),
      closes_at: f.daysFromNow(-1),
    });
    await expect(
      as(residentB, (tx) =>
        saveAnswers({ tx, userId: residentB.id, consultationId: closed.id, answers: { title: "Late" } }),
      ),
    ).rejects.toThrow(/row-level security/);
    const after = await testDb.admin
      .selectFrom("needs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("publishes at once where the consultation is moderated after publication, with nobody recorded as moderator", async () => {
    const result = await post(residentB, openConsultation, "Benches in the park");
    expect(result.status).toBe("posted");
    const need = await testDb.admin
      .selectFrom("needs")
      .select(["status", "moderated_by", "published_at"])
      .where("reference", "=", (result as { reference: string }).reference)
      .executeTakeFirstOrThrow();
    expect(need).toMatchObject({ status: "published", moderated_by: null });
    expect(need.published_at).not.toBeNull();
  });
});

describe("the language residents write in", () => {
  it("is recorded with the need, a comment and an edit, and stays unknown where nobody said", async () => {
    const writer = await f.createUser(testDb.admin, { anonymous: true });
    await as(writer, (tx) =>
      saveAnswers({
        tx,
        userId: writer.id,
        consultationId: openConsultation.id,
        answers: answersFor(openConsultation, "Dim bws ar ôl chwech"),
      }),
    );
    const posted = await as(writer, (tx) =>
      submitDraft({
        tx,
        userId: writer.id,
        consultation: openConsultation,
        submissionKey: crypto.randomUUID(),
        language: "cy",
      }),
    );
    if (posted.status !== "posted") throw new Error(posted.status);
    const page = await as(residentB, (tx) =>
      getNeedPage({ tx, reference: posted.reference, userId: residentB.id }),
    );
    expect(page?.need.language).toBe("cy");

    expect(
      await as(residentB, (tx) =>
        addComment({
          tx,
          userId: residentB.id,
          reference: posted.reference,
          body: "Same on my street.",
          language: "en",
        }),
      ),
    ).toEqual({ status: "added", published: true });
    expect(
      await as(residentB, (tx) =>
        addComment({ tx, userId: residentB.id, reference: posted.reference, body: "And at the weekend." }),
      ),
    ).toEqual({ status: "added", published: true });
    const comments = (await as(residentB, (tx) =>
      getNeedPage({ tx, reference: posted.reference, userId: residentB.id }),
    ))!.comments;
    expect(comments.map((comment) => [comment.body, comment.language])).toEqual([
      ["Same on my street.", "en"],
      ["And at the weekend.", null],
    ]);
    // Needs from anywhere else (an older need, an import, the factories) have no language.
    const other = await f.createNeed(testDb.admin, {
      consultation_id: openConsultation.id,
      status: "published",
    });
    const row = await testDb.admin
      .selectFrom("needs")
      .select("language")
      .where("id", "=", other.id)
      .executeTakeFirstOrThrow();
    expect(row.language).toBeNull();
    await expect(
      testDb.admin
        .updateTable("needs")
        .set({ language: "fr" as never })
        .where("id", "=", other.id)
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it("follows the author's edit while unreviewed", async () => {
    const writer = await f.createUser(testDb.admin, { anonymous: true });
    const posted = await post(writer, consultation, "Late buses");
    if (posted.status !== "posted") throw new Error(posted.status);
    expect(
      await as(writer, (tx) =>
        editNeed({
          tx,
          userId: writer.id,
          reference: posted.reference,
          title: "Bysiau hwyr",
          description: "Dim bws ar ôl chwech.",
          language: "cy",
        }),
      ),
    ).toEqual({ status: "saved" });
    const row = await testDb.admin
      .selectFrom("needs")
      .select("language")
      .where("reference", "=", posted.reference)
      .executeTakeFirstOrThrow();
    expect(row.language).toBe("cy");
  });
});

describe("who sees and changes what", () => {
  it("a resident reads only their own private details, photo and draft", async () => {
    const mine = await testDb.admin
      .selectFrom("needs")
      .select("reference")
      .where("author_id", "=", residentA.id)
      .executeTakeFirstOrThrow();
    const pageForA = await as(residentA, (tx) =>
      getNeedPage({ tx, reference: mine.reference, userId: residentA.id }),
    );
    expect(pageForA?.original?.original_description).toContain("07700 900123");
    expect(await as(residentA, (tx) => getNeedPhoto({ tx, reference: mine.reference }))).toBeDefined();
    // Resident B cannot see A's unreviewed need at all, nor its private rows, photo or A's draft.
    expect(
      await as(residentB, (tx) => getNeedPage({ tx, reference: mine.reference, userId: residentB.id })),
    ).toBeNull();
    expect(await as(residentB, (tx) => getNeedPhoto({ tx, reference: mine.reference }))).toBeUndefined();
    const seenByB = await as(residentB, async (tx) => ({
      details: await tx.selectFrom("private.need_private_details").select("need_id").execute(),
      drafts: await tx.selectFrom("private.need_drafts").select("user_id").execute(),
      photos: await tx.selectFrom("private.need_photos").select("need_id").execute(),
    }));
    const bNeeds = (
      await testDb.admin.selectFrom("needs").select("id").where("author_id", "=", residentB.id).execute()
    ).map((row) => row.id);
    expect(seenByB.details.every((row) => bNeeds.includes(row.need_id))).toBe(true);
    expect(seenByB.drafts.every((row) => row.user_id === residentB.id)).toBe(true);
    expect(seenByB.photos).toEqual([]);
    // Nor through "download my data".
    const exported = await as(residentB, (tx) => exportMyData({ tx, userId: residentA.id }));
    expect(exported.needs.filter((need) => need.reference === mine.reference)).toEqual([]);
  });

  it("a resident cannot change, withdraw or delete someone else's need, and is told it is not there", async () => {
    const mine = await testDb.admin
      .selectFrom("needs")
      .selectAll()
      .where("author_id", "=", residentA.id)
      .executeTakeFirstOrThrow();
    expect(
      await as(residentB, (tx) =>
        editNeed({
          tx,
          userId: residentB.id,
          reference: mine.reference,
          title: "Hijacked",
          description: "x",
        }),
      ),
    ).toEqual({ status: "not-found" });
    expect(
      await as(residentB, (tx) => withdrawNeed({ tx, userId: residentB.id, reference: mine.reference })),
    ).toEqual({ status: "not-found" });
    const raw = await as(residentB, async (tx) => ({
      updated: Number(
        (
          await tx
            .updateTable("needs")
            .set({ title: "Hijacked" })
            .where("id", "=", mine.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
      deleted: Number(
        (await tx.deleteFrom("needs").where("id", "=", mine.id).executeTakeFirst()).numDeletedRows,
      ),
      details: Number(
        (
          await tx
            .updateTable("private.need_private_details")
            .set({ contact_email: "x@example.com" })
            .where("need_id", "=", mine.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
    }));
    expect(raw).toEqual({ updated: 0, deleted: 0, details: 0 });
    const after = await testDb.admin
      .selectFrom("needs")
      .selectAll()
      .where("id", "=", mine.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(mine);
  });

  it("the author edits while unreviewed; once published only commissioners change it", async () => {
    const mine = await testDb.admin
      .selectFrom("needs")
      .select(["id", "reference"])
      .where("author_id", "=", residentA.id)
      .executeTakeFirstOrThrow();
    expect(
      await as(residentA, (tx) =>
        editNeed({
          tx,
          userId: residentA.id,
          reference: mine.reference,
          title: "A bus to the hospital, please",
          description: "Call 07700 900123",
        }),
      ),
    ).toEqual({ status: "saved" });
    expect(
      await as(residentB, (tx) =>
        moderateNeeds({
          tx,
          consultation: { id: consultation.id, organisation_id: organisationId },
          needIds: [mine.id],
          decision: { action: "publish" },
        }),
      ),
    ).toMatchObject({ count: 0 });
    expect(
      await as(commissioner, (tx) =>
        moderateNeeds({
          tx,
          consultation: { id: consultation.id, organisation_id: organisationId },
          needIds: [mine.id],
          decision: { action: "publish" },
        }),
      ),
    ).toMatchObject({ count: 1 });
    expect(
      await as(residentA, (tx) =>
        editNeed({
          tx,
          userId: residentA.id,
          reference: mine.reference,
          title: "Changed later",
          description: "x",
        }),
      ),
    ).toEqual({ status: "not-editable" });
    const page = await as(commissioner, (tx) =>
      getNeedPage({ tx, reference: mine.reference, userId: commissioner.id }),
    );
    expect(page?.need).toMatchObject({
      status: "published",
      title: "A bus to the hospital, please",
      description: "Call [phone number removed]",
    });
    expect(page?.original?.original_description).toBe("Call 07700 900123");
    const anonymousPage = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      getNeedPage({ tx, reference: mine.reference, userId: null }),
    );
    expect(anonymousPage?.original).toBeNull();
  });
});

describe("similar needs and me too", () => {
  it("offers published needs that share words or look alike", async () => {
    const similar = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      findSimilarNeeds({
        tx,
        consultationId: consultation.id,
        title: "Hospital buses",
        description: "There is no bus to the hospital",
      }),
    );
    expect(similar.map((need) => need.title)).toContain("A bus to the hospital, please");
    const unrelated = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      findSimilarNeeds({
        tx,
        consultationId: consultation.id,
        title: "Swimming pool",
        description: "Lessons for children",
      }),
    );
    expect(unrelated).toEqual([]);
    // Not one word in common, but a title that looks alike: a misspelt draft still finds it.
    const misspelt = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      findSimilarNeeds({
        tx,
        consultationId: consultation.id,
        title: "A bsu to the hospitl, pleese",
        description: "",
      }),
    );
    expect(misspelt.map((need) => need.title)).toContain("A bus to the hospital, please");
  });

  it("never offers a need its reader could not open: unpublished, or in a draft consultation", async () => {
    const db = testDb.admin;
    const title = `Ferry to the island ${f.unique("ferry")}`;
    await f.createNeed(db, { consultation_id: consultation.id, title, status: "received" });
    await f.createNeed(db, {
      consultation_id: consultation.id,
      title,
      status: "hidden",
      moderation_reason: "Off topic",
    });
    const draft = await f.createConsultation(db, {
      organisation_id: (
        await db
          .selectFrom("consultations")
          .select("organisation_id")
          .where("id", "=", consultation.id)
          .executeTakeFirstOrThrow()
      ).organisation_id,
      status: "draft",
    });
    await f.createNeed(db, { consultation_id: draft.id, title, status: "published" });
    for (const consultationId of [consultation.id, draft.id]) {
      const offered = await asRequest(testDb.app, { role: "anon" }, (tx) =>
        findSimilarNeeds({ tx, consultationId, title, description: "A ferry to the island" }),
      );
      expect([consultationId, offered]).toEqual([consultationId, []]);
    }
    // Called directly, the search behind it gives the draft consultation's need to nobody.
    const ids = await asRequest(testDb.app, f.claimsFor(residentA), (tx) =>
      sql<{
        id: string;
      }>`select id from private.similar_published_need_ids(${draft.id}, ${title}, ${title}) as s(id)`.execute(
        tx,
      ),
    );
    expect(ids.rows).toEqual([]);
  });

  it("counts one support per person", async () => {
    const need = await testDb.admin
      .selectFrom("needs")
      .select("reference")
      .where("author_id", "=", residentA.id)
      .executeTakeFirstOrThrow();
    expect(
      await as(residentB, (tx) => addSupport({ tx, userId: residentB.id, reference: need.reference })),
    ).toEqual({ status: "added" });
    expect(
      await as(residentB, (tx) => addSupport({ tx, userId: residentB.id, reference: need.reference })),
    ).toEqual({ status: "already" });
    const count = await testDb.admin
      .selectFrom("needs")
      .select("support_count")
      .where("reference", "=", need.reference)
      .executeTakeFirstOrThrow();
    expect(count.support_count).toBe(1);
  });
});

describe("deleting my data", () => {
  it("removes needs not yet cited, anonymises cited ones and removes supports", async () => {
    const cited = await testDb.admin
      .selectFrom("needs")
      .select(["id", "reference", "consultation_id"])
      .where("author_id", "=", residentA.id)
      .executeTakeFirstOrThrow();
    const statement = await f.createStatement(testDb.admin, {
      consultation_id: cited.consultation_id,
      status: "agreed",
    });
    await f.linkStatementNeed(testDb.admin, {
      statement_id: statement.id,
      need_id: cited.id,
      consultation_id: cited.consultation_id,
    });
    const uncited = await post(residentA, consultation, "Dropped kerbs");
    expect(uncited.status).toBe("posted");
    await f
      .createNeed(testDb.admin, {
        consultation_id: consultation.id,
        status: "published",
        title: "Someone else's",
      })
      .then((need) =>
        as(residentA, (tx) => addSupport({ tx, userId: residentA.id, reference: need.reference })),
      );
    const result = await as(residentA, (tx) => eraseMyData({ tx }));
    expect(result).toEqual({
      needs_removed: 1,
      needs_anonymised: 1,
      supports_removed: 1,
      comments_removed: 0,
    });
    const kept = await testDb.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select(["n.author_id", "n.title", "d.contact_email", "d.exact_lat", "d.original_title"])
      .where("n.id", "=", cited.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({
      author_id: null,
      title: "A bus to the hospital, please",
      contact_email: null,
      exact_lat: null,
      original_title: "A bus to the hospital, please",
    });
    expect(
      await testDb.admin
        .selectFrom("needs")
        .select("id")
        .where("reference", "=", (uncited as { reference: string }).reference)
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await testDb.admin
        .selectFrom("supports")
        .select("need_id")
        .where("user_id", "=", residentA.id)
        .execute(),
    ).toEqual([]);
    // An anonymous resident is nothing but their data: the identity goes with it.
    expect(
      await testDb.admin
        .selectFrom("private.people")
        .select("id")
        .where("id", "=", residentA.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
