-- At 1,000,000 needs even the index-only count of migration 20261207150000 reads every entry of the
-- consultation: 170-400 ms for a filter most needs match (no photo, not grouped, an affected group). A page
-- should cost what it shows, so the explorer now asks for the count up to a bound and says "more than" past it:
-- the scan stops at the bound's worth of matches. The filters the running tallies keep (status, theme, area,
-- seriousness, source) are still counted exactly, from the tallies.
drop function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                          boolean, uuid, timestamptz, timestamptz);

create function private.filtered_need_count(
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
  conditions text := 'n.consultation_id = $1';
  total integer;
begin
  if not private.commissions_consultation(consultation) then
    return null;
  end if;
  -- Only the filters given become conditions, so the planner sees each count as the plain query it is.
  if of_status is not null then conditions := conditions || ' and n.status = $2'; end if;
  if of_theme is not null then conditions := conditions || ' and n.theme_id = $3'; end if;
  if of_area is not null then conditions := conditions || ' and n.area_id = $4'; end if;
  if least_seriousness is not null then conditions := conditions || ' and n.seriousness >= $5'; end if;
  if of_source is not null then conditions := conditions || ' and n.source = $6'; end if;
  if affecting is not null then conditions := conditions || ' and n.affected_groups @> array[$7]::text[]'; end if;
  if with_photo is not null then conditions := conditions || ' and n.has_photo = $8'; end if;
  -- "in (select …)" rather than "exists": one hashed set of the few linked needs, probed per need.
  if in_a_group is not null then
    conditions := conditions || case when in_a_group then ' and' else ' and not' end
      || ' n.id in (select m.need_id from public.need_group_members m where m.consultation_id = $1)';
  end if;
  if flagged then
    conditions := conditions || ' and n.id in (select f.need_id from public.flags f'
      || ' where f.consultation_id = $1 and f.need_id is not null and f.resolved_at is null)';
  end if;
  if of_statement is not null then
    conditions := conditions || ' and n.id in (select sn.need_id from public.statement_needs sn'
      || ' where sn.consultation_id = $1 and sn.statement_id = $11)';
  end if;
  if created_from is not null then conditions := conditions || ' and n.created_at >= $12'; end if;
  if created_before is not null then conditions := conditions || ' and n.created_at < $13'; end if;
  -- With a bound, the scan stops at the (at_most + 1)th match: the caller shows "more than at_most".
  execute 'select count(*)::int from (select from public.needs n where ' || conditions
      || case when at_most is null then '' else ' limit $14 + 1' end || ') counted' into total
    using consultation, of_status, of_theme, of_area, least_seriousness, of_source, affecting, with_photo,
          in_a_group, flagged, of_statement, created_from, created_before, at_most;
  return total;
end
$$;
comment on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                boolean, uuid, timestamptz, timestamptz, integer) is
  'How many needs of a consultation match the explorer''s filters (null: any), counted up to at_most + 1 when given, for its commissioners, who may see every one of them; null for anyone else.';
revoke all on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                   boolean, uuid, timestamptz, timestamptz, integer) from public;
grant execute on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                      boolean, uuid, timestamptz, timestamptz, integer) to authenticated, service_role;
