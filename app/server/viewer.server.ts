import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "~/lib/navigation";
import { readMemberships, type Memberships } from "~/features/identity/organisations.server";

// The root loader (the header) and a workspace page's guard both ask in the same request: one read serves both.
const readsOfRequest = new WeakMap<AppLoadContext, Promise<Memberships>>();

/** The memberships of the person signed in with an account, read once per request. */
export function membershipsOf(context: AppLoadContext, userId: string): Promise<Memberships> {
  let read = readsOfRequest.get(context);
  if (!read) {
    read = readMemberships({ db: context.db, claims: context.claims, userId });
    readsOfRequest.set(context, read);
  }
  return read;
}

/** Who is looking, as the header needs it: one round trip, and none for visitors and anonymous residents. */
export async function viewerFor(context: AppLoadContext): Promise<Viewer | null> {
  const user = context.user;
  if (!user) return null;
  if (user.isAnonymous || !user.email) return { email: null, platformAdmin: false, organisations: [] };
  const { organisations, platformAdmin } = await membershipsOf(context, user.userId);
  return {
    email: user.email,
    platformAdmin,
    organisations: organisations.map(({ name, slug }) => ({ name, slug })),
    commissioner: organisations.some((organisation) => organisation.kind === "commissioner"),
  };
}
