import type { AppLoadContext } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { isPlatformAdmin } from "~/features/identity/organisations.server";
import { requireAccount, type AccountUser } from "./guards.server";

/** Platform admins only (row-level security lets a person see only their own platform_admins row). */
export async function requirePlatformAdmin(request: Request, context: AppLoadContext): Promise<AccountUser> {
  const user = requireAccount(context, request);
  const allowed = await asRequest(context.db, context.claims, (tx) =>
    isPlatformAdmin({ tx, userId: user.userId }),
  );
  if (!allowed)
    throw new Response("Only the people who run Groundswell can manage organisations.", { status: 403 });
  return user;
}
