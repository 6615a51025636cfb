import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { affectedGroups, type AffectedGroup, type NeedStatus } from "~/db/schema";
import { MISSING_SHARE } from "~/features/consultations/consultation-lifecycle";
import { givenFilters, type ExplorerFilters } from "~/features/needs/explorer-query";
import { needConditions } from "~/features/needs/workspace-needs.server";

/**
 * The dashboard's figures, every one an SQL aggregate over the same filtered set of needs, computed in one
 * statement: the filtered needs are read once (a materialised CTE), the counts by theme, area, seriousness
 * and period come from one pass (grouping sets), and distinct people are counted once, by hashing uuids.
 * The filters are the explorer's, so a chart and the list behind it always agree.
 *
 * "Who is missing" compares voices with population: a voice is a need posted or a "me too" given, so an
 * area or group is heard more when more of its residents speak or agree. (Distinct people per area and
 * group would need a distinct count per category over every author and supporter — several times the cost
 * of the whole dashboard over 100,000 needs — so distinct people are counted overall only.)
 *
 * Without a status filter the dashboard counts what residents said and is still standing: new (received)
 * and published needs. Hidden and withdrawn needs are counted only when that status is chosen.
 */

export interface CountRow {
  key: string;
  label: string;
  needs: number;
  supports: number;
}

export interface ReachRow {
  key: string;
  label: string;
  needs: number;
  supports: number;
  /** Needs posted and supports given. */
  voices: number;
  population: number | null;
  /** Voices per 1,000 of the population, when a population was given. */
  per1000: number | null;
  missing: boolean;
}

export interface Dashboard {
  summary: {
    needs: number;
    supports: number;
    people: number;
    authors: number;
    first: string | null;
    last: string | null;
  };
  /** Needs received each London day (and the supports they have), days with none left out; the page buckets
   * them over the consultation's period (dashboard-timeline.ts). */
  overTime: { unit: "day"; points: { period: string; needs: number; supports: number }[] };
  byTheme: (CountRow & { proposals: number })[];
  byArea: ReachRow[];
  byGroup: ReachRow[];
  seriousness: { key: string; label: string; needs: number }[];
  topNeeds: { reference: string; title: string; supports: number; status: NeedStatus }[];
  /** Voices per 1,000 across the areas (and groups) with a population: the yardstick for "missing". */
  overallPer1000: { areas: number | null; groups: number | null };
}

interface RawDashboard {
  summary: { needs: number; supports: number; first: string | null; last: string | null };
  people: number;
  authors: number;
  unit: "day";
  /** One row per group of each grouping set: exactly one of theme, area, seriousness, period is "the key". */
  sets:
    | {
        set: "theme" | "area" | "seriousness" | "period" | "groups";
        key: string | number | null;
        needs: number;
        supports: number;
      }[]
    | null;
  theme_proposals: { key: string | null; proposals: number }[] | null;
}

const seriousnessLabels: Record<string, string> = {
  "1": "1 – a little",
  "2": "2",
  "3": "3",
  "4": "4",
  "5": "5 – very",
  none: "Not given",
};

function reach(
  rows: { key: string; label: string; needs: number; supports: number; population: number | null }[],
) {
  const withVoices = rows.map((row) => ({ ...row, voices: row.needs + row.supports }));
  const counted = withVoices.filter((row) => row.population && row.population > 0);
  const population = counted.reduce((sum, row) => sum + row.population!, 0);
  const voices = counted.reduce((sum, row) => sum + row.voices, 0);
  const overall = population > 0 ? (voices / population) * 1000 : null;
  const withRates: ReachRow[] = withVoices.map((row) => {
    const per1000 = row.population && row.population > 0 ? (row.voices / row.population) * 1000 : null;
    return {
      ...row,
      per1000,
      missing: per1000 !== null && overall !== null && per1000 < overall * MISSING_SHARE,
    };
  });
  return { rows: withRates, overall };
}

/** Proposals linked to the consultation's standing needs, by the needs' theme. */
async function themeProposals(tx: Tx, consultationId: string) {
  const { rows } = await sql<{ key: string | null; proposals: number }>`
    select n.theme_id as key, count(distinct pn.proposal_id)::int as proposals
      from public.proposal_needs pn
      join public.needs n on n.id = pn.need_id
     where pn.consultation_id = ${consultationId} and n.consultation_id = ${consultationId}
       and n.status in ('received', 'published')
     group by n.theme_id`.execute(tx);
  return rows;
}

export async function getDashboard({
  tx,
  consultationId,
  filters,
  groupLabels,
}: {
  tx: Tx;
  consultationId: string;
  filters: ExplorerFilters;
  groupLabels: Record<AffectedGroup, string>;
}): Promise<Dashboard> {
  const needs = tx
    .selectFrom("needs as n")
    .where((eb) => eb.and(needConditions(eb, consultationId, filters)))
    .$if(!filters.status, (qb) => qb.where("n.status", "in", ["received", "published"]));
  // Only the columns the figures need, and a person for every need: its author, or the need itself when
  // nobody is recorded (assisted and imported needs each stand for one person).
  const narrow = needs.select([
    "n.id",
    "n.theme_id",
    "n.area_id",
    sql<string>`coalesce(n.author_id, n.id)`.as("author"),
    "n.affected_groups",
    "n.seriousness",
    "n.support_count",
    sql<Date>`n.created_at at time zone 'Europe/London'`.as("local_at"),
  ]);

  // No filter at all: the whole consultation's standing needs, which the running tallies answer (null for
  // anyone the tallies do not serve, who gets the aggregate below).
  const tallied =
    givenFilters(filters).length === 0
      ? (
          await sql<{
            raw: RawDashboard | null;
          }>`select private.dashboard_from_tallies(${consultationId}) as raw`.execute(tx)
        ).rows[0]?.raw
      : null;
  // Counting distinct people hashes a few hundred thousand uuids: give this statement the memory to do it
  // without spilling to disk (local to the transaction, so safe behind a pooler).
  if (!tallied) await sql`set local work_mem = '64MB'`.execute(tx);
  const [{ rows }, themes, areas, top, consultation] = [
    tallied
      ? { rows: [{ ...tallied, theme_proposals: await themeProposals(tx, consultationId) }] }
      : await sql<RawDashboard>`
      with f as materialized (${narrow}),
      span as (
        select count(*)::int as needs, coalesce(sum(support_count), 0)::int as supports,
               min(local_at) at time zone 'Europe/London' as first, max(local_at) at time zone 'Europe/London' as last
          from f
      ),
      -- Every count by one category in a single pass over the needs (and the distinct authors).
      sets as (
        select case grouping(theme_id, area_id, seriousness, period, author, affected_groups)
                 when 31 then 'theme' when 47 then 'area' when 55 then 'seriousness' when 59 then 'period'
                 when 61 then 'author' else 'groups' end as set,
               coalesce(theme_id::text, area_id::text, seriousness::text, to_char(period, 'YYYY-MM-DD'),
                        array_to_string(affected_groups, ',')) as key,
               count(*)::int as needs, coalesce(sum(support_count), 0)::int as supports
          from (select theme_id, area_id, seriousness, support_count, author, affected_groups,
                       date_trunc('day', local_at) as period
                  from f) x
         -- Groups by the whole list a need names (few distinct lists); each group's share is added up below.
         group by grouping sets ((theme_id), (area_id), (seriousness), (period), (author), (affected_groups))
      ),
      -- Everyone heard: each need's author and each supporter, counted once.
      people as (
        select author as person from f
        union
        select s.user_id from public.supports s join f on f.id = s.need_id where s.consultation_id = ${consultationId}
      )
      select
        (select json_build_object('needs', needs, 'supports', supports, 'first', first, 'last', last) from span) as summary,
        (select count(*)::int from people) as people,
        (select count(*)::int from sets where set = 'author') as authors,
        'day' as unit,
        (select json_agg(json_build_object('set', set, 'key', key, 'needs', needs, 'supports', supports)) from sets where set <> 'author') as sets,
        (select json_agg(json_build_object('key', theme_id, 'proposals', proposals))
           from (select f.theme_id, count(distinct pn.proposal_id)::int as proposals
                   from public.proposal_needs pn join f on f.id = pn.need_id
                  where pn.consultation_id = ${consultationId} group by f.theme_id) p) as theme_proposals
    `.execute(tx),
    await tx
      .selectFrom("consultation_themes")
      .select(["id", "name"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    await tx
      .selectFrom("consultation_areas")
      .select(["id", "name", "population"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    await needs
      .select(["n.reference", "n.title", "n.support_count as supports", "n.status"])
      .orderBy("n.support_count", "desc")
      .orderBy("n.created_at", "desc")
      .limit(10)
      .execute(),
    await tx
      .selectFrom("consultations")
      .select("affected_group_populations")
      .where("id", "=", consultationId)
      .executeTakeFirst(),
  ];
  const raw = rows[0]!;
  const counts = (set: string) =>
    new Map(
      (raw.sets ?? [])
        .filter((row) => row.set === set)
        .map((row) => [row.key === null ? "none" : String(row.key), row]),
    );
  const byThemeCounts = counts("theme");
  const byAreaCounts = counts("area");
  const proposals = new Map((raw.theme_proposals ?? []).map((row) => [row.key ?? "none", row.proposals]));
  const themeRows = [
    ...themes.map((theme) => ({ key: theme.id, label: theme.name })),
    ...(byThemeCounts.has("none") ? [{ key: "none", label: "No theme given" }] : []),
  ];
  const areaRows = [
    ...areas.map((area) => ({ key: area.id, label: area.name, population: area.population })),
    ...(byAreaCounts.has("none") ? [{ key: "none", label: "No area given", population: null }] : []),
  ];
  const periods = [...counts("period").values()]
    .filter((row) => row.key !== null)
    .sort((a, b) => String(a.key).localeCompare(String(b.key)))
    .map((row) => ({ period: String(row.key), needs: row.needs, supports: row.supports }));

  const reachOfAreas = reach(
    areaRows.map((row) => ({
      key: row.key,
      label: row.label,
      needs: byAreaCounts.get(row.key)?.needs ?? 0,
      supports: byAreaCounts.get(row.key)?.supports ?? 0,
      population: row.population,
    })),
  );
  const populations = (consultation?.affected_group_populations ?? {}) as Record<string, unknown>;
  const groupCounts = new Map<string, { needs: number; supports: number }>();
  for (const row of raw.sets ?? []) {
    if (row.set !== "groups" || !row.key) continue;
    for (const group of String(row.key).split(",")) {
      const counted = groupCounts.get(group) ?? { needs: 0, supports: 0 };
      groupCounts.set(group, { needs: counted.needs + row.needs, supports: counted.supports + row.supports });
    }
  }
  const groups = reach(
    affectedGroups.map((key) => ({
      key,
      label: groupLabels[key] ?? key,
      needs: groupCounts.get(key)?.needs ?? 0,
      supports: groupCounts.get(key)?.supports ?? 0,
      population: typeof populations[key] === "number" ? (populations[key] as number) : null,
    })),
  );
  const bySeriousness = counts("seriousness");
  return {
    summary: { ...raw.summary, people: raw.people, authors: raw.authors },
    overTime: { unit: raw.unit, points: periods },
    byTheme: themeRows.map((row) => ({
      ...row,
      needs: byThemeCounts.get(row.key)?.needs ?? 0,
      supports: byThemeCounts.get(row.key)?.supports ?? 0,
      proposals: proposals.get(row.key) ?? 0,
    })),
    byArea: reachOfAreas.rows,
    byGroup: groups.rows,
    seriousness: ["1", "2", "3", "4", "5", "none"]
      .filter((key) => key !== "none" || bySeriousness.has("none"))
      .map((key) => ({ key, label: seriousnessLabels[key]!, needs: bySeriousness.get(key)?.needs ?? 0 })),
    topNeeds: top,
    overallPer1000: { areas: reachOfAreas.overall, groups: groups.overall },
  };
}
