// Request helpers shared by the community-group and proposal routes (the sign-in guard is requireAccount in
// ~/server/guards.server; the "Error: " title mark is ~/server/form-state.server).
import type { AppLoadContext } from "@remix-run/node";
import type { Claims } from "~/db/database.server";
import { claimsFor } from "~/features/identity/sessions.server";

/** The person asking, if any: signed in or an anonymous resident. */
export function viewerId(context: AppLoadContext): string | null {
  return context.user?.userId ?? null;
}

/**
 * A resident supporting a proposal needs no account: without a session they get an anonymous one, as when
 * posting a need (the HTTP layer sends its cookie with the response).
 */
export async function residentFor(context: AppLoadContext): Promise<{ userId: string; claims: Claims }> {
  if (context.user) return { userId: context.user.userId, claims: context.claims };
  const { user } = await context.auth.startAnonymousSession();
  return { userId: user.userId, claims: claimsFor(user) };
}
