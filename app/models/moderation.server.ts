import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { recordAudit } from "./audit.server";

/** Whether the asker commissions this consultation (a member of the owning organisation). */
export async function commissionsConsultation({
  tx,
  consultationId,
}: {
  tx: Tx;
  consultationId: string;
}): Promise<boolean> {
  const { rows } = await sql<{
    yes: boolean;
  }>`select private.commissions_consultation(${consultationId}::uuid) as yes`.execute(tx);
  return rows[0]?.yes ?? false;
}

/** What waits for a commissioner: needs and comments not yet reviewed, and open flags. Oldest first. */
export async function getModerationQueue({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const [needs, comments, flags] = await Promise.all([
    tx
      .selectFrom("needs as n")
      .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
      .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
      .leftJoin("consultation_areas as a", "a.id", "n.area_id")
      .select([
        "n.id",
        "n.reference",
        "n.title",
        "n.description",
        "n.has_photo",
        "n.created_at",
        "d.original_title",
        "d.original_description",
        "t.name as theme_name",
        "a.name as area_name",
      ])
      .where("n.consultation_id", "=", consultationId)
      .where("n.status", "=", "received")
      .orderBy("n.created_at")
      .limit(100)
      .execute(),
    tx
      .selectFrom("comments as c")
      .innerJoin("needs as n", "n.id", "c.need_id")
      .leftJoin("private.comment_originals as o", "o.comment_id", "c.id")
      .select(["c.id", "c.body", "o.original_body", "c.created_at", "n.reference", "n.title as need_title"])
      .where("c.consultation_id", "=", consultationId)
      .where("c.status", "=", "received")
      .orderBy("c.created_at")
      .limit(100)
      .execute(),
    tx
      .selectFrom("flags as f")
      .leftJoin("needs as n", "n.id", "f.need_id")
      .leftJoin("comments as c", "c.id", "f.comment_id")
      .leftJoin("needs as cn", "cn.id", "c.need_id")
      .select([
        "f.id",
        "f.reason",
        "f.details",
        "f.created_at",
        "f.comment_id",
        "n.reference as need_reference",
        "n.title as need_title",
        "n.status as need_status",
        "c.body as comment_body",
        "c.status as comment_status",
        "cn.reference as comment_need_reference",
      ])
      .where("f.consultation_id", "=", consultationId)
      .where("f.resolved_at", "is", null)
      .orderBy("f.created_at")
      .limit(100)
      .execute(),
  ]);
  return { needs, comments, flags };
}

type Decision = { action: "publish" } | { action: "hide"; reason: string };

async function audit(
  tx: Tx,
  values: {
    organisationId: string;
    consultationId: string;
    action: string;
    table: string;
    id: string;
    details?: Record<string, string>;
  },
) {
  await recordAudit({
    tx,
    organisationId: values.organisationId,
    consultationId: values.consultationId,
    action: values.action,
    targetType: values.table,
    targetId: values.id,
    detail: values.details ?? {},
  });
}

async function organisationOf(tx: Tx, consultationId: string) {
  const row = await tx
    .selectFrom("consultations")
    .select("organisation_id")
    .where("id", "=", consultationId)
    .executeTakeFirstOrThrow();
  return row.organisation_id;
}

/**
 * Publishes or hides a need (with a reason the author sees); open flags on it are resolved with the
 * decision. Row-level security limits this to the owning commissioners; others change nothing.
 */
export async function moderateNeed({
  tx,
  actorId,
  consultationId,
  reference,
  decision,
}: {
  tx: Tx;
  actorId: string;
  consultationId: string;
  reference: string;
  decision: Decision;
}): Promise<{ status: "done" } | { status: "not-found" }> {
  const need = await tx
    .updateTable("needs")
    .set(
      decision.action === "publish"
        ? { status: "published" }
        : { status: "hidden", moderation_reason: decision.reason },
    )
    .where("reference", "=", reference)
    .where("consultation_id", "=", consultationId)
    .where("status", "in", ["received", "published", "hidden"])
    .returning("id")
    .executeTakeFirst();
  if (!need) return { status: "not-found" };
  await tx
    .updateTable("flags")
    .set({
      resolution: decision.action === "hide" ? "upheld" : "dismissed",
      resolved_by: actorId,
      resolved_at: new Date(),
    })
    .where("need_id", "=", need.id)
    .where("resolved_at", "is", null)
    .execute();
  await audit(tx, {
    organisationId: await organisationOf(tx, consultationId),
    consultationId,
    action: decision.action === "publish" ? "need.published" : "need.hidden",
    table: "needs",
    id: need.id,
    details: decision.action === "hide" ? { reason: decision.reason } : {},
  });
  return { status: "done" };
}

export async function moderateComment({
  tx,
  actorId,
  consultationId,
  commentId,
  decision,
}: {
  tx: Tx;
  actorId: string;
  consultationId: string;
  commentId: string;
  decision: Decision;
}): Promise<{ status: "done" } | { status: "not-found" }> {
  const comment = await tx
    .updateTable("comments")
    .set(
      decision.action === "publish"
        ? { status: "published" }
        : { status: "hidden", moderation_reason: decision.reason },
    )
    .where("id", "=", commentId)
    .where("consultation_id", "=", consultationId)
    .returning("id")
    .executeTakeFirst();
  if (!comment) return { status: "not-found" };
  await tx
    .updateTable("flags")
    .set({
      resolution: decision.action === "hide" ? "upheld" : "dismissed",
      resolved_by: actorId,
      resolved_at: new Date(),
    })
    .where("comment_id", "=", comment.id)
    .where("resolved_at", "is", null)
    .execute();
  await audit(tx, {
    organisationId: await organisationOf(tx, consultationId),
    consultationId,
    action: decision.action === "publish" ? "comment.published" : "comment.hidden",
    table: "comments",
    id: comment.id,
    details: decision.action === "hide" ? { reason: decision.reason } : {},
  });
  return { status: "done" };
}

/** A flag needing no action is dismissed. */
export async function dismissFlag({
  tx,
  actorId,
  consultationId,
  flagId,
}: {
  tx: Tx;
  actorId: string;
  consultationId: string;
  flagId: string;
}) {
  const flag = await tx
    .updateTable("flags")
    .set({ resolution: "dismissed", resolved_by: actorId, resolved_at: new Date() })
    .where("id", "=", flagId)
    .where("consultation_id", "=", consultationId)
    .where("resolved_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!flag) return { status: "not-found" as const };
  await audit(tx, {
    organisationId: await organisationOf(tx, consultationId),
    consultationId,
    action: "flag.dismissed",
    table: "flags",
    id: flag.id,
  });
  return { status: "done" as const };
}
