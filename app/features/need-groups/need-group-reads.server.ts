// Reading need groups in the commissioners' workspace: the groups page (working groups — accepted, hand-made
// and the latest grouping run's suggestions — with their size and representative needs, the rejected ones and
// the ungrouped count), the working groups offered as choices, and one group with its needs. Every function
// runs in the commissioner's own transaction (row-level security) and scopes by consultation.
import { sql, type ExpressionBuilder } from "kysely";
import type { Tx } from "~/db/database.server";
import type { Database } from "~/db/schema";
import { isUuid } from "~/lib/params";

const REPRESENTATIVES_SHOWN = 3;

/** The newest run that finished: its suggestions are the ones waiting for a decision. */
async function latestDoneRunId(tx: Tx, consultationId: string): Promise<string | null> {
  const run = await tx
    .selectFrom("grouping_runs")
    .select("id")
    .where("consultation_id", "=", consultationId)
    .where("status", "=", "done")
    .orderBy("finished_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return run?.id ?? null;
}

/**
 * The groups a commissioner works with: accepted and hand-made ones, and the latest run's suggestions not yet
 * judged. Suggestions of earlier runs are history (their run's page shows them).
 */
function isWorkingGroup(latestRunId: string | null) {
  return (eb: ExpressionBuilder<Database & { g: Database["need_groups"] }, "g">) =>
    eb.or([
      eb("g.status", "in", ["accepted", "manual"]),
      eb.and([
        eb("g.status", "=", "suggested"),
        eb("g.run_id", "=", latestRunId ?? "00000000-0000-0000-0000-000000000000"),
      ]),
    ]);
}

/** The groups page: working groups with their size and representative needs, rejected ones, ungrouped count. */
export async function listNeedGroups({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const latestRunId = await latestDoneRunId(tx, consultationId);
  const working = isWorkingGroup(latestRunId);
  const groups = await tx
    .selectFrom("need_groups as g")
    .leftJoin("profiles as p", "p.id", "g.status_changed_by")
    .select([
      "g.id",
      "g.label",
      "g.terms",
      "g.status",
      "g.run_id",
      "g.created_at",
      "g.status_changed_at",
      "p.display_name as status_changed_by_name",
      (eb) =>
        eb
          .selectFrom("need_group_members as m")
          .select(eb.fn.countAll<string>().as("n"))
          .whereRef("m.group_id", "=", "g.id")
          .as("size"),
      (eb) => working(eb as never).as("working"),
    ])
    .where("g.consultation_id", "=", consultationId)
    .where((eb) => eb.or([working(eb), eb("g.status", "=", "rejected")]))
    .orderBy(
      sql`case g.status when 'suggested' then 1 when 'accepted' then 0 when 'manual' then 0 else 2 end`,
    )
    .orderBy(sql`(select count(*) from public.need_group_members m where m.group_id = g.id)`, "desc")
    .orderBy("g.label")
    .execute();
  const shownIds = groups.map((group) => group.id);
  const representatives =
    shownIds.length === 0
      ? []
      : await tx
          .selectFrom((eb) =>
            eb
              .selectFrom("need_group_members as m")
              .innerJoin("needs as n", "n.id", "m.need_id")
              .select([
                "m.group_id",
                "n.reference",
                "n.title",
                "n.support_count",
                sql<number>`row_number() over (partition by m.group_id order by m.representative desc, n.support_count desc, n.created_at)`.as(
                  "rank",
                ),
              ])
              .where("m.consultation_id", "=", consultationId)
              .where("m.group_id", "in", shownIds)
              .as("r"),
          )
          .selectAll()
          .where("r.rank", "<=", REPRESENTATIVES_SHOWN)
          .orderBy("r.rank")
          .execute();
  const { published, ungrouped } = await tx
    .selectFrom("needs as n")
    .select([
      (eb) => eb.fn.countAll<string>().as("published"),
      (eb) =>
        eb.fn
          .countAll<string>()
          .filterWhere(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("need_group_members as m")
                  .innerJoin("need_groups as g", "g.id", "m.group_id")
                  .select(sql`1`.as("one"))
                  .whereRef("m.need_id", "=", "n.id")
                  .where(working),
              ),
            ),
          )
          .as("ungrouped"),
    ])
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published")
    .executeTakeFirstOrThrow();
  const shaped = groups.map(({ working: isWorking, size, ...group }) => ({
    ...group,
    working: Boolean(isWorking),
    size: Number(size),
    representatives: representatives
      .filter((need) => need.group_id === group.id)
      .map(({ reference, title, support_count }) => ({ reference, title, support_count })),
  }));
  return {
    latestRunId,
    groups: shaped.filter((group) => group.working),
    rejected: shaped.filter((group) => !group.working),
    published: Number(published),
    ungrouped: Number(ungrouped),
  };
}

/** The working groups, for "move to" and "add to group" choices. */
export async function listNeedGroupChoices({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const latestRunId = await latestDoneRunId(tx, consultationId);
  return tx
    .selectFrom("need_groups as g")
    .select(["g.id", "g.label", "g.status"])
    .where("g.consultation_id", "=", consultationId)
    .where(isWorkingGroup(latestRunId))
    .orderBy("g.label")
    .execute();
}

/** One group of the consultation with its needs, or a 404 (another consultation's group, or none). */
export async function getNeedGroup({
  tx,
  consultationId,
  groupId,
}: {
  tx: Tx;
  consultationId: string;
  groupId: string;
}) {
  if (!isUuid(groupId)) return null;
  const group = await tx
    .selectFrom("need_groups as g")
    .leftJoin("profiles as p", "p.id", "g.status_changed_by")
    .leftJoin("profiles as c", "c.id", "g.created_by")
    .select([
      "g.id",
      "g.label",
      "g.terms",
      "g.status",
      "g.run_id",
      "g.created_at",
      "g.updated_at",
      "g.status_changed_at",
      "p.display_name as status_changed_by_name",
      "c.display_name as created_by_name",
    ])
    .where("g.consultation_id", "=", consultationId)
    .where("g.id", "=", groupId)
    .executeTakeFirst();
  if (!group) return null;
  const needs = await tx
    .selectFrom("need_group_members as m")
    .innerJoin("needs as n", "n.id", "m.need_id")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.status",
      "n.support_count",
      "t.name as theme_name",
      "a.name as area_name",
      "m.origin",
      "m.representative",
      "m.added_at",
    ])
    .where("m.consultation_id", "=", consultationId)
    .where("m.group_id", "=", groupId)
    .orderBy("m.representative", "desc")
    .orderBy("n.support_count", "desc")
    .orderBy("n.created_at")
    .execute();
  return { ...group, needs };
}

export type NeedGroupRecord = Awaited<ReturnType<typeof getNeedGroup>>;
