// The commissioners' workspace against a real database: organisations kept apart by row-level security,
// the consultation lifecycle, setup refusals, racing edits, moderation, the explorer, the dashboard and the
// append-only audit log. Every call goes through asRequest as the app's requests do.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { DEFAULT_LOCALE, translator } from "~/lib/i18n";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { consultationSchema, type ConsultationInput } from "~/features/consultations/consultation-forms";
import { areaSchema } from "~/features/consultations/theme-area-forms";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { listAuditEntries, recordAudit } from "~/platform/audit.server";
import { getDashboard } from "~/features/consultations/dashboard.server";
import {
  addArea,
  addTheme,
  changeConsultationStatus,
  createConsultation,
  removeTheme,
  updateConsultation,
} from "~/features/consultations/workspace-consultations.server";
import { moderateNeeds, redactNeed } from "~/features/moderation/moderation.server";
import {
  csvCell,
  EXPLORER_COUNT_BOUND,
  EXPLORER_PAGE_SIZE,
  exploreNeeds,
  exportNeedsCsv,
} from "~/features/needs/workspace-needs.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { applyModerationIntent } from "~/server/moderation-intent.server";
import { getNeedPage } from "~/features/needs/needs.server";
import { listPublishedNeeds } from "~/features/consultations/consultations.server";
import { matchingNeedIds, textSearch } from "~/lib/text-search.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let org1: Awaited<ReturnType<typeof f.createOrganisation>>;
let org2: Awaited<ReturnType<typeof f.createOrganisation>>;
let admin1: f.TestUser;
let member1: f.TestUser;
let admin2: f.TestUser;
let resident: f.TestUser;

const as = <T>(user: f.TestUser, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);

function input(values: Record<string, string> = {}): ConsultationInput {
  return consultationSchema.parse(raw(values));
}

/** The details form as a browser posts it. */
function raw(values: Record<string, string> = {}): Record<string, string> {
  return {
    title: "Warm spaces",
    slug: f.unique("warm"),
    place: "",
    summary: "Where can people keep warm?",
    whyWeAsk: "",
    whatHappensNext: "",
    opens: "",
    closes: "",
    moderation: "before_publication",
    ...values,
  };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  org1 = await f.createOrganisation(db);
  org2 = await f.createOrganisation(db);
  [admin1, member1, admin2, resident] = await Promise.all([
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
  ]);
  await f.addMember(db, { organisation_id: org1.id, user_id: admin1.id, role: "admin" });
  await f.addMember(db, { organisation_id: org1.id, user_id: member1.id, role: "member" });
  await f.addMember(db, { organisation_id: org2.id, user_id: admin2.id, role: "admin" });
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("organisations are kept apart", () => {
  it("a commissioner of another organisation cannot read, edit, open or moderate a consultation", async () => {
    const draft = await f.createConsultation(testDb.admin, { organisation_id: org1.id, status: "draft" });
    const open = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const need = await f.createNeed(testDb.admin, { consultation_id: open.id });

    // The draft is invisible to org 2 (404); the open one is public but not theirs (403).
    await expect(
      as(admin2, (tx) => requireCommissionedConsultation({ tx, slug: draft.slug })),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      as(admin2, (tx) => requireCommissionedConsultation({ tx, slug: open.slug })),
    ).rejects.toMatchObject({ status: 403 });
    expect((await as(admin1, (tx) => requireCommissionedConsultation({ tx, slug: draft.slug }))).id).toBe(
      draft.id,
    );

    // Row-level security refuses the writes themselves, not only the guards in front of them.
    const update = await as(admin2, (tx) =>
      tx
        .updateTable("consultations")
        .set({ title: "Taken over" })
        .where("id", "in", [draft.id, open.id])
        .executeTakeFirst(),
    );
    expect(update.numUpdatedRows).toBe(0n);
    expect(
      await as(admin2, (tx) =>
        updateConsultation({
          tx,
          consultationId: open.id,
          input: input({ slug: open.slug }),
          version: open.version,
        }),
      ),
    ).toEqual({
      status: "not-found",
    });
    await expect(
      as(admin2, (tx) =>
        tx
          .insertInto("consultation_themes")
          .values({ consultation_id: draft.id, name: "Sneaky", dimensions: ["health"] })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(
      await as(admin2, (tx) =>
        createConsultation({ tx, userId: admin2.id, organisationId: org1.id, input: input() }),
      ),
    ).toEqual({
      status: "not-allowed",
    });
    expect(
      await as(admin2, (tx) => changeConsultationStatus({ tx, consultation: draft, to: "open" })),
    ).toEqual({ status: "moved-on" });
    expect(
      await as(admin2, (tx) => changeConsultationStatus({ tx, consultation: open, to: "closed" })),
    ).toEqual({ status: "moved-on" });

    // Needs waiting for moderation stay out of sight and out of reach.
    expect(
      (
        await as(admin2, (tx) =>
          exploreNeeds({ tx, consultationId: open.id, filters: { sort: "newest" }, page: 1 }),
        )
      ).total,
    ).toBe(0);
    const moderated = await as(admin2, (tx) =>
      moderateNeeds({
        tx,
        consultation: { id: open.id, organisation_id: org1.id },
        needIds: [need.id],
        decision: { action: "publish" },
      }),
    );
    expect(moderated.count).toBe(0);
    const dashboard = await as(admin2, (tx) =>
      getDashboard({
        tx,
        consultationId: open.id,
        filters: { sort: "newest" },
        groupLabels: affectedGroupLabels,
      }),
    );
    expect(dashboard.summary.needs).toBe(0);

    const after = await testDb.admin
      .selectFrom("consultations")
      .select(["title", "status"])
      .where("id", "in", [draft.id, open.id])
      .execute();
    expect(after.map((row) => row.title)).not.toContain("Taken over");
    expect(
      (
        await testDb.admin
          .selectFrom("needs")
          .select("status")
          .where("id", "=", need.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("received");
    expect(
      (
        await as(admin1, (tx) =>
          exploreNeeds({ tx, consultationId: open.id, filters: { sort: "newest" }, page: 1 }),
        )
      ).total,
    ).toBe(1);
  });
});

describe("the consultation lifecycle", () => {
  it("moves draft → open → closed → analysing → reported and refuses every other move, in the model and in the database", async () => {
    const created = await as(admin1, (tx) =>
      createConsultation({ tx, userId: admin1.id, organisationId: org1.id, input: input() }),
    );
    expect(created.status).toBe("created");
    const slug = (created as { slug: string }).slug;
    const load = () => as(admin1, (tx) => requireCommissionedConsultation({ tx, slug }));
    const move = async (to: "draft" | "open" | "closed" | "analysing" | "reported") => {
      const consultation = await load();
      return as(admin1, (tx) => changeConsultationStatus({ tx, consultation, to }));
    };

    expect(await move("closed")).toEqual({ status: "invalid-transition", from: "draft", to: "closed" });
    expect(await move("open")).toEqual({
      status: "not-ready",
      problems: ["Set the open and close dates.", "Add at least one theme.", "Add at least one area."],
    });
    const consultation = await load();
    await as(admin1, async (tx) => {
      await addTheme({
        tx,
        consultationId: consultation.id,
        input: { name: "Warmth", description: "", dimensions: ["health", "energy"] },
      });
      await addArea({
        tx,
        consultationId: consultation.id,
        input: { name: "Northtown", lat: null, lng: null, population: 8000 },
      });
      const centred = areaSchema.parse({
        name: "Eastfield",
        lat: "52.4862",
        lng: "-1.8904",
        population: "12,500",
      });
      expect(await addArea({ tx, consultationId: consultation.id, input: centred })).toMatchObject({
        status: "added",
      });
      expect(await addArea({ tx, consultationId: consultation.id, input: centred })).toEqual({
        status: "name-taken",
      });
      const dated = input({ slug, opens: "2020-01-01", closes: "2099-12-31" });
      expect(
        (
          await updateConsultation({
            tx,
            consultationId: consultation.id,
            input: dated,
            version: consultation.version,
          })
        ).status,
      ).toBe("saved");
    });
    const areas = await testDb.admin
      .selectFrom("consultation_areas")
      .select(["name", "centre_lat", "centre_lng", "population"])
      .where("consultation_id", "=", consultation.id)
      .orderBy("position")
      .execute();
    expect(
      areas.map((area) => [
        area.name,
        area.centre_lat === null ? null : Number(area.centre_lat),
        area.centre_lng === null ? null : Number(area.centre_lng),
        area.population,
      ]),
    ).toEqual([
      ["Northtown", null, null, 8000],
      ["Eastfield", 52.4862, -1.8904, 12500],
    ]);
    expect(await move("open")).toEqual({ status: "changed", to: "open" });
    expect(await move("draft")).toEqual({ status: "invalid-transition", from: "open", to: "draft" });
    expect(await move("closed")).toEqual({ status: "changed", to: "closed" });
    expect(await move("open")).toEqual({ status: "changed", to: "open" });
    expect(await move("closed")).toEqual({ status: "changed", to: "closed" });
    expect(await move("analysing")).toEqual({ status: "changed", to: "analysing" });
    expect(await move("reported")).toEqual({ status: "changed", to: "reported" });
    expect(await move("open")).toEqual({ status: "invalid-transition", from: "reported", to: "open" });

    // The database refuses a skipped step whoever asks: a commissioner, or the service role.
    const other = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "draft",
      opens_at: null,
      closes_at: null,
    });
    await expect(
      as(admin1, (tx) =>
        tx.updateTable("consultations").set({ status: "reported" }).where("id", "=", other.id).execute(),
      ),
    ).rejects.toMatchObject({
      code: "GS010",
    });
    const open = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    await expect(
      asRequest(testDb.app, { role: "service_role" }, (tx) =>
        tx.updateTable("consultations").set({ status: "draft" }).where("id", "=", open.id).execute(),
      ),
    ).rejects.toMatchObject({ code: "GS010" });
    expect(
      (
        await testDb.admin
          .selectFrom("consultations")
          .select("status")
          .where("id", "=", open.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("open");
  });

  it("will not open a consultation whose close date has passed", async () => {
    const past = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "closed",
      opens_at: f.daysFromNow(-60),
      closes_at: f.daysFromNow(-30),
    });
    await f.createTheme(testDb.admin, { consultation_id: past.id });
    await f.createArea(testDb.admin, { consultation_id: past.id });
    expect(
      await as(admin1, (tx) => changeConsultationStatus({ tx, consultation: past, to: "open" })),
    ).toEqual({
      status: "not-ready",
      problems: ["Set a close date that has not passed yet."],
    });
  });

  it("keeps a theme that needs are filed under", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const theme = await f.createTheme(testDb.admin, { consultation_id: consultation.id });
    await f.createNeed(testDb.admin, { consultation_id: consultation.id, theme_id: theme.id });
    expect(
      await as(admin1, (tx) => removeTheme({ tx, consultationId: consultation.id, themeId: theme.id })),
    ).toEqual({ status: "in-use", count: 1 });
  });
});

describe("bad setup input", () => {
  it("refuses a web address already taken, even by a draft of another organisation it cannot see", async () => {
    const hidden = await f.createConsultation(testDb.admin, { organisation_id: org2.id, status: "draft" });
    expect(
      await as(admin1, (tx) =>
        createConsultation({
          tx,
          userId: admin1.id,
          organisationId: org1.id,
          input: input({ slug: hidden.slug }),
        }),
      ),
    ).toEqual({
      status: "slug-taken",
    });
    const mine = await as(admin1, (tx) =>
      createConsultation({ tx, userId: admin1.id, organisationId: org1.id, input: input() }),
    );
    const row = await testDb.admin
      .selectFrom("consultations")
      .selectAll()
      .where("slug", "=", (mine as { slug: string }).slug)
      .executeTakeFirstOrThrow();
    expect(
      await as(admin1, (tx) =>
        updateConsultation({
          tx,
          consultationId: row.id,
          input: input({ slug: hidden.slug }),
          version: row.version,
        }),
      ),
    ).toEqual({
      status: "slug-taken",
    });
  });

  it("refuses inverted dates in the form and in the database, and dates overlapping another consultation for the same place", async () => {
    const inverted = consultationSchema.safeParse(raw({ opens: "2027-03-10", closes: "2027-03-01" }));
    expect(inverted.success).toBe(false);
    expect(inverted.error?.issues.map((issue) => [issue.path[0], issue.message])).toContainEqual([
      "closes",
      "The close date must be the same as or after the open date",
    ]);
    expect(
      consultationSchema
        .safeParse(raw({ opens: "2027-02-30", closes: "" }))
        .error?.issues.map((issue) => issue.path[0]),
    ).toEqual(expect.arrayContaining(["opens", "closes"]));
    await expect(
      as(admin1, (tx) =>
        tx
          .insertInto("consultations")
          .values({
            organisation_id: org1.id,
            slug: f.unique("inv"),
            title: "x",
            opens_at: f.daysFromNow(5),
            closes_at: f.daysFromNow(1),
          })
          .execute(),
      ),
    ).rejects.toThrow(/consultations_closes_after_opens/);

    const place = f.unique("Riverside");
    const first = await as(admin1, (tx) =>
      createConsultation({
        tx,
        userId: admin1.id,
        organisationId: org1.id,
        input: input({ place, opens: "2027-03-01", closes: "2027-04-30" }),
      }),
    );
    expect(first.status).toBe("created");
    const clash = await as(admin1, (tx) =>
      createConsultation({
        tx,
        userId: admin1.id,
        organisationId: org1.id,
        input: input({ place: place.toUpperCase(), opens: "2027-04-30", closes: "2027-06-30" }),
      }),
    );
    expect(clash).toMatchObject({ status: "overlaps", other: { slug: (first as { slug: string }).slug } });
    const after = await as(admin1, (tx) =>
      createConsultation({
        tx,
        userId: admin1.id,
        organisationId: org1.id,
        input: input({ place, opens: "2027-05-01", closes: "2027-06-30" }),
      }),
    );
    expect(after.status).toBe("created");
  });
});

describe("racing edits", () => {
  it("tells the later saver that someone else saved, shows what they saved, and keeps both", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "draft",
    });
    const read = consultation.version;
    const first = await as(admin1, (tx) =>
      updateConsultation({
        tx,
        consultationId: consultation.id,
        input: input({ slug: consultation.slug, title: "Saved first" }),
        version: read,
      }),
    );
    expect(first).toEqual({ status: "saved", version: read + 1 });
    const second = await as(member1, (tx) =>
      updateConsultation({
        tx,
        consultationId: consultation.id,
        input: input({ slug: consultation.slug, title: "Saved second" }),
        version: read,
      }),
    );
    expect(second).toMatchObject({
      status: "conflict",
      current: { title: "Saved first", version: read + 1 },
    });
    expect(
      (
        await testDb.admin
          .selectFrom("consultations")
          .select("title")
          .where("id", "=", consultation.id)
          .executeTakeFirstOrThrow()
      ).title,
    ).toBe("Saved first");
    // Saving again with the version now shown replaces it deliberately.
    const again = await as(member1, (tx) =>
      updateConsultation({
        tx,
        consultationId: consultation.id,
        input: input({ slug: consultation.slug, title: "Saved second" }),
        version: read + 1,
      }),
    );
    expect(again).toEqual({ status: "saved", version: read + 2 });
  });

  it("lets exactly one of two simultaneous saves of the same version win", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      status: "draft",
    });
    const results = await Promise.all(
      [admin1, member1].map((who, index) =>
        as(who, (tx) =>
          updateConsultation({
            tx,
            consultationId: consultation.id,
            input: input({ slug: consultation.slug, title: `Racer ${index}` }),
            version: consultation.version,
          }),
        ),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(["conflict", "saved"]);
  });
});

describe("moderation and the audit log", () => {
  it("records every decision and export with who made it; admins of the organisation alone read it; nobody rewrites it", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const owner = { id: consultation.id, organisation_id: org1.id };
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      author_id: resident.id,
      title: "Dog fouling on Elm Road",
      description: "Outside number 12 Elm Road every morning.",
    });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      original_title: "Dog fouling on Elm Road",
      original_description: "Outside number 12 Elm Road every morning.",
    });
    await f.createFlag(testDb.admin, {
      consultation_id: consultation.id,
      need_id: need.id,
      reason: "personal_information",
    });

    // A hide needs a reason the author will see.
    expect(
      await as(member1, (tx) =>
        applyModerationIntent({
          tx,
          consultation: owner,
          t: translator(DEFAULT_LOCALE),
          values: { intent: "hide-need", id: need.id, reason: " " },
        }),
      ),
    ).toEqual({
      status: "invalid",
      key: need.id,
      errors: { reason: "Give the reason: the author will see it" },
    });
    expect(
      await as(member1, (tx) =>
        redactNeed({
          tx,
          consultation: owner,
          reference: need.reference,
          field: "description",
          words: "number 13",
          reason: "x",
        }),
      ),
    ).toEqual({
      status: "text-not-found",
    });
    expect(
      await as(member1, (tx) =>
        redactNeed({
          tx,
          consultation: owner,
          reference: need.reference,
          field: "description",
          words: "number 12",
          reason: "We removed a house number.",
        }),
      ),
    ).toEqual({ status: "redacted", occurrences: 1 });
    await as(member1, (tx) =>
      moderateNeeds({
        tx,
        consultation: owner,
        needIds: [need.id],
        decision: { action: "hide", reason: "Please post it to the council's street team." },
      }),
    );
    const { csv } = await as(member1, (tx) =>
      exportNeedsCsv({
        tx,
        consultation: { ...owner, slug: consultation.slug },
        filters: { sort: "newest", status: "hidden" },
      }),
    );
    expect(csv).toContain(need.reference);

    const stored = await testDb.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select(["n.description", "n.status", "n.moderation_reason", "d.original_description"])
      .where("n.id", "=", need.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      description: "Outside [redacted] Elm Road every morning.",
      status: "hidden",
      moderation_reason: "Please post it to the council's street team.",
      original_description: "Outside number 12 Elm Road every morning.",
    });
    // The author sees that it was hidden and why.
    expect(
      await as(resident, (tx) =>
        tx
          .selectFrom("needs")
          .select(["status", "moderation_reason"])
          .where("id", "=", need.id)
          .executeTakeFirst(),
      ),
    ).toEqual({
      status: "hidden",
      moderation_reason: "Please post it to the council's street team.",
    });
    expect(
      (
        await testDb.admin
          .selectFrom("flags")
          .select("resolution")
          .where("need_id", "=", need.id)
          .executeTakeFirstOrThrow()
      ).resolution,
    ).toBe("upheld");

    const seenBy = (who: f.TestUser) =>
      as(who, (tx) => listAuditEntries({ tx, organisationId: org1.id, consultationId: consultation.id }));
    const entries = (await seenBy(admin1)).entries;
    expect(entries.map((entry) => [entry.action, entry.actor_id, entry.subject_id])).toEqual([
      ["export.needs_csv", member1.id, consultation.id],
      ["need.hidden", member1.id, need.id],
      ["need.redacted", member1.id, need.id],
    ]);
    expect(entries[1]!.details).toMatchObject({
      reason: "Please post it to the council's street team.",
      reference: need.reference,
    });
    expect(entries[2]!.details).toMatchObject({ field: "description", reason: "We removed a house number." });
    expect(JSON.stringify(entries[2]!.details)).not.toContain("number 12");
    expect(entries[0]!.details).toMatchObject({ rows: 1, filters: { status: "hidden" } });
    // The member who did it, not being an admin, and another organisation's admin read nothing.
    expect((await seenBy(member1)).entries).toEqual([]);
    expect((await seenBy(admin2)).entries).toEqual([]);

    // Append-only: refused for the request roles and for the superuser alike.
    const id = entries[0]!.id;
    await expect(
      as(admin1, (tx) =>
        tx
          .updateTable("private.audit_log")
          .set({ action: "nothing.happened" })
          .where("id", "=", id)
          .execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      as(admin1, (tx) => tx.deleteFrom("private.audit_log").where("id", "=", id).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      testDb.admin
        .updateTable("private.audit_log")
        .set({ action: "nothing.happened" })
        .where("id", "=", id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(testDb.admin.deleteFrom("private.audit_log").where("id", "=", id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate private.audit_log`.execute(testDb.admin)).rejects.toThrow(/append-only/);
  });

  it("publishes, hides and redacts comments with a reason their author sees, keeps the author's words and records each decision", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const owner = { id: consultation.id, organisation_id: org1.id };
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      status: "published",
      published_at: new Date(),
    });
    const commenter = await f.createUser(testDb.admin, { anonymous: true });
    const words = "Same here. Ring me on 07700 900123 about it.";
    const comment = await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      author_id: commenter.id,
      body: words,
    });
    await f.createCommentOriginal(testDb.admin, {
      comment_id: comment.id,
      consultation_id: consultation.id,
      original_body: words,
    });
    const rude = await f.createComment(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      author_id: commenter.id,
      body: "Rude words",
      status: "published",
    });
    await f.createFlag(testDb.admin, {
      consultation_id: consultation.id,
      comment_id: rude.id,
      reason: "offensive",
    });
    const intent = (values: Record<string, string>) =>
      as(member1, (tx) =>
        applyModerationIntent({ tx, consultation: owner, t: translator(DEFAULT_LOCALE), values }),
      );

    // Hiding needs a reason; redacting needs words that are really there.
    expect(await intent({ intent: "hide-comment", id: rude.id, reason: "" })).toMatchObject({
      status: "invalid",
      key: rude.id,
      errors: { reason: expect.any(String) },
    });
    expect(
      await intent({
        intent: "redact-comment",
        id: comment.id,
        field: "body",
        text: "07700 900999",
        reason: "A phone number",
      }),
    ).toMatchObject({
      status: "invalid",
      errors: { text: "Those words are not in the text: copy them exactly as they appear" },
    });
    expect(
      await intent({
        intent: "redact-comment",
        id: comment.id,
        field: "body",
        text: "07700 900123",
        reason: "We took out a phone number.",
      }),
    ).toEqual({
      status: "done",
      message: "Redacted 1 place. The author sees why.",
      notice: { key: "redacted", count: 1 },
    });
    expect(await intent({ intent: "publish-comment", id: comment.id })).toEqual({
      status: "done",
      message: "The comment is published.",
      notice: { key: "comment-published" },
    });
    expect(
      await intent({ intent: "hide-comment", id: rude.id, reason: "It insults another resident." }),
    ).toEqual({
      status: "done",
      message: "The comment is hidden. Its author sees why.",
      notice: { key: "comment-hidden" },
    });

    // The public reads the redacted comment and why; the hidden one is gone for them but its author sees why.
    const publicPage = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      getNeedPage({ tx, reference: need.reference, userId: null }),
    );
    expect(publicPage!.comments.map((one) => [one.body, one.status, one.moderation_reason])).toEqual([
      ["Same here. Ring me on [redacted] about it.", "published", "We took out a phone number."],
    ]);
    const authorPage = await as(commenter, (tx) =>
      getNeedPage({ tx, reference: need.reference, userId: commenter.id }),
    );
    expect(authorPage!.comments.find((one) => one.id === rude.id)).toMatchObject({
      status: "hidden",
      moderation_reason: "It insults another resident.",
      mine: true,
    });
    const original = await testDb.admin
      .selectFrom("private.comment_originals")
      .select("original_body")
      .where("comment_id", "=", comment.id)
      .executeTakeFirstOrThrow();
    expect(original.original_body).toBe(words);
    expect(
      (
        await testDb.admin
          .selectFrom("flags")
          .select("resolution")
          .where("comment_id", "=", rude.id)
          .executeTakeFirstOrThrow()
      ).resolution,
    ).toBe("upheld");

    // Another organisation's commissioner changes nothing.
    expect(
      await as(admin2, (tx) =>
        applyModerationIntent({
          tx,
          consultation: owner,
          t: translator(DEFAULT_LOCALE),
          values: { intent: "publish-comment", id: rude.id },
        }),
      ),
    ).toEqual({ status: "not-found" });
    expect(
      (
        await testDb.admin
          .selectFrom("comments")
          .select("status")
          .where("id", "=", rude.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("hidden");

    const entries = (
      await as(admin1, (tx) =>
        listAuditEntries({ tx, organisationId: org1.id, consultationId: consultation.id }),
      )
    ).entries;
    expect(entries.map((entry) => [entry.action, entry.actor_id, entry.subject_id])).toEqual([
      ["comment.hidden", member1.id, rude.id],
      ["comment.published", member1.id, comment.id],
      ["comment.redacted", member1.id, comment.id],
    ]);
    expect(entries[0]!.details).toMatchObject({ reason: "It insults another resident." });
    expect(JSON.stringify(entries)).not.toContain("900123");
  });

  it("records the real actor and refuses entries for an organisation the actor does not belong to", async () => {
    await as(admin2, (tx) =>
      recordAudit({
        tx,
        organisationId: org2.id,
        action: "export.needs_csv",
        targetType: "consultations",
        targetId: "x",
      }),
    );
    const row = await testDb.admin
      .selectFrom("private.audit_log")
      .selectAll()
      .where("organisation_id", "=", org2.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect([row.actor_id, row.actor_role]).toEqual([admin2.id, "authenticated"]);
    await expect(
      as(admin2, (tx) => recordAudit({ tx, organisationId: org1.id, action: "need.hidden" })),
    ).rejects.toThrow(/only a member of the organisation/);
    await expect(
      as(admin2, (tx) => recordAudit({ tx, organisationId: org2.id, action: "Not Dotted" })),
    ).rejects.toThrow(/dotted/);
  });
});

describe("the explorer and the dashboard", () => {
  it("filter, search, sort, page and export the same needs, and show who is missing", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: org1.id,
      affected_group_populations: { older_people: 1000, carers: 5000 },
    });
    const [health, homes] = await Promise.all([
      f.createTheme(testDb.admin, { consultation_id: consultation.id, name: "Health", position: 0 }),
      f.createTheme(testDb.admin, { consultation_id: consultation.id, name: "Homes", position: 1 }),
    ]);
    const [north, south] = await Promise.all([
      f.createArea(testDb.admin, {
        consultation_id: consultation.id,
        name: "North",
        population: 1000,
        position: 0,
      }),
      f.createArea(testDb.admin, {
        consultation_id: consultation.id,
        name: "South",
        population: 1000,
        position: 1,
      }),
    ]);
    const people = await Promise.all(
      Array.from({ length: 6 }, () => f.createUser(testDb.admin, { anonymous: true })),
    );
    const mk = (values: Parameters<typeof f.createNeed>[1]) => f.createNeed(testDb.admin, values);
    const base = { consultation_id: consultation.id };
    const a = await mk({
      ...base,
      title: "No GP appointments",
      description: "Weeks to wait for a doctor",
      theme_id: health.id,
      area_id: north.id,
      author_id: people[0]!.id,
      affected_groups: ["older_people"],
      seriousness: 5,
      status: "published",
      created_at: "2027-01-05T10:00:00Z",
    });
    const b = await mk({
      ...base,
      title: "Damp flats",
      description: "Mould in the flats",
      theme_id: homes.id,
      area_id: north.id,
      author_id: people[1]!.id,
      affected_groups: ["older_people", "carers"],
      seriousness: 3,
      status: "received",
      created_at: "2027-01-20T10:00:00Z",
    });
    const c = await mk({
      ...base,
      title: '=HYPERLINK("x")',
      description: 'A formula, "quoted", with a comma',
      theme_id: homes.id,
      area_id: north.id,
      author_id: people[2]!.id,
      affected_groups: ["carers"],
      seriousness: 1,
      status: "published",
      source: "assisted",
      created_at: "2027-02-01T10:00:00Z",
    });
    const d = await mk({
      ...base,
      title: "Hidden spam",
      description: "Buy now",
      theme_id: health.id,
      area_id: south.id,
      seriousness: null,
      status: "hidden",
      moderation_reason: "Spam",
      created_at: "2027-02-02T10:00:00Z",
    });
    await f.createNeedPhoto(testDb.admin, { need_id: a.id, consultation_id: consultation.id });
    const needGroup = await f.createNeedGroup(testDb.admin, { consultation_id: consultation.id });
    await f.addNeedToGroup(testDb.admin, {
      group_id: needGroup.id,
      need_id: b.id,
      consultation_id: consultation.id,
    });
    await f.createFlag(testDb.admin, { consultation_id: consultation.id, need_id: c.id });
    const group = await f.createCommunityGroup(testDb.admin);
    const proposal = await f.createProposal(testDb.admin, {
      consultation_id: consultation.id,
      organisation_id: group.id,
      status: "submitted",
    });
    await f.linkProposalNeed(testDb.admin, {
      proposal_id: proposal.id,
      need_id: a.id,
      consultation_id: consultation.id,
    });
    for (const supporter of people.slice(3))
      await f.createSupport(testDb.admin, {
        need_id: a.id,
        user_id: supporter.id,
        consultation_id: consultation.id,
      });
    await f.createSupport(testDb.admin, {
      need_id: a.id,
      user_id: people[1]!.id,
      consultation_id: consultation.id,
    });

    const explore = (search: string) =>
      as(member1, async (tx) => {
        const { filters, page } = parseExplorerQuery(new URLSearchParams(search));
        const result = await exploreNeeds({ tx, consultationId: consultation.id, filters, page });
        return { total: result.total, refs: result.needs.map((need) => need.reference) };
      });
    expect(await explore("")).toEqual({ total: 4, refs: [d, c, b, a].map((need) => need.reference) });
    expect((await explore(`theme=${homes.id}`)).refs).toEqual([c, b].map((need) => need.reference));
    expect((await explore(`area=${south.id}`)).refs).toEqual([d.reference]);
    expect((await explore("group=carers")).refs).toEqual([c, b].map((need) => need.reference));
    expect((await explore("seriousness=3")).refs).toEqual([b, a].map((need) => need.reference));
    expect((await explore("from=2027-01-10&to=2027-02-01")).refs).toEqual(
      [c, b].map((need) => need.reference),
    );
    expect((await explore("status=received")).refs).toEqual([b.reference]);
    expect((await explore("source=assisted")).refs).toEqual([c.reference]);
    expect((await explore("photo=yes")).refs).toEqual([a.reference]);
    expect((await explore("grouped=yes")).refs).toEqual([b.reference]);
    expect((await explore("grouped=no")).total).toBe(3);
    expect((await explore("flagged=yes")).refs).toEqual([c.reference]);
    // Each count, whether from the tallies or from the filters' own index, is the number of needs listed.
    for (const view of [
      "group=carers",
      "photo=yes",
      "photo=no",
      "grouped=yes",
      "grouped=no",
      "flagged=yes",
      "from=2027-01-10&to=2027-02-01",
      `group=carers&theme=${homes.id}&status=published`,
      `grouped=no&area=${north.id}&seriousness=2`,
      "photo=no&group=carers&source=assisted",
    ]) {
      const { total, refs } = await explore(view);
      expect([view, total]).toEqual([view, refs.length]);
    }
    expect((await explore("photo=no&group=carers")).refs).toEqual([c, b].map((need) => need.reference));
    expect((await explore("photo=no&group=carers&source=assisted")).total).toBe(1);
    // The count the index gives is the commissioners' alone: anyone else is told nothing.
    const countAs = (claims: Parameters<typeof asRequest>[1]) =>
      asRequest(testDb.app, claims, async (tx) => {
        const { rows } = await sql<{ total: number | null }>`
          select private.filtered_need_count(${consultation.id}, with_photo => false) as total`.execute(tx);
        return rows[0]!.total;
      });
    expect(await countAs(f.claimsFor(member1))).toBe(3);
    expect(await countAs(f.claimsFor(admin2))).toBeNull();
    expect(await countAs(f.claimsFor(people[1]!))).toBeNull();
    // The page is read the same way: what each need shows, for its commissioners; nothing for anyone else.
    const { needs: shown } = await as(member1, (tx) =>
      exploreNeeds({ tx, consultationId: consultation.id, filters: { sort: "oldest" }, page: 1 }),
    );
    expect(
      shown.map((need) => [need.reference, need.theme_name, need.area_name, need.grouped, need.open_flags]),
    ).toEqual([
      [a.reference, "Health", "North", false, 0],
      [b.reference, "Homes", "North", true, 0],
      [c.reference, "Homes", "North", false, 1],
      [d.reference, "Health", "South", false, 0],
    ]);
    expect(shown[1]).toMatchObject({
      status: "received",
      seriousness: 3,
      affected_groups: ["older_people", "carers"],
    });
    const pageAs = (claims: Parameters<typeof asRequest>[1]) =>
      asRequest(testDb.app, claims, async (tx) => {
        const ids = await sql<{ id: string }>`
          select id from private.explorer_need_ids(${consultation.id}, null, null, null, null, null, null, null,
            null, null, null, null, null, 'supported', 0, 50) as id`.execute(tx);
        const needs = await sql<{ reference: string }>`
          select reference from private.explorer_needs(${consultation.id}::uuid, ${[a.id, b.id]}::uuid[])`.execute(
          tx,
        );
        return { ids: ids.rows.map((row) => row.id), needs: needs.rows.map((row) => row.reference).sort() };
      });
    expect(await pageAs(f.claimsFor(member1))).toEqual({
      ids: [a, d, c, b].map((need) => need.id),
      needs: [a.reference, b.reference].sort(),
    });
    expect(await pageAs(f.claimsFor(admin2))).toEqual({ ids: [], needs: [] });
    expect(await pageAs(f.claimsFor(people[1]!))).toEqual({ ids: [], needs: [] });
    expect((await explore("q=doctor")).refs).toEqual([a.reference]);
    expect((await explore(`q=${b.reference.toLowerCase()}`)).refs).toEqual([b.reference]);
    // Commissioners search needs of every status; the public list searches only what is published.
    expect((await explore("q=spam or mould")).refs).toEqual([d, b].map((need) => need.reference));
    const publicSearch = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      listPublishedNeeds({
        tx,
        consultationId: consultation.id,
        query: { q: "doctor or mould or spam", sort: "newest", page: 1 },
      }),
    );
    expect([publicSearch.total, publicSearch.needs.map((need) => need.reference)]).toEqual([
      1,
      [a.reference],
    ]);
    // Nor does the search behind both tell anyone else that the unpublished needs exist.
    const search = textSearch("spam or mould or doctor");
    const matching = (claims: Parameters<typeof asRequest>[1]) =>
      asRequest(testDb.app, claims, async (tx) => {
        const { rows } = await sql<{ id: string }>`${matchingNeedIds(consultation.id, search)}`.execute(tx);
        return rows.map((row) => row.id).sort();
      });
    expect(await matching({ role: "anon" })).toEqual([a.id]);
    expect(await matching(f.claimsFor(admin2))).toEqual([a.id]);
    expect(await matching(f.claimsFor(member1))).toEqual([a.id, b.id, d.id].sort());
    expect((await explore("sort=supported")).refs[0]).toBe(a.reference);
    expect((await explore("sort=oldest")).refs).toEqual([a, b, c, d].map((need) => need.reference));
    expect(parseExplorerQuery(new URLSearchParams("from=2027-02-10&to=2027-02-01")).errors).toEqual({
      to: "The ‘to’ date must be the same as or after the ‘from’ date",
    });

    const { csv, rows } = await as(member1, (tx) =>
      exportNeedsCsv({
        tx,
        consultation: { id: consultation.id, organisation_id: org1.id, slug: consultation.slug },
        filters: parseExplorerQuery(new URLSearchParams(`theme=${homes.id}`)).filters,
      }),
    );
    expect(rows).toBe(2);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "reference,received_on,status,title,description,place,theme,area,affected_groups,seriousness,urgency,people_estimate,supports,source,has_photo,in_a_group,moderation_reason",
    );
    expect(lines[1]).toBe(
      `${c.reference},2027-02-01,published,"'=HYPERLINK(""x"")","A formula, ""quoted"", with a comma",,Homes,North,Carers,1,,,0,assisted,no,no,`,
    );
    expect(lines[2]).toContain(`${b.reference},2027-01-20,received,Damp flats,`);
    expect(csvCell("+1")).toBe("'+1");

    const dashboard = await as(member1, (tx) =>
      getDashboard({
        tx,
        consultationId: consultation.id,
        filters: { sort: "newest" },
        groupLabels: affectedGroupLabels,
      }),
    );
    // Hidden needs are left out unless asked for: a, b and c count.
    expect(dashboard.summary).toMatchObject({ needs: 3, supports: 4, authors: 3 });
    // Three authors and three supporters (people[1] both wrote b and supported a: once).
    expect(dashboard.summary.people).toBe(6);
    expect(dashboard.byTheme.map((row) => [row.label, row.needs, row.supports, row.proposals])).toEqual([
      ["Health", 1, 4, 1],
      ["Homes", 2, 0, 0],
    ]);
    // Voices are needs posted and supports given: North 3 needs + 4 supports, South nothing.
    expect(dashboard.byArea.map((row) => [row.label, row.needs, row.voices, row.missing])).toEqual([
      ["North", 3, 7, false],
      ["South", 0, 0, true],
    ]);
    const groups = Object.fromEntries(
      dashboard.byGroup.map((row) => [row.key, [row.needs, row.voices, row.missing]]),
    );
    // Older people: a (4 supports) and b; carers: b and c, with 5,000 people against older people's 1,000.
    expect(groups.older_people).toEqual([2, 6, false]);
    expect(groups.carers).toEqual([2, 2, true]);
    expect(groups.disabled_people).toEqual([0, 0, false]);
    expect(dashboard.seriousness.map((row) => row.needs)).toEqual([1, 0, 1, 0, 1]);
    expect(dashboard.topNeeds[0]).toMatchObject({ reference: a.reference, supports: 4 });
    expect(dashboard.overTime.unit).toBe("day");
    expect(dashboard.overTime.points.map((point) => point.period)).toEqual([
      "2027-01-05",
      "2027-01-20",
      "2027-02-01",
    ]);

    const filtered = await as(member1, (tx) =>
      getDashboard({
        tx,
        consultationId: consultation.id,
        filters: parseExplorerQuery(new URLSearchParams(`area=${north.id}&status=published`)).filters,
        groupLabels: affectedGroupLabels,
      }),
    );
    expect(filtered.summary.needs).toBe(2);
    expect(filtered.byTheme.map((row) => row.needs)).toEqual([1, 1]);
    // The filters reach every chart at once, not only the totals: a and c are the published needs in North.
    expect(filtered.summary).toMatchObject({ supports: 4, authors: 2, people: 6 });
    expect(filtered.byTheme.map((row) => [row.label, row.proposals])).toEqual([
      ["Health", 1],
      ["Homes", 0],
    ]);
    expect(filtered.byArea.map((row) => [row.label, row.needs])).toEqual([
      ["North", 2],
      ["South", 0],
    ]);
    expect(Object.fromEntries(filtered.byGroup.map((row) => [row.key, row.needs]))).toMatchObject({
      older_people: 1,
      carers: 1,
    });
    expect(filtered.seriousness.map((row) => row.needs)).toEqual([1, 0, 0, 0, 1]);
    expect(filtered.topNeeds.map((need) => need.reference)).toEqual([a.reference, c.reference]);
    expect(filtered.overTime.points.map((point) => point.period)).toEqual(["2027-01-05", "2027-02-01"]);
  });

  it("counts needs over time by day, however far apart their dates, from the tallies and when filtered", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    // An answer imported from a survey eight years before, and two needs posted this spring.
    for (const created_at of ["2019-03-01T12:00:00Z", "2027-03-02T09:00:00Z", "2027-03-02T23:30:00Z"])
      await f.createNeed(testDb.admin, { consultation_id: consultation.id, status: "published", created_at });
    const dashboard = (filters: Record<string, string>) =>
      as(member1, (tx) =>
        getDashboard({
          tx,
          consultationId: consultation.id,
          filters: parseExplorerQuery(new URLSearchParams(filters)).filters,
          groupLabels: affectedGroupLabels,
        }),
      );
    // 23:30 UTC on 2 March is still 2 March in London (GMT); the old need keeps its own day, not a month.
    for (const seen of [await dashboard({}), await dashboard({ status: "published" })]) {
      expect(seen.overTime.unit).toBe("day");
      expect(seen.overTime.points).toEqual([
        { period: "2019-03-01", needs: 1, supports: 0 },
        { period: "2027-03-02", needs: 2, supports: 0 },
      ]);
    }
  });

  it("pages through the needs 50 at a time, in the order chosen, and keeps a page past the end on the last page", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const created: string[] = [];
    for (let index = 0; index < EXPLORER_PAGE_SIZE + 3; index += 1) {
      const day = new Date(Date.UTC(2027, 0, 1) + index * 60 * 60 * 1000);
      created.push(
        (
          await f.createNeed(testDb.admin, {
            consultation_id: consultation.id,
            title: `Need number ${index}`,
            created_at: day,
          })
        ).reference,
      );
    }
    const page = (number: number, sort: "newest" | "oldest") =>
      as(member1, (tx) =>
        exploreNeeds({ tx, consultationId: consultation.id, filters: { sort }, page: number }),
      );
    const first = await page(1, "oldest");
    expect(first.total).toBe(EXPLORER_PAGE_SIZE + 3);
    expect(first.needs.map((need) => need.reference)).toEqual(created.slice(0, EXPLORER_PAGE_SIZE));
    const second = await page(2, "oldest");
    expect(second.needs.map((need) => need.reference)).toEqual(created.slice(EXPLORER_PAGE_SIZE));
    expect((await page(2, "newest")).needs.map((need) => need.reference)).toEqual(
      created.slice(0, 3).reverse(),
    );
    expect((await page(9, "oldest")).needs.map((need) => need.reference)).toEqual(
      created.slice(EXPLORER_PAGE_SIZE),
    );
  });

  it("counts the public list's needs from the tallies exactly as row-level security counts them, for everyone", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const [homes, health] = await Promise.all([
      f.createTheme(testDb.admin, { consultation_id: consultation.id, name: "Homes" }),
      f.createTheme(testDb.admin, { consultation_id: consultation.id, name: "Health" }),
    ]);
    const north = await f.createArea(testDb.admin, { consultation_id: consultation.id, name: "North" });
    const needs = [
      { status: "published", theme_id: homes.id, area_id: north.id },
      { status: "published", theme_id: homes.id },
      { status: "published", theme_id: health.id, area_id: north.id },
      { status: "published" },
      { status: "received", theme_id: homes.id, author_id: resident.id },
      { status: "hidden", moderation_reason: "Off topic", theme_id: homes.id, area_id: north.id },
      { status: "withdrawn", theme_id: health.id },
    ] as const;
    for (const need of needs) await f.createNeed(testDb.admin, { consultation_id: consultation.id, ...need });
    // A published need moved to hidden afterwards is counted where it is now.
    const moved = await f.createNeed(testDb.admin, { consultation_id: consultation.id, status: "published" });
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Off topic" })
      .where("id", "=", moved.id)
      .execute();
    const readers = [{ role: "anon" } as const, f.claimsFor(resident), f.claimsFor(member1)];
    const listed = (claims: (typeof readers)[number], filters: { themeId?: string; areaId?: string }) =>
      asRequest(testDb.app, claims, async (tx) => {
        const list = await listPublishedNeeds({
          tx,
          consultationId: consultation.id,
          query: { ...filters, sort: "newest", page: 1 },
        });
        // What row-level security lets this reader count, as the list counted before the tallies.
        const counted = await tx
          .selectFrom("needs")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("consultation_id", "=", consultation.id)
          .where("status", "=", "published")
          .$if(Boolean(filters.themeId), (qb) => qb.where("theme_id", "=", filters.themeId!))
          .$if(Boolean(filters.areaId), (qb) => qb.where("area_id", "=", filters.areaId!))
          .executeTakeFirstOrThrow();
        return [list.total, Number(counted.n)];
      });
    for (const claims of readers) {
      expect(await listed(claims, {})).toEqual([4, 4]);
      expect(await listed(claims, { themeId: homes.id })).toEqual([2, 2]);
      expect(await listed(claims, { areaId: north.id })).toEqual([2, 2]);
      expect(await listed(claims, { themeId: health.id, areaId: north.id })).toEqual([1, 1]);
    }
    // A draft's needs are its commissioners' alone: the tallies answer nobody, and each counts what they may see.
    await testDb.admin
      .updateTable("consultations")
      .set({ status: "draft" })
      .where("id", "=", consultation.id)
      .execute();
    expect(await listed({ role: "anon" }, {})).toEqual([0, 0]);
    expect(await listed(f.claimsFor(resident), {})).toEqual([0, 0]);
    expect(await listed(f.claimsFor(member1), {})).toEqual([4, 4]);
  });

  it("counts a filter the tallies do not keep up to its bound, says more match, and pages through the first ones", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const theme = await f.createTheme(testDb.admin, { consultation_id: consultation.id });
    // One more need than the bound without a photo, created an hour apart, and two with one.
    await sql`
      insert into public.needs (consultation_id, theme_id, title, description, affected_groups, seriousness,
                                status, source, has_photo, created_at)
      select ${consultation.id}, ${theme.id}, 'Need number ' || i, 'Described', array['carers'], 2, 'published',
             'web', i > ${EXPLORER_COUNT_BOUND + 1}, timestamptz '2027-01-01' + i * interval '1 hour'
        from generate_series(1, ${EXPLORER_COUNT_BOUND + 3}) as i`.execute(testDb.admin);
    const explore = (search: string) =>
      as(member1, async (tx) => {
        const { filters, page } = parseExplorerQuery(new URLSearchParams(search));
        return exploreNeeds({ tx, consultationId: consultation.id, filters, page });
      });
    const titles = (result: Awaited<ReturnType<typeof explore>>) => result.needs.map((need) => need.title);
    const many = await explore("photo=no&sort=oldest");
    expect([many.moreThan, many.total, many.pages]).toEqual([
      EXPLORER_COUNT_BOUND,
      EXPLORER_COUNT_BOUND,
      EXPLORER_COUNT_BOUND / EXPLORER_PAGE_SIZE,
    ]);
    expect(titles(many).slice(0, 2)).toEqual(["Need number 1", "Need number 2"]);
    // The last page within the bound is the bound's last needs in the order chosen; a page past it shows that one.
    const last = await explore(`photo=no&sort=oldest&page=${many.pages}`);
    expect(titles(last).at(-1)).toBe(`Need number ${EXPLORER_COUNT_BOUND}`);
    expect((await explore(`photo=no&sort=oldest&page=${many.pages + 5}`)).page).toBe(many.pages);
    // Under the bound, and for the filters the tallies keep, the count is exact.
    expect(await explore("photo=yes")).toMatchObject({ total: 2, moreThan: null });
    expect(await explore(`theme=${theme.id}`)).toMatchObject({
      total: EXPLORER_COUNT_BOUND + 3,
      moreThan: null,
    });
  });

  it("counts exactly the needs a search pages through, filtered or not, in every order", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: org1.id });
    const [bins, roads] = await Promise.all(
      ["Bins", "Roads"].map((name) =>
        f.createTheme(testDb.admin, { consultation_id: consultation.id, name }),
      ),
    );
    // Another organisation's needs match the search too, and must be neither counted nor shown.
    const elsewhere = await f.createConsultation(testDb.admin, { organisation_id: org2.id });
    await f.createNeed(testDb.admin, { consultation_id: elsewhere.id, title: "Overflowing bins" });
    type Need = Awaited<ReturnType<typeof f.createNeed>>;
    const needs: Need[] = [];
    for (let index = 0; index < 130; index += 1) {
      needs.push(
        await f.createNeed(testDb.admin, {
          consultation_id: consultation.id,
          title: index % 3 === 0 ? "Broken lamp posts" : "Overflowing bins",
          description: `${"The bins are full. ".repeat(index % 4)}Please come more often.`,
          theme_id: index % 2 === 0 ? bins!.id : roads!.id,
          seriousness: index % 7 === 0 ? null : (index % 5) + 1,
          status: (["received", "published", "hidden", "withdrawn"] as const)[index % 4],
          moderation_reason: index % 4 === 2 ? "Off topic" : null,
          // Pairs share a time, so the order falls back to the id.
          created_at: new Date(Date.UTC(2027, 0, 1) + Math.floor(index / 2) * 60 * 60 * 1000),
        }),
      );
    }
    const newest = (a: Need, b: Need) =>
      b.created_at.getTime() - a.created_at.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
    const orders: Record<string, (a: Need, b: Need) => number> = {
      newest,
      oldest: (a, b) => -newest(a, b),
      supported: (a, b) => b.support_count - a.support_count || newest(a, b),
      serious: (a, b) => (b.seriousness ?? 0) - (a.seriousness ?? 0) || newest(a, b),
    };
    const mentionsBins = (need: Need) => `${need.title} ${need.description}`.includes("bins");
    const views = [
      { search: "q=bins", matches: (need: Need) => mentionsBins(need) },
      {
        search: `q=bins&theme=${bins!.id}`,
        matches: (need: Need) => mentionsBins(need) && need.theme_id === bins!.id,
      },
      {
        search: "q=bins&seriousness=3&status=received",
        matches: (need: Need) =>
          mentionsBins(need) && (need.seriousness ?? 0) >= 3 && need.status === "received",
      },
    ];
    for (const view of views) {
      for (const sort of ["newest", "oldest", "supported", "serious", "relevance"]) {
        const read = (page: number) =>
          as(member1, (tx) => {
            const { filters } = parseExplorerQuery(new URLSearchParams(`${view.search}&sort=${sort}`));
            return exploreNeeds({ tx, consultationId: consultation.id, filters, page });
          });
        const first = await read(1);
        const seen = [...first.needs];
        for (let page = 2; page <= first.pages; page += 1) {
          const next = await read(page);
          expect([next.total, next.pages, next.page]).toEqual([first.total, first.pages, page]);
          seen.push(...next.needs);
        }
        const expected = needs.filter(view.matches);
        expect(first.total, `${view.search}&sort=${sort}`).toBe(expected.length);
        expect(seen.length).toBe(first.total);
        expect(new Set(seen.map((need) => need.id)).size).toBe(seen.length);
        const sortedIds = (sort === "relevance" ? expected : [...expected].sort(orders[sort])).map(
          (need) => need.id,
        );
        if (sort === "relevance") expect(seen.map((need) => need.id).sort()).toEqual(sortedIds.sort());
        else
          expect(
            seen.map((need) => need.id),
            `${view.search}&sort=${sort}`,
          ).toEqual(sortedIds);
        // A page past the end shows the last page, with the same count.
        const past = await read(first.pages + 3);
        expect([past.total, past.page]).toEqual([first.total, first.pages]);
        expect(past.needs.map((need) => need.id)).toEqual(
          seen.slice((first.pages - 1) * EXPLORER_PAGE_SIZE).map((need) => need.id),
        );
      }
    }
  });
});
