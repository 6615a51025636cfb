import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { translator } from "~/lib/i18n";
import { residentLimits } from "~/features/moderation/abuse.server";
import { withdrawSupport } from "~/features/needs/need-supports.server";
import { addSupport, isNeedReference } from "~/features/needs/needs.server";
import { backWithOutcome, type SupportOutcome } from "~/features/needs/support-form";
import { localeOf } from "~/server/language.server";
import { residentFor, withSessionCookie } from "~/server/need-journey.server";
import { enforceLimits } from "~/server/resident-limits.server";

/**
 * "Me too" and taking it back, from every page that shows a need (its page, the consultation's list, the
 * similar needs offered while posting). Without JavaScript the form posts here and comes back to `returnTo`
 * with the outcome; with JavaScript a fetcher posts `respond=json` and the page changes in place.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/needs/${params.reference ?? ""}`);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const notFound = () =>
    new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  if (!isNeedReference(reference)) throw notFound();
  const formData = await request.formData();
  const intent = formData.get("intent");
  let outcome: SupportOutcome;
  let setCookie: string | null = null;
  if (intent === "support") {
    const resident = await residentFor(context);
    setCookie = resident.setCookie;
    await enforceLimits(
      context.db,
      [{ limit: residentLimits.support, who: resident.sessionId }],
      context.locale,
    );
    const result = await asRequest(context.db, resident.claims, (tx) =>
      addSupport({ tx, userId: resident.userId, reference }),
    );
    if (result.status === "not-found") throw notFound();
    outcome = result.status === "added" ? "supported" : result.status;
  } else if (intent === "withdraw") {
    const user = context.user;
    // Without a session there is no support to take back.
    if (user) {
      await enforceLimits(
        context.db,
        [{ limit: residentLimits.support, who: user.sessionId }],
        context.locale,
      );
    }
    const result = user
      ? await asRequest(context.db, context.claims, (tx) =>
          withdrawSupport({ tx, userId: user.userId, reference }),
        )
      : ({ status: "not-supported" } as const);
    if (result.status === "not-found") throw notFound();
    outcome = result.status === "closed" ? "closed" : "unsupported";
  } else {
    throw new Response("Unknown action", { status: 400 });
  }
  const headers = withSessionCookie(setCookie);
  if (formData.get("respond") === "json") return json({ reference, outcome }, { headers });
  return redirect(backWithOutcome(formData.get("returnTo"), reference, outcome), { headers });
}
