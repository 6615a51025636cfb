import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import type { SessionUser } from "~/models/sessions.server";

/**
 * Who may enter the commissioners' workspace, and the consultation a workspace page is about. Every check
 * here is also made by row-level security; these guards only turn "the database shows you nothing" into a
 * sign-in page, a 403 or a 404 that a person can act on.
 */
export interface Commissioner {
  user: SessionUser;
  claims: Claims;
  organisations: { id: string; name: string; slug: string; role: "admin" | "member" }[];
}

/** The commissioning organisations the asker belongs to (row-level security shows only their own). */
export async function listCommissionerOrganisations({ tx, userId }: { tx: Tx; userId: string }) {
  return tx
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["o.id", "o.name", "o.slug", "m.role"])
    .where("m.user_id", "=", userId)
    .where("o.kind", "=", "commissioner")
    .orderBy("o.name")
    .execute();
}

/** Signed in with an account and a commissioner of at least one organisation, or thrown out. */
export async function requireCommissioner(context: AppLoadContext, request: Request): Promise<Commissioner> {
  const user = context.user;
  if (!user || user.isAnonymous) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const organisations = await asRequest(context.db, context.claims, (tx) => listCommissionerOrganisations({ tx, userId: user.userId }));
  if (organisations.length === 0) {
    throw new Response("Only commissioners of a commissioning organisation can use the workspace.", { status: 403 });
  }
  return { user, claims: context.claims, organisations };
}

/**
 * The consultation a workspace page is about, if the asker commissions it. A draft of another organisation
 * is invisible to them (404); a public consultation of another organisation is refused (403).
 */
export async function requireCommissionedConsultation({ tx, slug }: { tx: Tx; slug: string }) {
  const consultation = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.id",
      "c.slug",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.moderation",
      "c.version",
      "c.organisation_id",
      "o.name as organisation_name",
      sql<boolean>`private.commissions_consultation(c.id)`.as("commissioned"),
      sql<boolean>`private.is_org_admin(c.organisation_id)`.as("is_admin"),
    ])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
  if (!consultation) throw new Response("Consultation not found", { status: 404 });
  if (!consultation.commissioned) {
    throw new Response("This consultation belongs to another organisation.", { status: 403 });
  }
  return consultation;
}

export type CommissionedConsultation = Awaited<ReturnType<typeof requireCommissionedConsultation>>;

// A plain form post that fails validation is answered by the action and then the loaders of the same
// request; remembering the request lets the loader tell `meta` to prefix the page title with "Error: ".
const invalidRequests = new WeakSet<AppLoadContext>();
export function markInvalid(context: AppLoadContext) {
  invalidRequests.add(context);
}
export function wasInvalid(context: AppLoadContext): boolean {
  return invalidRequests.has(context);
}

/** The workspace's home: the asker's consultations, newest first, with what waits for them. */
export async function listWorkspaceConsultations({ tx, organisationIds }: { tx: Tx; organisationIds: string[] }) {
  if (organisationIds.length === 0) return [];
  return tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.slug",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "o.name as organisation_name",
      (eb) =>
        eb
          .selectFrom("needs as n")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("n.consultation_id", "=", "c.id")
          .as("need_count"),
      (eb) =>
        eb
          .selectFrom("needs as n")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("n.consultation_id", "=", "c.id")
          .where("n.status", "=", "received")
          .as("awaiting_count"),
      (eb) =>
        eb
          .selectFrom("flags as f")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("f.consultation_id", "=", "c.id")
          .where("f.resolved_at", "is", null)
          .as("open_flag_count"),
    ])
    .where("c.organisation_id", "in", organisationIds)
    .orderBy("c.created_at", "desc")
    .limit(200)
    .execute();
}
