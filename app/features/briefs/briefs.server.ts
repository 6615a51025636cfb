import { sql } from "kysely";
import type { Db, Tx } from "~/db/database.server";
import type { CommissioningRoute, JsonObject, PublicValueDimension, TextLanguage } from "~/db/schema";
import type { BriefInput, RouteInput } from "~/features/briefs/brief-forms";
import {
  SNAPSHOT_SCHEMA,
  describeChanges,
  isBriefSnapshot,
  type BriefSnapshot,
  type SnapshotEvidence,
  type SnapshotProposal,
  type SnapshotStatement,
} from "~/features/briefs/brief-snapshot";
import { draftRelationalAgreement, readAgreement, type RelationalAgreement, type RouteAnswers } from "~/features/briefs/commissioning-route";
import { translator } from "~/lib/i18n";
import { formatPence } from "~/features/partners/partner-forms";
import { affectedGroupLabels, dimensionLabels, parseExplorerQuery } from "~/features/consultations/workspace-forms";
import { recordAudit } from "~/platform/audit.server";
import { getDashboard } from "~/features/consultations/dashboard.server";
import { attempt } from "~/features/partners/community-groups.server";
import { sendNotification } from "~/platform/notifications.server";
import { computeStatementEvidence, type Evidence } from "~/features/statements/statement-evidence.server";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";
import type { AppLoadContext } from "@remix-run/node";

// The request's mailer and signer (app/server), as the load context carries them.
type Mailer = AppLoadContext["mailer"];
type Signer = AppLoadContext["signer"];

/**
 * The commission brief. Each consultation has one working copy (public.briefs), written by its
 * commissioners, with its statements in order (brief_statements). Publishing freezes the whole brief — the
 * statements' figures and quotes as they stand, the engagement record, the route and the relational draft —
 * into a numbered version (brief_versions.snapshot) that nobody can change; the working copy stays editable
 * and its next publication is the next version. Everything runs in the request's transaction, under
 * row-level security: a commissioner of another organisation reads and writes nothing here.
 */

type Consultation = Pick<CommissionedConsultation, "id" | "slug" | "title" | "status" | "organisation_id" | "organisation_name">;

const briefColumns = [
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
export async function getOrStartBrief({ tx, consultation, userId }: { tx: Tx; consultation: Consultation; userId: string }) {
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
    .values({ consultation_id: consultation.id, title: `${consultation.title}: commission brief`, created_by: userId })
    .returning(briefColumns)
    .executeTakeFirstOrThrow();
}

export type WorkingBrief = Awaited<ReturnType<typeof getOrStartBrief>>;

function toEvidence(evidence: Evidence, quotesLimit = 5): SnapshotEvidence {
  return {
    needs: evidence.needs,
    people: evidence.people,
    supports: evidence.supports,
    areas: evidence.areas.map((area) => ({ name: area.name ?? "No area given", needs: area.needs })),
    affectedGroups: evidence.groups.map((group) => ({ key: group.group, label: affectedGroupLabels[group.group] ?? group.group, needs: group.needs })),
    first: evidence.first ? new Date(evidence.first).toISOString() : null,
    last: evidence.last ? new Date(evidence.last).toISOString() : null,
    quotes: evidence.quotes.slice(0, quotesLimit).map((quote) => ({
      reference: quote.reference,
      text: [quote.title, quote.description].filter(Boolean).join(": "),
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
  if (proposal.volunteer_hours) assets.push(`${proposal.volunteer_hours.toLocaleString("en-GB")} volunteer hours a year`);
  if (proposal.premises) assets.push(`premises: ${proposal.premises}`);
  if (proposal.match_funding_pence) assets.push(`match funding of ${formatPence(Number(proposal.match_funding_pence))}`);
  if (proposal.relationships) assets.push(`relationships: ${proposal.relationships}`);
  if (proposal.lived_experience) assets.push(`lived experience: ${proposal.lived_experience}`);
  return assets;
}

/** The brief's statements in order, each with its live evidence and the proposals answering it. */
async function statementsOf(tx: Tx, briefId: string) {
  const rows = await tx
    .selectFrom("brief_statements as bs")
    .innerJoin("needs_statements as s", "s.id", "bs.statement_id")
    .select(["s.id", "s.title", "s.body", "s.population_affected", "s.seriousness", "s.dimensions", "s.status", "bs.position"])
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
      .map(
        (proposal): SnapshotProposal => ({
          id: proposal.id,
          title: proposal.title,
          organisation: proposal.organisation,
          whatTheyWouldDo: proposal.what_we_would_do,
          assets: assetsOf(proposal),
        }),
      ),
  }));
}

/** The engagement record: who was heard, where, which groups proposed, who is missing (the dashboard's figures). */
async function engagementOf(tx: Tx, consultationId: string, notes: string | null) {
  const { filters } = parseExplorerQuery(new URLSearchParams());
  const [dashboard, groups] = await Promise.all([
    getDashboard({ tx, consultationId, filters: { ...filters, status: "published" }, groupLabels: affectedGroupLabels }),
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
    areas: dashboard.byArea.filter((row) => row.needs > 0 || row.missing).map((row) => ({ name: row.label, needs: row.needs, missing: row.missing })),
    affectedGroups: dashboard.byGroup
      .filter((row) => row.needs > 0 || row.missing)
      .map((row) => ({ label: row.label, needs: row.needs, missing: row.missing })),
    communityGroups: groups.map((group) => group.name),
    missing: [...dashboard.byArea, ...dashboard.byGroup].filter((row) => row.missing).map((row) => row.label),
    notes,
  };
}

/** Everything the compose page shows: the working copy, its statements with evidence, what can be added, versions. */
export async function getBriefComposer({ tx, consultation, userId }: { tx: Tx; consultation: Consultation; userId: string }) {
  const brief = await getOrStartBrief({ tx, consultation, userId });
  const [statements, available, versions, engagement] = await Promise.all([
    statementsOf(tx, brief.id),
    tx
      .selectFrom("needs_statements as s")
      .select(["s.id", "s.title", "s.status"])
      .where("s.consultation_id", "=", consultation.id)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("brief_statements as bs").select("bs.statement_id").whereRef("bs.statement_id", "=", "s.id").where("bs.brief_id", "=", brief.id))))
      .orderBy("s.status")
      .orderBy("s.title")
      .execute(),
    listBriefVersions({ tx, briefId: brief.id }),
    engagementOf(tx, consultation.id, brief.engagement_notes),
  ]);
  const latest = versions[0] ?? null;
  return {
    brief: { ...brief, public_value: brief.public_value as Partial<Record<PublicValueDimension, string>>, route_answers: brief.route_answers as RouteAnswers },
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

async function saveBrief(tx: Tx, briefId: string, readVersion: number, set: Record<string, unknown>): Promise<SaveResult> {
  const updated = await tx
    .updateTable("briefs")
    .set(set)
    .where("id", "=", briefId)
    .where("version", "=", readVersion)
    .returning("version")
    .executeTakeFirst();
  if (updated) return { status: "saved", version: updated.version };
  const current = await tx.selectFrom("briefs").select(briefColumns).where("id", "=", briefId).executeTakeFirst();
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
  const bumped = await tx.updateTable("briefs").set({ version }).where("id", "=", briefId).where("version", "=", version).returning("version").executeTakeFirst();
  if (!bumped) return { status: "conflict" };
  const rows = await tx.selectFrom("brief_statements").select(["statement_id", "position"]).where("brief_id", "=", briefId).orderBy("position").execute();
  const order = rows.map((row) => row.statement_id);
  const index = order.indexOf(statementId);
  if (intent === "add") {
    if (index >= 0) return { status: "added", version: bumped.version };
    const statement = await tx.selectFrom("needs_statements").select(["consultation_id"]).where("id", "=", statementId).executeTakeFirst();
    if (!statement) return { status: "not-found" };
    if (statement.consultation_id !== consultationId) return { status: "other-consultation" };
    const inserted = await attempt(tx, () =>
      tx
        .insertInto("brief_statements")
        .values({ brief_id: briefId, statement_id: statementId, consultation_id: consultationId, position: order.length })
        .execute(),
    );
    if (!inserted.ok) return inserted.refusal.code === "23503" ? { status: "other-consultation" } : { status: "not-found" };
    return { status: "added", version: bumped.version };
  }
  if (index < 0) return { status: "not-found" };
  if (intent === "remove") order.splice(index, 1);
  else {
    const target = intent === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= order.length) return { status: "moved", version: bumped.version };
    [order[index], order[target]] = [order[target]!, order[index]!];
  }
  if (intent === "remove") await tx.deleteFrom("brief_statements").where("brief_id", "=", briefId).where("statement_id", "=", statementId).execute();
  // Positions are unique per brief, checked at commit: renumbering row by row is safe inside the transaction.
  for (const [position, id] of order.entries()) {
    await tx.updateTable("brief_statements").set({ position }).where("brief_id", "=", briefId).where("statement_id", "=", id).execute();
  }
  return { status: intent === "remove" ? "removed" : "moved", version: bumped.version };
}

// Publishing ---------------------------------------------------------------------------------------------------

/** Someone who agreed to hear about a need the brief cites, and the language to write to them in. */
export interface BriefRecipient {
  email: string;
  locale: TextLanguage;
}

export type PublishResult =
  | { status: "published"; versionNumber: number; recipients: BriefRecipient[]; snapshot: BriefSnapshot }
  | { status: "no-statements" }
  | { status: "draft-statements"; titles: string[] }
  | { status: "consultation-open" }
  | { status: "conflict" }
  | { status: "not-found" };

/** Builds the frozen snapshot of the working copy as it stands now. */
export async function buildBriefSnapshot({ tx, brief, consultation }: { tx: Tx; brief: WorkingBrief; consultation: Consultation }): Promise<BriefSnapshot> {
  const [statements, engagement] = await Promise.all([statementsOf(tx, brief.id), engagementOf(tx, consultation.id, brief.engagement_notes)]);
  const snapshotStatements: SnapshotStatement[] = statements.map((statement) => ({
    id: statement.id,
    title: statement.title,
    body: statement.body,
    populationAffected: statement.population_affected,
    seriousness: statement.seriousness,
    dimensions: statement.dimensions,
    evidence: toEvidence(statement.evidence),
    proposals: statement.proposals,
  }));
  const needIds = [...new Set(statements.flatMap((statement) => statement.evidence.needIds))];
  return {
    schema: SNAPSHOT_SCHEMA,
    title: brief.title,
    consultation: { slug: consultation.slug, title: consultation.title, organisation: consultation.organisation_name },
    purpose: brief.purpose,
    statements: snapshotStatements,
    need_ids: needIds,
    publicValue: brief.public_value as Partial<Record<PublicValueDimension, string>>,
    budget: {
      minPence: brief.budget_min_pence === null ? null : Number(brief.budget_min_pence),
      maxPence: brief.budget_max_pence === null ? null : Number(brief.budget_max_pence),
    },
    timeline: brief.timeline,
    engagement,
    route: {
      answers: brief.route_answers as RouteAnswers,
      recommended: brief.recommended_route as CommissioningRoute | null,
      chosen: brief.chosen_route as CommissioningRoute | null,
      reason: brief.chosen_route_reason,
    },
    relationalAgreement: readAgreement(brief.relational_agreement),
    briefVersion: brief.version,
    publishedAt: new Date().toISOString(),
  };
}

/**
 * Publishes the working copy as the next version: refused with no statements, with a statement still in
 * draft, or while the consultation still takes needs. Moves the consultation to "reported" and returns the
 * addresses of residents who agreed to be contacted about a need in the brief (emailed after commit).
 */
export async function publishBrief({
  tx,
  consultation,
  briefId,
  version,
  changeNote,
  userId,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  briefId: string;
  version: number;
  changeNote: string | null;
  userId: string;
  ip?: string | null;
}): Promise<PublishResult> {
  const brief = await tx.selectFrom("briefs").select(briefColumns).where("id", "=", briefId).where("consultation_id", "=", consultation.id).forUpdate().executeTakeFirst();
  if (!brief) return { status: "not-found" };
  if (brief.version !== version) return { status: "conflict" };
  const statements = await tx
    .selectFrom("brief_statements as bs")
    .innerJoin("needs_statements as s", "s.id", "bs.statement_id")
    .select(["s.title", "s.status"])
    .where("bs.brief_id", "=", briefId)
    .execute();
  if (statements.length === 0) return { status: "no-statements" };
  const drafts = statements.filter((statement) => statement.status !== "agreed");
  if (drafts.length > 0) return { status: "draft-statements", titles: drafts.map((statement) => statement.title) };
  if (consultation.status === "draft" || consultation.status === "open") return { status: "consultation-open" };

  // Marking the working copy published moves its version on; the snapshot records that version, so any
  // later edit shows as changes not yet published.
  const marked = await tx.updateTable("briefs").set({ status: "published" }).where("id", "=", briefId).returning("version").executeTakeFirstOrThrow();
  const snapshot = await buildBriefSnapshot({ tx, brief: { ...brief, version: marked.version }, consultation });
  const previous = await tx
    .selectFrom("brief_versions")
    .select(sql<number>`coalesce(max(version_number), 0)`.as("n"))
    .where("brief_id", "=", briefId)
    .executeTakeFirstOrThrow();
  const versionNumber = Number(previous.n) + 1;
  await tx
    .insertInto("brief_versions")
    .values({
      brief_id: briefId,
      consultation_id: consultation.id,
      version_number: versionNumber,
      snapshot: JSON.stringify(snapshot),
      change_note: changeNote,
      published_by: userId,
    })
    .execute();
  for (const [from, to] of [
    ["closed", "analysing"],
    ["analysing", "reported"],
  ] as const) {
    const moved = await tx.updateTable("consultations").set({ status: to }).where("id", "=", consultation.id).where("status", "=", from).returning("id").executeTakeFirst();
    if (moved) {
      await recordAudit({
        tx,
        organisationId: consultation.organisation_id,
        consultationId: consultation.id,
        action: "consultation.status_changed",
        targetType: "consultations",
        targetId: consultation.id,
        detail: { from, to, because: "brief.published" },
        ip,
      });
    }
  }
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "brief.published",
    targetType: "briefs",
    targetId: briefId,
    detail: { version: versionNumber, statements: snapshot.statements.length, needs: snapshot.need_ids.length } as JsonObject,
    ip,
  });
  // Written to in Welsh when a need of theirs that the brief cites was written in Welsh; else in English.
  const recipients = snapshot.need_ids.length
    ? await tx
        .selectFrom("private.need_private_details as d")
        .innerJoin("needs as n", "n.id", "d.need_id")
        .select([sql<string>`lower(d.contact_email)`.as("email"), sql<boolean>`bool_or(n.language = 'cy')`.as("welsh")])
        .where("d.need_id", "in", snapshot.need_ids)
        .where("d.contact_consent", "=", true)
        .where("d.contact_email", "is not", null)
        .groupBy(sql`lower(d.contact_email)`)
        .orderBy(sql`lower(d.contact_email)`)
        .execute()
    : [];
  return {
    status: "published",
    versionNumber,
    recipients: recipients.map((row) => ({ email: row.email, locale: row.welsh ? "cy" : "en" })),
    snapshot,
  };
}

// Reading published versions (public) ------------------------------------------------------------------------------

export interface PublishedVersion {
  briefId: string;
  versionNumber: number;
  changeNote: string | null;
  publishedAt: string;
  snapshot: BriefSnapshot;
}

/**
 * A published version as anyone may read it (row-level security: consultations out of draft), the latest
 * when no number is given; null when there is none, so the page answers 404 for an unpublished brief.
 */
export async function getPublishedBrief({
  tx,
  briefId,
  consultationSlug,
  versionNumber,
}: {
  tx: Tx;
  briefId?: string;
  consultationSlug?: string;
  versionNumber?: number;
}) {
  let query = tx
    .selectFrom("brief_versions as v")
    .innerJoin("consultations as c", "c.id", "v.consultation_id")
    .select(["v.brief_id", "v.version_number", "v.change_note", "v.published_at", "v.snapshot"]);
  if (briefId) query = query.where("v.brief_id", "=", briefId);
  if (consultationSlug) query = query.where("c.slug", "=", consultationSlug);
  if (versionNumber !== undefined) query = query.where("v.version_number", "=", versionNumber);
  const row = await query.orderBy("v.published_at", "desc").orderBy("v.version_number", "desc").limit(1).executeTakeFirst();
  if (!row || !isBriefSnapshot(row.snapshot)) return null;
  const versions = await tx
    .selectFrom("brief_versions")
    .select(["version_number", "change_note", "published_at", "snapshot"])
    .where("brief_id", "=", row.brief_id)
    .orderBy("version_number")
    .execute();
  const version: PublishedVersion = {
    briefId: row.brief_id,
    versionNumber: row.version_number,
    changeNote: row.change_note,
    publishedAt: new Date(row.published_at).toISOString(),
    snapshot: row.snapshot,
  };
  return {
    version,
    versions: versions.map((item) => ({
      versionNumber: item.version_number,
      changeNote: item.change_note,
      publishedAt: new Date(item.published_at).toISOString(),
      snapshot: isBriefSnapshot(item.snapshot) ? item.snapshot : null,
    })),
  };
}

export interface FigureChange {
  statementId: string;
  /** null: the statement is no longer public (back in draft, or deleted). */
  now: { needs: number; people: number; supports: number } | null;
}

/**
 * The live figures of a version's statements where they differ from the frozen ones: later needs,
 * moderation, withdrawal and erasure all move them. Read as whoever asks (anonymous visitors: public only).
 */
export async function currentFigureChanges({ tx, snapshot }: { tx: Tx; snapshot: BriefSnapshot }): Promise<FigureChange[]> {
  const ids = snapshot.statements.map((statement) => statement.id);
  const [live, visible] = await Promise.all([
    computeStatementEvidence({ tx, statementIds: ids }),
    ids.length ? tx.selectFrom("needs_statements").select("id").where("id", "in", ids).where("status", "=", "agreed").execute() : Promise.resolve([]),
  ]);
  const visibleIds = new Set(visible.map((row) => row.id));
  const changes: FigureChange[] = [];
  for (const statement of snapshot.statements) {
    if (!visibleIds.has(statement.id)) {
      changes.push({ statementId: statement.id, now: null });
      continue;
    }
    const now = live.get(statement.id)!;
    const frozen = statement.evidence;
    if (now.needs !== frozen.needs || now.people !== frozen.people || now.supports !== frozen.supports) {
      changes.push({ statementId: statement.id, now: { needs: now.needs, people: now.people, supports: now.supports } });
    }
  }
  return changes;
}

/**
 * A published version for its public page: the frozen brief, the figures that have moved since, and every
 * version with what changed from the one before (snapshots of other versions stay on the server).
 */
export async function readPublishedBrief(options: { tx: Tx; briefId?: string; consultationSlug?: string; versionNumber?: number }) {
  const published = await getPublishedBrief(options);
  if (!published) return null;
  const changes = await currentFigureChanges({ tx: options.tx, snapshot: published.version.snapshot });
  const versions = published.versions.map((item, index, all) => ({
    versionNumber: item.versionNumber,
    changeNote: item.changeNote,
    publishedAt: item.publishedAt,
    changes: item.snapshot ? describeChanges(all[index - 1]?.snapshot ?? null, item.snapshot) : [],
  }));
  return { version: published.version, versions, changes };
}

/** The relational agreement as saved, or a first draft written from the brief and its chosen route. */
export async function getAgreementDraft({ tx, consultation, userId }: { tx: Tx; consultation: Consultation; userId: string }) {
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

/**
 * Emails each resident who agreed to hear about their need that the brief citing it is published (after the
 * publishing transaction has committed; one email per address, each with its unsubscribe link).
 */
export async function notifyBriefPublished({
  db,
  mailer,
  signer,
  appUrl,
  recipients,
  title,
  path,
}: {
  db: Db;
  mailer: Mailer;
  signer: Signer;
  appUrl: string;
  recipients: BriefRecipient[];
  title: string;
  path: string;
}): Promise<number> {
  let sent = 0;
  for (const { email: to, locale } of recipients) {
    const t = translator(locale);
    try {
      const outcome = await sendNotification({
        db,
        mailer,
        signer,
        appUrl,
        to,
        topic: "brief_published",
        locale,
        subject: t("email.briefPublished.subject", { title }),
        text: t("email.briefPublished.body", { title, link: `${appUrl}${path}` }),
      });
      if (outcome === "sent") sent += 1;
    } catch (error) {
      // One address that fails must not stop the others; the brief is already published.
      console.error(`Could not email about the published brief: ${(error as Error).message}`);
    }
  }
  return sent;
}
