// What needs mean, as vectors beside them (migration 20261206090000, app/features/needs/need-meaning.server.ts):
// stored by the background job, made again when a need's words change, hidden by row-level security exactly
// as the need is, and used by "Is it one of these?" to offer a need that shares no word with the draft.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, asService } from "~/db/database.server";
import {
  countNeedsAwaitingMeaning,
  embedWaitingNeeds,
  meaningJob,
  MEANING_JOB,
} from "~/features/needs/need-meaning.server";
import { editNeed, findSimilarNeeds } from "~/features/needs/needs.server";
import { claimJob, runClaimedJob } from "~/platform/jobs.server";
import { MEANING_MODEL } from "~/platform/meaning/model.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let consultationId: string;
let author: f.TestUser;

const vectorOf = (needId: string) =>
  testDb.admin.selectFrom("need_vectors").selectAll().where("need_id", "=", needId).executeTakeFirst();

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  consultationId = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
  author = await f.createUser(testDb.admin);
}, 60_000);

afterAll(() => testDb?.destroy());

describe("meaning vectors", () => {
  it("the job stores a vector for every need the model can read (mixed languages too), and none for Welsh or emoji-only needs", async () => {
    const english = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Public transport at weekends is too infrequent",
      description: "On Sundays you wait an hour.",
      status: "published",
    });
    const welsh = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Mae angen mwy o fysiau ar y Sul",
      description: "",
      status: "published",
      language: "cy",
    });
    const emoji = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "🚌🚌🚌",
      description: "😡",
      status: "published",
    });
    const withdrawn = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "A withdrawn need",
      status: "withdrawn",
    });
    const mixed = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Arhosfan bws / bus stop shelter is broken",
      description: "",
      status: "published",
      language: "en",
    });
    expect(await asService(testDb.app, (tx) => countNeedsAwaitingMeaning(tx, consultationId))).toBe(3);

    const result = await embedWaitingNeeds(testDb.app);
    expect(result).toEqual({ embedded: 2, passedOver: 1, flagged: 0 });
    // Mixed English and Welsh, written on an English page: the model reads the English words.
    expect(await vectorOf(mixed.id)).toBeDefined();

    const stored = await vectorOf(english.id);
    expect(stored?.model).toBe(MEANING_MODEL);
    expect(stored?.consultation_id).toBe(consultationId);
    expect(stored?.vector.length).toBe(512);
    expect(stored?.sketch).toMatch(/^[01]{512}$/);
    expect(await vectorOf(welsh.id)).toBeUndefined();
    expect(await vectorOf(emoji.id)).toBeUndefined();
    expect(await vectorOf(withdrawn.id)).toBeUndefined();
    // Nothing is left for a second round but the emoji-only need, which is passed over again.
    expect(await embedWaitingNeeds(testDb.app)).toEqual({ embedded: 0, passedOver: 1, flagged: 0 });
  });

  it("an edit forgets the vector and the next round embeds the new words", async () => {
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      author_id: author.id,
      title: "Streetlights out on Elm Road",
      description: "It is dark all evening.",
      status: "received",
    });
    await embedWaitingNeeds(testDb.app);
    const before = await vectorOf(need.id);
    expect(before).toBeDefined();

    const edited = await asRequest(testDb.app, f.claimsFor(author), (tx) =>
      editNeed({
        tx,
        userId: author.id,
        reference: need.reference,
        title: "Nowhere safe for children to play",
        description: "The playground has been closed for a year.",
        language: "en",
      }),
    );
    expect(edited).toMatchObject({ status: "saved" });
    expect(await vectorOf(need.id)).toBeUndefined();

    await embedWaitingNeeds(testDb.app);
    const after = await vectorOf(need.id);
    expect(after).toBeDefined();
    expect(after!.vector.equals(before!.vector)).toBe(false);
  });

  it("a vector is stored only for the words that were embedded", async () => {
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Bins not collected",
      status: "published",
    });
    let edited = false;
    await embedWaitingNeeds(testDb.app, {
      embedder: {
        async embed(texts) {
          // The need is edited while the model reads its old words.
          if (!edited) {
            edited = true;
            await testDb.admin
              .updateTable("needs")
              .set({ title: "Bins not emptied" })
              .where("id", "=", need.id)
              .execute();
          }
          return texts.map(() => Float32Array.from({ length: 512 }, (_, i) => (i % 2 ? 0.05 : -0.05)));
        },
      },
    });
    expect(await vectorOf(need.id)).toBeUndefined();
  });

  it("a vector is read by whoever may read its need, and by nobody else", async () => {
    const received = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      author_id: author.id,
      title: "Benches for the bus stop on the hill",
      status: "received",
    });
    const published = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Benches in the park",
      status: "published",
    });
    await embedWaitingNeeds(testDb.app);
    const seen = (claims: Parameters<typeof asRequest>[1]) =>
      asRequest(testDb.app, claims, (tx) =>
        tx
          .selectFrom("need_vectors")
          .select("need_id")
          .where("need_id", "in", [received.id, published.id])
          .execute()
          .then((rows) => rows.map((row) => row.need_id).sort()),
      );
    const stranger = await f.createUser(testDb.admin);
    expect(await seen({ role: "anon" })).toEqual([published.id]);
    expect(await seen(f.claimsFor(stranger))).toEqual([published.id]);
    expect(await seen(f.claimsFor(author))).toEqual([received.id, published.id].sort());
    // Only the service role writes vectors.
    await expect(
      asRequest(testDb.app, f.claimsFor(author), (tx) =>
        tx.deleteFrom("need_vectors").where("need_id", "=", received.id).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it("the background job embeds waiting needs and reports what it did", async () => {
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultationId,
      title: "Nowhere to charge an electric car",
      status: "published",
    });
    await sql`insert into private.jobs (kind) values (${MEANING_JOB})`.execute(testDb.admin);
    const job = await claimJob(testDb.app, { kind: MEANING_JOB });
    expect(job).not.toBeNull();
    await runClaimedJob(
      testDb.app,
      { ...meaningJob, run: (db, claimed, progress) => meaningJob.run(db, claimed, progress) },
      job!,
    );
    const finished = await testDb.admin
      .selectFrom("private.jobs")
      .select(["status", "progress", "result"])
      .where("id", "=", job!.id)
      .executeTakeFirstOrThrow();
    expect(finished.status).toBe("done");
    expect(finished.result).toMatchObject({ embedded: 1, model: MEANING_MODEL });
    expect(await vectorOf(need.id)).toBeDefined();
  }, 60_000);
});

describe("likely duplicates by meaning", () => {
  it("flags a new need that means what an earlier one says, for moderation, and not one that differs", async () => {
    const organisation = await f.createOrganisation(testDb.admin);
    const consultation = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
    const earlier = await f.createNeed(testDb.admin, {
      consultation_id: consultation,
      title: "The bus shelter on Elm Road has broken glass",
      description: "",
      status: "published",
    });
    await embedWaitingNeeds(testDb.app);
    const again = await f.createNeed(testDb.admin, {
      consultation_id: consultation,
      title: "Broken glass in the bus shelter on Elm Road",
      description: "",
    });
    const different = await f.createNeed(testDb.admin, {
      consultation_id: consultation,
      title: "The library should open on Sundays",
      description: "",
    });
    const { flagged } = await embedWaitingNeeds(testDb.app);
    expect(flagged).toBe(1);
    const flags = await testDb.admin
      .selectFrom("flags")
      .select(["need_id", "reason", "details"])
      .where("consultation_id", "=", consultation)
      .execute();
    expect(flags).toEqual([
      {
        need_id: again.id,
        reason: "other",
        details: expect.stringMatching(
          new RegExp(`^Likely duplicate of ${earlier.reference}: the same meaning`),
        ),
      },
    ]);
    expect(flags.map((flag) => flag.need_id)).not.toContain(different.id);
  });
});

describe("Is it one of these? by meaning", () => {
  let otherConsultation: string;
  beforeAll(async () => {
    const organisation = await f.createOrganisation(testDb.admin);
    otherConsultation = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
    for (const title of [
      "Public transport at weekends is too infrequent",
      "Many people want something for nothing",
      "Dog mess on the pavement outside the school",
      "The library should open late on Thursdays",
    ])
      await f.createNeed(testDb.admin, {
        consultation_id: otherConsultation,
        title,
        description: "",
        status: "published",
      });
    await embedWaitingNeeds(testDb.app);
  }, 60_000);

  const offered = (title: string, language: "en" | "cy" = "en") =>
    asRequest(testDb.app, { role: "anon" }, (tx) =>
      findSimilarNeeds({ tx, consultationId: otherConsultation, title, description: "", language }),
    ).then((needs) => needs.map((need) => need.title));

  it("offers a need that shares no word with the draft but means the same, first", async () => {
    const titles = await offered("More buses on Sundays");
    expect(titles[0]).toBe("Public transport at weekends is too infrequent");
    expect(titles).not.toContain("Many people want something for nothing");
  });

  it("offers nothing for a draft the model cannot read and that shares no word", async () => {
    expect(await offered("🚌🚌")).toEqual([]);
  });

  it("finds a Welsh draft's look-alikes by words, without the English model", async () => {
    expect(await offered("Mess on the pavement", "cy")).toEqual([
      "Dog mess on the pavement outside the school",
    ]);
  });
});
