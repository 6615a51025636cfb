import { sql } from "kysely";
import { readInOneTrip, type Claims, type Db, type Tx } from "~/db/database.server";
import type { MembershipRole, OrganisationKind } from "~/db/schema";
import { hashInvitationToken, INVITATION_LIFETIME_DAYS, newInvitationToken } from "./invitations.server";
import { normaliseEmail } from "./one-time-codes.server";

/**
 * Organisations and their members. Every function runs as the person asking, under row-level security:
 * a refusal from Postgres (an insert that breaks a policy raises 42501; an update or delete a policy hides
 * touches no row) is the authority, and these functions only turn it into a tagged result.
 */

export interface MyOrganisation {
  id: string;
  name: string;
  slug: string;
  kind: OrganisationKind;
  role: MembershipRole;
}

export async function listMyOrganisations({
  tx,
  userId,
}: {
  tx: Tx;
  userId: string;
}): Promise<MyOrganisation[]> {
  return tx
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["o.id", "o.name", "o.slug", "o.kind", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

/** What a signed-in person belongs to: their organisations (by name) and whether they run the platform. */
export interface Memberships {
  organisations: MyOrganisation[];
  platformAdmin: boolean;
}

/**
 * A person's memberships in one round trip, for the header and the workspace's guard on every page they open:
 * what listMyOrganisations and isPlatformAdmin read, as one statement with its claims.
 */
export async function readMemberships({
  db,
  claims,
  userId,
}: {
  db: Db;
  claims: Claims;
  userId: string;
}): Promise<Memberships> {
  const [row] = await readInOneTrip(
    db,
    claims,
    sql<{ organisations: MyOrganisation[]; platform_admin: boolean }>`
      select coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'kind', o.kind,
                                                         'role', m.role) order by o.name)
                         from public.memberships m join public.organisations o on o.id = m.organisation_id
                        where m.user_id = ${userId}), '[]') as organisations,
             exists (select 1 from private.platform_admins a where a.user_id = ${userId}) as platform_admin`.compile(
      db,
    ),
  );
  return { organisations: row?.organisations ?? [], platformAdmin: row?.platform_admin ?? false };
}

export async function isPlatformAdmin({ tx, userId }: { tx: Tx; userId: string }): Promise<boolean> {
  const row = await tx
    .selectFrom("private.platform_admins")
    .select("user_id")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Boolean(row);
}

export async function getOrganisation({ tx, slug }: { tx: Tx; slug: string }) {
  return tx
    .selectFrom("organisations")
    .select(["id", "name", "slug", "kind"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export interface Member {
  userId: string;
  email: string;
  displayName: string | null;
  role: MembershipRole;
  createdAt: Date;
}

/** Members with their emails: empty unless the requester belongs to the organisation or runs the platform. */
export async function listMembers({
  tx,
  organisationId,
}: {
  tx: Tx;
  organisationId: string;
}): Promise<Member[]> {
  const { rows } = await sql<{
    user_id: string;
    email: string;
    display_name: string | null;
    role: MembershipRole;
    created_at: Date;
  }>`
    select user_id, email, display_name, role, created_at from private.organisation_members(${organisationId}::uuid)`.execute(
    tx,
  );
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
  }));
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations not yet accepted, withdrawn or expired (admins of the organisation see them). */
export async function listPendingInvitations({
  tx,
  organisationId,
}: {
  tx: Tx;
  organisationId: string;
}): Promise<PendingInvitation[]> {
  const rows = await tx
    .selectFrom("private.invitations")
    .select(["id", "email", "role", "created_at", "expires_at"])
    .where("organisation_id", "=", organisationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }));
}

export type Invitation = { status: "invited"; token: string; expiresAt: Date } | { status: "already-member" };

/**
 * Invites someone by email. A new invitation to the same address replaces a pending one. Throws
 * Postgres's 42501 when the requester may not invite to this organisation.
 */
export async function inviteMember({
  tx,
  organisationId,
  email,
  role,
  invitedBy,
}: {
  tx: Tx;
  organisationId: string;
  email: string;
  role: MembershipRole;
  invitedBy: string;
}): Promise<Invitation> {
  const address = normaliseEmail(email);
  const members = await listMembers({ tx, organisationId });
  if (members.some((member) => normaliseEmail(member.email) === address)) return { status: "already-member" };
  await tx
    .updateTable("private.invitations")
    .set({ revoked_at: new Date() })
    .where("organisation_id", "=", organisationId)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  const token = newInvitationToken();
  const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  await tx
    .insertInto("private.invitations")
    .values({
      organisation_id: organisationId,
      email: address,
      token_hash: hashInvitationToken(token),
      role,
      invited_by: invitedBy,
      expires_at: expiresAt,
    })
    .execute();
  return { status: "invited", token, expiresAt };
}

export type MembershipChange = { status: "done" } | { status: "not-allowed" };

/** Removes a member (an admin removing anyone, or a member leaving). The last admin is kept by Postgres. */
export async function removeMember({
  tx,
  organisationId,
  userId,
}: {
  tx: Tx;
  organisationId: string;
  userId: string;
}): Promise<MembershipChange> {
  const result = await tx
    .deleteFrom("memberships")
    .where("organisation_id", "=", organisationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n ? { status: "done" } : { status: "not-allowed" };
}

export async function changeMemberRole({
  tx,
  organisationId,
  userId,
  role,
}: {
  tx: Tx;
  organisationId: string;
  userId: string;
  role: MembershipRole;
}): Promise<MembershipChange> {
  const result = await tx
    .updateTable("memberships")
    .set({ role })
    .where("organisation_id", "=", organisationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { status: "done" } : { status: "not-allowed" };
}

export async function withdrawInvitation({
  tx,
  organisationId,
  invitationId,
}: {
  tx: Tx;
  organisationId: string;
  invitationId: string;
}) {
  const result = await tx
    .updateTable("private.invitations")
    .set({ revoked_at: new Date() })
    .where("id", "=", invitationId)
    .where("organisation_id", "=", organisationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? ({ status: "done" } as const) : ({ status: "not-allowed" } as const);
}

export interface OrganisationSummary {
  id: string;
  name: string;
  slug: string;
  kind: OrganisationKind;
  members: number;
  createdAt: Date;
}

/** Every organisation with its member count (platform admins see every membership). */
export async function listOrganisations({ tx }: { tx: Tx }): Promise<OrganisationSummary[]> {
  const rows = await tx
    .selectFrom("organisations as o")
    .leftJoin("memberships as m", "m.organisation_id", "o.id")
    .select([
      "o.id",
      "o.name",
      "o.slug",
      "o.kind",
      "o.created_at",
      (eb) => eb.fn.count<number>("m.user_id").as("members"),
    ])
    .groupBy("o.id")
    .orderBy("o.kind")
    .orderBy("o.name")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    kind: row.kind,
    members: Number(row.members),
    createdAt: row.created_at,
  }));
}

/** A web address from a name: "Eastshire County Council" → "eastshire-county-council". */
export function slugFor(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/, "");
  return slug || "organisation";
}

/** A platform admin registers a commissioning organisation (row-level security: platform admins only). */
export async function createCommissionerOrganisation({
  tx,
  name,
  createdBy,
}: {
  tx: Tx;
  name: string;
  createdBy: string;
}) {
  const base = slugFor(name);
  const taken = new Set(
    (await tx.selectFrom("organisations").select("slug").where("slug", "like", `${base}%`).execute()).map(
      (row) => row.slug,
    ),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  return tx
    .insertInto("organisations")
    .values({ kind: "commissioner", name: name.trim(), slug, created_by: createdBy })
    .returning(["id", "name", "slug"])
    .executeTakeFirstOrThrow();
}
