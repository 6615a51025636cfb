-- A search's matches with the keys the explorer sorts them by, so it counts and pages them in one pass.
--
-- The explorer counted a search's matches with private.need_ids_matching and then ran the search again to page
-- them, joining every match back to public.needs under row-level security only to read its sort key: over
-- 100,000 needs, a search matching 7,600 of them spent four times longer in that join than in the search. The
-- search already reads each matching row, so it returns the sort keys with the id (the rank only when asked:
-- it reads the whole tsvector). Who may see what is unchanged (see 20261206113000); the rows shown are still
-- read through row-level security.
drop function private.need_ids_matching(uuid, tsquery, tsquery);
create function private.needs_matching(consultation uuid, query tsquery, welsh_query tsquery, ranked boolean)
returns table (id uuid, created_at timestamptz, support_count integer, seriousness smallint, rank real)
language plpgsql stable security definer set search_path = '' rows 200 as $$
begin
  if private.commissions_consultation(consultation) then
    return query
      select n.id, n.created_at, n.support_count, n.seriousness,
             case when ranked then ts_rank(n.search, query) end
        from public.needs n
       where n.consultation_id = consultation and n.search @@ query
         and n.id not in (select w.id from public.needs w where w.consultation_id = consultation and w.language = 'cy')
      union all
      select n.id, n.created_at, n.support_count, n.seriousness,
             case when ranked then ts_rank(n.search, welsh_query) end
        from public.needs n
       where n.consultation_id = consultation and n.language = 'cy' and n.search @@ welsh_query;
  elsif exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    return query
      select n.id, n.created_at, n.support_count, n.seriousness,
             case when ranked then ts_rank(n.search, query) end
        from public.needs n
       where n.consultation_id = consultation and n.status = 'published' and n.search @@ query
         and n.id not in (select w.id from public.needs w where w.consultation_id = consultation and w.language = 'cy')
      union all
      select n.id, n.created_at, n.support_count, n.seriousness,
             case when ranked then ts_rank(n.search, welsh_query) end
        from public.needs n
       where n.consultation_id = consultation and n.status = 'published' and n.language = 'cy'
         and n.search @@ welsh_query;
  end if;
end
$$;
comment on function private.needs_matching(uuid, tsquery, tsquery, boolean) is
  'The needs of a consultation matching a search that the caller may read, with their creation time, supports, '
  'seriousness and (when ranked) search rank: all of them for its commissioners, otherwise the published needs '
  'of a consultation that is not a draft. welsh_query is for needs written in Welsh (language cy), query for '
  'the others.';
revoke all on function private.needs_matching(uuid, tsquery, tsquery, boolean) from public;
grant execute on function private.needs_matching(uuid, tsquery, tsquery, boolean) to anon, authenticated, service_role;
