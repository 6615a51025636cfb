import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { TextLanguage } from "~/db/schema";
import { maskPersonalData, roundCoordinate } from "~/features/needs/masking";
import { NEED_LIMITS, type NeedAnswers, type NeedStep } from "~/features/needs/need-form";
import { firstIncompleteStep } from "~/features/needs/need-schemas.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { draftEmbedder } from "~/platform/meaning/embedders.server";
import { MEANING_MODEL } from "~/platform/meaning/model.server";
import { packVector, unpackVector } from "~/platform/meaning/vectors";

export type JourneyConsultation = NonNullable<Awaited<ReturnType<typeof getConsultation>>>;

/** The consultation a resident is posting into, if it is taking needs. */
export async function findOpenConsultation({
  tx,
  slug,
}: {
  tx: Tx;
  slug: string;
}): Promise<
  | { kind: "not-found" }
  | { kind: "not-accepting"; slug: string; title: string; title_cy: string | null }
  | { kind: "open"; consultation: JourneyConsultation }
> {
  const consultation = await getConsultation({ tx, slug });
  if (!consultation) return { kind: "not-found" };
  if (consultation.accepting !== "open") {
    const { slug, title, title_cy } = consultation;
    return { kind: "not-accepting", slug, title, title_cy };
  }
  return { kind: "open", consultation };
}

export interface DraftView {
  answers: NeedAnswers;
  photo: { width: number; height: number } | null;
  submittedReference: string | null;
}

const emptyDraft: DraftView = { answers: {}, photo: null, submittedReference: null };

/** The resident's draft for this consultation, or an empty one (no session yet, or nothing saved). */
export async function getDraft({
  tx,
  userId,
  consultationId,
}: {
  tx: Tx;
  userId: string | null;
  consultationId: string;
}): Promise<DraftView> {
  if (!userId) return emptyDraft;
  const row = await tx
    .selectFrom("private.need_drafts as d")
    .leftJoin("needs as n", "n.id", "d.submitted_need_id")
    .select(["d.answers", "d.photo_width", "d.photo_height", "n.reference"])
    .where("d.user_id", "=", userId)
    .where("d.consultation_id", "=", consultationId)
    // Expired drafts are forgotten even before housekeeping deletes them.
    .where("d.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return emptyDraft;
  return {
    answers: row.answers as NeedAnswers,
    photo: row.photo_width && row.photo_height ? { width: row.photo_width, height: row.photo_height } : null,
    submittedReference: row.reference,
  };
}

/** Adds one page's answers to the draft (a posted draft starts afresh). */
export async function saveAnswers({
  tx,
  userId,
  consultationId,
  answers,
}: {
  tx: Tx;
  userId: string;
  consultationId: string;
  answers: NeedAnswers;
}) {
  await tx
    .insertInto("private.need_drafts")
    .values({ user_id: userId, consultation_id: consultationId, answers: JSON.stringify(answers) })
    .onConflict((conflict) =>
      conflict.columns(["user_id", "consultation_id"]).doUpdateSet({
        answers: sql`case when private.need_drafts.submitted_need_id is null and private.need_drafts.expires_at > now()
          then private.need_drafts.answers || excluded.answers else excluded.answers end`,
        submitted_need_id: null,
        submission_key: null,
        expires_at: sql`now() + interval '30 days'`,
      }),
    )
    .execute();
}

/** What a draft's meaning vector was computed from: the model and a digest of the text. */
export const draftMeaningOf = (text: string) =>
  `${MEANING_MODEL}:${createHash("sha256").update(text).digest("base64url")}`;

/**
 * The meaning of the draft's words (`text`, as meaningText makes it from the title and description): the
 * vector kept with the draft when these words were last read, or else computed now by the drafts' embedder
 * and kept, so a resident's next view of "Is it one of these?" does not run the sentence model again. A
 * resident with no draft row (none saved yet) gets the vector without it being kept.
 */
export async function draftMeaning({
  tx,
  userId,
  consultationId,
  text,
}: {
  tx: Tx;
  userId: string;
  consultationId: string;
  text: string;
}): Promise<Float32Array> {
  const of = draftMeaningOf(text);
  const kept = await tx
    .selectFrom("private.need_drafts")
    .select("meaning")
    .where("user_id", "=", userId)
    .where("consultation_id", "=", consultationId)
    .where("meaning_of", "=", of)
    .executeTakeFirst();
  if (kept?.meaning) return unpackVector(kept.meaning);
  const [vector] = await draftEmbedder().embed([text]);
  await tx
    .updateTable("private.need_drafts")
    .set({ meaning: packVector(vector!), meaning_of: of })
    .where("user_id", "=", userId)
    .where("consultation_id", "=", consultationId)
    .execute();
  return vector!;
}

/** How long the needs "Is it one of these?" found for a draft's words are read back before it searches again. */
const SUGGESTIONS_KEPT_MINUTES = 15;

export type KeptSuggestion = { reference: string; score: number };

/** What a draft's suggestions were worked out for: a digest of its words, the page's language and the count. */
export const suggestionsFor = (parts: {
  title: string;
  description: string;
  language: string | null;
  limit: number;
}) =>
  createHash("sha256")
    .update(JSON.stringify([parts.title, parts.description, parts.language, parts.limit]))
    .digest("base64url");

/** The suggestions kept with the draft for these words (`key`, from suggestionsFor), if still fresh; else null. */
export async function keptSuggestions({
  tx,
  userId,
  consultationId,
  key,
}: {
  tx: Tx;
  userId: string;
  consultationId: string;
  key: string;
}): Promise<KeptSuggestion[] | null> {
  const row = await tx
    .selectFrom("private.need_drafts")
    .select("suggestions")
    .where("user_id", "=", userId)
    .where("consultation_id", "=", consultationId)
    .where("suggested_for", "=", key)
    .where("suggested_at", ">", sql<Date>`now() - make_interval(mins => ${SUGGESTIONS_KEPT_MINUTES})`)
    .executeTakeFirst();
  return row?.suggestions ?? null;
}

/** Keeps the suggestions worked out for the draft's words (nothing when the resident has no draft row). */
export async function keepSuggestions({
  tx,
  userId,
  consultationId,
  key,
  suggestions,
}: {
  tx: Tx;
  userId: string;
  consultationId: string;
  key: string;
  suggestions: KeptSuggestion[];
}) {
  await tx
    .updateTable("private.need_drafts")
    .set({ suggestions: JSON.stringify(suggestions), suggested_for: key, suggested_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .where("consultation_id", "=", consultationId)
    .execute();
}

export async function setDraftPhoto({
  tx,
  userId,
  consultationId,
  photo,
}: {
  tx: Tx;
  userId: string;
  consultationId: string;
  photo: {
    data: Buffer;
    mimeType: "image/jpeg" | "image/png" | "image/webp";
    width: number;
    height: number;
  } | null;
}) {
  const values = {
    photo: photo?.data ?? null,
    photo_mime: photo?.mimeType ?? null,
    photo_width: photo?.width ?? null,
    photo_height: photo?.height ?? null,
  };
  await tx
    .insertInto("private.need_drafts")
    .values({ user_id: userId, consultation_id: consultationId, ...values })
    .onConflict((conflict) => conflict.columns(["user_id", "consultation_id"]).doUpdateSet(values))
    .execute();
}

export type SubmitResult =
  | { status: "posted"; reference: string }
  | { status: "already-posted"; reference: string }
  | { status: "incomplete"; step: NeedStep };

export const peopleCount = (people: string | undefined) =>
  people && people !== "unknown" ? Number(people) : null;

/**
 * Turns the draft into a need, its private details and photo, in one transaction. The draft row is locked
 * first, so a double tap waits for the first submission and then finds it done (same submission key).
 */
export async function submitDraft({
  tx,
  userId,
  consultation,
  submissionKey,
  language = null,
}: {
  tx: Tx;
  userId: string;
  consultation: JourneyConsultation;
  submissionKey: string;
  /** The page's language when they posted it: the language the need is taken to be written in. */
  language?: TextLanguage | null;
}): Promise<SubmitResult> {
  const draft = await tx
    .selectFrom("private.need_drafts")
    .selectAll()
    .where("user_id", "=", userId)
    .where("consultation_id", "=", consultation.id)
    .forUpdate()
    .executeTakeFirst();
  if (draft?.submitted_need_id && draft.submission_key === submissionKey) {
    const need = await tx
      .selectFrom("needs")
      .select("reference")
      .where("id", "=", draft.submitted_need_id)
      .executeTakeFirstOrThrow();
    return { status: "already-posted", reference: need.reference };
  }
  const answers = (draft?.answers ?? {}) as NeedAnswers;
  const incomplete = firstIncompleteStep(
    answers,
    consultation.areas.map((area) => area.id),
    consultation.themes.map((theme) => theme.id),
  );
  if (!draft || incomplete) return { status: "incomplete", step: incomplete ?? "what" };

  const lat = answers.lat ? Number(answers.lat) : null;
  const lng = answers.lng ? Number(answers.lng) : null;
  const place = answers.place || null;
  const need = await tx
    .insertInto("needs")
    .values({
      consultation_id: consultation.id,
      author_id: userId,
      theme_id: answers.theme!,
      area_id: answers.area!,
      title: maskPersonalData(answers.title!).slice(0, 200),
      description: maskPersonalData(answers.description!).slice(0, 10_000),
      place_text: place ? maskPersonalData(place).slice(0, 300) : null,
      lat: lat === null ? null : roundCoordinate(lat),
      lng: lng === null ? null : roundCoordinate(lng),
      affected_groups: answers.affected!,
      affected_other: answers.affected!.includes("other")
        ? answers.affectedOther!.slice(0, NEED_LIMITS.affectedOther)
        : null,
      people_estimate: peopleCount(answers.people),
      seriousness: Number(answers.seriousness),
      urgency: answers.urgency!,
      status: "received",
      source: "web",
      language,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  const consented = Boolean(answers.email) && answers.consent === "yes";
  await tx
    .insertInto("private.need_private_details")
    .values({
      need_id: need.id,
      consultation_id: consultation.id,
      original_title: answers.title!,
      original_description: answers.description!,
      original_place_text: place,
      exact_lat: lat,
      exact_lng: lng,
      contact_email: consented ? answers.email! : null,
      contact_consent: consented,
      contact_consented_at: consented ? new Date() : null,
    })
    .execute();
  if (draft.photo && draft.photo_mime && draft.photo_width && draft.photo_height) {
    await tx
      .insertInto("private.need_photos")
      .values({
        need_id: need.id,
        consultation_id: consultation.id,
        data: draft.photo,
        mime_type: draft.photo_mime,
        width: draft.photo_width,
        height: draft.photo_height,
      })
      .execute();
  }
  if (consultation.moderation === "after_publication") {
    await sql`select private.publish_own_need_without_review(${need.id}::uuid)`.execute(tx);
  }
  await tx
    .updateTable("private.need_drafts")
    .set({
      answers: JSON.stringify({}),
      photo: null,
      photo_mime: null,
      photo_width: null,
      photo_height: null,
      meaning: null,
      meaning_of: null,
      suggestions: null,
      suggested_for: null,
      suggested_at: null,
      submitted_need_id: need.id,
      submission_key: submissionKey,
    })
    .where("id", "=", draft.id)
    .execute();
  return { status: "posted", reference: need.reference };
}
