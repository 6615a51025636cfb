// Composing the commission brief in the workspace: each consultation's one working copy (public.briefs),
// made on first visit and edited by its commissioners — purpose, public value, budget, route, relational
// agreement — with its statements in order (brief_statements) and their live evidence, proposals and the
// engagement record (which publishing freezes, brief-publish.server.ts). Everything runs in the request's
// transaction, under row-level security: a commissioner of another organisation reads and writes nothing here.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { CommissioningRoute, PublicValueDimension } from "~/db/schema";
import type { BriefInput, RouteInput } from "~/features/briefs/brief-forms";
import type { SnapshotEvidence, SnapshotProposal } from "~/features/briefs/brief-snapshot";
import {
  draftRelationalAgreement,
  readAgreement,
  type RelationalAgreement,
  type RouteAnswers,
} from "~/features/briefs/commissioning-route";
import { formatPence } from "~/features/partners/partner-forms";
import { affectedGroupLabels, dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { getDashboard } from "~/features/consultations/dashboard.server";
import { attempt } from "~/features/partners/community-groups.server";
import { computeStatementEvidence, type Evidence } from "~/features/statements/statement-evidence.server";
import { residentWords } from "~/features/statements/statement-forms";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";

/** The consultation a brief belongs to, as the workspace's guard gives it. */
export type BriefConsultation = Pick<
  CommissionedConsultation,
  "id" | "slug" | "title" | "status" | "organisation_id" | "organisation_name"
>;

export const briefColumns = [
  "id",
  "consultation_id",
  "title",
  "purpose",
  "public_value",
  "budget_min_pence",
  "budget_max_pence",
  "timeline",
  "engagement_notes",
  "route_answers",
  "recommended_route",
  "chosen_route",
  "chosen_route_reason",
  "relational_agreement",
  "status",
  "version",
  "updated_at",
] as const;

/** The consultation's working copy, made on first visit (one brief per consultation). */
export async function getOrStartBrief({
  tx,
  consultation,
  userId,
}: {
  tx: Tx;
  consultation: BriefConsultation;
  userId: string;
}) {
  const existing = await tx
    .selectFrom("briefs")
    .select(briefColumns)
    .where("consultation_id", "=", consultation.id)
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (existing) return existing;
  return tx
    .insertInto("briefs")
    .values({
      consultation_id: consultation.id,
      title: `${consultation.title}: commission brief`,
      created_by: userId,
    })
    .returning(briefColumns)
    .executeTakeFirstOrThrow();
}

export type WorkingBrief = Awaited<ReturnType<typeof getOrStartBrief>>;

/** A statement's live evidence as a brief shows it (the compose page here, the frozen snapshot when publishing). */
export function toEvidence(evidence: Evidence, quotesLimit = 5): SnapshotEvidence {
  return {
    needs: evidence.needs,
    people: evidence.people,
    supports: evidence.supports,
    areas: evidence.areas.map((area) => ({ name: area.name ?? "No area given", needs: area.needs })),
    affectedGroups: evidence.groups.map((group) => ({
      key: group.group,
      label: affectedGroupLabels[group.group] ?? group.group,
      needs: group.needs,
    })),
    first: evidence.first ? new Date(evidence.first).toISOString() : null,
    last: evidence.last ? new Date(evidence.last).toISOString() : null,
    quotes: evidence.quotes.slice(0, quotesLimit).map((quote) => ({
      reference: quote.reference,
      text: residentWords(quote),
    })),
    references: evidence.references,
  };
}

function assetsOf(proposal: {
  volunteers: number | null;
  volunteer_hours: number | null;
  premises: string | null;
  match_funding_pence: number | string | null;
  relationships: string | null;
  lived_experience: string | null;
}): string[] {
  const assets: string[] = [];
  if (proposal.volunteers) assets.push(`${proposal.volunteers.toLocaleString("en-GB")} volunteers`);
  if (proposal.volunteer_hours)
    assets.push(`${proposal.volunteer_hours.toLocaleString("en-GB")} volunteer hours a year`);
  if (proposal.premises) assets.push(`premises: ${proposal.premises}`);
  if (proposal.match_funding_pence)
    assets.push(`match funding of ${formatPence(Number(proposal.match_funding_pence))}`);
  if (proposal.relationships) assets.push(`relationships: ${proposal.relationships}`);
  if (proposal.lived_experience) assets.push(`lived experience: ${proposal.lived_experience}`);
  return assets;
}

/** The brief's statements in order, each with its live evidence and the proposals answering it. */
export async function statementsOf(tx: Tx, briefId: string) {
  const rows = await tx
    .selectFrom("brief_statements as bs")
    .innerJoin("needs_statements as s", "s.id", "bs.statement_id")
    .select([
      "s.id",
      "s.title",
      "s.body",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "s.status",
      "bs.position",
    ])
    .where("bs.brief_id", "=", briefId)
    .orderBy("bs.position")
    .execute();
  const ids = rows.map((row) => row.id);
  const [evidence, proposals] = await Promise.all([
    computeStatementEvidence({ tx, statementIds: ids }),
    ids.length === 0
      ? Promise.resolve([])
      : tx
          .selectFrom("statement_proposals as sp")
          .innerJoin("proposals as p", "p.id", "sp.proposal_id")
          .innerJoin("organisations as o", "o.id", "p.organisation_id")
          .select([
            "sp.statement_id",
            "p.id",
            "p.title",
            "p.what_we_would_do",
            "p.volunteers",
            "p.volunteer_hours",
            "p.premises",
            "p.match_funding_pence",
            "p.relationships",
            "p.lived_experience",
            "o.name as organisation",
          ])
          .where("sp.statement_id", "in", ids)
          .where("p.status", "in", ["submitted", "under_review"])
          .orderBy("p.title")
          .execute(),
  ]);
  return rows.map((row) => ({
    ...row,
    evidence: evidence.get(row.id)!,
    proposals: proposals
      .filter((proposal) => proposal.statement_id === row.id)
      .map((proposal): SnapshotProposal => ({
        id: proposal.id,
        title: proposal.title,
        organisation: proposal.organisation,
        whatTheyWouldDo: proposal.what_we_would_do,
        assets: assetsOf(proposal),
      })),
  }));
}

/** The engagement record: who was heard, where, which groups proposed, who is missing (the dashboard's figures). */
export async function engagementOf(tx: Tx, consultationId: string, notes: string | null) {
  const { filters } = parseExplorerQuery(new URLSearchParams());
  const [dashboard, groups] = await Promise.all([
    getDashboard({
      tx,
      consultationId,
      filters: { ...filters, status: "published" },
      groupLabels: affectedGroupLabels,
    }),
    tx
      .selectFrom("proposals as p")
      .innerJoin("organisations as o", "o.id", "p.organisation_id")
      .select("o.name")
      .distinct()
      .where("p.consultation_id", "=", consultationId)
      .where("p.status", "in", ["submitted", "under_review"])
      .orderBy("o.name")
      .execute(),
  ]);
  return {
    needs: dashboard.summary.needs,
    people: dashboard.summary.people,
    supports: dashboard.summary.supports,
    areas: dashboard.byArea
      .filter((row) => row.needs > 0 || row.missing)
      .map((row) => ({ name: row.label, needs: row.needs, missing: row.missing })),
    affectedGroups: dashboard.byGroup
      .filter((row) => row.needs > 0 || row.missing)
      .map((row) => ({ label: row.label, needs: row.needs, missing: row.missing })),
    communityGroups: groups.map((group) => group.name),
    missing: [...dashboard.byArea, ...dashboard.byGroup].filter((row) => row.missing).map((row) => row.label),
    notes,
  };
}

/** Everything the compose page shows: the working copy, its statements with evidence, what can be added, versions. */
export async function getBriefComposer({
  tx,
  consultation,
  userId,
}: {
  tx: Tx;
  consultation: BriefConsultation;
  userId: string;
}) {
  const brief = await getOrStartBrief({ tx, consultation, userId });
  const [statements, available, versions, engagement] = await Promise.all([
    statementsOf(tx, brief.id),
    tx
      .selectFrom("needs_statements as s")
      .select(["s.id", "s.title", "s.status"])
      .where("s.consultation_id", "=", consultation.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("brief_statements as bs")
              .select("bs.statement_id")
              .whereRef("bs.statement_id", "=", "s.id")
              .where("bs.brief_id", "=", brief.id),
          ),
        ),
      )
      .orderBy("s.status")
      .orderBy("s.title")
      .execute(),
    listBriefVersions({ tx, briefId: brief.id }),
    engagementOf(tx, consultation.id, brief.engagement_notes),
  ]);
  const latest = versions[0] ?? null;
  return {
    brief: {
      ...brief,
      public_value: brief.public_value as Partial<Record<PublicValueDimension, string>>,
      route_answers: brief.route_answers as RouteAnswers,
    },
    agreement: readAgreement(brief.relational_agreement),
    statements: statements.map((statement) => ({ ...statement, evidence: toEvidence(statement.evidence) })),
    available,
    versions,
    engagement,
    /** Changes in the working copy since the latest published version. */
    unpublishedChanges: latest ? brief.version > latest.brief_version : true,
  };
}

export async function listBriefVersions({ tx, briefId }: { tx: Tx; briefId: string }) {
  const rows = await tx
    .selectFrom("brief_versions as v")
    .select([
      "v.version_number",
      "v.change_note",
      "v.published_at",
      sql<number>`(v.snapshot ->> 'briefVersion')::int`.as("brief_version"),
      sql<string>`v.snapshot ->> 'title'`.as("title"),
    ])
    .where("v.brief_id", "=", briefId)
    .orderBy("v.version_number", "desc")
    .execute();
  return rows;
}

export type SaveResult<T = object> =
  | ({ status: "saved"; version: number } & T)
  | { status: "conflict"; current: WorkingBrief }
  | { status: "not-found" };

async function saveBrief(
  tx: Tx,
  briefId: string,
  readVersion: number,
  set: Record<string, unknown>,
): Promise<SaveResult> {
  const updated = await tx
    .updateTable("briefs")
    .set(set)
    .where("id", "=", briefId)
    .where("version", "=", readVersion)
    .returning("version")
    .executeTakeFirst();
  if (updated) return { status: "saved", version: updated.version };
  const current = await tx
    .selectFrom("briefs")
    .select(briefColumns)
    .where("id", "=", briefId)
    .executeTakeFirst();
  return current ? { status: "conflict", current } : { status: "not-found" };
}

/** Purpose, public value, budget, timeline and engagement notes; refused if someone saved since it was read. */
export async function updateBrief({ tx, briefId, input }: { tx: Tx; briefId: string; input: BriefInput }) {
  return saveBrief(tx, briefId, input.version, {
    title: input.title,
    purpose: input.purpose,
    public_value: JSON.stringify(input.publicValue),
    budget_min_pence: input.budgetMinPence,
    budget_max_pence: input.budgetMaxPence,
    timeline: input.timeline,
    engagement_notes: input.engagementNotes,
  });
}

export async function saveBriefRoute({ tx, briefId, input }: { tx: Tx; briefId: string; input: RouteInput }) {
  return saveBrief(tx, briefId, input.version, {
    route_answers: JSON.stringify(input.answers),
    recommended_route: input.recommendedRoute,
    chosen_route: input.chosenRoute,
    chosen_route_reason: input.chosenRoute === input.recommendedRoute ? null : input.reason,
  });
}

export async function saveRelationalAgreement({
  tx,
  briefId,
  agreement,
  version,
}: {
  tx: Tx;
  briefId: string;
  agreement: RelationalAgreement;
  version: number;
}) {
  return saveBrief(tx, briefId, version, { relational_agreement: JSON.stringify(agreement) });
}

export type StatementChangeResult =
  | { status: "added" | "removed" | "moved"; version: number }
  | { status: "conflict" }
  | { status: "not-found" }
  | { status: "other-consultation" };

/**
 * Adds, removes or moves one statement. The working copy's version moves on too (so two commissioners
 * reordering at once cannot both win), and a statement of another consultation — another organisation's,
 * or one the asker cannot see — is refused by the database's foreign key and row-level security.
 */
export async function changeBriefStatements({
  tx,
  briefId,
  consultationId,
  statementId,
  intent,
  version,
}: {
  tx: Tx;
  briefId: string;
  consultationId: string;
  statementId: string;
  intent: "add" | "remove" | "up" | "down";
  version: number;
}): Promise<StatementChangeResult> {
  const bumped = await tx
    .updateTable("briefs")
    .set({ version })
    .where("id", "=", briefId)
    .where("version", "=", version)
    .returning("version")
    .executeTakeFirst();
  if (!bumped) return { status: "conflict" };
  const rows = await tx
    .selectFrom("brief_statements")
    .select(["statement_id", "position"])
    .where("brief_id", "=", briefId)
    .orderBy("position")
    .execute();
  const order = rows.map((row) => row.statement_id);
  const index = order.indexOf(statementId);
  if (intent === "add") {
    if (index >= 0) return { status: "added", version: bumped.version };
    const statement = await tx
      .selectFrom("needs_statements")
      .select(["consultation_id"])
      .where("id", "=", statementId)
      .executeTakeFirst();
    if (!statement) return { status: "not-found" };
    if (statement.consultation_id !== consultationId) return { status: "other-consultation" };
    const inserted = await attempt(tx, () =>
      tx
        .insertInto("brief_statements")
        .values({
          brief_id: briefId,
          statement_id: statementId,
          consultation_id: consultationId,
          position: order.length,
        })
        .execute(),
    );
    if (!inserted.ok)
      return inserted.refusal.code === "23503" ? { status: "other-consultation" } : { status: "not-found" };
    return { status: "added", version: bumped.version };
  }
  if (index < 0) return { status: "not-found" };
  if (intent === "remove") order.splice(index, 1);
  else {
    const target = intent === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= order.length) return { status: "moved", version: bumped.version };
    [order[index], order[target]] = [order[target]!, order[index]!];
  }
  if (intent === "remove")
    await tx
      .deleteFrom("brief_statements")
      .where("brief_id", "=", briefId)
      .where("statement_id", "=", statementId)
      .execute();
  // Positions are unique per brief, checked at commit: renumbering row by row is safe inside the transaction.
  for (const [position, id] of order.entries()) {
    await tx
      .updateTable("brief_statements")
      .set({ position })
      .where("brief_id", "=", briefId)
      .where("statement_id", "=", id)
      .execute();
  }
  return { status: intent === "remove" ? "removed" : "moved", version: bumped.version };
}

/** The relational agreement as saved, or a first draft written from the brief and its chosen route. */
export async function getAgreementDraft({
  tx,
  consultation,
  userId,
}: {
  tx: Tx;
  consultation: BriefConsultation;
  userId: string;
}) {
  const brief = await getOrStartBrief({ tx, consultation, userId });
  const saved = readAgreement(brief.relational_agreement);
  const route = (brief.chosen_route ?? brief.recommended_route) as CommissioningRoute | null;
  if (saved) return { briefId: brief.id, version: brief.version, agreement: saved, saved: true, route };
  const titles = await tx
    .selectFrom("brief_statements as bs")
    .innerJoin("needs_statements as s", "s.id", "bs.statement_id")
    .select("s.title")
    .where("bs.brief_id", "=", brief.id)
    .orderBy("bs.position")
    .execute();
  const agreement = draftRelationalAgreement({
    route,
    organisationName: consultation.organisation_name,
    consultationTitle: consultation.title,
    purpose: brief.purpose,
    statementTitles: titles.map((row) => row.title),
    publicValue: brief.public_value as Partial<Record<PublicValueDimension, string>>,
    dimensionLabels,
  });
  return { briefId: brief.id, version: brief.version, agreement, saved: false, route };
}
