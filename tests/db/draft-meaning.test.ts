// A draft's meaning is computed once, when its words are read, and kept with the draft: "Is it one of
// these?" reads it back on each later view instead of running the sentence model again, recomputes it when
// the words change, and a posted draft keeps none. Real sentence model, real PostgreSQL, the app's role.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asRequest } from "~/db/database.server";
import type { JourneyConsultation } from "~/features/needs/need-drafts.server";
import { saveAnswers, submitDraft } from "~/features/needs/need-drafts.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { findSimilarNeeds } from "~/features/needs/needs.server";
import { embedWaitingNeeds } from "~/features/needs/need-meaning.server";
import { draftEmbedder } from "~/platform/meaning/embedders.server";
import { embedTexts, meaningText } from "~/platform/meaning/model.server";
import { cosine, packVector, unpackVector } from "~/platform/meaning/vectors";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let resident: f.TestUser;
let other: f.TestUser;
let consultation: JourneyConsultation;

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

const kept = async (user: f.TestUser) =>
  testDb.admin
    .selectFrom("private.need_drafts")
    .select(["meaning", "meaning_of"])
    .where("user_id", "=", user.id)
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirstOrThrow();

async function write(user: f.TestUser, title: string, description: string) {
  await as(user, (tx) =>
    saveAnswers({ tx, userId: user.id, consultationId: consultation.id, answers: { title, description } }),
  );
  return as(user, (tx) =>
    findSimilarNeeds({ tx, consultationId: consultation.id, title, description, author: user.id }),
  );
}

/** The resident's search for their bus draft, its meaning read from the draft. */
const searchBus = () =>
  as(resident, (tx) =>
    findSimilarNeeds({
      tx,
      consultationId: consultation.id,
      title: "Hospital buses",
      description: "There is no bus to the hospital at weekends",
      author: resident.id,
    }),
  );

beforeAll(async () => {
  testDb = await createTestDatabase();
  resident = await f.createUser(testDb.admin, { anonymous: true });
  other = await f.createUser(testDb.admin, { anonymous: true });
  const organisation = await f.createOrganisation(testDb.admin);
  const created = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  await f.createTheme(testDb.admin, { consultation_id: created.id, name: "Getting around" });
  await f.createArea(testDb.admin, { consultation_id: created.id, name: "Northtown" });
  consultation = (await asRequest(testDb.app, { role: "anon" }, (tx) =>
    getConsultation({ tx, slug: created.slug }),
  ))!;
  await testDb.admin
    .insertInto("needs")
    .values({
      consultation_id: created.id,
      title: "No bus to the hospital on Sundays",
      description: "I miss appointments",
      status: "published",
    })
    .execute();
  await embedWaitingNeeds(testDb.app);
}, 60_000);

afterAll(() => testDb?.destroy());

describe("a draft's meaning", () => {
  it("is kept with the draft when its words are first read, as the model reads them", async () => {
    const similar = await write(resident, "Hospital buses", "There is no bus to the hospital at weekends");
    expect(similar.map((need) => need.title)).toContain("No bus to the hospital on Sundays");
    const row = await kept(resident);
    expect(row.meaning_of).toMatch(/^use-lite-512\//);
    const [model] = await embedTexts([
      meaningText("Hospital buses", "There is no bus to the hospital at weekends")!,
    ]);
    expect(cosine(unpackVector(row.meaning!), model!)).toBeGreaterThan(0.99);
  });

  it("is read back on the next view without running the model", async () => {
    const embed = vi.spyOn(draftEmbedder(), "embed");
    try {
      const again = await searchBus();
      expect(again.map((need) => need.title)).toContain("No bus to the hospital on Sundays");
      expect(embed).not.toHaveBeenCalled();
    } finally {
      embed.mockRestore();
    }
  });

  it("is what the next view ranks by: a kept vector is used as it is", async () => {
    // Swap in the meaning of a draft about something else under the same words' digest: the bus need is
    // then scored as far in meaning.
    const before = await kept(resident);
    const [swimming] = await embedTexts(["The swimming pool is closed and children cannot learn to swim"]);
    await testDb.admin
      .updateTable("private.need_drafts")
      .set({ meaning: packVector(swimming!) })
      .where("user_id", "=", resident.id)
      .execute();
    const read = await searchBus();
    await testDb.admin
      .updateTable("private.need_drafts")
      .set({ meaning: before.meaning })
      .where("user_id", "=", resident.id)
      .execute();
    const honest = await searchBus();
    const score = (list: Awaited<ReturnType<typeof searchBus>>) =>
      list.find((need) => need.title === "No bus to the hospital on Sundays")?.score ?? 0;
    expect(score(honest)).toBeGreaterThan(score(read));
  });

  it("is computed again when the words change, and each resident keeps only their own", async () => {
    const first = await kept(resident);
    await write(resident, "Hospital buses", "The Sunday bus was cut and I cannot reach my appointments");
    const second = await kept(resident);
    expect(second.meaning_of).not.toBe(first.meaning_of);
    expect(Buffer.compare(second.meaning!, first.meaning!)).not.toBe(0);

    await write(other, "Hospital buses", "There is no bus to the hospital at weekends");
    expect((await kept(other)).meaning_of).toBe(first.meaning_of);
    expect((await kept(resident)).meaning_of).toBe(second.meaning_of);
  });

  it("is not kept for a Welsh page, which the model does not read", async () => {
    const welsh = await f.createUser(testDb.admin, { anonymous: true });
    await as(welsh, (tx) =>
      saveAnswers({
        tx,
        userId: welsh.id,
        consultationId: consultation.id,
        answers: { title: "Bws i'r ysbyty", description: "Does dim bws ar y Sul" },
      }),
    );
    await as(welsh, (tx) =>
      findSimilarNeeds({
        tx,
        consultationId: consultation.id,
        title: "Bws i'r ysbyty",
        description: "Does dim bws ar y Sul",
        language: "cy",
        author: welsh.id,
      }),
    );
    expect(await kept(welsh)).toEqual({ meaning: null, meaning_of: null });
  });

  it("is forgotten with the words once the need is posted", async () => {
    const poster = await f.createUser(testDb.admin, { anonymous: true });
    await as(poster, (tx) =>
      saveAnswers({
        tx,
        userId: poster.id,
        consultationId: consultation.id,
        answers: {
          title: "Potholes on Mill Lane",
          description: "Deep potholes by the school gates",
          affected: ["children_young_people"],
          people: "50",
          area: consultation.areas[0]!.id,
          place: "Mill Lane",
          theme: consultation.themes[0]!.id,
          seriousness: "3",
          urgency: "within_months",
        },
      }),
    );
    await as(poster, (tx) =>
      findSimilarNeeds({
        tx,
        consultationId: consultation.id,
        title: "Potholes on Mill Lane",
        description: "Deep potholes by the school gates",
        author: poster.id,
      }),
    );
    expect((await kept(poster)).meaning).not.toBeNull();
    const posted = await as(poster, (tx) =>
      submitDraft({ tx, userId: poster.id, consultation, submissionKey: crypto.randomUUID() }),
    );
    expect(posted).toMatchObject({ status: "posted" });
    expect(await kept(poster)).toEqual({ meaning: null, meaning_of: null });
  });
});
