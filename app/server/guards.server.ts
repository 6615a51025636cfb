import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/features/identity/sessions.server";
import type { Claims, Tx } from "~/db/database.server";
import { findCommissionedConsultation } from "~/features/consultations/workspace.server";
import { membershipsOf } from "./viewer.server";
import { uuidParam } from "~/lib/params";

export type AccountUser = SessionUser & { email: string; isAnonymous: false };

/**
 * The signed-in person (not an anonymous resident) with the claims their queries run under; anyone else is
 * sent to sign in and brought back.
 */
export function requireAccount(context: AppLoadContext, request: Request): AccountUser & { claims: Claims } {
  const user = context.user;
  if (user && !user.isAnonymous && user.email) return { ...(user as AccountUser), claims: context.claims };
  const url = new URL(request.url);
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A database error code, when the error came from Postgres. */
export function databaseErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

/** Row-level security or a grant refused the statement. */
export const isPermissionDenied = (error: unknown) => databaseErrorCode(error) === "42501";
/** The last-admin guard refused (private.keep_an_admin, SQLSTATE GS001). */
export const isLastAdminRefusal = (error: unknown) => databaseErrorCode(error) === "GS001";

export interface Commissioner {
  user: SessionUser;
  claims: Claims;
  organisations: { id: string; name: string; slug: string; role: "admin" | "member" }[];
}

/** Signed in with an account and a commissioner of at least one organisation, or thrown out. */
export async function requireCommissioner(context: AppLoadContext, request: Request): Promise<Commissioner> {
  const user = context.user;
  if (!user || user.isAnonymous) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const organisations = (await membershipsOf(context, user.userId)).organisations
    .filter((organisation) => organisation.kind === "commissioner")
    .map(({ id, name, slug, role }) => ({ id, name, slug, role }));
  if (organisations.length === 0) {
    throw new Response("Only commissioners of a commissioning organisation can use the workspace.", {
      status: 403,
    });
  }
  return { user, claims: context.claims, organisations };
}

/** The consultation a workspace page is about: 404 when the asker cannot see it, 403 when it is not theirs. */
export async function requireCommissionedConsultation({ tx, slug }: { tx: Tx; slug: string }) {
  const found = await findCommissionedConsultation({ tx, slug });
  if (found.kind === "not-found") throw new Response("Consultation not found", { status: 404 });
  if (found.kind === "not-commissioned") {
    throw new Response("This consultation belongs to another organisation.", { status: 403 });
  }
  return found.consultation;
}

/** The statement id of a workspace or public address, or a 404 (an address that is not a uuid is not found). */
export function requireStatementId(params: { id?: string }): string {
  return uuidParam(params.id, "Statement not found");
}
