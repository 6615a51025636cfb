import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { affectedGroups, type AffectedGroup, type NeedStatus } from "~/db/schema";
import { MISSING_SHARE, type ExplorerFilters } from "~/lib/workspace-forms";
import { needConditions } from "./workspace-needs.server";

/**
 * The dashboard's figures, every one an SQL aggregate over the same filtered set of needs, computed in one
 * statement: the filtered needs are read once (a materialised CTE) and every chart groups that set. The
 * filters are the explorer's, so a chart and the list behind it always agree.
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
  /** Distinct people heard: authors and supporters. */
  people: number;
  population: number | null;
  /** People heard per 1,000 of the population, when a population was given. */
  per1000: number | null;
  missing: boolean;
}

export interface Dashboard {
  summary: { needs: number; supports: number; people: number; authors: number; first: string | null; last: string | null };
  overTime: { unit: "day" | "week" | "month"; points: { period: string; needs: number; supports: number }[] };
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
  unit: "day" | "week" | "month";
  over_time: { period: string; needs: number; supports: number }[] | null;
  themes: { key: string | null; label: string | null; needs: number; supports: number; proposals: number }[] | null;
  areas: { key: string | null; label: string | null; needs: number; people: number; population: number | null }[] | null;
  groups: { key: AffectedGroup; needs: number; people: number }[] | null;
  seriousness: { key: number | null; needs: number }[] | null;
  top: { reference: string; title: string; supports: number; status: NeedStatus }[] | null;
  populations: Record<string, number> | null;
}

const seriousnessLabels: Record<string, string> = {
  "1": "1 – a little",
  "2": "2",
  "3": "3",
  "4": "4",
  "5": "5 – very",
  none: "Not given",
};

function reach(rows: { key: string; label: string; needs: number; people: number; population: number | null }[]) {
  const counted = rows.filter((row) => row.population && row.population > 0);
  const population = counted.reduce((sum, row) => sum + row.population!, 0);
  const people = counted.reduce((sum, row) => sum + row.people, 0);
  const overall = population > 0 ? (people / population) * 1000 : null;
  const withRates: ReachRow[] = rows.map((row) => {
    const per1000 = row.population && row.population > 0 ? (row.people / row.population) * 1000 : null;
    return { ...row, per1000, missing: per1000 !== null && overall !== null && per1000 < overall * MISSING_SHARE };
  });
  return { rows: withRates, overall };
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
    .$if(!filters.status, (qb) => qb.where("n.status", "in", ["received", "published"]))
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.status",
      "n.theme_id",
      "n.area_id",
      "n.author_id",
      "n.affected_groups",
      "n.seriousness",
      "n.support_count",
      "n.created_at",
    ]);

  const { rows } = await sql<RawDashboard>`
    with f as materialized (${needs}),
    -- One row per voice: each need's author (a need entered for someone counts them once) and each supporter.
    voices as materialized (
      select f.id as need_id, f.area_id, f.affected_groups, coalesce(f.author_id::text, 'need:' || f.id::text) as person from f
      union all
      select f.id, f.area_id, f.affected_groups, s.user_id::text from public.supports s join f on f.id = s.need_id
    ),
    span as (
      select case
               when max(created_at) - min(created_at) <= interval '62 days' then 'day'
               when max(created_at) - min(created_at) <= interval '730 days' then 'week'
               else 'month' end as unit
        from f
    )
    select
      (select json_build_object('needs', count(*), 'supports', coalesce(sum(support_count), 0), 'first', min(created_at), 'last', max(created_at)) from f) as summary,
      (select count(distinct person) from voices)::int as people,
      (select count(distinct coalesce(author_id::text, 'need:' || id::text)) from f)::int as authors,
      (select coalesce(unit, 'day') from span) as unit,
      (select json_agg(json_build_object('period', to_char(period, 'YYYY-MM-DD'), 'needs', needs, 'supports', supports) order by period)
         from (select date_trunc((select coalesce(unit, 'day') from span), created_at at time zone 'Europe/London') as period,
                      count(*) as needs, sum(support_count) as supports
                 from f group by 1) t) as over_time,
      (select json_agg(json_build_object('key', key, 'label', label, 'needs', needs, 'supports', supports, 'proposals', proposals) order by position nulls last, label)
         from (select t.id::text as key, t.name as label, t.position, coalesce(x.needs, 0) as needs, coalesce(x.supports, 0) as supports,
                      coalesce(p.proposals, 0) as proposals
                 from public.consultation_themes t
                 left join (select theme_id, count(*) as needs, sum(support_count) as supports from f group by theme_id) x on x.theme_id = t.id
                 left join (select f.theme_id, count(distinct pn.proposal_id) as proposals
                              from public.proposal_needs pn join f on f.id = pn.need_id group by f.theme_id) p on p.theme_id = t.id
                where t.consultation_id = ${consultationId}
               union all
               select null, null, null, count(*), coalesce(sum(support_count), 0), 0 from f where theme_id is null having count(*) > 0) t) as themes,
      (select json_agg(json_build_object('key', key, 'label', label, 'needs', needs, 'people', people, 'population', population) order by position nulls last, label)
         from (select a.id::text as key, a.name as label, a.position, a.population, coalesce(x.needs, 0) as needs, coalesce(v.people, 0) as people
                 from public.consultation_areas a
                 left join (select area_id, count(*) as needs from f group by area_id) x on x.area_id = a.id
                 left join (select area_id, count(distinct person) as people from voices group by area_id) v on v.area_id = a.id
                where a.consultation_id = ${consultationId}
               union all
               select null, null, null, null, count(*), (select count(distinct person) from voices where area_id is null)
                 from f where area_id is null having count(*) > 0) a) as areas,
      (select json_agg(json_build_object('key', g.key, 'needs', coalesce(x.needs, 0), 'people', coalesce(v.people, 0)))
         from unnest(${sql.val([...affectedGroups])}::text[]) as g(key)
         left join (select grp, count(*) as needs from f, unnest(f.affected_groups) grp group by grp) x on x.grp = g.key
         left join (select grp, count(distinct person) as people from voices, unnest(voices.affected_groups) grp group by grp) v on v.grp = g.key) as groups,
      (select json_agg(json_build_object('key', seriousness, 'needs', needs) order by seriousness nulls last)
         from (select seriousness, count(*) as needs from f group by seriousness) s) as seriousness,
      (select json_agg(json_build_object('reference', reference, 'title', title, 'supports', support_count, 'status', status))
         from (select reference, title, support_count, status from f order by support_count desc, created_at desc limit 10) t) as top,
      (select affected_group_populations from public.consultations where id = ${consultationId}) as populations
  `.execute(tx);
  const raw = rows[0]!;

  const areas = reach(
    (raw.areas ?? []).map((row) => ({
      key: row.key ?? "none",
      label: row.label ?? "No area given",
      needs: row.needs,
      people: row.people,
      population: row.population,
    })),
  );
  const populations = raw.populations ?? {};
  const groups = reach(
    (raw.groups ?? []).map((row) => ({
      key: row.key,
      label: groupLabels[row.key] ?? row.key,
      needs: row.needs,
      people: row.people,
      population: typeof populations[row.key] === "number" ? populations[row.key]! : null,
    })),
  );
  const bySeriousness = new Map((raw.seriousness ?? []).map((row) => [row.key === null ? "none" : String(row.key), row.needs]));
  return {
    summary: { ...raw.summary, people: raw.people, authors: raw.authors },
    overTime: { unit: raw.unit, points: raw.over_time ?? [] },
    byTheme: (raw.themes ?? []).map((row) => ({
      key: row.key ?? "none",
      label: row.label ?? "No theme given",
      needs: row.needs,
      supports: row.supports,
      proposals: row.proposals,
    })),
    byArea: areas.rows,
    byGroup: groups.rows,
    seriousness: ["1", "2", "3", "4", "5", "none"]
      .filter((key) => key !== "none" || bySeriousness.has("none"))
      .map((key) => ({ key, label: seriousnessLabels[key]!, needs: bySeriousness.get(key) ?? 0 })),
    topNeeds: raw.top ?? [],
    overallPer1000: { areas: areas.overall, groups: groups.overall },
  };
}
