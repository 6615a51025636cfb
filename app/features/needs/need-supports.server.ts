import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { acceptingState } from "~/features/consultations/consultations.server";

export type WithdrawSupportResult =
  { status: "withdrawn" } | { status: "not-supported" } | { status: "not-found" } | { status: "closed" };

/**
 * Takes back this person's "me too". Only while the consultation is open, as giving one is: afterwards the
 * supports are evidence (row-level security refuses the delete too). Taking back a support one does not have
 * is "not-supported", so a second tap changes nothing.
 */
export async function withdrawSupport({
  tx,
  userId,
  reference,
}: {
  tx: Tx;
  userId: string;
  reference: string;
}): Promise<WithdrawSupportResult> {
  const need = await tx
    .selectFrom("needs as n")
    .innerJoin("consultations as c", "c.id", "n.consultation_id")
    .select(["n.id", "c.status as consultation_status", "c.opens_at", "c.closes_at"])
    .where("n.reference", "=", reference)
    .executeTakeFirst();
  if (!need) return { status: "not-found" };
  const accepting = acceptingState({
    status: need.consultation_status,
    opens_at: need.opens_at,
    closes_at: need.closes_at,
  });
  if (accepting !== "open") return { status: "closed" };
  const removed = await tx
    .deleteFrom("supports")
    .where("need_id", "=", need.id)
    .where("user_id", "=", userId)
    .returning("need_id")
    .executeTakeFirst();
  return removed ? { status: "withdrawn" } : { status: "not-supported" };
}

/** Whose needs among `references` this person supports or posted, for pages that list needs. */
export async function personalNeedStates({
  tx,
  userId,
  references,
}: {
  tx: Tx;
  userId: string | null;
  references: readonly string[];
}): Promise<{ supported: string[]; authored: string[] }> {
  if (!userId || references.length === 0) return { supported: [], authored: [] };
  const rows = await tx
    .selectFrom("needs as n")
    .leftJoin("supports as s", (join) => join.onRef("s.need_id", "=", "n.id").on("s.user_id", "=", userId))
    .select(["n.reference", "n.author_id", "s.user_id as supporter"])
    .where("n.reference", "in", [...references])
    .execute();
  return {
    supported: rows.filter((row) => row.supporter !== null).map((row) => row.reference),
    authored: rows.filter((row) => row.author_id === userId).map((row) => row.reference),
  };
}

/**
 * What a need's page shows this person of their own, for sharing it with everyone in the same position: whether
 * they support it. Null when the page shows them more of their own (they posted the need, or commented on it),
 * which only a page made for them may show.
 */
export async function personalNeedPagePart({
  tx,
  userId,
  needId,
}: {
  tx: Tx;
  userId: string;
  needId: string;
}): Promise<{ supported: boolean } | null> {
  const row = await tx
    .selectFrom("needs as n")
    .select((eb) => [
      sql<boolean>`n.author_id is not distinct from ${userId}::uuid`.as("authored"),
      eb
        .exists(
          eb.selectFrom("supports as s").whereRef("s.need_id", "=", "n.id").where("s.user_id", "=", userId),
        )
        .as("supported"),
      eb
        .exists(
          eb.selectFrom("comments as c").whereRef("c.need_id", "=", "n.id").where("c.author_id", "=", userId),
        )
        .as("commented"),
    ])
    .where("n.id", "=", needId)
    .executeTakeFirst();
  if (!row || row.authored || row.commented) return null;
  return { supported: Boolean(row.supported) };
}
