// Publishing the commission brief: freezing the working copy as it stands — the statements' figures and
// quotes, the engagement record, the route and the relational draft — into a numbered version
// (brief_versions.snapshot) that nobody can change, moving the consultation to "reported", auditing it, and
// emailing the residents who agreed to hear about a need the brief cites. The working copy stays editable and
// its next publication is the next version. Runs in the request's transaction, under row-level security.
import { expertsForSnapshot } from "~/features/statements/expert-contributions.server";
import { withCheckBacks } from "~/features/statements/check-backs.server";
import { sql } from "kysely";
import { asService, type Db, type Tx } from "~/db/database.server";
import type { CommissioningRoute, JsonObject, PublicValueDimension, TextLanguage } from "~/db/schema";
import {
  SNAPSHOT_SCHEMA,
  type BriefSnapshot,
  type SnapshotStatement,
} from "~/features/briefs/brief-snapshot";
import { listSourcesOf } from "~/features/statements/statement-sources.server";
import { listEndorsementsOf } from "~/features/statements/statement-endorsements.server";
import { toEndorsementView, toSourceView } from "~/features/statements/evidence-ui";
import { readAgreement, type RouteAnswers } from "~/features/briefs/commissioning-route";
import { publishBlockers, type PublishBlocker } from "~/features/briefs/publish-check";
import {
  briefColumns,
  engagementOf,
  statementsOf,
  toEvidence,
  type BriefConsultation,
  type WorkingBrief,
} from "~/features/briefs/brief-compose.server";
import { translator } from "~/lib/i18n";
import { recordAudit } from "~/platform/audit.server";
import { sendNotification } from "~/platform/notifications.server";
import type { AppLoadContext } from "@remix-run/node";

// The request's mailer and signer (app/server), as the load context carries them.
type Mailer = AppLoadContext["mailer"];
type Signer = AppLoadContext["signer"];

/** Someone who agreed to hear about a need the brief cites, and the language to write to them in. */
export interface BriefRecipient {
  email: string;
  locale: TextLanguage;
}

export type PublishResult =
  | { status: "published"; versionNumber: number; recipients: BriefRecipient[]; snapshot: BriefSnapshot }
  /** The first thing that stops it; the check page lists them all (publishBlockers) before anyone presses Publish. */
  | { status: "blocked"; blocker: PublishBlocker }
  | { status: "conflict" }
  | { status: "not-found" };

/** Builds the frozen snapshot of the working copy as it stands now. */
export async function buildBriefSnapshot({
  tx,
  brief,
  consultation,
}: {
  tx: Tx;
  brief: WorkingBrief;
  consultation: BriefConsultation;
}): Promise<BriefSnapshot> {
  const [statements, engagement] = await Promise.all([
    statementsOf(tx, brief.id),
    engagementOf(tx, consultation.id, brief.engagement_notes),
  ]);
  const statementIds = statements.map((statement) => statement.id);
  const [sources, endorsements] = await Promise.all([
    listSourcesOf({ tx, statementIds }),
    listEndorsementsOf({ tx, statementIds }),
  ]);
  const experts = await expertsForSnapshot({ tx, statementIds: statements.map((statement) => statement.id) });
  const snapshotStatements: SnapshotStatement[] = statements.map((statement) => ({
    id: statement.id,
    title: statement.title,
    body: statement.body,
    populationAffected: statement.population_affected,
    seriousness: statement.seriousness,
    dimensions: statement.dimensions,
    evidence: toEvidence(statement.evidence),
    proposals: statement.proposals,
    sources: sources.filter((source) => source.statement_id === statement.id).map(toSourceView),
    endorsements: endorsements
      .filter((endorsement) => endorsement.statement_id === statement.id)
      .map(toEndorsementView),
    experts: experts.get(statement.id) ?? [],
  }));
  const needIds = [...new Set(statements.flatMap((statement) => statement.evidence.needIds))];
  return {
    schema: SNAPSHOT_SCHEMA,
    title: brief.title,
    consultation: {
      slug: consultation.slug,
      title: consultation.title,
      organisation: consultation.organisation_name,
    },
    purpose: brief.purpose,
    statements: snapshotStatements,
    need_ids: needIds,
    publicValue: brief.public_value as Partial<Record<PublicValueDimension, string>>,
    budget: {
      minPence: brief.budget_min_pence === null ? null : Number(brief.budget_min_pence),
      maxPence: brief.budget_max_pence === null ? null : Number(brief.budget_max_pence),
    },
    timeline: brief.timeline,
    engagement: await withCheckBacks({ tx, engagement, statements: snapshotStatements }),
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
  consultation: BriefConsultation;
  briefId: string;
  version: number;
  changeNote: string | null;
  userId: string;
  ip?: string | null;
}): Promise<PublishResult> {
  const brief = await tx
    .selectFrom("briefs")
    .select(briefColumns)
    .where("id", "=", briefId)
    .where("consultation_id", "=", consultation.id)
    .forUpdate()
    .executeTakeFirst();
  if (!brief) return { status: "not-found" };
  if (brief.version !== version) return { status: "conflict" };
  const statements = await tx
    .selectFrom("brief_statements as bs")
    .innerJoin("needs_statements as s", "s.id", "bs.statement_id")
    .select(["s.title", "s.status"])
    .where("bs.brief_id", "=", briefId)
    .execute();
  const [blocker] = publishBlockers({ consultationStatus: consultation.status, statements });
  if (blocker) return { status: "blocked", blocker };

  // Marking the working copy published moves its version on; the snapshot records that version, so any
  // later edit shows as changes not yet published.
  const marked = await tx
    .updateTable("briefs")
    .set({ status: "published" })
    .where("id", "=", briefId)
    .returning("version")
    .executeTakeFirstOrThrow();
  const snapshot = await buildBriefSnapshot({
    tx,
    brief: { ...brief, version: marked.version },
    consultation,
  });
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
    const moved = await tx
      .updateTable("consultations")
      .set({ status: to })
      .where("id", "=", consultation.id)
      .where("status", "=", from)
      .returning("id")
      .executeTakeFirst();
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
    detail: {
      version: versionNumber,
      statements: snapshot.statements.length,
      needs: snapshot.need_ids.length,
    } as JsonObject,
    ip,
  });
  // Written to in Welsh when a need of theirs that the brief cites was written in Welsh; else in English.
  const recipients = snapshot.need_ids.length
    ? await tx
        .selectFrom("private.need_private_details as d")
        .innerJoin("needs as n", "n.id", "d.need_id")
        .select([
          sql<string>`lower(d.contact_email)`.as("email"),
          sql<boolean>`bool_or(n.language = 'cy')`.as("welsh"),
        ])
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
  needIds,
  title,
  path,
}: {
  db: Db;
  mailer: Mailer;
  signer: Signer;
  appUrl: string;
  recipients: BriefRecipient[];
  /** The needs the brief cites: whoever follows one of them hears of the brief as its follower, once. */
  needIds: string[];
  title: string;
  path: string;
}): Promise<number> {
  const following = new Set(
    needIds.length === 0
      ? []
      : (
          await asService(db, (tx) =>
            tx
              .selectFrom("private.need_followers")
              .select(sql<string>`lower(email)`.as("email"))
              .where("need_id", "in", needIds)
              .where("confirmed_at", "is not", null)
              .execute(),
          )
        ).map((row) => row.email),
  );
  let sent = 0;
  for (const { email: to, locale } of recipients) {
    if (following.has(to.toLowerCase())) continue;
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
