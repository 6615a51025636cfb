import type { AppLoadContext } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import type { Viewer } from "~/lib/navigation";
import { isPlatformAdmin, listMyOrganisations } from "~/features/identity/organisations.server";

/** Who is looking, as the header needs it: one small query, and none for visitors and anonymous residents. */
export async function viewerFor(context: AppLoadContext): Promise<Viewer | null> {
  const user = context.user;
  if (!user) return null;
  if (user.isAnonymous || !user.email) return { email: null, platformAdmin: false, organisations: [] };
  return asRequest(context.db, context.claims, async (tx) => {
    const organisations = await listMyOrganisations({ tx, userId: user.userId });
    return {
      email: user.email,
      platformAdmin: await isPlatformAdmin({ tx, userId: user.userId }),
      organisations: organisations.map(({ name, slug }) => ({ name, slug })),
      commissioner: organisations.some((organisation) => organisation.kind === "commissioner"),
    };
  });
}
