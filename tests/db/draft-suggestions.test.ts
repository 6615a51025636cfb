// "Is it one of these?" is worked out once for a draft's words and read back: the same needs in the same
// order, with their support counts as they are now, less any no longer published; changed words, another
// page language or a list older than 15 minutes are searched afresh, and posting the need forgets the list.
// Real PostgreSQL, the app's role under row-level security.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import type { JourneyConsultation } from "~/features/needs/need-drafts.server";
import { saveAnswers, submitDraft } from "~/features/needs/need-drafts.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { similarToDraft } from "~/features/needs/needs.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let consultation: JourneyConsultation;

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

const BUS = { title: "Hospital buses", description: "There is no bus to the hospital at weekends" };

async function publish(title: string, description = "The bus to the hospital does not run") {
  const [need] = await testDb.admin
    .insertInto("needs")
    .values({ consultation_id: consultation.id, title, description, status: "published" })
    .returning(["id", "reference"])
    .execute();
  return need!;
}

async function startDraft(user: f.TestUser, words = BUS) {
  await as(user, (tx) =>
    saveAnswers({ tx, userId: user.id, consultationId: consultation.id, answers: words }),
  );
}

const view = (user: f.TestUser, words = BUS, language: "en" | "cy" | null = null) =>
  as(user, (tx) =>
    similarToDraft({ tx, consultationId: consultation.id, author: user.id, ...words, language }),
  );

const titles = (list: { title: string }[]) => list.map((need) => need.title);

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  const created = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  await f.createTheme(testDb.admin, { consultation_id: created.id, name: "Getting around" });
  await f.createArea(testDb.admin, { consultation_id: created.id, name: "Northtown" });
  consultation = (await asRequest(testDb.app, { role: "anon" }, (tx) =>
    getConsultation({ tx, slug: created.slug }),
  ))!;
  await publish("No bus to the hospital on Sundays");
  await publish("Hospital buses stop too early");
}, 60_000);

afterAll(() => testDb?.destroy());

describe("a draft's suggestions", () => {
  it("are worked out once and read back in the same order, with support counts as they are now", async () => {
    const resident = await f.createUser(testDb.admin, { anonymous: true });
    await startDraft(resident);
    const first = await view(resident);
    expect(titles(first)).toEqual(
      expect.arrayContaining(["No bus to the hospital on Sundays", "Hospital buses stop too early"]),
    );
    const kept = await testDb.admin
      .selectFrom("private.need_drafts")
      .select(["suggestions", "suggested_at"])
      .where("user_id", "=", resident.id)
      .executeTakeFirstOrThrow();
    expect(kept.suggestions!.map((need) => need.reference)).toEqual(first.map((need) => need.reference));

    // A need published since is not searched for while the list is fresh; a "me too" shows at once.
    await publish("Hospital bus needed at weekends", "No weekend hospital bus");
    const supporter = await f.createUser(testDb.admin, { anonymous: true });
    const supported = first.at(-1)!;
    await sql`insert into public.supports (need_id, user_id, consultation_id)
      select id, ${supporter.id}, consultation_id from public.needs where reference = ${supported.reference}`.execute(
      testDb.admin,
    );
    const again = await view(resident);
    expect(titles(again)).toEqual(titles(first));
    expect(again.at(-1)!.support_count).toBe(supported.support_count + 1);
    expect(again.map((need) => need.score)).toEqual(first.map((need) => need.score));

    // Fifteen minutes on, it searches afresh and finds the new need.
    await testDb.admin
      .updateTable("private.need_drafts")
      .set({ suggested_at: sql<Date>`now() - interval '16 minutes'` })
      .where("user_id", "=", resident.id)
      .execute();
    expect(titles(await view(resident))).toContain("Hospital bus needed at weekends");
  });

  it("leave out a need no longer published", async () => {
    const resident = await f.createUser(testDb.admin, { anonymous: true });
    await startDraft(resident);
    const first = await view(resident);
    const hidden = first[0]!;
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Names a member of staff" })
      .where("reference", "=", hidden.reference)
      .execute();
    try {
      const again = await view(resident);
      expect(again.map((need) => need.reference)).toEqual(first.slice(1).map((need) => need.reference));
    } finally {
      await testDb.admin
        .updateTable("needs")
        .set({ status: "published", moderation_reason: null })
        .where("reference", "=", hidden.reference)
        .execute();
    }
  });

  it("are searched afresh when the words or the page's language change", async () => {
    const resident = await f.createUser(testDb.admin, { anonymous: true });
    await startDraft(resident);
    expect(titles(await view(resident))).toContain("No bus to the hospital on Sundays");
    const swimming = {
      title: "Swimming lessons",
      description: "The pool closed and children cannot learn to swim",
    };
    await startDraft(resident, swimming);
    expect(await view(resident, swimming)).toEqual([]);
    const pool = await publish("Swimming pool closed", "Children cannot learn to swim");
    await testDb.admin
      .updateTable("needs")
      .set({ language: "cy" })
      .where("reference", "=", pool.reference)
      .execute();
    // The same words on the Welsh page are another search (by words alone), not the English page's list.
    expect(titles(await view(resident, swimming, "cy"))).toContain("Swimming pool closed");
  });

  it("are kept only for their own resident, and forgotten once the need is posted", async () => {
    const resident = await f.createUser(testDb.admin, { anonymous: true });
    const other = await f.createUser(testDb.admin, { anonymous: true });
    await startDraft(resident);
    await view(resident);
    // Another resident with a draft of their own cannot change this one's list.
    await startDraft(other);
    await as(other, (tx) =>
      sql`update private.need_drafts set suggestions = '[]' where user_id = ${resident.id}`.execute(tx),
    );
    expect((await view(resident)).length).toBeGreaterThan(0);

    await as(resident, (tx) =>
      saveAnswers({
        tx,
        userId: resident.id,
        consultationId: consultation.id,
        answers: {
          ...BUS,
          affected: ["older_people"],
          people: "50",
          area: consultation.areas[0]!.id,
          place: "Hospital Road",
          theme: consultation.themes[0]!.id,
          seriousness: "3",
          urgency: "within_months",
        },
      }),
    );
    const posted = await as(resident, (tx) =>
      submitDraft({ tx, userId: resident.id, consultation, submissionKey: crypto.randomUUID() }),
    );
    expect(posted).toMatchObject({ status: "posted" });
    const row = await testDb.admin
      .selectFrom("private.need_drafts")
      .select(["suggestions", "suggested_for", "suggested_at"])
      .where("user_id", "=", resident.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ suggestions: null, suggested_for: null, suggested_at: null });
  });
});
