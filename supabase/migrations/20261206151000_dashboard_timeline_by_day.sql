-- The dashboard's timeline runs over the consultation's own period, bucketed by day or by week, with empty
-- days shown as zero and needs dated before it opened counted apart (app/features/consultations/
-- dashboard-timeline.ts does the bucketing). For that it needs the counts by London day, whatever the span of
-- the needs' dates: an imported need dated years earlier used to turn the whole timeline into months.
-- Same function as in 20261127090100_dashboard_tallies.sql, but 'period' is always a day and 'unit' is 'day'.

create or replace function private.dashboard_from_tallies(consultation uuid) returns json
language plpgsql stable security definer set search_path = '' as $$
declare
  result json;
begin
  if not private.commissions_consultation(consultation) then
    return null;
  end if;
  with a as (
    select * from private.need_tallies t
     where t.consultation_id = consultation and t.status in ('received', 'published') and (t.needs <> 0 or t.supports <> 0)
  ),
  d as (
    select (t.day at time zone 'Europe/London')::date as day, sum(t.needs)::int as needs, sum(t.supports)::int as supports
      from private.need_day_tallies t
     where t.consultation_id = consultation and t.status in ('received', 'published')
     group by t.day having sum(t.needs) <> 0
  ),
  span as (
    select min(day) as first, max(day) as last
      from d
  ),
  sets as (
    select 'theme' as set, nullif(theme_id, '00000000-0000-0000-0000-000000000000')::text as key,
           sum(needs)::int as needs, sum(supports)::int as supports
      from a group by theme_id having sum(needs) <> 0
    union all
    select 'area', nullif(area_id, '00000000-0000-0000-0000-000000000000')::text, sum(needs)::int, sum(supports)::int
      from a group by area_id having sum(needs) <> 0
    union all
    select 'seriousness', nullif(seriousness, 0)::text, sum(needs)::int, sum(supports)::int
      from a group by seriousness having sum(needs) <> 0
    union all
    select 'period', to_char(day, 'YYYY-MM-DD'), sum(needs)::int, sum(supports)::int
      from d group by 2
    union all
    select 'groups', g.affected_group, sum(g.needs)::int, sum(g.supports)::int
      from private.need_group_tallies g
     where g.consultation_id = consultation and g.status in ('received', 'published')
     group by g.affected_group having sum(g.needs) <> 0
  )
  select json_build_object(
           'summary', json_build_object(
             'needs', coalesce((select sum(needs) from a), 0)::int,
             'supports', coalesce((select sum(supports) from a), 0)::int,
             'first', (select first from span),
             'last', (select last from span)),
           'people', (select count(*)::int from private.consultation_voices v
                       where v.consultation_id = consultation and (v.authored > 0 or v.supported > 0)),
           'authors', (select count(*)::int from private.consultation_voices v
                        where v.consultation_id = consultation and v.authored > 0),
           'unit', 'day',
           'sets', (select json_agg(json_build_object('set', set, 'key', key, 'needs', needs, 'supports', supports)) from sets))
    into result;
  return result;
end
$$;
revoke all on function private.dashboard_from_tallies(uuid) from public;
grant execute on function private.dashboard_from_tallies(uuid) to authenticated, service_role;
