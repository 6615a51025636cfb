// The demo a new installation starts with: besides the consultation's needs, its community group has themes
// for the directory and proposals answering needs of the consultation, one with a commissioner's question
// waiting, so every page of the partner and workspace journeys has something real to show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, asService, type Claims } from "~/db/database.server";
import { DEMO_COMMISSIONER_EMAIL, DEMO_CONSULTATION_SLUG, seedDemo } from "~/platform/demo-seed.server";
import { getCommunityGroupPage, listCommunityGroups } from "~/features/partners/community-groups.server";
import { listConsultationProposals } from "~/features/partners/workspace-proposals.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await asService(db.app, (tx) => seedDemo(tx));
});
afterAll(() => db?.destroy());

describe("the demo seed", () => {
  it("gives the demo group its themes, so the directory finds it by theme", async () => {
    const found = await asRequest(db.app, { role: "anon" }, (tx) =>
      listCommunityGroups({ tx, query: { theme: "food", page: 1 } }),
    );
    expect(found.groups.map((group) => group.slug)).toEqual(["warren-food-cooperative"]);
    const group = await db.admin
      .selectFrom("organisations")
      .select("themes")
      .where("slug", "=", "warren-food-cooperative")
      .executeTakeFirstOrThrow();
    expect(group.themes).toEqual(["food", "health", "networks", "ecological_ceiling"]);
  });

  it("gives it two submitted proposals answering published needs of the demo consultation, shown on its public page", async () => {
    const page = await asRequest(db.app, { role: "anon" }, (tx) =>
      getCommunityGroupPage({ tx, slug: "warren-food-cooperative", userId: null }),
    );
    expect(
      page!.proposals.map((proposal) => [proposal.title, proposal.status, proposal.consultation_slug]).sort(),
    ).toEqual([
      ["A community garden with growing and cooking classes", "submitted", DEMO_CONSULTATION_SLUG],
      ["A pay-what-you-can pantry and a fresh food van", "submitted", DEMO_CONSULTATION_SLUG],
    ]);
    expect(page!.needs).toHaveLength(5);
    const linked = await db.admin
      .selectFrom("proposal_needs as pn")
      .innerJoin("needs as n", "n.id", "pn.need_id")
      .innerJoin("consultations as c", "c.id", "n.consultation_id")
      .select(["n.status", "c.slug"])
      .execute();
    expect(linked).toHaveLength(5);
    expect(new Set(linked.map((row) => `${row.slug}:${row.status}`))).toEqual(
      new Set([`${DEMO_CONSULTATION_SLUG}:published`]),
    );
  });

  it("leaves a commissioner's question waiting on one, which the demo commissioner sees in the workspace list", async () => {
    const commissioner = await db.admin
      .selectFrom("private.people")
      .select("id")
      .where("email", "=", DEMO_COMMISSIONER_EMAIL)
      .executeTakeFirstOrThrow();
    const consultation = await db.admin
      .selectFrom("consultations")
      .select("id")
      .where("slug", "=", DEMO_CONSULTATION_SLUG)
      .executeTakeFirstOrThrow();
    const claims: Claims = {
      role: "authenticated",
      aud: "authenticated",
      sub: commissioner.id,
      email: DEMO_COMMISSIONER_EMAIL,
      is_anonymous: false,
    };
    const list = await asRequest(db.app, claims, (tx) =>
      listConsultationProposals({ tx, consultationId: consultation.id }),
    );
    expect(
      list.proposals.map((proposal) => [proposal.title, proposal.needs.length, proposal.questions_waiting]),
    ).toEqual([
      ["A community garden with growing and cooking classes", 2, 1],
      ["A pay-what-you-can pantry and a fresh food van", 3, 0],
    ]);
  });

  it("does nothing the second time", async () => {
    expect(await asService(db.app, (tx) => seedDemo(tx))).toEqual({
      created: false,
      summary: "already seeded",
    });
    expect(
      await db.admin
        .selectFrom("proposals")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 2 });
  });
});
