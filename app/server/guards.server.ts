import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/models/sessions.server";

export type AccountUser = SessionUser & { email: string; isAnonymous: false };

/** The signed-in person (not an anonymous resident); anyone else is sent to sign in and brought back. */
export function requireAccount(request: Request, context: AppLoadContext): AccountUser {
  const user = context.user;
  if (user && !user.isAnonymous && user.email) return user as AccountUser;
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
