// The demo a new installation starts with: besides the consultation's needs, its community group has themes
// for the directory and proposals answering needs of the consultation, one with a commissioner's question
// waiting, so every page of the partner and workspace journeys has something real to show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, asService, type Claims } from "~/db/database.server";
import {
  DEMO_COMMISSIONER_EMAIL,
  DEMO_CONSULTATION_SLUG,
  readPolisComments,
  seedDemo,
} from "~/platform/demo-seed.server";
import { getCommunityGroupPage, listCommunityGroups } from "~/features/partners/community-groups.server";
import { listConsultationProposals } from "~/features/partners/workspace-proposals.server";
import { getPublicConsultation, openDataPackage } from "~/features/evidence-io/open-data.server";
import { DEMO_REPORTED_SLUG, seedReportedDemo } from "~/platform/demo-report.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let db: TestDatabase;
let reportedSeed: Awaited<ReturnType<typeof seedReportedDemo>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await asService(db.app, (tx) => seedDemo(tx));
  reportedSeed = await seedReportedDemo(db.app);
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

describe("the demo's reported consultation", () => {
  it("shows the chain to its end: accepted need groups, agreed statements quoting residents, a published brief", async () => {
    expect(reportedSeed.created).toBe(true);
    const consultation = await db.admin
      .selectFrom("consultations")
      .select(["id", "status"])
      .where("slug", "=", DEMO_REPORTED_SLUG)
      .executeTakeFirstOrThrow();
    expect(consultation.status).toBe("reported");
    const groups = await db.admin
      .selectFrom("need_groups")
      .select(["status", "status_changed_by"])
      .where("consultation_id", "=", consultation.id)
      .where("status", "=", "accepted")
      .execute();
    // Accepted by a person (the demo commissioner), not by the engine.
    expect(groups).toHaveLength(2);
    expect(groups.every((group) => group.status_changed_by !== null)).toBe(true);
    const statements = await db.admin
      .selectFrom("needs_statements as s")
      .select([
        "s.status",
        "s.group_id",
        (eb) =>
          eb
            .selectFrom("statement_needs as sn")
            .select(eb.fn.countAll<string>().as("n"))
            .whereRef("sn.statement_id", "=", "s.id")
            .where("sn.quoted", "=", true)
            .as("quotes"),
      ])
      .where("s.consultation_id", "=", consultation.id)
      .execute();
    expect(statements.map((statement) => [statement.status, Number(statement.quotes)])).toEqual([
      ["agreed", 2],
      ["agreed", 2],
    ]);
    const version = await db.admin
      .selectFrom("brief_versions")
      .select(["version_number", "snapshot"])
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    const snapshot = version.snapshot as {
      statements: { evidence: { quotes: unknown[] } }[];
      route: { chosen: string | null };
      relationalAgreement: Record<string, string> | null;
      budget: unknown;
    };
    expect(version.version_number).toBe(1);
    expect(snapshot.statements).toHaveLength(2);
    expect(snapshot.statements.every((statement) => statement.evidence.quotes.length === 2)).toBe(true);
    expect(snapshot.route.chosen).toEqual(expect.any(String));
    expect(Object.values(snapshot.relationalAgreement ?? {}).join("")).not.toBe("");
  });

  it("publishes open data anyone may read, with the statements' and the brief's links to their needs", async () => {
    const dataPackage = await asRequest(db.app, { role: "anon" }, async (tx) => {
      const consultation = (await getPublicConsultation({ tx, slug: DEMO_REPORTED_SLUG }))!;
      return openDataPackage({
        tx,
        consultation,
        licence: "OGL-UK-3.0",
        appUrl: "https://groundswell.example",
      });
    });
    const sizes = Object.fromEntries(
      dataPackage.resources.map((resource) => [resource.name, resource.data.length]),
    );
    expect(sizes).toMatchObject({ statements: 2, briefs: 1, brief_statements: 2 });
    expect(sizes.needs).toBeGreaterThan(20);
    expect(sizes.statement_needs).toBeGreaterThanOrEqual(4);
  });

  it("is seeded once", async () => {
    expect(await seedReportedDemo(db.app)).toEqual({ created: false, summary: "already seeded" });
  });

  it("shows every agree vote as a support, as many as the source has, at times within the consultation", async () => {
    const consultation = await db.admin
      .selectFrom("consultations")
      .select(["id", "opens_at"])
      .where("slug", "=", DEMO_CONSULTATION_SLUG)
      .executeTakeFirstOrThrow();
    const rows = await db.admin
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select((eb) => [
        "d.external_id",
        "n.created_at",
        eb
          .selectFrom("supports as s")
          .whereRef("s.need_id", "=", "n.id")
          .select(eb.fn.countAll<number>().as("c"))
          .as("supports"),
        eb
          .selectFrom("supports as s")
          .whereRef("s.need_id", "=", "n.id")
          .where((w) =>
            w.or([w("s.created_at", "<", w.ref("n.created_at")), w("s.created_at", ">", new Date())]),
          )
          .select(eb.fn.countAll<number>().as("c"))
          .as("supports_out_of_time"),
      ])
      .where("n.consultation_id", "=", consultation.id)
      .execute();
    const agrees = new Map(
      readPolisComments().map((comment) => [`polis-${comment.comment_id}`, Number(comment.agrees)]),
    );
    expect(rows).toHaveLength(agrees.size);
    for (const row of rows) {
      expect(Number(row.supports)).toBe(agrees.get(row.external_id!));
      expect(Number(row.supports_out_of_time)).toBe(0);
      expect(row.created_at.getTime()).toBeGreaterThan(consultation.opens_at!.getTime());
      expect(row.created_at.getTime()).toBeLessThan(Date.now());
    }
    // No cap: the most supported need has as many supports as its comment had agree votes.
    const mostAgreed = Math.max(...agrees.values());
    expect(rows.filter((row) => Number(row.supports) === mostAgreed)).toHaveLength(
      [...agrees.values()].filter((value) => value === mostAgreed).length,
    );
  });

  it("titles each need with a short headline, not a copy of its text", async () => {
    const needs = await db.admin
      .selectFrom("needs as n")
      .innerJoin("consultations as c", "c.id", "n.consultation_id")
      .select(["n.title", "n.description"])
      .where("c.slug", "=", DEMO_CONSULTATION_SLUG)
      .execute();
    const plain = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, " ")
        .trim();
    const copies = needs.filter((need) => plain(need.title) === plain(need.description));
    const cut = needs.filter((need) => need.title.endsWith("…"));
    expect(needs.every((need) => need.title.length <= 91)).toBe(true);
    expect(copies.length / needs.length).toBeLessThan(0.5);
    expect(cut.length / needs.length).toBeLessThan(0.15);
  });
});
