-- The needs explorer is a commissioner's page, and a commissioner may read every need, group link and flag of
-- their consultation. Read through row-level security, a page of it paid for policies that can only say yes:
-- planning the 50 needs' details with the policies of needs, group links (which check groups and needs again)
-- and flags took 8 ms of the 17 ms PostgreSQL spent on a page at 100,000 needs, and walking the newest needs
-- "not in a group" ran those policies for every need passed (30 ms). So, as its count already is (migration
-- 20261207150000), the explorer's page is read by functions that first check the caller commissions the
-- consultation, then read without the policies; anyone else gets nothing from them and reads under row-level
-- security as before.

-- The explorer's filters as SQL over "public.needs n", only those given, with their values as $2 to $13 in
-- this order (the consultation is $1): one source for the count and the page, so both always agree.
create function private.explorer_need_conditions(
  of_status text,
  of_theme uuid,
  of_area uuid,
  least_seriousness smallint,
  of_source text,
  affecting text,
  with_photo boolean,
  in_a_group boolean,
  flagged boolean,
  of_statement uuid,
  created_from timestamptz,
  created_before timestamptz
) returns text
language sql immutable set search_path = '' as $$
  select 'n.consultation_id = $1'
    || case when of_status is null then '' else ' and n.status = $2' end
    || case when of_theme is null then '' else ' and n.theme_id = $3' end
    || case when of_area is null then '' else ' and n.area_id = $4' end
    || case when least_seriousness is null then '' else ' and n.seriousness >= $5' end
    || case when of_source is null then '' else ' and n.source = $6' end
    || case when affecting is null then '' else ' and n.affected_groups @> array[$7]::text[]' end
    || case when with_photo is null then '' else ' and n.has_photo = $8' end
    -- "in (select …)" rather than "exists": one hashed set of the few linked needs, probed per need.
    || case when in_a_group is null then ''
            else case when in_a_group then ' and' else ' and not' end
              || ' n.id in (select m.need_id from public.need_group_members m where m.consultation_id = $1)' end
    || case when flagged then ' and n.id in (select f.need_id from public.flags f'
              || ' where f.consultation_id = $1 and f.need_id is not null and f.resolved_at is null)'
            else '' end
    || case when of_statement is null then ''
            else ' and n.id in (select sn.need_id from public.statement_needs sn'
              || ' where sn.consultation_id = $1 and sn.statement_id = $11)' end
    || case when created_from is null then '' else ' and n.created_at >= $12' end
    || case when created_before is null then '' else ' and n.created_at < $13' end
$$;
comment on function private.explorer_need_conditions(text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                     boolean, uuid, timestamptz, timestamptz) is
  'The explorer''s filters given (not null) as conditions on public.needs n, reading their values from $2-$13 and the consultation from $1.';
revoke all on function private.explorer_need_conditions(text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                        boolean, uuid, timestamptz, timestamptz) from public;

create or replace function private.filtered_need_count(
  consultation uuid,
  of_status text default null,
  of_theme uuid default null,
  of_area uuid default null,
  least_seriousness smallint default null,
  of_source text default null,
  affecting text default null,
  with_photo boolean default null,
  in_a_group boolean default null,
  flagged boolean default null,
  of_statement uuid default null,
  created_from timestamptz default null,
  created_before timestamptz default null,
  at_most integer default null
) returns integer
language plpgsql stable security definer set search_path = '' as $$
declare
  total integer;
begin
  if not private.commissions_consultation(consultation) then
    return null;
  end if;
  -- With a bound, the scan stops at the (at_most + 1)th match: the caller shows "more than at_most".
  execute 'select count(*)::int from (select from public.needs n where '
      || private.explorer_need_conditions(of_status, of_theme, of_area, least_seriousness, of_source, affecting,
           with_photo, in_a_group, flagged, of_statement, created_from, created_before)
      || case when at_most is null then '' else ' limit $14 + 1' end || ') counted' into total
    using consultation, of_status, of_theme, of_area, least_seriousness, of_source, affecting, with_photo,
          in_a_group, flagged, of_statement, created_from, created_before, at_most;
  return total;
end
$$;

-- One page of the explorer without a search: the ids of the needs matching the filters in the order chosen,
-- from a walk that stops at the page.
create function private.explorer_need_ids(
  consultation uuid,
  of_status text,
  of_theme uuid,
  of_area uuid,
  least_seriousness smallint,
  of_source text,
  affecting text,
  with_photo boolean,
  in_a_group boolean,
  flagged boolean,
  of_statement uuid,
  created_from timestamptz,
  created_before timestamptz,
  sort text,
  skip integer,
  take integer
) returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.commissions_consultation(consultation) then
    return;
  end if;
  -- Ties fall back to the newest, then the id, so that pages never overlap.
  return query execute 'select n.id from public.needs n where '
      || private.explorer_need_conditions(of_status, of_theme, of_area, least_seriousness, of_source, affecting,
           with_photo, in_a_group, flagged, of_statement, created_from, created_before)
      || ' order by ' || case sort
           when 'oldest' then 'n.created_at asc, n.id asc'
           when 'supported' then 'n.support_count desc, n.created_at desc, n.id desc'
           when 'serious' then 'n.seriousness desc nulls last, n.created_at desc, n.id desc'
           else 'n.created_at desc, n.id desc' end
      || ' limit $15 offset $14'
    using consultation, of_status, of_theme, of_area, least_seriousness, of_source, affecting, with_photo,
          in_a_group, flagged, of_statement, created_from, created_before, skip, take;
end
$$;
comment on function private.explorer_need_ids(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                              boolean, uuid, timestamptz, timestamptz, text, integer, integer) is
  'One page of the needs of a consultation matching the explorer''s filters (null: any) in the order chosen (newest, oldest, supported, serious), for its commissioners; nothing for anyone else.';
revoke all on function private.explorer_need_ids(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                 boolean, uuid, timestamptz, timestamptz, text, integer, integer)
  from public;
grant execute on function private.explorer_need_ids(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                    boolean, uuid, timestamptz, timestamptz, text, integer, integer)
  to authenticated, service_role;

-- What the explorer shows of the needs of one page: their columns, theme and area, whether a group holds them
-- and how many open flags they have, for the consultation's commissioners; nothing for anyone else.
create function private.explorer_needs(consultation uuid, ids uuid[])
returns table (
  id uuid,
  reference text,
  title text,
  status text,
  seriousness smallint,
  support_count integer,
  has_photo boolean,
  source text,
  affected_groups text[],
  created_at timestamptz,
  theme_name text,
  area_name text,
  grouped boolean,
  open_flags integer
)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.commissions_consultation(consultation) then
    return;
  end if;
  return query
    select n.id, n.reference, n.title, n.status, n.seriousness, n.support_count, n.has_photo, n.source,
           n.affected_groups::text[], n.created_at, t.name, a.name,
           exists (select 1 from public.need_group_members m
                    where m.need_id = n.id and m.consultation_id = consultation),
           (select count(*)::int from public.flags f
             where f.need_id = n.id and f.consultation_id = consultation and f.resolved_at is null)
      from public.needs n
      left join public.consultation_themes t on t.id = n.theme_id
      left join public.consultation_areas a on a.id = n.area_id
     where n.consultation_id = consultation and n.id = any(ids);
end
$$;
comment on function private.explorer_needs(uuid, uuid[]) is
  'The explorer''s columns for the given needs of a consultation (in no order), for its commissioners; nothing for anyone else.';
revoke all on function private.explorer_needs(uuid, uuid[]) from public;
grant execute on function private.explorer_needs(uuid, uuid[]) to authenticated, service_role;
