import { sql } from "kysely";
import { readInOneTrip, type Claims, type Db, type Tx } from "~/db/database.server";
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

/** Which of `references` this person supports or posted (a function whose plan each connection keeps). */
const needStatesQuery = (references: readonly string[]) =>
  sql<{ reference: string; supported: boolean; authored: boolean }>`
    select reference, supported, authored from private.my_need_states(${[...references]}::text[])`;

type NeedStates = { supported: string[]; authored: string[] };

function toNeedStates(rows: { reference: string; supported: boolean; authored: boolean }[]): NeedStates {
  return {
    supported: rows.filter((row) => row.supported).map((row) => row.reference),
    authored: rows.filter((row) => row.authored).map((row) => row.reference),
  };
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
}): Promise<NeedStates> {
  if (!userId || references.length === 0) return { supported: [], authored: [] };
  return toNeedStates((await needStatesQuery(references).execute(tx)).rows);
}

/** The same, in one round trip, for a shared page's personal part (app/server/shared-pages.server.ts). */
export async function readPersonalNeedStates({
  db,
  claims,
  references,
}: {
  db: Db;
  claims: Claims;
  references: readonly string[];
}): Promise<NeedStates> {
  if (references.length === 0) return { supported: [], authored: [] };
  return toNeedStates(await readInOneTrip(db, claims, needStatesQuery(references).compile(db)));
}

/**
 * What a need's page shows this person of their own, for sharing it with everyone in the same position: whether
 * they support it. Null when the page shows them more of their own (they posted the need, or commented on it),
 * which only a page made for them may show.
 */
export async function readPersonalNeedPagePart({
  db,
  claims,
  needId,
}: {
  db: Db;
  claims: Claims;
  needId: string;
}): Promise<{ supported: boolean } | null> {
  const query = sql<{ authored: boolean; supported: boolean; commented: boolean }>`
    select authored, supported, commented from private.my_part_of_need(${needId}::uuid)`;
  const [row] = await readInOneTrip(db, claims, query.compile(db));
  if (!row || row.authored || row.commented) return null;
  return { supported: row.supported };
}
