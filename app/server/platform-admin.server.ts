import type { AppLoadContext } from "@remix-run/node";
import { requireAccount, type AccountUser } from "./guards.server";
import { membershipsOf } from "./viewer.server";

/** Platform admins only (row-level security lets a person see only their own platform_admins row). */
export async function requirePlatformAdmin(request: Request, context: AppLoadContext): Promise<AccountUser> {
  const user = requireAccount(context, request);
  const { platformAdmin } = await membershipsOf(context, user.userId);
  if (!platformAdmin)
    throw new Response("Only the people who run Groundswell can manage organisations.", { status: 403 });
  return user;
}
