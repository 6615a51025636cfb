-- One page of a search whose cost follows the page, not the consultation.
--
-- private.needs_matching returns every match, and its callers counted and sorted them all: at 1,000,000 needs a
-- common word matches hundreds of thousands, each read from the heap (its tsvector rechecked, its sort key read)
-- before the first row of the page could be chosen, so one search took seconds. This function reads at most
-- `cap` + 1 matches to count them. With no more than `cap`, it sorts those (exact count, any order, rank
-- included). With more, the count is reported as "more than cap", and the page is found by walking the index of
-- the order chosen, testing each need against the search until the page is full: the more needs match, the
-- sooner the walk ends. The walk's match test is written so that the full-text index cannot serve it: a plan
-- that read every match to sort them is exactly what this avoids, and the planner's estimate of how many needs
-- a search matches can be wrong by orders of magnitude. Pages go no further than `cap` matches; relevance,
-- which no index orders, ranks the newest `cap` matches.
--
-- Who may see what is as in private.needs_matching: every need for the consultation's commissioners (unless
-- `published_only`, as on the public page), otherwise the published needs of a consultation that is not a draft.
-- The statements are built here from fixed fragments only (the order from a fixed list); every value is a
-- parameter, and EXECUTE plans each with them, so a theme or area filter and each search's own word frequencies
-- shape the plan.
create function private.search_needs_page(
  consultation uuid,
  query tsquery,
  welsh_query tsquery,
  published_only boolean,
  theme uuid,
  area uuid,
  order_by text,
  ids_descending boolean,
  skip integer,
  take integer,
  cap integer
)
returns table (matched integer, ids uuid[])
language plpgsql stable security definer set search_path = '' as $$
declare
  visible text;
  filters text;
  ordering text;
  tie text := case when ids_descending and order_by <> 'oldest' then 'id desc' else 'id' end;
  -- Welsh needs are searched with the Welsh forms too (see 20261206113000).
  match_test text := '(case when n.language = ''cy'' then n.search @@ $3 else n.search @@ $2 end)';
  rank text := case when order_by = 'relevance'
    then 'ts_rank(n.search, case when n.language = ''cy'' then $3 else $2 end)' else 'null::real' end;
  found integer;
  page uuid[];
begin
  if cap < 1 or take < 1 or skip < 0 then
    raise exception 'search_needs_page: cap and take must be positive and skip not negative';
  end if;
  if private.commissions_consultation(consultation) then
    visible := case when published_only then ' and n.status = ''published''' else '' end;
  elsif exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    visible := ' and n.status = ''published''';
  else
    return query select 0, '{}'::uuid[];
    return;
  end if;
  ordering := case order_by
    when 'newest' then 'created_at desc, '
    when 'oldest' then 'created_at, '
    when 'supported' then 'support_count desc, created_at desc, '
    when 'serious' then 'seriousness desc nulls last, created_at desc, '
    when 'relevance' then 'rank desc, created_at desc, '
  end;
  if ordering is null then
    raise exception 'search_needs_page: unknown order %', order_by;
  end if;
  ordering := ordering || tie;
  filters := 'n.consultation_id = $1' || visible
    || case when theme is null then '' else ' and n.theme_id = $4' end
    || case when area is null then '' else ' and n.area_id = $5' end;

  -- How many match, up to one more than the cap: the full-text index finds them.
  execute format(
    'select count(*)::int from (select 1 from public.needs n where %s and (n.search @@ $2 or n.search @@ $3) and %s limit $6) m',
    filters, match_test)
    into found using consultation, query, welsh_query, theme, area, cap + 1;

  if found <= cap then
    execute format(
      'select coalesce(array_agg(p.id order by %s), ''{}'') from (
         select * from (
           select n.id, n.created_at, n.support_count, n.seriousness, %s as rank
             from public.needs n where %s and (n.search @@ $2 or n.search @@ $3) and %s) m
          order by %s offset $6 limit $7) p',
      ordering, rank, filters, match_test, ordering)
      into page using consultation, query, welsh_query, theme, area, skip, take;
    return query select found, page;
    return;
  end if;

  if skip >= cap then
    return query select found, '{}'::uuid[];
    return;
  end if;
  if order_by = 'relevance' then
    execute format(
      'select coalesce(array_agg(p.id order by %s), ''{}'') from (
         select * from (
           select n.id, n.created_at, n.support_count, n.seriousness, %s as rank
             from public.needs n where %s and %s
            order by created_at desc, %s limit $8) newest
          order by %s offset $6 limit $7) p',
      ordering, rank, filters, match_test, tie, ordering)
      into page using consultation, query, welsh_query, theme, area, skip, least(take, cap - skip), cap;
  else
    execute format(
      'select coalesce(array_agg(p.id order by %s), ''{}'') from (
         select n.id, n.created_at, n.support_count, n.seriousness
           from public.needs n where %s and %s
          order by %s offset $6 limit $7) p',
      ordering, filters, match_test, ordering)
      into page using consultation, query, welsh_query, theme, area, skip, least(take, cap - skip);
  end if;
  return query select found, page;
end
$$;
comment on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer, integer, integer) is
  'One page (skip, take) of the needs of a consultation matching a search that the caller may read, in the order '
  'named (newest, oldest, supported, serious, relevance; ties by id, descending when ids_descending), and how many '
  'match: exactly up to cap, else cap + 1 (more than cap). Past cap matches a page is empty. Reads at most cap + 1 '
  'matches plus the walk down the order''s index to fill the page.';
revoke all on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer, integer, integer) from public;
grant execute on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer, integer, integer)
  to anon, authenticated, service_role;
