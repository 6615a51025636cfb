import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { MembershipRole, OrganisationKind } from "~/db/schema";
import { normaliseEmail } from "./one-time-codes.server";

/**
 * Invitations to join an organisation. The emailed link carries a random token; only its SHA-256 is
 * stored. An invitation is pending until it is accepted (once), withdrawn, or it expires after 7 days.
 * Accepting runs as the invitee under row-level security: Postgres checks that their signed-in email is
 * the invited one and that the invitation is still pending.
 */
export const INVITATION_LIFETIME_DAYS = 7;

export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export interface InvitationView {
  id: string;
  organisationId: string;
  organisationName: string;
  organisationSlug: string;
  organisationKind: OrganisationKind;
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  state: InvitationState;
}

/** The invitation a link points to, for whoever holds the link (signed in or not). */
export async function findInvitationByToken({
  tx,
  token,
}: {
  tx: Tx;
  token: string;
}): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const { rows } = await sql<{
    id: string;
    organisation_id: string;
    organisation_name: string;
    organisation_slug: string;
    organisation_kind: OrganisationKind;
    email: string;
    role: MembershipRole;
    expires_at: Date;
    accepted_at: Date | null;
    revoked_at: Date | null;
  }>`select * from private.invitation_by_token(${token})`.execute(tx);
  const row = rows[0];
  if (!row) return null;
  const state: InvitationState = row.accepted_at
    ? "accepted"
    : row.revoked_at
      ? "revoked"
      : new Date(row.expires_at).getTime() <= Date.now()
        ? "expired"
        : "pending";
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    organisationSlug: row.organisation_slug,
    organisationKind: row.organisation_kind,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
    state,
  };
}

export type InvitationAcceptance =
  | { status: "accepted"; invitation: InvitationView }
  | { status: "already-member"; invitation: InvitationView }
  | { status: "wrong-email"; invitation: InvitationView }
  | { status: "not-pending"; invitation: InvitationView }
  | { status: "not-found" };

/** Accepts an invitation as the signed-in invitee (row-level security decides; this explains refusals). */
export async function acceptInvitation({
  tx,
  token,
  userId,
  email,
}: {
  tx: Tx;
  token: string;
  userId: string;
  email: string;
}): Promise<InvitationAcceptance> {
  const invitation = await findInvitationByToken({ tx, token });
  if (!invitation) return { status: "not-found" };
  if (invitation.state !== "pending") return { status: "not-pending", invitation };
  if (normaliseEmail(invitation.email) !== normaliseEmail(email))
    return { status: "wrong-email", invitation };

  const existing = await tx
    .selectFrom("memberships")
    .select("role")
    .where("organisation_id", "=", invitation.organisationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (existing) return { status: "already-member", invitation };

  await tx
    .insertInto("memberships")
    .values({
      organisation_id: invitation.organisationId,
      user_id: userId,
      role: invitation.role,
      added_by: userId,
    })
    .execute();
  const accepted = await tx
    .updateTable("private.invitations")
    .set({ accepted_at: new Date(), accepted_by: userId })
    .where("id", "=", invitation.id)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  // Accepted at the same moment in another tab: this transaction's membership must not stay.
  if (accepted.numUpdatedRows !== 1n) throw new InvitationRaceError();
  return { status: "accepted", invitation: { ...invitation, state: "accepted" } };
}

export class InvitationRaceError extends Error {
  constructor() {
    super("The invitation was accepted by another request");
  }
}

export function invitationEmail({
  to,
  organisationName,
  role,
  link,
  expiresAt,
  invitedBy,
}: {
  to: string;
  organisationName: string;
  role: string;
  link: string;
  expiresAt: Date;
  invitedBy: string;
}) {
  const until = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  }).format(expiresAt);
  return {
    to,
    subject: `You are invited to join ${organisationName} on Groundswell`,
    text: [
      `${invitedBy} has invited you to join ${organisationName} on Groundswell as ${role}.`,
      "",
      "To accept, open this link and sign in with this email address:",
      "",
      link,
      "",
      `The link works once and expires on ${until}.`,
      "",
      "If you were not expecting this, you can ignore this email.",
      "",
      "Groundswell",
    ].join("\n"),
  };
}
