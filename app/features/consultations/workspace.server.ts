import { sql } from "kysely";
import type { Tx } from "~/db/database.server";

/**
 * Who commissions what: the consultation a workspace page is about (the asker's organisations come with their
 * memberships, `membershipsOf`). Row-level security makes every check too; the guards in
 * app/server/guards.server.ts turn these answers into a sign-in page, a 403 or a 404 that a person can act on.
 */

/**
 * The consultation a workspace page is about, if the asker commissions it. A draft of another organisation
 * is invisible to them (not found); a public consultation of another organisation is not theirs.
 */
export async function findCommissionedConsultation({ tx, slug }: { tx: Tx; slug: string }) {
  const consultation = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.id",
      "c.slug",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.closed_at",
      "c.moderation",
      "c.version",
      "c.organisation_id",
      "o.name as organisation_name",
      sql<boolean>`private.commissions_consultation(c.id)`.as("commissioned"),
      sql<boolean>`private.is_org_admin(c.organisation_id)`.as("is_admin"),
    ])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
  if (!consultation) return { kind: "not-found" as const };
  if (!consultation.commissioned) return { kind: "not-commissioned" as const };
  return { kind: "ok" as const, consultation };
}

export type CommissionedConsultation = Extract<
  Awaited<ReturnType<typeof findCommissionedConsultation>>,
  { kind: "ok" }
>["consultation"];

/** The workspace's home: the asker's consultations, newest first, with what waits for them. */
export async function listWorkspaceConsultations({
  tx,
  organisationIds,
}: {
  tx: Tx;
  organisationIds: string[];
}) {
  if (organisationIds.length === 0) return [];
  return tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.slug",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.closed_at",
      "o.name as organisation_name",
      (eb) =>
        eb
          .selectFrom("needs as n")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("n.consultation_id", "=", "c.id")
          .as("need_count"),
      (eb) =>
        eb
          .selectFrom("needs as n")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("n.consultation_id", "=", "c.id")
          .where("n.status", "=", "received")
          .as("awaiting_count"),
      (eb) =>
        eb
          .selectFrom("flags as f")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("f.consultation_id", "=", "c.id")
          .where("f.resolved_at", "is", null)
          .as("open_flag_count"),
    ])
    .where("c.organisation_id", "in", organisationIds)
    .orderBy("c.created_at", "desc")
    .limit(200)
    .execute();
}
