// The demo's second consultation, one that has reported, so that someone trying Groundswell sees the whole
// chain to its end: needs grouped by the engine and accepted by a person, agreed needs statements quoting
// residents, a published brief with its commissioning route and relational agreement, the trail on each
// cited need, and open data. Its setting-up (the consultation, its themes, the residents' needs, read from
// the same Pol.is answers as the first) is written as the first demo's is; every step a commissioner takes
// runs through the models the workspace calls, as the demo commissioner, under row-level security.
import { asRequest, asService, type Claims, type Db, type Tx } from "~/db/database.server";
import type { PublicValueDimension } from "~/db/schema";
import {
  changeBriefStatements,
  getAgreementDraft,
  getOrStartBrief,
  saveBriefRoute,
  saveRelationalAgreement,
  updateBrief,
} from "~/features/briefs/brief-compose.server";
import { briefSchema, routeSchema } from "~/features/briefs/brief-forms";
import { routeQuestions } from "~/features/briefs/commissioning-route";
import { publishBrief } from "~/features/briefs/brief-publish.server";
import { changeConsultationStatus } from "~/features/consultations/workspace-consultations.server";
import { judgeNeedGroup } from "~/features/need-groups/need-group-edits.server";
import { getNeedGroup, listNeedGroups } from "~/features/need-groups/need-group-reads.server";
import { seedGroupingRun } from "~/features/need-groups/grouping-runs.server";
import { maskPersonalData } from "~/features/needs/masking";
import { statementSchema } from "~/features/statements/statement-forms";
import { changeStatementStatus, createStatement } from "~/features/statements/statements.server";
import { addSource } from "~/features/statements/statement-sources.server";
import { sourceSchema } from "~/features/statements/source-forms";
import { seedDemoExpertContribution } from "~/features/statements/expert-contributions.server";
import { findCommissionedConsultation } from "~/features/consultations/workspace.server";
import {
  DEMO_COMMISSIONER_EMAIL,
  POLIS_ATTRIBUTION,
  headlineFrom,
  readPolisComments,
} from "./demo-seed.server";

export const DEMO_REPORTED_SLUG = "getting-around-warren-county";
const DAY = 24 * 60 * 60 * 1000;

/** The earlier round's subject: what residents said about getting around and the places they share. */
const themes: { name: string; dimensions: PublicValueDimension[]; keywords: RegExp }[] = [
  {
    name: "Getting around",
    dimensions: ["networks", "ecological_ceiling"],
    keywords: /\b(road|traffic|bus|transit|transport|sidewalk|bike|cycl|walk|street|parking|intersection)/i,
  },
  {
    name: "Parks and shared places",
    dimensions: ["health", "social_equity"],
    keywords: /\b(park|trail|green|tree|river|playground|library)/i,
  },
];

class DemoStepFailed extends Error {}
/** A model's refusal here is a bug in the demo, not a person's mistake: stop and say which step. */
function expectStatus<T extends { status: string }, S extends T["status"]>(
  step: string,
  result: T,
  wanted: S,
): Extract<T, { status: S }> {
  if (result.status !== wanted) throw new DemoStepFailed(`Demo: ${step} answered ${JSON.stringify(result)}`);
  return result as Extract<T, { status: S }>;
}

/**
 * Seeds the reported consultation once (nothing happens if it exists). Runs after the first demo, whose
 * commissioning organisation and commissioner it shares.
 */
export async function seedReportedDemo(db: Db): Promise<{ created: boolean; summary: string }> {
  const setUp = await asService(db, (tx) => setUpConsultation(tx));
  if (!setUp) return { created: false, summary: "already seeded" };
  // The demo commissioner's claims, as a signed-in request carries them (this work has no session of its own).
  const claims: Claims = {
    role: "authenticated",
    aud: "authenticated",
    sub: setUp.commissionerId,
    email: DEMO_COMMISSIONER_EMAIL,
    is_anonymous: false,
  };
  const as = <T>(work: (tx: Tx) => Promise<T>) => asRequest(db, claims, work);
  const consultationFor = async (tx: Tx) => {
    const found = await findCommissionedConsultation({ tx, slug: DEMO_REPORTED_SLUG });
    if (found.kind !== "ok")
      throw new DemoStepFailed(`Demo: the commissioner cannot open it (${found.kind})`);
    return found.consultation;
  };

  // The engine suggests need groups (as the grouping job does, with the service role); the commissioner
  // accepts the two largest.
  await asService(db, (tx) =>
    seedGroupingRun({
      tx,
      consultation: { id: setUp.consultationId, organisation_id: setUp.organisationId },
      runBy: setUp.commissionerId,
    }),
  );
  const accepted = await as(async (tx) => {
    const consultation = await consultationFor(tx);
    const { groups } = await listNeedGroups({ tx, consultationId: consultation.id });
    const largest = groups
      .filter((group) => group.status === "suggested")
      .sort((a, b) => b.size - a.size)
      .slice(0, 2);
    for (const group of largest) {
      expectStatus(
        "accepting a need group",
        await judgeNeedGroup({ tx, consultation, groupId: group.id, decision: "accepted" }),
        "done",
      );
    }
    return largest.map((group) => group.id);
  });

  // A needs statement from each accepted group, quoting two residents, then agreed.
  const statementTitles = [
    "People cannot get around safely without a car",
    "Shared places are too few, and too hard to reach",
  ];
  const statementIds: string[] = [];
  for (const [index, groupId] of accepted.entries()) {
    statementIds.push(
      await as(async (tx) => {
        const consultation = await consultationFor(tx);
        const group = await getNeedGroup({ tx, consultationId: consultation.id, groupId });
        const members = (group?.needs ?? []).map((need) => need.id);
        const input = statementSchema.parse({
          title: statementTitles[index] ?? `What residents said about ${group?.label ?? "this"}`,
          body:
            "Residents across the area describe the same need in their own words; the needs behind this " +
            "statement and the residents quoted are linked below.",
          population: "Residents of Bowling Green and Warren County, most of all those without a car",
          seriousness: "4",
          dimensions: index === 0 ? ["networks", "ecological_ceiling"] : ["health", "social_equity"],
          needs: members,
          quoted: members.slice(0, 2),
          proposals: [],
          addReferences: "",
          group: groupId,
        });
        const created = expectStatus(
          "writing a statement",
          await createStatement({ tx, consultation, input }),
          "created",
        );
        // What the data says, beside the residents: one published statistic (not checked online here).
        if (index === 0) {
          expectStatus(
            "citing a source",
            await addSource({
              tx,
              consultation,
              statementId: created.id,
              input: sourceSchema.parse({
                title: "Census 2021: car or van availability",
                publisher: "Office for National Statistics",
                published: "2023-01",
                url: "https://www.ons.gov.uk/census",
                licence: "Open Government Licence v3.0",
                figure: "23% of households in England and Wales have no car or van",
                measures: "Households by the number of cars or vans available to them, Census 2021",
              }),
              linkChecked: null,
              userId: setUp.commissionerId,
            }),
            "saved",
          );
        }
        expectStatus(
          "agreeing a statement",
          await changeStatementStatus({
            tx,
            consultation,
            statementId: created.id,
            to: "agreed",
            version: 1,
          }),
          "changed",
        );
        return created.id;
      }),
    );
  }

  // What experts say: a public-health analyst's contribution to the first statement.
  if (statementIds[0]) {
    const statementId = statementIds[0];
    await asService(db, (tx) =>
      seedDemoExpertContribution({ tx, statementId, invitedBy: setUp.commissionerId }),
    );
  }

  // The brief: its statements, purpose and budget, the route the guidance recommends, the agreement drafted
  // from them, published. Publishing reports the consultation.
  const published = await as(async (tx) => {
    const consultation = await consultationFor(tx);
    const brief = await getOrStartBrief({ tx, consultation, userId: setUp.commissionerId });
    let version = brief.version;
    for (const statementId of statementIds) {
      const added = await changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: consultation.id,
        statementId,
        intent: "add",
        version,
      });
      if (added.status !== "added")
        throw new DemoStepFailed(`Demo: adding a statement answered ${added.status}`);
      version = added.version;
    }
    const details = briefSchema.parse({
      title: "Getting around Warren County: a brief for partners",
      purpose:
        "To commission, with community partners, safer ways for residents to get around without a car and " +
        "more shared places within reach, starting from what residents told us.",
      budgetMin: "250000",
      budgetMax: "400000",
      timeline: "Partners chosen in the spring; the first services running by the autumn.",
      engagementNotes:
        "Residents' own words are quoted in each statement. We added the need for shared places after many " +
        "residents raised it alongside getting around.",
      "publicValue.networks": "More residents reach work, school and services without a car.",
      "publicValue.health": "More residents use parks and trails every week.",
      version: String(version),
    });
    version = expectStatus(
      "saving the brief",
      await updateBrief({ tx, briefId: brief.id, input: details }),
      "saved",
    ).version;
    const route = routeSchema.parse({
      ...Object.fromEntries(routeQuestions.map((question) => [question.id, question.options.at(-1)!.value])),
      chosenRoute: "",
      reason: "",
      version: String(version),
    });
    version = expectStatus(
      "choosing the route",
      await saveBriefRoute({ tx, briefId: brief.id, input: route }),
      "saved",
    ).version;
    const draft = await getAgreementDraft({ tx, consultation, userId: setUp.commissionerId });
    version = expectStatus(
      "saving the relational agreement",
      await saveRelationalAgreement({ tx, briefId: brief.id, agreement: draft.agreement, version }),
      "saved",
    ).version;
    const analysing = { ...consultation, status: "analysing" as const };
    return publishBrief({
      tx,
      consultation: analysing,
      briefId: brief.id,
      version,
      changeNote: "First version, agreed with community partners.",
      userId: setUp.commissionerId,
    });
  });
  expectStatus("publishing the brief", published, "published");
  return {
    created: true,
    summary: `reported consultation "${DEMO_REPORTED_SLUG}" with ${setUp.needs} needs, ${statementIds.length} agreed statements and a published brief`,
  };
}

/** The consultation, its themes and areas, and the residents' needs, as the first demo writes its own. */
async function setUpConsultation(tx: Tx) {
  const existing = await tx
    .selectFrom("consultations")
    .select("id")
    .where("slug", "=", DEMO_REPORTED_SLUG)
    .executeTakeFirst();
  if (existing) return null;
  const commissioner = await tx
    .selectFrom("private.people")
    .select("id")
    .where("email", "=", DEMO_COMMISSIONER_EMAIL)
    .executeTakeFirstOrThrow();
  const council = await tx
    .selectFrom("memberships")
    .select("organisation_id")
    .where("user_id", "=", commissioner.id)
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const consultation = await tx
    .insertInto("consultations")
    .values({
      organisation_id: council.organisation_id,
      slug: DEMO_REPORTED_SLUG,
      title: "Getting around Warren County (an earlier round, reported)",
      summary:
        "What residents told us about getting around and the places they share, and what we are commissioning " +
        "in answer: see the brief, the needs statements and the open data.",
      why_we_ask: "To plan transport and shared places from what residents need.",
      what_happens_next: "This consultation has reported: its brief is published below.",
      place: "Bowling Green and Warren County",
      attribution: POLIS_ATTRIBUTION,
      opens_at: new Date(now - 200 * DAY),
      closes_at: new Date(now - 120 * DAY),
      status: "open",
      created_by: commissioner.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const themeRows = await tx
    .insertInto("consultation_themes")
    .values(
      themes.map((theme, position) => ({
        consultation_id: consultation.id,
        name: theme.name,
        dimensions: theme.dimensions,
        position,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const area = await tx
    .insertInto("consultation_areas")
    .values({
      consultation_id: consultation.id,
      name: "Across the whole area",
      position: 0,
      population: 134_554,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const comments = readPolisComments().filter(
    (comment) => comment.moderated === "1" && themes.some((theme) => theme.keywords.test(comment.text)),
  );
  const authorIds = [...new Set(comments.map((comment) => comment.author_id))];
  const residents = await tx
    .insertInto("private.people")
    .values(authorIds.map(() => ({ email: null, is_anonymous: true })))
    .returning("id")
    .execute();
  const residentFor = new Map(authorIds.map((authorId, index) => [authorId, residents[index]!.id]));
  const themeIds = themeRows.map((row) => row.id);
  await tx
    .insertInto("needs")
    .values(
      comments.map((comment) => ({
        consultation_id: consultation.id,
        theme_id: themeIds[themes.findIndex((theme) => theme.keywords.test(comment.text))]!,
        area_id: area.id,
        author_id: residentFor.get(comment.author_id)!,
        title: maskPersonalData(headlineFrom(comment.text)),
        description: maskPersonalData(comment.text.trim()),
        affected_groups: ["everyone"],
        status: "published" as const,
        source: "import" as const,
        created_at: new Date(now - 190 * DAY + Number(comment.comment_id) * 60_000),
        published_at: new Date(now - 190 * DAY + Number(comment.comment_id) * 60_000),
      })),
    )
    .execute();
  // The commissioner closes it and starts the analysis, as the workspace's status buttons do.
  for (const to of ["closed", "analysing"] as const) {
    const current = await tx
      .selectFrom("consultations")
      .select(["id", "organisation_id", "status"])
      .where("id", "=", consultation.id)
      .executeTakeFirstOrThrow();
    expectStatus(
      "moving the consultation on",
      await changeConsultationStatus({ tx, consultation: current, to }),
      "changed",
    );
  }
  return {
    consultationId: consultation.id,
    organisationId: council.organisation_id,
    commissionerId: commissioner.id,
    needs: comments.length,
  };
}
