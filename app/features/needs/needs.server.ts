import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { acceptingState } from "~/features/consultations/consultations.server";
import type { PhotoMimeType, TextLanguage } from "~/db/schema";
import { NEED_LIMITS, type NeedAnswers } from "~/features/needs/need-form";
import {
  draftMeaning,
  keepSuggestions,
  keptSuggestions,
  peopleCount,
  suggestionsFor,
} from "~/features/needs/need-drafts.server";
import { maskPersonalData, roundCoordinate } from "~/features/needs/masking";
import { draftEmbedder } from "~/platform/meaning/embedders.server";
import { MEANING_MODEL, meaningText } from "~/platform/meaning/model.server";
import { cosine, sketchOf, unpackVector } from "~/platform/meaning/vectors";

const REFERENCE = /^GS-[0-9A-HJKMNP-TV-Z]{6}$/;
export const isNeedReference = (value: string) => REFERENCE.test(value);

/** Nearest needs by meaning read and ranked exactly for each draft. */
const MEANING_CANDIDATES = 100;
/** How much the words a draft shares with a need, and a look-alike title, add to the likeness of meaning. */
const WORDS_WEIGHT = 0.5;
const LOOK_WEIGHT = 0.3;
/** Least likeness to be offered: by meaning (with words), or by words alone when either side has no vector. */
const LEAST_MEANING_SCORE = 0.5;
const LEAST_WORDS_SCORE = 0.15;

/**
 * Published needs of the consultation that may be the one being written, best first. Candidates come two
 * ways, each bounded however large the consultation grows: the nearest needs by meaning (the sketch search of
 * private.nearest_published_need_ids, then the exact cosine of the vectors), and needs sharing its words or
 * with a look-alike title (private.similar_published_need_ids, which can use the full-text and trigram
 * indexes). Each is scored by the likeness of meaning plus what the words and the title add; a need with no
 * vector yet, or a draft the model cannot read (Welsh, only emoji), is scored by words alone. The needs are
 * read through row-level security. A resident's own draft (`author`) has its meaning computed once and kept
 * with it (draftMeaning), so only the first view of its words runs the sentence model.
 */
export async function findSimilarNeeds({
  tx,
  consultationId,
  title,
  description,
  language = null,
  author = null,
  limit = 5,
}: {
  tx: Tx;
  consultationId: string;
  title: string;
  description: string;
  /** The language of the page it is written on: the model reads English only. */
  language?: TextLanguage | null;
  /** Whose draft it is: its meaning is then kept with the draft and read back (draftMeaning). */
  author?: string | null;
  limit?: number;
}) {
  const candidates = await similarNeedCandidates({
    tx,
    consultationId,
    title,
    description,
    language,
    author,
  });
  return candidates
    .map(({ meaning, words: shared, look, ...need }) => {
      if (meaning !== null) {
        const score = meaning + WORDS_WEIGHT * Math.min(shared, 1) + LOOK_WEIGHT * look;
        return { ...need, score, offered: score >= LEAST_MEANING_SCORE };
      }
      const score = shared + look;
      return { ...need, score, offered: score >= LEAST_WORDS_SCORE };
    })
    .filter((need) => need.offered)
    .sort((a, b) => b.score - a.score || b.support_count - a.support_count)
    .slice(0, limit)
    .map(({ offered: _offered, ...need }) => need);
}

/**
 * "Is it one of these?" for a resident's own draft: findSimilarNeeds once for the draft's words, its list
 * kept with the draft (saving "What is the need?" works it out to decide whether to show the step), then read
 * back for a while: the same needs in the same order, with their support counts as they are now, less any no
 * longer published. Changed words, another page language or a list older than 15 minutes are searched afresh.
 */
export async function similarToDraft({
  tx,
  consultationId,
  author,
  title,
  description,
  language = null,
  limit = 5,
}: {
  tx: Tx;
  consultationId: string;
  author: string;
  title: string;
  description: string;
  language?: TextLanguage | null;
  limit?: number;
}) {
  const key = suggestionsFor({ title, description, language, limit });
  const kept = await keptSuggestions({ tx, userId: author, consultationId, key });
  if (!kept) {
    const similar = await findSimilarNeeds({
      tx,
      consultationId,
      title,
      description,
      language,
      author,
      limit,
    });
    await keepSuggestions({
      tx,
      userId: author,
      consultationId,
      key,
      suggestions: similar.map(({ reference, score }) => ({ reference, score })),
    });
    return similar;
  }
  if (kept.length === 0) return [];
  const { rows } = await sql<{
    reference: string;
    title: string;
    description: string;
    support_count: number;
    language: TextLanguage | null;
  }>`
    select n.reference, n.title, left(n.description, 300) as description, n.support_count, n.language
      from public.needs n
     where n.reference = any(${kept.map((need) => need.reference)}::text[])
       and n.consultation_id = ${consultationId} and n.status = 'published'`.execute(tx);
  const byReference = new Map(rows.map((need) => [need.reference, need]));
  return kept.flatMap(({ reference, score }) => {
    const need = byReference.get(reference);
    return need ? [{ ...need, score }] : [];
  });
}

/**
 * The candidates findSimilarNeeds ranks, each with its likeness of meaning to the draft (cosine; null when
 * either has no vector), its full-text rank for the draft's words and the trigram likeness of the titles.
 */
export async function similarNeedCandidates({
  tx,
  consultationId,
  title,
  description,
  language = null,
  author = null,
}: {
  tx: Tx;
  consultationId: string;
  title: string;
  description: string;
  language?: TextLanguage | null;
  author?: string | null;
}) {
  const words = `${title} ${description}`.slice(0, 1000);
  const text = language === "cy" ? null : meaningText(title, description);
  // The search by words goes to the database first; the draft is embedded while it runs.
  const byWords = sql<{ id: string }>`
    select id from private.similar_published_need_ids(${consultationId}, ${title}, ${words}, ${text !== null}) as w(id)`.execute(
    tx,
  );
  byWords.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  const probe = !text
    ? null
    : author
      ? await draftMeaning({ tx, userId: author, consultationId, text })
      : (await draftEmbedder().embed([text]))[0]!;
  const byMeaning = probe
    ? (
        await sql<{ id: string }>`
          select id from private.nearest_published_need_ids(${consultationId}, ${sketchOf(probe)}::bit(512), ${MEANING_CANDIDATES}) as m(id)`.execute(
          tx,
        )
      ).rows
    : [];
  const ids = [...new Set([...(await byWords).rows, ...byMeaning].map((row) => row.id))];
  if (ids.length === 0) return [];
  const { rows } = await sql<{
    reference: string;
    title: string;
    description: string;
    support_count: number;
    language: TextLanguage | null;
    words: number;
    look: number;
    vector: Buffer | null;
  }>`
    with query as (
      select nullif(replace(plainto_tsquery('english', ${words})::text, ' & ', ' | '), '')::tsquery as any_word
    )
    select n.reference, n.title, left(n.description, 300) as description, n.support_count, n.language,
           coalesce(ts_rank(n.search, query.any_word), 0) as words, extensions.similarity(n.title, ${title}) as look,
           v.vector
      from public.needs n
      left join public.need_vectors v on v.need_id = n.id and v.model = ${MEANING_MODEL}
     cross join query
     where n.id = any(${ids}::uuid[])`.execute(tx);
  return rows.map(({ vector, ...need }) => ({
    ...need,
    meaning: probe && vector ? cosine(probe, unpackVector(vector)) : null,
  }));
}

export type SupportResult =
  { status: "added" } | { status: "already" } | { status: "not-found" } | { status: "closed" };

/** "Me too": one support per person per published need of an open consultation. */
export async function addSupport({
  tx,
  userId,
  reference,
}: {
  tx: Tx;
  userId: string;
  reference: string;
}): Promise<SupportResult> {
  const need = await tx
    .selectFrom("needs as n")
    .innerJoin("consultations as c", "c.id", "n.consultation_id")
    .select([
      "n.id",
      "n.consultation_id",
      "n.status",
      "c.status as consultation_status",
      "c.opens_at",
      "c.closes_at",
    ])
    .where("n.reference", "=", reference)
    .executeTakeFirst();
  if (!need || need.status !== "published") return { status: "not-found" };
  const accepting = acceptingState({
    status: need.consultation_status,
    opens_at: need.opens_at,
    closes_at: need.closes_at,
  });
  if (accepting !== "open") return { status: "closed" };
  const added = await tx
    .insertInto("supports")
    .values({ need_id: need.id, user_id: userId, consultation_id: need.consultation_id })
    .onConflict((conflict) => conflict.columns(["need_id", "user_id"]).doNothing())
    .returning("need_id")
    .executeTakeFirst();
  return added ? { status: "added" } : { status: "already" };
}

/** What a need page shows, as the asker may see it (row-level security decides), or null. */
export async function getNeedPage({
  tx,
  reference,
  userId,
}: {
  tx: Tx;
  reference: string;
  userId: string | null;
}) {
  const need = await tx
    .selectFrom("needs as n")
    .innerJoin("consultations as c", "c.id", "n.consultation_id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.description",
      "n.language",
      "n.place_text",
      "n.lat",
      "n.lng",
      "n.affected_groups",
      "n.affected_other",
      "n.people_estimate",
      "n.seriousness",
      "n.urgency",
      "n.status",
      "n.moderation_reason",
      "n.support_count",
      "n.has_photo",
      // Anonymous visitors may not read author_id at all (a user id): only a signed-in asker is compared.
      (userId ? sql<boolean>`n.author_id is not distinct from ${userId}::uuid` : sql<boolean>`false`).as(
        "is_author",
      ),
      "n.created_at",
      "n.published_at",
      "n.withdrawn_at",
      "n.moderated_at",
      "n.consultation_id",
      "c.slug as consultation_slug",
      "c.title as consultation_title",
      "c.title_cy as consultation_title_cy",
      "c.status as consultation_status",
      "c.opens_at",
      "c.closes_at",
      "c.moderation",
      "t.name as theme_name",
      "t.name_cy as theme_name_cy",
      "a.name as area_name",
      "a.name_cy as area_name_cy",
    ])
    .where("n.reference", "=", reference)
    .executeTakeFirst();
  if (!need) return null;
  const isAuthor = need.is_author;
  const [original, commissions, mySupport, comments, groups, statements, briefs] = await Promise.all([
    // Visitors without a session (the anon role) have no access to private tables at all.
    userId
      ? tx
          .selectFrom("private.need_private_details")
          .select([
            "original_title",
            "original_description",
            "original_place_text",
            "contact_email",
            "contact_consent",
          ])
          .where("need_id", "=", need.id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    userId
      ? sql<{ yes: boolean }>`select private.commissions_consultation(${need.consultation_id}::uuid) as yes`
          .execute(tx)
          .then((r) => r.rows[0]?.yes ?? false)
      : Promise.resolve(false),
    userId
      ? tx
          .selectFrom("supports")
          .select("created_at")
          .where("need_id", "=", need.id)
          .where("user_id", "=", userId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    tx
      .selectFrom("comments")
      .select(["id", "body", "language", "status", "created_at", "moderation_reason"])
      .select(
        (userId ? sql<boolean>`author_id is not distinct from ${userId}::uuid` : sql<boolean>`false`).as(
          "mine",
        ),
      )
      .where("need_id", "=", need.id)
      .where((eb) =>
        eb.or([eb("status", "=", "published"), ...(userId ? [eb("author_id", "=", userId)] : [])]),
      )
      .orderBy("created_at")
      .limit(200)
      .execute(),
    tx
      .selectFrom("need_group_members as m")
      .innerJoin("need_groups as g", "g.id", "m.group_id")
      .select(["g.label", "g.status_changed_at", "m.added_at"])
      .where("m.need_id", "=", need.id)
      .where("g.status", "in", ["accepted", "manual"])
      .execute(),
    tx
      .selectFrom("statement_needs as sn")
      .innerJoin("needs_statements as s", "s.id", "sn.statement_id")
      .select(["s.id", "s.title", "s.agreed_at", "s.status"])
      .where("sn.need_id", "=", need.id)
      .where("s.status", "=", "agreed")
      .execute(),
    tx
      .selectFrom("brief_versions as v")
      .select([
        "v.brief_id",
        "v.version_number",
        "v.published_at",
        sql<string>`v.snapshot ->> 'title'`.as("title"),
      ])
      .where("v.consultation_id", "=", need.consultation_id)
      .where(sql<boolean>`v.snapshot -> 'need_ids' ? ${need.id}`)
      .orderBy("v.published_at")
      .execute(),
  ]);
  const now = Date.now();
  const consultationOpen =
    need.consultation_status === "open" &&
    need.opens_at !== null &&
    new Date(need.opens_at).getTime() <= now &&
    need.closes_at !== null &&
    new Date(need.closes_at).getTime() > now;
  const canSeeOriginal = Boolean(original) && (isAuthor || commissions);
  return {
    need: { ...need, is_author: undefined },
    isAuthor,
    isCommissioner: commissions,
    consultationOpen,
    original: canSeeOriginal ? original! : null,
    supported: Boolean(mySupport),
    comments,
    trail: { groups, statements, briefs },
  };
}

export type NeedPage = NonNullable<Awaited<ReturnType<typeof getNeedPage>>>;

/** The photo of a need, for its author and the owning commissioners (row-level security). */
export async function getNeedPhoto({ tx, reference }: { tx: Tx; reference: string }) {
  return tx
    .selectFrom("private.need_photos as p")
    .innerJoin("needs as n", "n.id", "p.need_id")
    .select(["p.data", "p.mime_type"])
    .where("n.reference", "=", reference)
    .orderBy("p.created_at", "desc")
    .executeTakeFirst();
}

export type CommentResult =
  | { status: "added"; published: boolean }
  | { status: "duplicate" }
  | { status: "not-found" }
  | { status: "closed" };

/** A comment on a published need: masked in public, the original kept private; moderated as the need is. */
export async function addComment({
  tx,
  userId,
  reference,
  body,
  language = null,
}: {
  tx: Tx;
  userId: string;
  reference: string;
  body: string;
  /** The page's language as they wrote it. */
  language?: TextLanguage | null;
}): Promise<CommentResult> {
  const page = await getNeedPage({ tx, reference, userId });
  if (!page || page.need.status !== "published") return { status: "not-found" };
  if (!page.consultationOpen) return { status: "closed" };
  // A double tap sends the same words twice within moments: keep one.
  const repeat = await tx
    .selectFrom("comments")
    .innerJoin("private.comment_originals as o", "o.comment_id", "comments.id")
    .select("comments.id")
    .where("comments.need_id", "=", page.need.id)
    .where("comments.author_id", "=", userId)
    .where("o.original_body", "=", body)
    .where("comments.created_at", ">", new Date(Date.now() - 10 * 60 * 1000))
    .executeTakeFirst();
  if (repeat) return { status: "duplicate" };
  const comment = await tx
    .insertInto("comments")
    .values({
      need_id: page.need.id,
      consultation_id: page.need.consultation_id,
      author_id: userId,
      body: maskPersonalData(body).slice(0, 5000),
      language,
      status: "received",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("private.comment_originals")
    .values({ comment_id: comment.id, consultation_id: page.need.consultation_id, original_body: body })
    .execute();
  const published = page.need.moderation === "after_publication";
  if (published)
    await sql`select private.publish_own_comment_without_review(${comment.id}::uuid)`.execute(tx);
  return { status: "added", published };
}

/** Anyone with a session reports a need or a comment they can see; it joins the moderation queue. */
export async function flagPost({
  tx,
  userId,
  reference,
  commentId,
  reason,
  details,
}: {
  tx: Tx;
  userId: string;
  reference: string;
  commentId?: string;
  reason: "offensive" | "personal_information" | "spam" | "not_a_need" | "other";
  details: string;
}): Promise<{ status: "flagged" } | { status: "not-found" }> {
  const need = await tx
    .selectFrom("needs")
    .select(["id", "consultation_id"])
    .where("reference", "=", reference)
    .executeTakeFirst();
  if (!need) return { status: "not-found" };
  if (commentId) {
    const comment = await tx
      .selectFrom("comments")
      .select("id")
      .where("id", "=", commentId)
      .where("need_id", "=", need.id)
      .executeTakeFirst();
    if (!comment) return { status: "not-found" };
  }
  await tx
    .insertInto("flags")
    .values({
      consultation_id: need.consultation_id,
      need_id: commentId ? null : need.id,
      comment_id: commentId ?? null,
      reason,
      details: details || null,
      flagged_by: userId,
    })
    .execute();
  return { status: "flagged" };
}

/**
 * Why the author's change to a need did not happen: someone else's need (or none) is "not-found", as reading
 * it is, so a stranger learns nothing; the author's own reviewed need is "not-editable".
 */
async function refusedChange({ tx, userId, reference }: { tx: Tx; userId: string; reference: string }) {
  const own = await tx
    .selectFrom("needs")
    .select("id")
    .where("reference", "=", reference)
    .where("author_id", "=", userId)
    .executeTakeFirst();
  return own ? { status: "not-editable" as const } : { status: "not-found" as const };
}

/** The author takes back a need nobody has reviewed yet. */
export async function withdrawNeed({ tx, userId, reference }: { tx: Tx; userId: string; reference: string }) {
  const result = await tx
    .updateTable("needs")
    .set({ status: "withdrawn" })
    .where("reference", "=", reference)
    .where("author_id", "=", userId)
    .where("status", "=", "received")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1
    ? { status: "withdrawn" as const }
    : refusedChange({ tx, userId, reference });
}

/** Every answer of a need but its words, as the post-a-need questions give them (need-schemas.server.ts). */
export type NeedDetails = Required<Omit<NeedAnswers, "title" | "description" | "email" | "consent">>;

export type PhotoChange =
  | { action: "keep" }
  | { action: "remove" }
  | { action: "replace"; data: Buffer; mimeType: PhotoMimeType; width: number; height: number };

/**
 * The author corrects a need nobody has reviewed yet: its words (public text masked again, the original
 * kept), and with `details` every other answer (the place masked, the spot rounded in public and kept exact
 * in private) and the photo. One transaction: a refusal stores nothing.
 */
export async function editNeed({
  tx,
  userId,
  reference,
  title,
  description,
  details,
  photo = { action: "keep" },
  language = null,
}: {
  tx: Tx;
  userId: string;
  reference: string;
  title: string;
  description: string;
  details?: NeedDetails;
  photo?: PhotoChange;
  /** The page's language as they rewrote it (null leaves it as it was). */
  language?: TextLanguage | null;
}) {
  const lat = details?.lat ? Number(details.lat) : null;
  const lng = details?.lng ? Number(details.lng) : null;
  const place = details?.place || null;
  const need = await tx
    .updateTable("needs")
    .set({
      title: maskPersonalData(title).slice(0, 200),
      description: maskPersonalData(description).slice(0, 10_000),
      ...(language ? { language } : {}),
      ...(details
        ? {
            theme_id: details.theme,
            area_id: details.area,
            place_text: place ? maskPersonalData(place).slice(0, 300) : null,
            lat: lat === null ? null : roundCoordinate(lat),
            lng: lng === null ? null : roundCoordinate(lng),
            affected_groups: details.affected,
            affected_other: details.affected.includes("other")
              ? details.affectedOther.slice(0, NEED_LIMITS.affectedOther)
              : null,
            people_estimate: peopleCount(details.people),
            seriousness: Number(details.seriousness),
            urgency: details.urgency,
          }
        : {}),
    })
    .where("reference", "=", reference)
    .where("author_id", "=", userId)
    .where("status", "=", "received")
    .returning(["id", "consultation_id"])
    .executeTakeFirst();
  if (!need) return refusedChange({ tx, userId, reference });
  await tx
    .updateTable("private.need_private_details")
    .set({
      original_title: title,
      original_description: description,
      ...(details ? { original_place_text: place, exact_lat: lat, exact_lng: lng } : {}),
    })
    .where("need_id", "=", need.id)
    .execute();
  if (photo.action !== "keep") {
    await tx.deleteFrom("private.need_photos").where("need_id", "=", need.id).execute();
    if (photo.action === "replace")
      await tx
        .insertInto("private.need_photos")
        .values({
          need_id: need.id,
          consultation_id: need.consultation_id,
          data: photo.data,
          mime_type: photo.mimeType,
          width: photo.width,
          height: photo.height,
        })
        .execute();
  }
  return { status: "saved" as const };
}

/** An unreviewed need as its author answered it, for changing every answer; null for anyone else. */
export async function getNeedForEdit({
  tx,
  userId,
  reference,
}: {
  tx: Tx;
  userId: string;
  reference: string;
}) {
  const need = await tx
    .selectFrom("needs as n")
    .innerJoin("consultations as c", "c.id", "n.consultation_id")
    .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
    .select([
      "n.status",
      "n.theme_id",
      "n.area_id",
      "n.affected_groups",
      "n.affected_other",
      "n.people_estimate",
      "n.seriousness",
      "n.urgency",
      "n.has_photo",
      "c.slug as consultation_slug",
      "d.original_title",
      "d.original_description",
      "d.original_place_text",
      sql<string | null>`d.exact_lat::text`.as("exact_lat"),
      sql<string | null>`d.exact_lng::text`.as("exact_lng"),
    ])
    .where("n.reference", "=", reference)
    .where("n.author_id", "=", userId)
    .executeTakeFirst();
  if (!need) return null;
  const photo = need.has_photo
    ? await tx
        .selectFrom("private.need_photos as p")
        .innerJoin("needs as n", "n.id", "p.need_id")
        .select(["p.width", "p.height"])
        .where("n.reference", "=", reference)
        .orderBy("p.created_at", "desc")
        .executeTakeFirst()
    : undefined;
  return {
    status: need.status,
    consultationSlug: need.consultation_slug,
    photo: photo ?? null,
    answers: {
      title: need.original_title,
      description: need.original_description,
      affected: need.affected_groups,
      affectedOther: need.affected_other ?? "",
      people: need.people_estimate === null ? "unknown" : String(need.people_estimate),
      area: need.area_id ?? "",
      place: need.original_place_text ?? "",
      lat: need.exact_lat ?? "",
      lng: need.exact_lng ?? "",
      theme: need.theme_id ?? "",
      seriousness: need.seriousness === null ? "" : String(need.seriousness),
      urgency: need.urgency ?? "",
    },
  };
}

/**
 * What this person posted, supported and commented, newest first, with where each stands. A comment on a
 * need the person can no longer see (hidden since) keeps its place without the need's title or reference.
 */
export async function listMyNeeds({ tx, userId }: { tx: Tx; userId: string }) {
  const [posted, supported, comments] = await Promise.all([
    tx
      .selectFrom("needs as n")
      .innerJoin("consultations as c", "c.id", "n.consultation_id")
      .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select([
        "n.reference",
        "n.title",
        "n.language",
        "n.status",
        "n.created_at",
        "n.support_count",
        "c.title as consultation_title",
        "c.title_cy as consultation_title_cy",
        "d.original_title",
      ])
      .where("n.author_id", "=", userId)
      .orderBy("n.created_at", "desc")
      .limit(500)
      .execute(),
    tx
      .selectFrom("supports as s")
      .innerJoin("needs as n", "n.id", "s.need_id")
      .innerJoin("consultations as c", "c.id", "n.consultation_id")
      .select([
        "n.reference",
        "n.title",
        "n.language",
        "n.status",
        "s.created_at",
        "n.support_count",
        "c.title as consultation_title",
        "c.title_cy as consultation_title_cy",
      ])
      .where("s.user_id", "=", userId)
      .orderBy("s.created_at", "desc")
      .limit(500)
      .execute(),
    tx
      .selectFrom("comments as cm")
      .leftJoin("needs as n", "n.id", "cm.need_id")
      .select([
        "cm.id",
        "cm.body",
        "cm.language",
        "cm.status",
        "cm.moderation_reason",
        "cm.created_at",
        "n.reference as need_reference",
        "n.title as need_title",
        "n.language as need_language",
      ])
      .where("cm.author_id", "=", userId)
      .orderBy("cm.created_at", "desc")
      .limit(500)
      .execute(),
  ]);
  return { posted, supported, comments };
}

/** Everything this person has given the platform, for "download my data" (their own rows only). */
export async function exportMyData({ tx, userId }: { tx: Tx; userId: string }) {
  const needs = await tx
    .selectFrom("needs as n")
    .innerJoin("consultations as c", "c.id", "n.consultation_id")
    .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "c.title as consultation",
      "n.status",
      "n.title as public_title",
      "n.description as public_description",
      "d.original_title",
      "d.original_description",
      "d.original_place_text",
      "d.exact_lat",
      "d.exact_lng",
      "d.contact_email",
      "d.contact_consent",
      "d.contact_consented_at",
      "t.name as theme",
      "a.name as area",
      "n.affected_groups",
      "n.affected_other",
      "n.people_estimate",
      "n.seriousness",
      "n.urgency",
      "n.moderation_reason",
      "n.created_at",
      "n.published_at",
      "n.withdrawn_at",
    ])
    .where("n.author_id", "=", userId)
    .orderBy("n.created_at")
    .execute();
  const photos = needs.length
    ? await tx
        .selectFrom("private.need_photos")
        .select(["need_id", "mime_type", "width", "height", "data", "created_at"])
        .where(
          "need_id",
          "in",
          needs.map((need) => need.id),
        )
        .execute()
    : [];
  const [supports, comments, flags, drafts] = await Promise.all([
    tx
      .selectFrom("supports as s")
      .innerJoin("needs as n", "n.id", "s.need_id")
      .select(["n.reference", "s.created_at"])
      .where("s.user_id", "=", userId)
      .execute(),
    tx
      .selectFrom("comments as cm")
      .innerJoin("needs as n", "n.id", "cm.need_id")
      .leftJoin("private.comment_originals as o", "o.comment_id", "cm.id")
      .select([
        "n.reference as need",
        "cm.body as public_body",
        "o.original_body",
        "cm.status",
        "cm.created_at",
      ])
      .where("cm.author_id", "=", userId)
      .execute(),
    tx
      .selectFrom("flags as f")
      .leftJoin("needs as n", "n.id", "f.need_id")
      .select([
        "n.reference as need",
        "f.comment_id",
        "f.reason",
        "f.details",
        "f.created_at",
        "f.resolution",
      ])
      .where("f.flagged_by", "=", userId)
      .execute(),
    tx
      .selectFrom("private.need_drafts as d")
      .innerJoin("consultations as c", "c.id", "d.consultation_id")
      .select(["c.title as consultation", "d.answers", "d.updated_at"])
      .where("d.user_id", "=", userId)
      .execute(),
  ]);
  return {
    needs: needs.map(({ id, ...need }) => ({
      ...need,
      photos: photos
        .filter((photo) => photo.need_id === id)
        .map((photo) => ({
          mime_type: photo.mime_type,
          width: photo.width,
          height: photo.height,
          created_at: photo.created_at,
          data_base64: photo.data.toString("base64"),
        })),
    })),
    supports,
    comments,
    flags,
    drafts: drafts.filter((draft) => Object.keys(draft.answers).length > 0),
  };
}

/** Erases this person's resident data (see private.erase_my_data for what is deleted and what kept). */
export async function eraseMyData({ tx }: { tx: Tx }) {
  const { rows } = await sql<{
    result: {
      needs_removed: number;
      needs_anonymised: number;
      supports_removed: number;
      comments_removed: number;
    };
  }>`
    select private.erase_my_data() as result`.execute(tx);
  return rows[0]!.result;
}
