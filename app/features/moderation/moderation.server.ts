import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { ModerationCommand } from "~/features/moderation/moderation-forms";
import { recordAudit, recordAudits } from "~/platform/audit.server";

/**
 * Moderation, for the consultation's page (/c/:slug/moderate) and the commissioners' workspace alike: the
 * queue of new and flagged needs and comments and of open reports, publishing and hiding (with a reason the
 * author sees), redacting part of a post's public text, and dismissing reports. The author's own words stay
 * in the private tables; only the public copy changes. Every decision is written to the audit log in the
 * same transaction.
 */

export const REDACTED = "[redacted]";
const QUEUE_LIMIT = 100;

type Consultation = { id: string; organisation_id: string };

export type Decision = { action: "publish" } | { action: "hide"; reason: string };

/**
 * What waits for the consultation's commissioners, oldest first, with how many there are in all: needs and
 * comments that are new or reported, and the open reports themselves. Each need and comment carries its
 * `version`, which bulk moderation checks (`moderateSelection`).
 */
export async function getModerationQueue({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const flaggedNeedIds = tx
    .selectFrom("flags")
    .select("need_id")
    .where("consultation_id", "=", consultationId)
    .where("resolved_at", "is", null)
    .where("need_id", "is not", null);
  const flaggedCommentIds = tx
    .selectFrom("flags")
    .select("comment_id")
    .where("consultation_id", "=", consultationId)
    .where("resolved_at", "is", null)
    .where("comment_id", "is not", null);

  const needs = await tx
    .selectFrom("needs as n")
    .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.description",
      "n.status",
      "n.has_photo",
      "n.created_at",
      "n.moderation_reason",
      sql<string>`n.updated_at::text`.as("version"),
      // Row-level security decides: the photo shows only to those allowed to read it.
      (eb) =>
        eb
          .exists(eb.selectFrom("private.need_photos as p").select("p.id").whereRef("p.need_id", "=", "n.id"))
          .as("photo"),
      "d.original_title",
      "d.original_description",
      "t.name as theme_name",
      "a.name as area_name",
      (eb) =>
        eb
          .selectFrom("flags as f")
          .select(
            sql<string[]>`array_agg(f.reason || coalesce(': ' || f.details, '') order by f.created_at)`.as(
              "reasons",
            ),
          )
          .whereRef("f.need_id", "=", "n.id")
          .where("f.resolved_at", "is", null)
          .as("flags"),
    ])
    .where("n.consultation_id", "=", consultationId)
    .where((eb) => eb.or([eb("n.status", "=", "received"), eb("n.id", "in", flaggedNeedIds)]))
    .orderBy("n.created_at")
    .limit(QUEUE_LIMIT)
    .execute();

  const comments = await tx
    .selectFrom("comments as c")
    .innerJoin("needs as n", "n.id", "c.need_id")
    .leftJoin("private.comment_originals as o", "o.comment_id", "c.id")
    .select([
      "c.id",
      "c.body",
      "c.status",
      "c.created_at",
      sql<string>`c.updated_at::text`.as("version"),
      "o.original_body",
      "n.reference as need_reference",
      "n.title as need_title",
      (eb) =>
        eb
          .selectFrom("flags as f")
          .select(
            sql<string[]>`array_agg(f.reason || coalesce(': ' || f.details, '') order by f.created_at)`.as(
              "reasons",
            ),
          )
          .whereRef("f.comment_id", "=", "c.id")
          .where("f.resolved_at", "is", null)
          .as("flags"),
    ])
    .where("c.consultation_id", "=", consultationId)
    .where((eb) => eb.or([eb("c.status", "=", "received"), eb("c.id", "in", flaggedCommentIds)]))
    .orderBy("c.created_at")
    .limit(QUEUE_LIMIT)
    .execute();

  const counts = await tx
    .selectFrom("consultations as c")
    .select([
      (eb) =>
        eb
          .selectFrom("needs")
          .select(eb.fn.countAll<number>().as("n"))
          .where("consultation_id", "=", consultationId)
          .where("status", "=", "received")
          .as("new_needs"),
      (eb) =>
        eb
          .selectFrom("comments")
          .select(eb.fn.countAll<number>().as("n"))
          .where("consultation_id", "=", consultationId)
          .where("status", "=", "received")
          .as("new_comments"),
      (eb) =>
        eb
          .selectFrom("flags")
          .select(eb.fn.countAll<number>().as("n"))
          .where("consultation_id", "=", consultationId)
          .where("resolved_at", "is", null)
          .as("open_flags"),
    ])
    .where("c.id", "=", consultationId)
    .executeTakeFirstOrThrow();
  const flags = await tx
    .selectFrom("flags as f")
    .leftJoin("needs as n", "n.id", "f.need_id")
    .leftJoin("comments as c", "c.id", "f.comment_id")
    .select([
      "f.id",
      "f.reason",
      "f.details",
      "f.created_at",
      "f.need_id",
      "f.comment_id",
      "n.title as need_title",
      "c.body as comment_body",
    ])
    .where("f.consultation_id", "=", consultationId)
    .where("f.resolved_at", "is", null)
    .orderBy("f.created_at")
    .limit(QUEUE_LIMIT)
    .execute();
  return { needs, comments, flags, counts };
}

/**
 * Publishes or hides needs (one, or many from the explorer). Withdrawn needs are left alone: the author took
 * them back. Open flags on each are resolved with the decision. Returns how many changed.
 */
export async function moderateNeeds({
  tx,
  consultation,
  needIds,
  decision,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  needIds: string[];
  decision: Decision;
  ip?: string | null;
}): Promise<{ status: "done"; count: number; references: string[] }> {
  if (needIds.length === 0) return { status: "done", count: 0, references: [] };
  const changed = await tx
    .updateTable("needs")
    .set(
      decision.action === "publish"
        ? // A hidden need's reason no longer applies once it is published again; a redaction's reason stays.
          {
            status: "published",
            moderation_reason: sql<
              string | null
            >`case when status = 'hidden' then null else moderation_reason end`,
          }
        : { status: "hidden", moderation_reason: decision.reason },
    )
    .where("consultation_id", "=", consultation.id)
    .where("id", "in", needIds)
    .where("status", "in", ["received", "published", "hidden"])
    .returning(["id", "reference"])
    .execute();
  if (changed.length === 0) return { status: "done", count: 0, references: [] };
  const ids = changed.map((row) => row.id);
  await tx
    .updateTable("flags")
    .set({
      resolution: decision.action === "hide" ? "upheld" : "dismissed",
      resolved_by: sql<string>`auth.uid()`,
      resolved_at: new Date(),
    })
    .where("consultation_id", "=", consultation.id)
    .where("need_id", "in", ids)
    .where("resolved_at", "is", null)
    .execute();
  await recordAudits({
    tx,
    entries: changed.map((row) => ({
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: decision.action === "publish" ? "need.published" : "need.hidden",
      targetType: "needs",
      targetId: row.id,
      detail: {
        reference: row.reference,
        ...(decision.action === "hide" ? { reason: decision.reason } : {}),
        ...(ids.length > 1 ? { bulk: ids.length } : {}),
      },
      ip,
    })),
  });
  return { status: "done", count: changed.length, references: changed.map((row) => row.reference) };
}

/** One need as its commissioners see it: public and original text, flags and comments. */
export async function getNeedForModeration({
  tx,
  consultationId,
  reference,
}: {
  tx: Tx;
  consultationId: string;
  reference: string;
}) {
  const need = await tx
    .selectFrom("needs as n")
    .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.description",
      "n.place_text",
      "n.lat",
      "n.lng",
      "n.status",
      "n.source",
      "n.seriousness",
      "n.urgency",
      "n.affected_groups",
      "n.affected_other",
      "n.people_estimate",
      "n.support_count",
      "n.has_photo",
      "n.moderation_reason",
      "n.moderated_at",
      "n.created_at",
      "n.published_at",
      "d.original_title",
      "d.original_description",
      "d.original_place_text",
      "d.exact_lat",
      "d.exact_lng",
      "t.name as theme_name",
      "a.name as area_name",
    ])
    .where("n.consultation_id", "=", consultationId)
    .where("n.reference", "=", reference)
    .executeTakeFirst();
  if (!need) return null;
  const [flags, comments] = await Promise.all([
    tx
      .selectFrom("flags")
      .select(["id", "reason", "details", "created_at", "resolution", "resolved_at", "comment_id"])
      .where("consultation_id", "=", consultationId)
      .where((eb) =>
        eb.or([
          eb("need_id", "=", need.id),
          eb("comment_id", "in", eb.selectFrom("comments").select("id").where("need_id", "=", need.id)),
        ]),
      )
      .orderBy("created_at", "desc")
      .limit(100)
      .execute(),
    tx
      .selectFrom("comments as c")
      .leftJoin("private.comment_originals as o", "o.comment_id", "c.id")
      .select(["c.id", "c.body", "c.status", "c.moderation_reason", "c.created_at", "o.original_body"])
      .where("c.need_id", "=", need.id)
      .orderBy("c.created_at")
      .limit(200)
      .execute(),
  ]);
  return { need, flags, comments };
}

export type RedactResult =
  { status: "redacted"; occurrences: number } | { status: "text-not-found" } | { status: "not-found" };

function redact(text: string, words: string): { text: string; occurrences: number } {
  const parts = text.split(words);
  return { text: parts.join(REDACTED), occurrences: parts.length - 1 };
}

/**
 * Takes words out of a need's public title or description (an address, a name), with a reason the author
 * sees. The words are replaced by "[redacted]"; the author's original stays in private.need_private_details.
 */
export async function redactNeed({
  tx,
  consultation,
  reference,
  field,
  words,
  reason,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  reference: string;
  field: "title" | "description";
  words: string;
  reason: string;
  ip?: string | null;
}): Promise<RedactResult> {
  const need = await tx
    .selectFrom("needs")
    .select(["id", "title", "description"])
    .where("consultation_id", "=", consultation.id)
    .where("reference", "=", reference)
    .forUpdate()
    .executeTakeFirst();
  if (!need) return { status: "not-found" };
  const result = redact(need[field], words);
  if (result.occurrences === 0) return { status: "text-not-found" };
  await tx
    .updateTable("needs")
    .set({ [field]: result.text, moderation_reason: reason })
    .where("id", "=", need.id)
    .execute();
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "need.redacted",
    targetType: "needs",
    targetId: need.id,
    // The words taken out are not repeated here: they may be the personal data the redaction removed.
    detail: { reference, field, reason, occurrences: result.occurrences, characters: words.length },
    ip,
  });
  return { status: "redacted", occurrences: result.occurrences };
}

export async function moderateComment({
  tx,
  consultation,
  commentId,
  decision,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  commentId: string;
  decision: Decision;
  ip?: string | null;
}): Promise<{ status: "done" } | { status: "not-found" }> {
  const { count } = await moderateComments({ tx, consultation, commentIds: [commentId], decision, ip });
  return count ? { status: "done" } : { status: "not-found" };
}

/** Publishes or hides comments, resolving their open flags with the decision. Returns how many changed. */
export async function moderateComments({
  tx,
  consultation,
  commentIds,
  decision,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  commentIds: string[];
  decision: Decision;
  ip?: string | null;
}): Promise<{ status: "done"; count: number }> {
  if (commentIds.length === 0) return { status: "done", count: 0 };
  const changed = await tx
    .updateTable("comments")
    .set(
      decision.action === "publish"
        ? {
            status: "published",
            moderation_reason: sql<
              string | null
            >`case when status = 'hidden' then null else moderation_reason end`,
          }
        : { status: "hidden", moderation_reason: decision.reason },
    )
    .where("id", "in", commentIds)
    .where("consultation_id", "=", consultation.id)
    .returning("id")
    .execute();
  if (changed.length === 0) return { status: "done", count: 0 };
  const ids = changed.map((row) => row.id);
  await tx
    .updateTable("flags")
    .set({
      resolution: decision.action === "hide" ? "upheld" : "dismissed",
      resolved_by: sql<string>`auth.uid()`,
      resolved_at: new Date(),
    })
    .where("comment_id", "in", ids)
    .where("resolved_at", "is", null)
    .execute();
  await recordAudits({
    tx,
    entries: ids.map((id) => ({
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: decision.action === "publish" ? "comment.published" : "comment.hidden",
      targetType: "comments",
      targetId: id,
      detail: {
        ...(decision.action === "hide" ? { reason: decision.reason } : {}),
        ...(ids.length > 1 ? { bulk: ids.length } : {}),
      },
      ip,
    })),
  });
  return { status: "done", count: changed.length };
}

/** A need or comment as the moderator saw it: its id and the version (`updated_at` as text) on their page. */
export type SeenItem = { id: string; version: string };

export type SelectionResult = {
  status: "done";
  needs: number;
  comments: number;
  /** Needs (by reference) and comments changed by someone else since the page was read: left as they are. */
  changedNeeds: string[];
  changedComments: number;
};

/**
 * One decision for many needs and comments ticked in the queue, in the caller's transaction, each audited.
 * Anything another moderator (or its author) changed after the page was read is left alone and reported,
 * so a decision is never taken on words or a state the moderator did not see.
 */
export async function moderateSelection({
  tx,
  consultation,
  needs,
  comments,
  decision,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  needs: SeenItem[];
  comments: SeenItem[];
  decision: Decision;
  ip?: string | null;
}): Promise<SelectionResult> {
  // Locked, so nobody changes them between this check and the update.
  const currentNeeds = needs.length
    ? await tx
        .selectFrom("needs")
        .select(["id", "reference", "status", sql<string>`updated_at::text`.as("version")])
        .where("consultation_id", "=", consultation.id)
        .where(
          "id",
          "in",
          needs.map((item) => item.id),
        )
        .forUpdate()
        .execute()
    : [];
  const currentComments = comments.length
    ? await tx
        .selectFrom("comments")
        .select(["id", sql<string>`updated_at::text`.as("version")])
        .where("consultation_id", "=", consultation.id)
        .where(
          "id",
          "in",
          comments.map((item) => item.id),
        )
        .forUpdate()
        .execute()
    : [];
  const seenNeeds = new Map(needs.map((item) => [item.id, item.version]));
  const seenComments = new Map(comments.map((item) => [item.id, item.version]));
  const unchangedNeeds = currentNeeds.filter(
    (need) => need.status !== "withdrawn" && seenNeeds.get(need.id) === need.version,
  );
  const unchangedComments = currentComments.filter(
    (comment) => seenComments.get(comment.id) === comment.version,
  );
  const needResult = await moderateNeeds({
    tx,
    consultation,
    needIds: unchangedNeeds.map((need) => need.id),
    decision,
    ip,
  });
  const commentResult = await moderateComments({
    tx,
    consultation,
    commentIds: unchangedComments.map((comment) => comment.id),
    decision,
    ip,
  });
  const done = new Set(unchangedNeeds.map((need) => need.id));
  return {
    status: "done",
    needs: needResult.count,
    comments: commentResult.count,
    // An id not found at all is not this consultation's (or was deleted): nothing to report by name.
    changedNeeds: currentNeeds.filter((need) => !done.has(need.id)).map((need) => need.reference),
    changedComments: currentComments.length - unchangedComments.length,
  };
}

export async function redactComment({
  tx,
  consultation,
  commentId,
  words,
  reason,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  commentId: string;
  words: string;
  reason: string;
  ip?: string | null;
}): Promise<RedactResult> {
  const comment = await tx
    .selectFrom("comments")
    .select(["id", "body"])
    .where("id", "=", commentId)
    .where("consultation_id", "=", consultation.id)
    .forUpdate()
    .executeTakeFirst();
  if (!comment) return { status: "not-found" };
  const result = redact(comment.body, words);
  if (result.occurrences === 0) return { status: "text-not-found" };
  await tx
    .updateTable("comments")
    .set({ body: result.text, moderation_reason: reason })
    .where("id", "=", comment.id)
    .execute();
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "comment.redacted",
    targetType: "comments",
    targetId: comment.id,
    detail: { reason, occurrences: result.occurrences, characters: words.length },
    ip,
  });
  return { status: "redacted", occurrences: result.occurrences };
}

/** A flag that needs no action is dismissed; the post stays as it is. */
export async function dismissFlag({
  tx,
  consultation,
  flagId,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  flagId: string;
  ip?: string | null;
}) {
  const flag = await tx
    .updateTable("flags")
    .set({ resolution: "dismissed", resolved_by: sql<string>`auth.uid()`, resolved_at: new Date() })
    .where("id", "=", flagId)
    .where("consultation_id", "=", consultation.id)
    .where("resolved_at", "is", null)
    .returning(["id", "need_id", "comment_id"])
    .executeTakeFirst();
  if (!flag) return { status: "not-found" as const };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "flag.dismissed",
    targetType: "flags",
    targetId: flag.id,
    detail: flag.need_id ? { need_id: flag.need_id } : { comment_id: flag.comment_id },
    ip,
  });
  return { status: "done" as const };
}

export type ModerationResult =
  | { status: "need-published" | "need-hidden"; reference: string }
  | { status: "comment-published" | "comment-hidden" | "flag-dismissed" }
  | { status: "redacted"; occurrences: number }
  | { status: "text-not-found" }
  | { status: "not-found" };

/** Carries out one decision from the workspace's moderation forms. */
export async function applyModerationCommand({
  tx,
  consultation,
  command,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  command: ModerationCommand;
  ip?: string | null;
}): Promise<ModerationResult> {
  switch (command.intent) {
    case "publish-need":
    case "hide-need": {
      const decision: Decision =
        command.intent === "hide-need" ? { action: "hide", reason: command.reason } : { action: "publish" };
      const result = await moderateNeeds({ tx, consultation, needIds: [command.needId], decision, ip });
      if (!result.count) return { status: "not-found" };
      return {
        status: command.intent === "hide-need" ? "need-hidden" : "need-published",
        reference: result.references[0]!,
      };
    }
    case "publish-comment":
    case "hide-comment": {
      const decision: Decision =
        command.intent === "hide-comment"
          ? { action: "hide", reason: command.reason }
          : { action: "publish" };
      const result = await moderateComment({ tx, consultation, commentId: command.commentId, decision, ip });
      if (result.status === "not-found") return result;
      return { status: command.intent === "hide-comment" ? "comment-hidden" : "comment-published" };
    }
    case "dismiss-flag": {
      const result = await dismissFlag({ tx, consultation, flagId: command.flagId, ip });
      return result.status === "done" ? { status: "flag-dismissed" } : result;
    }
    case "redact-need":
      return redactNeed({
        tx,
        consultation,
        reference: command.reference,
        field: command.field,
        words: command.words,
        reason: command.reason,
        ip,
      });
    case "redact-comment":
      return redactComment({
        tx,
        consultation,
        commentId: command.commentId,
        words: command.words,
        reason: command.reason,
        ip,
      });
  }
}
