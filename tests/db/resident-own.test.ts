// A resident's own needs and supports, through the app's functions as the app's role under row-level
// security: taking back a "me too" (only one's own, only while the consultation is open), the personal state
// the need lists show, changing every answer of an unreviewed need, and their comments on "My needs".
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { personalNeedStates, withdrawSupport } from "~/features/needs/need-supports.server";
import { addSupport, editNeed, getNeedForEdit, listMyNeeds } from "~/features/needs/needs.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let residentA: f.TestUser;
let residentB: f.TestUser;
let open: { id: string };
let closed: { id: string };

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

const supportCount = async (needId: string) =>
  (
    await testDb.admin
      .selectFrom("needs")
      .select("support_count")
      .where("id", "=", needId)
      .executeTakeFirstOrThrow()
  ).support_count;

const supportOf = (needId: string, userId: string) =>
  testDb.admin
    .selectFrom("supports")
    .select("user_id")
    .where("need_id", "=", needId)
    .where("user_id", "=", userId)
    .executeTakeFirst();

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  residentA = await f.createUser(db, { anonymous: true });
  residentB = await f.createUser(db, { anonymous: true });
  const org = await f.createOrganisation(db);
  open = await f.createConsultation(db, { organisation_id: org.id });
  // Closed a day ago: its supports are evidence now.
  closed = await f.createConsultation(db, {
    organisation_id: org.id,
    opens_at: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    closes_at: new Date(Date.now() - 86_400_000).toISOString(),
    status: "closed",
  });
});

afterAll(async () => {
  await testDb.destroy();
});

const publishedNeed = (consultationId: string, values: Partial<Parameters<typeof f.createNeed>[1]> = {}) =>
  f.createNeed(testDb.admin, { consultation_id: consultationId, status: "published", ...values });

describe("taking back a support", () => {
  it("removes the person's own support once and the count follows", async () => {
    const need = await publishedNeed(open.id);
    expect(
      await as(residentA, (tx) => addSupport({ tx, userId: residentA.id, reference: need.reference })),
    ).toEqual({
      status: "added",
    });
    expect(await supportCount(need.id)).toBe(1);

    expect(
      await as(residentA, (tx) => withdrawSupport({ tx, userId: residentA.id, reference: need.reference })),
    ).toEqual({
      status: "withdrawn",
    });
    expect(await supportCount(need.id)).toBe(0);
    expect(await supportOf(need.id, residentA.id)).toBeUndefined();
    // A second tap changes nothing.
    expect(
      await as(residentA, (tx) => withdrawSupport({ tx, userId: residentA.id, reference: need.reference })),
    ).toEqual({
      status: "not-supported",
    });
    expect(await supportCount(need.id)).toBe(0);
    // And the person can say "me too" again.
    await as(residentA, (tx) => addSupport({ tx, userId: residentA.id, reference: need.reference }));
    expect(await supportCount(need.id)).toBe(1);
  });

  it("never removes someone else's support, through the app or by hand", async () => {
    const need = await publishedNeed(open.id);
    await f.createSupport(testDb.admin, {
      need_id: need.id,
      user_id: residentA.id,
      consultation_id: open.id,
    });
    expect(
      await as(residentB, (tx) => withdrawSupport({ tx, userId: residentB.id, reference: need.reference })),
    ).toEqual({
      status: "not-supported",
    });
    const deleted = await as(residentB, (tx) =>
      tx
        .deleteFrom("supports")
        .where("need_id", "=", need.id)
        .where("user_id", "=", residentA.id)
        .executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    // Claiming to be A in the function's argument does not make B's transaction A.
    expect(
      await as(residentB, (tx) => withdrawSupport({ tx, userId: residentA.id, reference: need.reference })),
    ).toEqual({
      status: "not-supported",
    });
    expect(await supportOf(need.id, residentA.id)).toBeDefined();
    expect(await supportCount(need.id)).toBe(1);
  });

  it("is refused once the consultation has closed, by the app and by row-level security", async () => {
    const need = await publishedNeed(closed.id);
    await f.createSupport(testDb.admin, {
      need_id: need.id,
      user_id: residentA.id,
      consultation_id: closed.id,
    });
    expect(
      await as(residentA, (tx) => withdrawSupport({ tx, userId: residentA.id, reference: need.reference })),
    ).toEqual({
      status: "closed",
    });
    const deleted = await as(residentA, (tx) =>
      tx
        .deleteFrom("supports")
        .where("need_id", "=", need.id)
        .where("user_id", "=", residentA.id)
        .executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await supportOf(need.id, residentA.id)).toBeDefined();
    expect(await supportCount(need.id)).toBe(1);
  });

  it("answers not-found for a need the person cannot see", async () => {
    const unpublished = await f.createNeed(testDb.admin, {
      consultation_id: open.id,
      author_id: residentB.id,
    });
    expect(
      await as(residentA, (tx) =>
        withdrawSupport({ tx, userId: residentA.id, reference: unpublished.reference }),
      ),
    ).toEqual({ status: "not-found" });
  });

  it("still goes when the person erases their data, whatever the consultation's state", async () => {
    const person = await f.createUser(testDb.admin, { anonymous: true });
    const need = await publishedNeed(closed.id);
    await f.createSupport(testDb.admin, { need_id: need.id, user_id: person.id, consultation_id: closed.id });
    await as(person, (tx) => sql`select private.erase_my_data()`.execute(tx));
    expect(await supportOf(need.id, person.id)).toBeUndefined();
  });
});

describe("the personal state of listed needs", () => {
  it("names the needs the person supports and posted, and nothing without a session", async () => {
    const supported = await publishedNeed(open.id);
    const posted = await publishedNeed(open.id, { author_id: residentB.id });
    const other = await publishedNeed(open.id);
    await f.createSupport(testDb.admin, {
      need_id: supported.id,
      user_id: residentB.id,
      consultation_id: open.id,
    });
    await f.createSupport(testDb.admin, {
      need_id: other.id,
      user_id: residentA.id,
      consultation_id: open.id,
    });
    const references = [supported.reference, posted.reference, other.reference];
    expect(await as(residentB, (tx) => personalNeedStates({ tx, userId: residentB.id, references }))).toEqual(
      {
        supported: [supported.reference],
        authored: [posted.reference],
      },
    );
    expect(
      await asRequest(testDb.app, { role: "anon" }, (tx) =>
        personalNeedStates({ tx, userId: null, references }),
      ),
    ).toEqual({ supported: [], authored: [] });
  });
});

describe("My needs", () => {
  it("lists the person's comments with their need and moderation state, and no one else's", async () => {
    const need = await publishedNeed(open.id, { title: "Benches along the river path" });
    const hiddenNeed = await publishedNeed(open.id, { title: "A need later hidden" });
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: open.id,
      author_id: residentA.id,
      body: "Waiting words",
      created_at: at(3),
    });
    await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: open.id,
      author_id: residentA.id,
      body: "Published words",
      status: "published",
      created_at: at(2),
    });
    await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: open.id,
      author_id: residentA.id,
      body: "Hidden words",
      status: "hidden",
      moderation_reason: "Names a neighbour",
      created_at: at(1),
    });
    await f.createComment(testDb.admin, {
      need_id: hiddenNeed.id,
      consultation_id: open.id,
      author_id: residentA.id,
      body: "On a need hidden afterwards",
      status: "published",
      created_at: at(4),
    });
    await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: open.id,
      author_id: residentB.id,
      body: "Someone else's words",
      status: "published",
    });
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Off topic" })
      .where("id", "=", hiddenNeed.id)
      .execute();

    const { comments } = await as(residentA, (tx) => listMyNeeds({ tx, userId: residentA.id }));
    expect(
      comments.map(({ body, status, moderation_reason, need_reference, need_title }) => ({
        body,
        status,
        moderation_reason,
        need_reference,
        need_title,
      })),
    ).toEqual([
      {
        body: "Hidden words",
        status: "hidden",
        moderation_reason: "Names a neighbour",
        need_reference: need.reference,
        need_title: "Benches along the river path",
      },
      {
        body: "Published words",
        status: "published",
        moderation_reason: null,
        need_reference: need.reference,
        need_title: "Benches along the river path",
      },
      {
        body: "Waiting words",
        status: "received",
        moderation_reason: null,
        need_reference: need.reference,
        need_title: "Benches along the river path",
      },
      // The need is no longer public: the comment is still the person's, the need unnamed.
      {
        body: "On a need hidden afterwards",
        status: "published",
        moderation_reason: null,
        need_reference: null,
        need_title: null,
      },
    ]);
  });
});

describe("changing every answer of an unreviewed need", () => {
  async function ownNeed(author: f.TestUser) {
    const theme = await f.createTheme(testDb.admin, { consultation_id: open.id });
    const area = await f.createArea(testDb.admin, { consultation_id: open.id });
    const need = await f.createNeed(testDb.admin, {
      consultation_id: open.id,
      author_id: author.id,
      theme_id: theme.id,
      area_id: area.id,
      people_estimate: 50,
      urgency: "within_months",
    });
    await f.createNeedPrivateDetails(testDb.admin, { need_id: need.id, consultation_id: open.id });
    await f.createNeedPhoto(testDb.admin, { need_id: need.id, consultation_id: open.id });
    return need;
  }
  const details = async () => ({
    affected: ["carers" as const, "other" as const],
    affectedOther: "Night workers",
    people: "5000" as const,
    area: (await f.createArea(testDb.admin, { consultation_id: open.id })).id,
    place: "Call 07700 900123 at the library",
    lat: "52.412345",
    lng: "-1.512345",
    theme: (await f.createTheme(testDb.admin, { consultation_id: open.id })).id,
    seriousness: "5" as const,
    urgency: "within_weeks" as const,
  });
  const photo = {
    action: "replace" as const,
    data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    mimeType: "image/jpeg" as const,
    width: 3,
    height: 2,
  };

  it("stores them all at once: public text masked and the spot rounded, the exact answers private", async () => {
    const need = await ownNeed(residentA);
    const answers = await details();
    expect(
      await as(residentA, (tx) =>
        editNeed({
          tx,
          userId: residentA.id,
          reference: need.reference,
          title: "Late buses",
          description: "Buses stop at nine.",
          details: answers,
          photo,
        }),
      ),
    ).toEqual({ status: "saved" });
    const stored = await testDb.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select([
        "n.theme_id",
        "n.area_id",
        "n.place_text",
        "n.lat",
        "n.lng",
        "n.affected_groups",
        "n.affected_other",
        "n.people_estimate",
        "n.seriousness",
        "n.urgency",
        "n.has_photo",
        "d.original_place_text",
        "d.exact_lat",
      ])
      .where("n.id", "=", need.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      theme_id: answers.theme,
      area_id: answers.area,
      place_text: "Call [phone number removed] at the library",
      affected_groups: ["carers", "other"],
      affected_other: "Night workers",
      people_estimate: 5000,
      seriousness: 5,
      urgency: "within_weeks",
      has_photo: true,
      original_place_text: "Call 07700 900123 at the library",
    });
    expect(Number(stored.exact_lat)).toBe(52.412345);
    expect(Number(stored.lat)).not.toBe(52.412345);
    const photos = await testDb.admin
      .selectFrom("private.need_photos")
      .select(["width", "height"])
      .where("need_id", "=", need.id)
      .execute();
    expect(photos).toEqual([{ width: 3, height: 2 }]);
    // What the edit page reads back is what was saved.
    const read = await as(residentA, (tx) =>
      getNeedForEdit({ tx, userId: residentA.id, reference: need.reference }),
    );
    expect(read?.answers).toMatchObject({ ...answers, lat: "52.412345", lng: "-1.512345" });
    expect(read?.photo).toEqual({ width: 3, height: 2 });

    await as(residentA, (tx) =>
      editNeed({
        tx,
        userId: residentA.id,
        reference: need.reference,
        title: "Late buses",
        description: "Buses stop at nine.",
        details: answers,
        photo: { action: "remove" },
      }),
    );
    expect(
      await testDb.admin
        .selectFrom("needs")
        .select("has_photo")
        .where("id", "=", need.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ has_photo: false });
  });

  it("stores nothing when one part is refused, and nothing for anyone but the author", async () => {
    const need = await ownNeed(residentA);
    const before = await testDb.admin
      .selectFrom("needs")
      .selectAll()
      .where("id", "=", need.id)
      .executeTakeFirstOrThrow();
    // A theme of another consultation: the database refuses the need's row.
    const elsewhere = await f.createTheme(testDb.admin, { consultation_id: closed.id });
    const wrong = { ...(await details()), theme: elsewhere.id };
    await expect(
      as(residentA, (tx) =>
        editNeed({
          tx,
          userId: residentA.id,
          reference: need.reference,
          title: "Changed",
          description: "Changed too.",
          details: wrong,
          photo: { action: "remove" },
        }),
      ),
    ).rejects.toThrow();
    // A photo the database refuses, after the need's row and its private details were written: all undone.
    const right = await details();
    await expect(
      as(residentA, (tx) =>
        editNeed({
          tx,
          userId: residentA.id,
          reference: need.reference,
          title: "Changed",
          description: "Changed too.",
          details: right,
          photo: { ...photo, width: 0 },
        }),
      ),
    ).rejects.toThrow();
    expect(
      (
        await testDb.admin
          .selectFrom("private.need_private_details")
          .select("original_title")
          .where("need_id", "=", need.id)
          .executeTakeFirstOrThrow()
      ).original_title,
    ).toBe("Somewhere warm for older people to meet");
    expect(
      await testDb.admin.selectFrom("needs").selectAll().where("id", "=", need.id).executeTakeFirstOrThrow(),
    ).toEqual(before);
    expect(
      await testDb.admin
        .selectFrom("private.need_photos")
        .select("need_id")
        .where("need_id", "=", need.id)
        .execute(),
    ).toHaveLength(1);

    expect(
      await as(residentB, async (tx) =>
        editNeed({
          tx,
          userId: residentB.id,
          reference: need.reference,
          title: "Not mine",
          description: "Not mine.",
          details: await details(),
          photo: { action: "remove" },
        }),
      ),
    ).toEqual({ status: "not-found" });
    expect(
      await as(residentB, (tx) => getNeedForEdit({ tx, userId: residentB.id, reference: need.reference })),
    ).toBeNull();
    expect(
      await testDb.admin
        .selectFrom("private.need_photos")
        .select("need_id")
        .where("need_id", "=", need.id)
        .execute(),
    ).toHaveLength(1);
  });
});
