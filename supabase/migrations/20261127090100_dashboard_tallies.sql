-- The commissioner's dashboard over a whole consultation (no filters) from running tallies instead of reading
-- every need: over 100,000 needs the live aggregate takes most of a second, a third of it counting distinct
-- people. Triggers keep the tallies in step with needs and supports in the same transaction, so they are
-- never stale; filtered dashboards still aggregate the needs themselves (app/models/dashboard.server.ts).
--
-- - need_tallies: needs and supports by status, theme, area, seriousness and source;
-- - need_day_tallies: the same by status and day (London time), for "needs over time" and the first and last;
-- - need_group_tallies: the same by status and affected group (a need counts once in each group it names);
-- - consultation_voices: per person, their needs and their supports on needs that are standing (received or
--   published): "people heard" counts people with either, "authors" people with a need. A need with no
--   recorded author (assisted, imported) stands for one person, as in the live count.
--
-- Where a category is not given the key is a stand-in (the nil uuid, seriousness 0), so the keys can be
-- primary keys. Every change is applied as one upsert per tally with its rows in key order, so two
-- transactions never wait on each other's rows in opposite orders.

create table private.need_tallies (
  consultation_id uuid not null,
  status text not null,
  theme_id uuid not null,
  area_id uuid not null,
  seriousness smallint not null,
  source text not null,
  needs integer not null,
  supports integer not null,
  primary key (consultation_id, status, theme_id, area_id, seriousness, source)
);
create table private.need_day_tallies (
  consultation_id uuid not null,
  status text not null,
  day timestamptz not null,
  needs integer not null,
  supports integer not null,
  primary key (consultation_id, status, day)
);
create table private.need_group_tallies (
  consultation_id uuid not null,
  status text not null,
  affected_group text not null,
  needs integer not null,
  supports integer not null,
  primary key (consultation_id, status, affected_group)
);
create table private.consultation_voices (
  consultation_id uuid not null,
  person_id uuid not null,
  authored integer not null,
  supported integer not null,
  primary key (consultation_id, person_id)
);
alter table private.need_tallies enable row level security;
alter table private.need_day_tallies enable row level security;
alter table private.need_group_tallies enable row level security;
alter table private.consultation_voices enable row level security;
comment on table private.need_tallies is 'Running counts of needs and supports by status, theme, area, seriousness and source (the dashboard).';
comment on table private.need_day_tallies is 'Running counts of needs and supports by status and day received, London time (the dashboard).';
comment on table private.need_group_tallies is 'Running counts of needs and supports by status and affected group (the dashboard).';
comment on column private.need_tallies.status is 'The needs'' status: received, published, hidden or withdrawn.';
comment on column private.need_tallies.source is 'How the needs came: web, assisted or import.';
comment on column private.need_day_tallies.status is 'The needs'' status: received, published, hidden or withdrawn.';
comment on column private.need_day_tallies.day is 'The day received, London time (its midnight).';
comment on column private.need_group_tallies.status is 'The needs'' status: received, published, hidden or withdrawn.';
comment on table private.consultation_voices is 'Per person: standing needs they posted and supports they gave on standing needs (the dashboard''s people heard).';

-- One need's contribution, with a sign: +1 as it is now, -1 as it was.
create type private.need_tally as (
  consultation_id uuid,
  status text,
  theme_id uuid,
  area_id uuid,
  seriousness smallint,
  source text,
  day timestamptz,
  affected_groups text[],
  person_id uuid,
  needs integer,
  supports integer
);

create function private.need_tally_of(n public.needs, sign integer) returns private.need_tally
language sql stable set search_path = '' as $$
  select row(n.consultation_id, n.status, coalesce(n.theme_id, '00000000-0000-0000-0000-000000000000'::uuid),
             coalesce(n.area_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(n.seriousness, 0::smallint),
             n.source, date_trunc('day', n.created_at, 'Europe/London'), n.affected_groups::text[],
             coalesce(n.author_id, n.id), sign, sign * n.support_count)::private.need_tally
$$;

create function private.apply_need_tallies(changes private.need_tally[]) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into private.need_tallies as t (consultation_id, status, theme_id, area_id, seriousness, source, needs, supports)
  select c.consultation_id, c.status, c.theme_id, c.area_id, c.seriousness, c.source, sum(c.needs), sum(c.supports)
    from unnest(changes) c
   group by 1, 2, 3, 4, 5, 6
  having sum(c.needs) <> 0 or sum(c.supports) <> 0
   order by 1, 2, 3, 4, 5, 6
  on conflict (consultation_id, status, theme_id, area_id, seriousness, source)
  do update set needs = t.needs + excluded.needs, supports = t.supports + excluded.supports;

  insert into private.need_day_tallies as t (consultation_id, status, day, needs, supports)
  select c.consultation_id, c.status, c.day, sum(c.needs), sum(c.supports)
    from unnest(changes) c
   group by 1, 2, 3
  having sum(c.needs) <> 0 or sum(c.supports) <> 0
   order by 1, 2, 3
  on conflict (consultation_id, status, day)
  do update set needs = t.needs + excluded.needs, supports = t.supports + excluded.supports;

  insert into private.need_group_tallies as t (consultation_id, status, affected_group, needs, supports)
  select c.consultation_id, c.status, g.affected_group, sum(c.needs), sum(c.supports)
    from unnest(changes) c cross join lateral unnest(c.affected_groups) as g(affected_group)
   group by 1, 2, 3
  having sum(c.needs) <> 0 or sum(c.supports) <> 0
   order by 1, 2, 3
  on conflict (consultation_id, status, affected_group)
  do update set needs = t.needs + excluded.needs, supports = t.supports + excluded.supports;

  insert into private.consultation_voices as v (consultation_id, person_id, authored, supported)
  select c.consultation_id, c.person_id, sum(c.needs), 0
    from unnest(changes) c
   where c.status in ('received', 'published')
   group by 1, 2
  having sum(c.needs) <> 0
   order by 1, 2
  on conflict (consultation_id, person_id) do update set authored = v.authored + excluded.authored;
end
$$;

-- A support counted (+1) or uncounted (-1) for its supporter, when its need is standing.
create type private.support_change as (consultation_id uuid, user_id uuid, need_id uuid, sign integer);

create function private.apply_support_changes(changes private.support_change[]) returns void
language sql security definer set search_path = '' as $$
  insert into private.consultation_voices as v (consultation_id, person_id, authored, supported)
  select c.consultation_id, c.user_id, 0, sum(c.sign)
    from unnest(changes) c
    join public.needs n on n.id = c.need_id and n.status in ('received', 'published')
   group by 1, 2
  having sum(c.sign) <> 0
   order by 1, 2
  on conflict (consultation_id, person_id) do update set supported = v.supported + excluded.supported;
$$;

-- Supporters of needs that started (+1) or stopped (-1) standing.
create function private.apply_standing_changes(need_ids uuid[], signs integer[]) returns void
language sql security definer set search_path = '' as $$
  insert into private.consultation_voices as v (consultation_id, person_id, authored, supported)
  select s.consultation_id, s.user_id, 0, sum(c.sign)
    from unnest(need_ids, signs) as c(need_id, sign)
    join public.supports s on s.need_id = c.need_id
   group by 1, 2
  having sum(c.sign) <> 0
   order by 1, 2
  on conflict (consultation_id, person_id) do update set supported = v.supported + excluded.supported;
$$;

create function private.tally_needs() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  added private.need_tally[];
  removed private.need_tally[];
  turned_ids uuid[];
  turned_signs integer[];
begin
  if tg_op in ('INSERT', 'UPDATE') then
    select array_agg(private.need_tally_of(n, 1)) into added from new_rows n;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    select array_agg(private.need_tally_of(o, -1)) into removed from old_rows o;
  end if;
  perform private.apply_need_tallies(coalesce(added, '{}') || coalesce(removed, '{}'));
  if tg_op = 'UPDATE' then
    -- Only needs that started or stopped standing change what their supporters count for.
    select array_agg(n.id), array_agg(case when n.status in ('received', 'published') then 1 else -1 end)
      into turned_ids, turned_signs
      from old_rows o join new_rows n on n.id = o.id
     where (o.status in ('received', 'published')) <> (n.status in ('received', 'published'));
    if turned_ids is not null then
      perform private.apply_standing_changes(turned_ids, turned_signs);
    end if;
  end if;
  return null;
end
$$;

-- A standing need about to be deleted: its supporters stop counting for it now, because its supports are
-- deleted after it, when the supports trigger can no longer see whether it was standing.
create function private.untally_deleted_need_supporters() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.status in ('received', 'published') then
    perform private.apply_standing_changes(array[old.id], array[-1]);
  end if;
  return old;
end
$$;

create function private.tally_supports() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  added private.support_change[];
  removed private.support_change[];
begin
  if tg_op in ('INSERT', 'UPDATE') then
    select array_agg(row(s.consultation_id, s.user_id, s.need_id, 1)::private.support_change) into added from new_rows s;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    select array_agg(row(s.consultation_id, s.user_id, s.need_id, -1)::private.support_change) into removed from old_rows s;
  end if;
  perform private.apply_support_changes(coalesce(added, '{}') || coalesce(removed, '{}'));
  return null;
end
$$;

create trigger needs_tally_insert after insert on public.needs
  referencing new table as new_rows for each statement execute function private.tally_needs();
create trigger needs_tally_update after update on public.needs
  referencing old table as old_rows new table as new_rows for each statement execute function private.tally_needs();
create trigger needs_tally_delete after delete on public.needs
  referencing old table as old_rows for each statement execute function private.tally_needs();
create trigger needs_untally_supporters before delete on public.needs
  for each row execute function private.untally_deleted_need_supporters();
create trigger supports_tally_insert after insert on public.supports
  referencing new table as new_rows for each statement execute function private.tally_supports();
create trigger supports_tally_update after update on public.supports
  referencing old table as old_rows new table as new_rows for each statement execute function private.tally_supports();
create trigger supports_tally_delete after delete on public.supports
  referencing old table as old_rows for each statement execute function private.tally_supports();

-- Builds every tally afresh from the needs and supports (this migration, and a check that they agree).
create function private.rebuild_dashboard_tallies() returns void
language plpgsql security definer set search_path = '' as $$
begin
  delete from private.need_tallies;
  delete from private.need_day_tallies;
  delete from private.need_group_tallies;
  delete from private.consultation_voices;
  perform private.apply_need_tallies(coalesce((select array_agg(private.need_tally_of(n, 1)) from public.needs n), '{}'));
  perform private.apply_support_changes(coalesce(
    (select array_agg(row(s.consultation_id, s.user_id, s.need_id, 1)::private.support_change) from public.supports s), '{}'));
end
$$;
revoke all on function private.need_tally_of(public.needs, integer) from public;
revoke all on function private.apply_need_tallies(private.need_tally[]) from public;
revoke all on function private.apply_support_changes(private.support_change[]) from public;
revoke all on function private.apply_standing_changes(uuid[], integer[]) from public;
revoke all on function private.tally_needs() from public;
revoke all on function private.untally_deleted_need_supporters() from public;
revoke all on function private.tally_supports() from public;
revoke all on function private.rebuild_dashboard_tallies() from public;
select private.rebuild_dashboard_tallies();

-- The dashboard of a whole consultation from the tallies, for its commissioners (null for anyone else).
-- Counts standing needs (received and published), as the live dashboard does without a status filter; the
-- shape is what app/models/dashboard.server.ts reads from the live aggregate.
create function private.dashboard_from_tallies(consultation uuid) returns json
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
    select min(day) as first, max(day) as last,
           case when max(day) - min(day) <= 62 then 'day' when max(day) - min(day) <= 730 then 'week' else 'month' end as unit
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
    select 'period', to_char(date_trunc((select coalesce(unit, 'day') from span), day::timestamp), 'YYYY-MM-DD'), sum(needs)::int, sum(supports)::int
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
           'unit', (select coalesce(unit, 'day') from span),
           'sets', (select json_agg(json_build_object('set', set, 'key', key, 'needs', needs, 'supports', supports)) from sets))
    into result;
  return result;
end
$$;
revoke all on function private.dashboard_from_tallies(uuid) from public;
grant execute on function private.dashboard_from_tallies(uuid) to authenticated, service_role;

-- The explorer's "N needs" from the tallies when its filters are ones they keep (status, theme, area, the
-- least seriousness, source; null: any), for the consultation's commissioners (null for anyone else).
create function private.tallied_need_count(consultation uuid, of_status text, of_theme uuid, of_area uuid,
                                           least_seriousness smallint, of_source text) returns integer
language sql stable security definer set search_path = '' as $$
  select case when private.commissions_consultation(consultation) then
    (select coalesce(sum(t.needs), 0)::int from private.need_tallies t
      where t.consultation_id = consultation
        and (of_status is null or t.status = of_status)
        and (of_theme is null or t.theme_id = of_theme)
        and (of_area is null or t.area_id = of_area)
        and (least_seriousness is null or t.seriousness >= least_seriousness)
        and (of_source is null or t.source = of_source))
  end
$$;
revoke all on function private.tallied_need_count(uuid, text, uuid, uuid, smallint, text) from public;
grant execute on function private.tallied_need_count(uuid, text, uuid, uuid, smallint, text) to authenticated, service_role;
