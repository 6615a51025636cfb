// Community groups endorse the needs statements their proposals answer (a statement linked to one of the
// group's proposals through statement_proposals): one endorsement per group per statement, with optional
// words, withdrawn by deleting it. Row-level security lets only the group's members write it, and only for
// such a statement; a trigger audits every change (group members are not members of the commissioning
// organisation, so recordAudit would refuse them).
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { attempt } from "~/features/partners/community-groups.server";

export interface StatementEndorsement {
  id: string;
  statement_id: string;
  group_id: string;
  group_name: string;
  group_slug: string;
  words: string;
  created_at: string;
}

/** The endorsements of the statements given (that the caller may read), oldest first. */
export async function listEndorsementsOf({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: readonly string[];
}): Promise<StatementEndorsement[]> {
  if (statementIds.length === 0) return [];
  return (await tx
    .selectFrom("statement_endorsements as e")
    .innerJoin("organisations as o", "o.id", "e.organisation_id")
    .select([
      "e.id",
      "e.statement_id",
      "e.organisation_id as group_id",
      "o.name as group_name",
      "o.slug as group_slug",
      "e.words",
      sql<string>`e.created_at::text`.as("created_at"),
    ])
    .where("e.statement_id", "in", [...statementIds])
    .orderBy("e.created_at")
    .orderBy("o.name")
    .execute()) as StatementEndorsement[];
}

export async function listEndorsements({ tx, statementId }: { tx: Tx; statementId: string }) {
  return listEndorsementsOf({ tx, statementIds: [statementId] });
}

/** The groups the person belongs to whose proposals (not withdrawn) answer the statement, with their endorsement. */
export async function endorsingGroups({
  tx,
  userId,
  statementId,
}: {
  tx: Tx;
  userId: string;
  statementId: string;
}) {
  const groups = await tx
    .selectFrom("statement_proposals as sp")
    .innerJoin("proposals as p", "p.id", "sp.proposal_id")
    .innerJoin("memberships as m", "m.organisation_id", "p.organisation_id")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .leftJoin("statement_endorsements as e", (join) =>
      join.onRef("e.organisation_id", "=", "o.id").onRef("e.statement_id", "=", "sp.statement_id"),
    )
    .select(["o.id", "o.name", "o.slug", "e.id as endorsement_id", "e.words"])
    .where("sp.statement_id", "=", statementId)
    .where("m.user_id", "=", userId)
    .where("p.status", "<>", "withdrawn")
    .groupBy(["o.id", "o.name", "o.slug", "e.id", "e.words"])
    .orderBy("o.name")
    .execute();
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    slug: group.slug,
    endorsement: group.endorsement_id ? { id: group.endorsement_id, words: group.words ?? "" } : null,
  }));
}

export type EndorseResult =
  { status: "endorsed" | "updated" } | { status: "not-found" } | { status: "refused" };

/** Endorses the statement for the group, or rewords the group's endorsement. */
export async function endorseStatement({
  tx,
  statementId,
  groupId,
  words,
  userId,
}: {
  tx: Tx;
  statementId: string;
  groupId: string;
  words: string;
  userId: string;
}): Promise<EndorseResult> {
  const statement = await tx
    .selectFrom("needs_statements")
    .select(["id", "consultation_id"])
    .where("id", "=", statementId)
    .executeTakeFirst();
  if (!statement) return { status: "not-found" };
  const done = await attempt(tx, async () => {
    const updated = await tx
      .updateTable("statement_endorsements")
      .set({ words, endorsed_by: userId, updated_at: sql`now()` })
      .where("statement_id", "=", statementId)
      .where("organisation_id", "=", groupId)
      .returning("id")
      .executeTakeFirst();
    if (updated) return "updated" as const;
    await tx
      .insertInto("statement_endorsements")
      .values({
        statement_id: statementId,
        consultation_id: statement.consultation_id,
        organisation_id: groupId,
        words,
        endorsed_by: userId,
      })
      .execute();
    return "endorsed" as const;
  });
  return done.ok ? { status: done.value } : { status: "refused" };
}

/** Withdraws the group's endorsement of the statement. */
export async function withdrawEndorsement({
  tx,
  statementId,
  groupId,
}: {
  tx: Tx;
  statementId: string;
  groupId: string;
}): Promise<{ status: "withdrawn" } | { status: "not-found" }> {
  const row = await tx
    .deleteFrom("statement_endorsements")
    .where("statement_id", "=", statementId)
    .where("organisation_id", "=", groupId)
    .returning("id")
    .executeTakeFirst();
  return row ? { status: "withdrawn" } : { status: "not-found" };
}
