-- The explorer's "N needs" came from the running tallies only for the filters they keep (status, theme, area,
-- seriousness, source). Any other filter (an affected group, a photo, grouped or not, flagged, a statement's
-- needs, dates) counted under row-level security, which reads every need of the consultation from the table and
-- tests the policy on each: 100-170 ms at 100,000 needs. A consultation's commissioners see every need of it
-- under the policy "signed-in people read the needs they may see", so for them the count needs no policy test
-- per row: this function checks once that the caller commissions the consultation (null for anyone else) and
-- counts from a narrow index holding every column a filter reads, without visiting the table.
create index needs_explorer_filters_idx on public.needs (consultation_id)
  include (id, status, theme_id, area_id, seriousness, source, has_photo, affected_groups, created_at);
comment on index public.needs_explorer_filters_idx is
  'Every column the explorer filters on, so private.filtered_need_count counts from the index alone.';

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
  created_before timestamptz default null
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
  execute 'select count(*)::int from public.needs n where ' || conditions into total
    using consultation, of_status, of_theme, of_area, least_seriousness, of_source, affecting, with_photo,
          in_a_group, flagged, of_statement, created_from, created_before;
  return total;
end
$$;
comment on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                boolean, uuid, timestamptz, timestamptz) is
  'How many needs of a consultation match the explorer''s filters (null: any), for its commissioners, who may see every one of them; null for anyone else.';
revoke all on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                   boolean, uuid, timestamptz, timestamptz) from public;
grant execute on function private.filtered_need_count(uuid, text, uuid, uuid, smallint, text, text, boolean, boolean,
                                                      boolean, uuid, timestamptz, timestamptz) to authenticated, service_role;
