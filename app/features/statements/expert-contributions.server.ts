// What experts say about a needs statement. Commissioners invite an expert by email to a draft statement; the
// link's token is random and only its SHA-256 is stored (as organisation invitations do). The invitation is bound
// to the address: the expert signs in with it, accepts, reads the draft (row-level security lets them, through
// private.statement_ids_invited_to) and writes one contribution they may edit while the statement is a draft.
// Everything runs under row-level security; the database audits the expert's changes, recordAudit the
// commissioners'.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { recordAudit } from "~/platform/audit.server";
import { hashInvitationToken, newInvitationToken } from "~/features/identity/invitations.server";
import { normaliseEmail } from "~/features/identity/one-time-codes.server";
import { attempt } from "~/features/partners/community-groups.server";
import { getStatementEvidence } from "./statement-evidence.server";
import type { ExpertInvitationState } from "./expert-forms";
import type { SnapshotExpertContribution } from "./expert-snapshot";

interface ConsultationRef {
  id: string;
  organisation_id: string;
}

export type InviteExpertResult =
  | { status: "invited"; token: string; invitationId: string }
  | { status: "already-member" }
  | { status: "already-invited" }
  | { status: "not-draft" }
  | { status: "not-found" };

/** Invites an expert to contribute to a draft statement; nothing is stored when it is refused. */
export async function inviteExpert({
  tx,
  consultation,
  statementId,
  email,
  role,
  message,
  invitedBy,
  ip,
}: {
  tx: Tx;
  consultation: ConsultationRef;
  statementId: string;
  email: string;
  role: string;
  message: string;
  invitedBy: string;
  ip?: string | null;
}): Promise<InviteExpertResult> {
  const address = normaliseEmail(email);
  const statement = await tx
    .selectFrom("needs_statements")
    .select(["id", "status"])
    .where("id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (!statement) return { status: "not-found" };
  if (statement.status !== "draft") return { status: "not-draft" };
  const { rows: members } = await sql<{ email: string }>`
    select email from private.organisation_members(${consultation.organisation_id})
     where lower(email) = ${address}`.execute(tx);
  if (members.length > 0) return { status: "already-member" };
  const live = await tx
    .selectFrom("private.expert_invitations")
    .select("id")
    .where("statement_id", "=", statementId)
    .where("email", "=", address)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  if (live) return { status: "already-invited" };

  const token = newInvitationToken();
  const outcome = await attempt(tx, async () => {
    const row = await tx
      .insertInto("private.expert_invitations")
      .values({
        consultation_id: consultation.id,
        statement_id: statementId,
        email: address,
        role,
        message: message || null,
        token_hash: hashInvitationToken(token),
        invited_by: invitedBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "expert.invited",
      targetType: "expert_invitations",
      targetId: row.id,
      detail: { statement_id: statementId, role },
      ip,
    });
    return row.id;
  });
  if (!outcome.ok) {
    // Another tab invited the same address first, or a member joined meanwhile: the guards say which.
    if (outcome.refusal.code === "23505") return { status: "already-invited" };
    if (outcome.refusal.code === "23514" && /member/.test(outcome.refusal.message))
      return { status: "already-member" };
    return { status: "not-draft" };
  }
  return { status: "invited", token, invitationId: outcome.value };
}

export interface ExpertInvitationView {
  id: string;
  email: string;
  role: string;
  message: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  withdrawnAt: Date | null;
  expertName: string | null;
  expertOrganisation: string | null;
  state: ExpertInvitationState;
}

/** A statement's invitations for its commissioners, newest first. */
export async function listExpertInvitations({
  tx,
  statementId,
}: {
  tx: Tx;
  statementId: string;
}): Promise<ExpertInvitationView[]> {
  const rows = await tx
    .selectFrom("private.expert_invitations as i")
    .leftJoin("expert_contributions as x", "x.invitation_id", "i.id")
    .select([
      "i.id",
      "i.email",
      "i.role",
      "i.message",
      "i.created_at",
      "i.accepted_at",
      "i.withdrawn_at",
      "i.expert_name",
      "i.expert_organisation",
      "x.id as contribution_id",
    ])
    .where("i.statement_id", "=", statementId)
    .orderBy("i.created_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    message: row.message,
    createdAt: row.created_at,
    acceptedAt: row.accepted_at,
    withdrawnAt: row.withdrawn_at,
    expertName: row.expert_name,
    expertOrganisation: row.expert_organisation,
    state: row.withdrawn_at
      ? "withdrawn"
      : row.contribution_id
        ? "contributed"
        : row.accepted_at
          ? "accepted"
          : "sent",
  }));
}

/** Withdraws a live invitation: the expert no longer reads the draft, and any contribution is shown nowhere. */
export async function withdrawExpertInvitation({
  tx,
  consultation,
  statementId,
  invitationId,
  userId,
  ip,
}: {
  tx: Tx;
  consultation: ConsultationRef;
  statementId: string;
  invitationId: string;
  userId: string;
  ip?: string | null;
}): Promise<{ status: "withdrawn" } | { status: "not-found" }> {
  const updated = await tx
    .updateTable("private.expert_invitations")
    .set({ withdrawn_at: new Date(), withdrawn_by: userId })
    .where("id", "=", invitationId)
    .where("statement_id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) return { status: "not-found" };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "expert.invitation_withdrawn",
    targetType: "expert_invitations",
    targetId: invitationId,
    detail: { statement_id: statementId },
    ip,
  });
  return { status: "withdrawn" };
}

/** A contribution as every page shows it: the name and organisation only with the expert's consent. */
export interface ExpertContributionView {
  id: string;
  statementId: string;
  body: string;
  role: string;
  name: string | null;
  organisation: string | null;
  updatedAt: Date;
  withdrawn: boolean;
}

/**
 * The contributions to these statements the caller may read (row-level security decides: commissioners and
 * the author while a draft, everyone once agreed), oldest first. Withdrawn ones only when asked for.
 */
export async function listExpertContributions({
  tx,
  statementIds,
  includeWithdrawn = false,
}: {
  tx: Tx;
  statementIds: string[];
  includeWithdrawn?: boolean;
}): Promise<ExpertContributionView[]> {
  if (statementIds.length === 0) return [];
  const rows = await tx
    .selectFrom("expert_contributions")
    .select([
      "id",
      "statement_id",
      "body",
      "role",
      "named",
      "name",
      "organisation",
      "updated_at",
      "withdrawn_at",
    ])
    .where("statement_id", "in", statementIds)
    .$if(!includeWithdrawn, (qb) => qb.where("withdrawn_at", "is", null))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    statementId: row.statement_id,
    body: row.body,
    role: row.role,
    name: row.named ? row.name : null,
    organisation: row.named ? row.organisation : null,
    updatedAt: row.updated_at,
    withdrawn: row.withdrawn_at !== null,
  }));
}

export interface ExpertInvitationByToken {
  id: string;
  consultationId: string;
  statementId: string;
  statementTitle: string;
  consultationTitle: string;
  organisationName: string;
  email: string;
  role: string;
  message: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  withdrawn: boolean;
  expertName: string | null;
  expertOrganisation: string | null;
}

/** The invitation a link points to, for whoever holds the link (signed in or not). */
export async function findExpertInvitation({
  tx,
  token,
}: {
  tx: Tx;
  token: string;
}): Promise<ExpertInvitationByToken | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const { rows } = await sql<{
    id: string;
    consultation_id: string;
    statement_id: string;
    statement_title: string;
    consultation_title: string;
    organisation_name: string;
    email: string;
    role: string;
    message: string | null;
    accepted_at: Date | null;
    accepted_by: string | null;
    withdrawn_at: Date | null;
    expert_name: string | null;
    expert_organisation: string | null;
  }>`select * from private.expert_invitation_by_token(${token})`.execute(tx);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    consultationId: row.consultation_id,
    statementId: row.statement_id,
    statementTitle: row.statement_title,
    consultationTitle: row.consultation_title,
    organisationName: row.organisation_name,
    email: row.email,
    role: row.role,
    message: row.message,
    acceptedAt: row.accepted_at,
    acceptedBy: row.accepted_by,
    withdrawn: row.withdrawn_at !== null,
    expertName: row.expert_name,
    expertOrganisation: row.expert_organisation,
  };
}

export function isInvitee(
  invitation: Pick<ExpertInvitationByToken, "email">,
  email: string | null | undefined,
) {
  return Boolean(email) && normaliseEmail(email!) === normaliseEmail(invitation.email);
}

/** Accepts the invitation as the signed-in invitee (row-level security and the guard trigger decide). */
export async function acceptExpertInvitation({
  tx,
  invitationId,
  userId,
}: {
  tx: Tx;
  invitationId: string;
  userId: string;
}): Promise<{ status: "accepted" } | { status: "refused" }> {
  const outcome = await attempt(tx, () =>
    tx
      .updateTable("private.expert_invitations")
      .set({ accepted_at: new Date(), accepted_by: userId })
      .where("id", "=", invitationId)
      .where("accepted_at", "is", null)
      .where("withdrawn_at", "is", null)
      .executeTakeFirst(),
  );
  return outcome.ok && outcome.value.numUpdatedRows === 1n ? { status: "accepted" } : { status: "refused" };
}

/** The draft as its invited expert reads it: the statement, its evidence, its needs and proposals. */
export async function getStatementForExpert({ tx, statementId }: { tx: Tx; statementId: string }) {
  const statement = await tx
    .selectFrom("needs_statements as s")
    .innerJoin("consultations as c", "c.id", "s.consultation_id")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "s.id",
      "s.title",
      "s.body",
      "s.status",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "s.agreed_at",
      "c.slug as consultation_slug",
      "c.title as consultation_title",
      "o.name as organisation_name",
    ])
    .where("s.id", "=", statementId)
    .executeTakeFirst();
  if (!statement) return null;
  const [evidence, proposals, needs] = await Promise.all([
    getStatementEvidence({ tx, statementId }),
    tx
      .selectFrom("statement_proposals as sp")
      .innerJoin("proposals as p", "p.id", "sp.proposal_id")
      .innerJoin("organisations as o", "o.id", "p.organisation_id")
      .select(["p.id", "p.title", "o.name as organisation_name"])
      .where("sp.statement_id", "=", statementId)
      .orderBy("p.title")
      .execute(),
    tx
      .selectFrom("statement_needs as sn")
      .innerJoin("needs as n", "n.id", "sn.need_id")
      .select(["n.reference", "n.title", "n.support_count"])
      .where("sn.statement_id", "=", statementId)
      .where("n.status", "=", "published")
      .orderBy("n.support_count", "desc")
      .orderBy("n.reference")
      .limit(1000)
      .execute(),
  ]);
  return { statement, evidence, proposals, needs };
}

/** The expert's own contribution under an invitation, as they typed it (name and organisation included). */
export async function getOwnContribution({ tx, invitationId }: { tx: Tx; invitationId: string }) {
  return tx
    .selectFrom("expert_contributions as x")
    .innerJoin("private.expert_invitations as i", "i.id", "x.invitation_id")
    .select([
      "x.id",
      "x.body",
      "x.role",
      "x.named",
      "x.version",
      "x.updated_at",
      "i.expert_name",
      "i.expert_organisation",
    ])
    .where("x.invitation_id", "=", invitationId)
    .executeTakeFirst();
}

export type SaveContributionResult =
  { status: "saved"; created: boolean } | { status: "conflict" } | { status: "closed" };

/**
 * Writes or edits the expert's contribution: the name and organisation go to the invitation (read by the
 * commissioners) and, with consent, to the public contribution too. Refused once the statement is agreed or
 * the invitation withdrawn; a stale version is a conflict. Nothing partial is stored.
 */
export async function saveExpertContribution({
  tx,
  invitation,
  userId,
  body,
  name,
  role,
  organisation,
  consent,
  version,
}: {
  tx: Tx;
  invitation: Pick<ExpertInvitationByToken, "id" | "statementId" | "consultationId">;
  userId: string;
  body: string;
  name: string;
  role: string;
  organisation: string;
  consent: boolean;
  version: number | null;
}): Promise<SaveContributionResult> {
  const existing = await tx
    .selectFrom("expert_contributions")
    .select(["id", "version"])
    .where("invitation_id", "=", invitation.id)
    .executeTakeFirst();
  if (existing && version !== null && existing.version !== version) return { status: "conflict" };
  const shown = {
    body,
    role,
    named: consent,
    name: consent ? name : null,
    organisation: consent && organisation ? organisation : null,
  };
  const outcome = await attempt(tx, async () => {
    // Row-level security leaves a contribution to an agreed statement or a withdrawn invitation unchanged.
    if (existing) {
      const updated = await tx
        .updateTable("expert_contributions")
        .set(shown)
        .where("id", "=", existing.id)
        .where("version", "=", existing.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) return false;
    } else {
      await tx
        .insertInto("expert_contributions")
        .values({
          ...shown,
          invitation_id: invitation.id,
          statement_id: invitation.statementId,
          consultation_id: invitation.consultationId,
        })
        .execute();
    }
    await tx
      .updateTable("private.expert_invitations")
      .set({ expert_name: name, expert_organisation: organisation || null })
      .where("id", "=", invitation.id)
      .where("accepted_by", "=", userId)
      .execute();
    return true;
  });
  if (!outcome.ok || !outcome.value) return { status: "closed" };
  return { status: "saved", created: !existing };
}

/** The workspace statement page's section: every contribution with who wrote it, and the invitations. */
export async function getWorkspaceExperts({ tx, statementId }: { tx: Tx; statementId: string }) {
  const [invitations, contributions] = await Promise.all([
    listExpertInvitations({ tx, statementId }),
    tx
      .selectFrom("expert_contributions as x")
      .innerJoin("private.expert_invitations as i", "i.id", "x.invitation_id")
      .select([
        "x.id",
        "x.body",
        "x.role",
        "x.named",
        "x.name",
        "x.organisation",
        "x.updated_at",
        "x.withdrawn_at",
        "i.email",
        "i.expert_name",
        "i.expert_organisation",
      ])
      .where("x.statement_id", "=", statementId)
      .orderBy("x.created_at")
      .execute(),
  ]);
  return {
    invitations,
    contributions: contributions.map((row) => ({
      id: row.id,
      body: row.body,
      role: row.role,
      name: row.named ? row.name : null,
      organisation: row.named ? row.organisation : null,
      updatedAt: row.updated_at,
      withdrawn: row.withdrawn_at !== null,
      author: [row.expert_name ?? row.email, row.role, row.expert_organisation].filter(Boolean).join(", "),
    })),
  };
}

/** The invitation email: who asks, about which statement, the commissioner's note and the link. */
export function expertInvitationEmail({
  to,
  organisationName,
  consultationTitle,
  statementTitle,
  role,
  message,
  link,
  invitedBy,
}: {
  to: string;
  organisationName: string;
  consultationTitle: string;
  statementTitle: string;
  role: string;
  message: string;
  link: string;
  invitedBy: string;
}) {
  return {
    to,
    subject: `${organisationName} asks for your view on a needs statement`,
    text: [
      `${invitedBy} of ${organisationName} invites you, as ${role}, to read a draft needs statement and say what you know about it.`,
      "",
      `Statement: ${statementTitle}`,
      `Consultation: ${consultationTitle}`,
      ...(message ? ["", "Their message:", "", message] : []),
      "",
      "To read the draft and its evidence, and write your contribution, open this link and sign in with this email address:",
      "",
      link,
      "",
      "You can change what you write until the statement is agreed. Once it is agreed, your contribution is public, with your name, role and organisation only if you agree to show them.",
      "",
      "If you were not expecting this, you can ignore this email.",
      "",
      "Groundswell",
    ].join("\n"),
  };
}

/** The contributions a published brief freezes, per statement (withdrawn ones left out). */
export async function expertsForSnapshot({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: string[];
}): Promise<Map<string, SnapshotExpertContribution[]>> {
  const byStatement = new Map<string, SnapshotExpertContribution[]>();
  for (const contribution of await listExpertContributions({ tx, statementIds })) {
    const list = byStatement.get(contribution.statementId) ?? [];
    list.push({
      id: contribution.id,
      name: contribution.name,
      role: contribution.role,
      organisation: contribution.organisation,
      text: contribution.body,
      updatedAt: new Date(contribution.updatedAt).toISOString(),
    });
    byStatement.set(contribution.statementId, list);
  }
  return byStatement;
}

/** The open API's statements with what experts say about each (as the caller may read them: public ones). */
export async function withExpertContributions<T extends { id: string }>({
  tx,
  statements,
}: {
  tx: Tx;
  statements: T[];
}) {
  const contributions = await listExpertContributions({ tx, statementIds: statements.map((s) => s.id) });
  return statements.map((statement) => ({
    ...statement,
    expert_contributions: contributions
      .filter((contribution) => contribution.statementId === statement.id)
      .map((contribution) => ({
        id: contribution.id,
        name: contribution.name,
        role: contribution.role,
        organisation: contribution.organisation,
        text: contribution.body,
        updated_at: contribution.updatedAt,
      })),
  }));
}

/**
 * The demo's expert: a public-health analyst invited to the first agreed statement, who has contributed with
 * consent to be named. Written as the service role (the demo has no expert signing in); the triggers audit it.
 */
export async function seedDemoExpertContribution({
  tx,
  statementId,
  invitedBy,
}: {
  tx: Tx;
  statementId: string;
  invitedBy: string;
}) {
  const statement = await tx
    .selectFrom("needs_statements")
    .select(["consultation_id"])
    .where("id", "=", statementId)
    .executeTakeFirstOrThrow();
  const invitation = await tx
    .insertInto("private.expert_invitations")
    .values({
      consultation_id: statement.consultation_id,
      statement_id: statementId,
      email: "expert@demo.groundswell.test",
      role: "Public-health analyst",
      token_hash: hashInvitationToken(newInvitationToken()),
      invited_by: invitedBy,
      accepted_at: new Date(),
      expert_name: "Dr Priya Shah",
      expert_organisation: "Warren County Public Health",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("expert_contributions")
    .values({
      invitation_id: invitation.id,
      consultation_id: statement.consultation_id,
      statement_id: statementId,
      body:
        "The Joint Strategic Needs Assessment agrees with what residents say: one household in five in " +
        "Warren County has no car, and more than half of those over 75. Bus journeys to the health centre " +
        "take over an hour from the outer villages.",
      role: "Public-health analyst",
      named: true,
      name: "Dr Priya Shah",
      organisation: "Warren County Public Health",
    })
    .execute();
}
