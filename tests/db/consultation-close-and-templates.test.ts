// When a consultation really closed (consultations.closed_at, stamped by the database as it leaves open) and
// what the public reads of it; and starting a consultation from an earlier one of the same organisation:
// copies of its themes and areas in the same transaction, audited, and never from another organisation's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { closedOn } from "~/features/consultations/consultation-lifecycle";
import { consultationSchema } from "~/features/consultations/consultation-forms";
import { getConsultation, listPublicConsultations } from "~/features/consultations/consultations.server";
import { listTemplateChoices } from "~/features/consultations/consultation-templates.server";
import {
  changeConsultationStatus,
  createConsultation,
} from "~/features/consultations/workspace-consultations.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let org1: Awaited<ReturnType<typeof f.createOrganisation>>;
let org2: Awaited<ReturnType<typeof f.createOrganisation>>;
let admin1: f.TestUser;
let admin2: f.TestUser;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);

const closedAtOf = async (id: string) =>
  (
    await testDb.admin
      .selectFrom("consultations")
      .select("closed_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).closed_at;

/** Moves a consultation as its commissioner does, from the overview's buttons. */
async function move(
  user: f.TestUser,
  consultation: { id: string; organisation_id: string },
  to: "open" | "closed" | "analysing",
) {
  const { status } = await testDb.admin
    .selectFrom("consultations")
    .select("status")
    .where("id", "=", consultation.id)
    .executeTakeFirstOrThrow();
  return as(user, (tx) => changeConsultationStatus({ tx, consultation: { ...consultation, status }, to }));
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  org1 = await f.createOrganisation(testDb.admin);
  org2 = await f.createOrganisation(testDb.admin);
  [admin1, admin2] = await Promise.all([f.createUser(testDb.admin), f.createUser(testDb.admin)]);
  await f.addMember(testDb.admin, { organisation_id: org1.id, user_id: admin1.id, role: "admin" });
  await f.addMember(testDb.admin, { organisation_id: org2.id, user_id: admin2.id, role: "admin" });
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("when a consultation closed", () => {
  it("is the moment a commissioner closed it early, not the planned date, on the public page and in the list", async () => {
    const planned = f.daysFromNow(20);
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      closes_at: planned,
    });
    await f.createTheme(testDb.admin, { consultation_id: consultation.id });
    await f.createArea(testDb.admin, { consultation_id: consultation.id });
    expect(await closedAtOf(consultation.id)).toBeNull();

    const before = Date.now();
    expect(await move(admin1, consultation, "closed")).toEqual({ status: "changed", to: "closed" });
    const stamped = await closedAtOf(consultation.id);
    expect(stamped).not.toBeNull();
    expect(Math.abs(new Date(stamped!).getTime() - before)).toBeLessThan(60_000);

    // A visitor reads the real closing moment, never the planned one still to come.
    const page = await as(null, (tx) => getConsultation({ tx, slug: consultation.slug }));
    expect(page?.accepting).toBe("closed");
    expect(page?.closed_on?.getTime()).toBe(new Date(stamped!).getTime());
    const listed = await as(null, (tx) => listPublicConsultations({ tx }));
    expect(listed.closed.find((row) => row.slug === consultation.slug)?.closed_on?.getTime()).toBe(
      new Date(stamped!).getTime(),
    );

    // Moving on to analysis keeps when it closed.
    expect(await move(admin1, consultation, "analysing")).toEqual({ status: "changed", to: "analysing" });
    expect(await closedAtOf(consultation.id)).toEqual(stamped);
  });

  it("is not claimed of a consultation still to open: the home page lists it as opening soon", async () => {
    const later = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      opens_at: f.daysFromNow(10),
      closes_at: f.daysFromNow(40),
    });
    const sooner = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      opens_at: f.daysFromNow(2),
      closes_at: f.daysFromNow(40),
    });
    const listed = await as(null, (tx) => listPublicConsultations({ tx }));
    const slugs = (rows: { slug: string }[]) => rows.map((row) => row.slug);
    expect(slugs(listed.upcoming)).toEqual(expect.arrayContaining([sooner.slug, later.slug]));
    expect(slugs(listed.upcoming).indexOf(sooner.slug)).toBeLessThan(
      slugs(listed.upcoming).indexOf(later.slug),
    );
    expect(slugs(listed.closed)).not.toContain(later.slug);
    expect(slugs(listed.open)).not.toContain(later.slug);
  });

  it("is the planned date when that passed before anyone pressed Close, and open past its date reads so too", async () => {
    const planned = f.daysFromNow(-3);
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      opens_at: f.daysFromNow(-30),
      closes_at: planned,
    });
    const stillOpen = await as(null, (tx) => getConsultation({ tx, slug: consultation.slug }));
    expect(stillOpen?.accepting).toBe("closed");
    expect(stillOpen?.closed_on?.getTime()).toBe(planned.getTime());

    expect(await move(admin1, consultation, "closed")).toEqual({ status: "changed", to: "closed" });
    expect(new Date((await closedAtOf(consultation.id))!).getTime()).toBe(planned.getTime());
  });

  it("is cleared when the consultation reopens and stamped afresh when it closes again", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    await f.createTheme(testDb.admin, { consultation_id: consultation.id });
    await f.createArea(testDb.admin, { consultation_id: consultation.id });
    await move(admin1, consultation, "closed");
    const first = await closedAtOf(consultation.id);
    expect(first).not.toBeNull();
    expect(await move(admin1, consultation, "open")).toEqual({ status: "changed", to: "open" });
    expect(await closedAtOf(consultation.id)).toBeNull();
    const reopened = await as(null, (tx) => getConsultation({ tx, slug: consultation.slug }));
    expect(reopened?.accepting).toBe("open");
    expect(reopened?.closed_on).toBeNull();
  });

  it("cannot be set by a commissioner: only the lifecycle stamps it", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "closed",
    });
    const stamped = await closedAtOf(consultation.id);
    await expect(
      as(admin1, (tx) =>
        tx
          .updateTable("consultations")
          .set({ closed_at: f.daysFromNow(-100) })
          .where("id", "=", consultation.id)
          .execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    // Inserting a closed consultation with a date of one's choosing stamps the real one instead.
    const inserted = await as(admin1, (tx) =>
      tx
        .insertInto("consultations")
        .values({
          organisation_id: org1.id,
          slug: f.unique("forged"),
          title: "Forged",
          opens_at: f.daysFromNow(-10),
          closes_at: f.daysFromNow(10),
          status: "closed",
          closed_at: f.daysFromNow(-100),
        })
        .returning("closed_at")
        .executeTakeFirstOrThrow(),
    );
    expect(Math.abs(new Date(inserted.closed_at!).getTime() - Date.now())).toBeLessThan(60_000);
    expect(await closedAtOf(consultation.id)).toEqual(stamped);
  });

  it("is public: an anonymous visitor reads the column", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "closed",
    });
    const row = await as(null, (tx) =>
      tx.selectFrom("consultations").select("closed_at").where("id", "=", consultation.id).executeTakeFirst(),
    );
    expect(row?.closed_at).not.toBeNull();
    expect(closedOn({ status: "open", closes_at: f.daysFromNow(5), closed_at: null })).toBeNull();
    expect(closedOn({ status: "draft", closes_at: f.daysFromNow(-5), closed_at: null })).toBeNull();
  });
});

describe("starting from an earlier consultation", () => {
  const form = (values: Record<string, string>) =>
    consultationSchema.parse({
      title: "Warm spaces 2028",
      slug: f.unique("warm-2028"),
      place: "Northtown",
      summary: "Where can people keep warm next winter?",
      whyWeAsk: "To fund warm spaces.",
      whatHappensNext: "We publish a brief.",
      opens: "",
      closes: "",
      moderation: "after_publication",
      population_older_people: "1200",
      ...values,
    });

  async function earlier() {
    const source = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "closed",
      opens_at: f.daysFromNow(-400),
      closes_at: f.daysFromNow(-300),
      title: "Warm spaces 2027",
      place: "Northtown",
    });
    await f.createTheme(testDb.admin, {
      consultation_id: source.id,
      name: "Keeping warm",
      name_cy: "Cadw’n gynnes",
      description: "Heat at home",
      dimensions: ["energy", "housing"],
      position: 1,
    });
    await f.createTheme(testDb.admin, {
      consultation_id: source.id,
      name: "Company",
      dimensions: ["networks"],
      position: 0,
    });
    await f.createArea(testDb.admin, {
      consultation_id: source.id,
      name: "Northtown",
      name_cy: "Gogleddtref",
      centre_lat: "52.41000",
      centre_lng: "-4.08000",
      population: 4000,
    });
    await f.createNeed(testDb.admin, { consultation_id: source.id, status: "published" });
    return source;
  }

  it("copies its themes and areas with the texts given, in one audited step, and none of its needs", async () => {
    const source = await earlier();
    const input = form({});
    const result = await as(admin1, (tx) =>
      createConsultation({ tx, userId: admin1.id, organisationId: org1.id, input, startFrom: source.slug }),
    );
    expect(result).toEqual({ status: "created", slug: input.slug });
    const created = await testDb.admin
      .selectFrom("consultations")
      .selectAll()
      .where("slug", "=", input.slug)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      status: "draft",
      organisation_id: org1.id,
      title: "Warm spaces 2028",
      summary: "Where can people keep warm next winter?",
      moderation: "after_publication",
      affected_group_populations: { older_people: 1200 },
      closed_at: null,
    });
    const themes = await testDb.admin
      .selectFrom("consultation_themes")
      .select(["name", "name_cy", "description", "dimensions", "position"])
      .where("consultation_id", "=", created.id)
      .orderBy("position")
      .execute();
    expect(themes).toEqual([
      { name: "Company", name_cy: null, description: null, dimensions: ["networks"], position: 0 },
      {
        name: "Keeping warm",
        name_cy: "Cadw’n gynnes",
        description: "Heat at home",
        dimensions: ["energy", "housing"],
        position: 1,
      },
    ]);
    const areas = await testDb.admin
      .selectFrom("consultation_areas")
      .select(["name", "name_cy", "centre_lat", "centre_lng", "population"])
      .where("consultation_id", "=", created.id)
      .execute();
    expect(areas).toEqual([
      {
        name: "Northtown",
        name_cy: "Gogleddtref",
        centre_lat: "52.41000",
        centre_lng: "-4.08000",
        population: 4000,
      },
    ]);
    const needs = await testDb.admin
      .selectFrom("needs")
      .select("id")
      .where("consultation_id", "=", created.id)
      .execute();
    expect(needs).toEqual([]);
    // The earlier consultation is untouched.
    expect(
      await testDb.admin
        .selectFrom("consultation_themes")
        .select("id")
        .where("consultation_id", "=", source.id)
        .execute(),
    ).toHaveLength(2);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "details", "actor_id"])
      .where("consultation_id", "=", created.id)
      .execute();
    expect(audit).toEqual([
      {
        action: "consultation.created",
        actor_id: admin1.id,
        details: { slug: input.slug, started_from: source.slug, themes_copied: 2, areas_copied: 1 },
      },
    ]);
  });

  it("stores nothing when the web address is taken", async () => {
    const source = await earlier();
    const before = await testDb.admin
      .selectFrom("consultation_themes")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const result = await as(admin1, (tx) =>
      createConsultation({
        tx,
        userId: admin1.id,
        organisationId: org1.id,
        input: form({ slug: source.slug }),
        startFrom: source.slug,
      }),
    );
    expect(result).toEqual({ status: "slug-taken" });
    const after = await testDb.admin
      .selectFrom("consultation_themes")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses another organisation's consultation, though its public page is readable, and lists only one's own", async () => {
    const source = await earlier();
    // Row-level security lets any signed-in person read a published consultation and its themes…
    const readable = await as(admin2, (tx) =>
      tx.selectFrom("consultation_themes").select("id").where("consultation_id", "=", source.id).execute(),
    );
    expect(readable).toHaveLength(2);
    // …but only its own commissioners may start from it.
    const input = form({});
    expect(
      await as(admin2, (tx) =>
        createConsultation({ tx, userId: admin2.id, organisationId: org2.id, input, startFrom: source.slug }),
      ),
    ).toEqual({ status: "template-not-found" });
    expect(
      await testDb.admin.selectFrom("consultations").select("id").where("slug", "=", input.slug).execute(),
    ).toEqual([]);
    const choices = await as(admin2, (tx) =>
      listTemplateChoices({ tx, organisationIds: [org1.id, org2.id] }),
    );
    expect(choices.map((choice) => choice.slug)).not.toContain(source.slug);
    const own = await as(admin1, (tx) => listTemplateChoices({ tx, organisationIds: [org1.id] }));
    expect(own.map((choice) => choice.slug)).toContain(source.slug);
    // A draft of another organisation is not even visible to them.
    const draft = await f.createConsultation(testDb.admin, { organisation_id: org1.id, status: "draft" });
    expect(
      await as(admin2, (tx) =>
        createConsultation({
          tx,
          userId: admin2.id,
          organisationId: org2.id,
          input: form({}),
          startFrom: draft.slug,
        }),
      ),
    ).toEqual({ status: "template-not-found" });
  });

  it("refuses to carry one organisation's consultation into another of the asker's organisations", async () => {
    const source = await earlier();
    const both = await f.createUser(testDb.admin);
    await f.addMember(testDb.admin, { organisation_id: org1.id, user_id: both.id, role: "member" });
    await f.addMember(testDb.admin, { organisation_id: org2.id, user_id: both.id, role: "member" });
    const input = form({});
    expect(
      await as(both, (tx) =>
        createConsultation({ tx, userId: both.id, organisationId: org2.id, input, startFrom: source.slug }),
      ),
    ).toEqual({ status: "template-elsewhere", organisationName: org1.name });
    expect(
      await as(both, (tx) =>
        createConsultation({ tx, userId: both.id, organisationId: org1.id, input, startFrom: source.slug }),
      ),
    ).toEqual({ status: "created", slug: input.slug });
  });
});
