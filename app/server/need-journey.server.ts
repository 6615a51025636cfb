import { json, type AppLoadContext } from "@remix-run/node";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import type { NeedAnswers } from "~/features/needs/need-form";
import type { ClosedConsultation } from "~/features/needs/need-journey";
import { bilingual } from "~/lib/i18n";
import { residentLimits } from "~/features/moderation/abuse.server";
import {
  findOpenConsultation,
  getDraft,
  saveAnswers,
  type JourneyConsultation,
} from "~/features/needs/need-drafts.server";
import { formWasInvalid } from "~/server/form-state.server";
import { claimsFor } from "~/features/identity/sessions.server";
import { enforceLimits } from "~/server/resident-limits.server";

/**
 * The request side of the need journey: who is posting, the consultation's state as a response, and the
 * loader and action work the question pages share. Drafts themselves live in app/features/needs/need-drafts.server.ts.
 */

/** The consultation a resident is posting into; unknown is a 404 and one not taking needs a 410. */
export async function requireOpenConsultation({
  tx,
  slug,
}: {
  tx: Tx;
  slug: string;
}): Promise<JourneyConsultation> {
  const found = await findOpenConsultation({ tx, slug });
  if (found.kind === "not-found") throw new Response("Consultation not found", { status: 404 });
  if (found.kind === "not-accepting") {
    const closed: ClosedConsultation = { slug: found.slug, title: bilingual(found.title, found.title_cy) };
    throw json(closed, { status: 410 });
  }
  return found.consultation;
}

/**
 * Who is posting: the session's person, or a new anonymous resident (as Supabase's signInAnonymously) whose
 * cookie the response must set. New anonymous sessions are limited per address.
 */
export async function residentFor(
  context: AppLoadContext,
): Promise<{ userId: string; sessionId: string; claims: Claims; setCookie: string | null }> {
  if (context.user) {
    return {
      userId: context.user.userId,
      sessionId: context.user.sessionId,
      claims: context.claims,
      setCookie: null,
    };
  }
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.startSession, who: context.clientAddress }],
    context.locale,
  );
  const { user, cookie } = await context.auth.startAnonymousSession();
  return { userId: user.userId, sessionId: user.sessionId, claims: claimsFor(user), setCookie: cookie };
}

/** Headers for a response that may need to set the new session's cookie. */
export function withSessionCookie(setCookie: string | null, headers: HeadersInit = {}): Headers {
  const result = new Headers(headers);
  if (setCookie) result.append("Set-Cookie", setCookie);
  return result;
}

/** Runs the journey's loader work: the open consultation and the resident's draft. */
export function loadJourney(context: AppLoadContext, slug: string) {
  return asRequest(context.db, context.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    const draft = await getDraft({
      tx,
      userId: context.user?.userId ?? null,
      consultationId: consultation.id,
    });
    return { consultation, draft, hasErrors: formWasInvalid(context) };
  });
}

/**
 * Saves one question page's valid answers to the resident's draft (starting an anonymous session on the
 * first post) and returns the headers the redirect must carry.
 */
export async function saveStepAnswers({
  context,
  slug,
  answers,
}: {
  context: AppLoadContext;
  slug: string;
  answers: NeedAnswers;
}): Promise<Headers> {
  await asRequest(context.db, context.claims, (tx) => requireOpenConsultation({ tx, slug }));
  const resident = await residentFor(context);
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.saveAnswers, who: resident.sessionId }],
    context.locale,
  );
  await asRequest(context.db, resident.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    await saveAnswers({ tx, userId: resident.userId, consultationId: consultation.id, answers });
  });
  return withSessionCookie(resident.setCookie);
}
