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
  matches text;
  unranked_matches text;
  found integer;
  wanted integer;
  walked integer;
  walk text;
  sorted_matches text;
  walk_order text;
  -- How far down the order's index a page is first looked for: about as long as reading the cap's worth of
  -- matches through the full-text index.
  walk_budget integer := 5 * cap;
  -- A walk expected to end within this many needs goes on rather than reading every match.
  short_walk integer := 10 * cap;
  expected_walk integer;
  counted integer;
  -- The most matches read through the full-text index to sort them when the walk finds none.
  sort_cap integer := 50 * cap;
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

  -- Every match with its sort keys, found through the full-text indexes: needs written in Welsh through their own
  -- small index with the Welsh forms, the others with the English forms only (a query for both would read the
  -- index twice over).
  matches := '(select n.id, n.created_at, n.support_count, n.seriousness, %1$s as rank from public.needs n
       where %3$s and n.language is distinct from ''cy'' and n.search @@ $2
      union all
      select n.id, n.created_at, n.support_count, n.seriousness, %2$s as rank from public.needs n
       where %3$s and n.language = ''cy'' and n.search @@ $3)';
  -- Ranked only where the page is sorted by rank among them.
  unranked_matches := format(matches, 'null::real', 'null::real', filters);
  matches := case when order_by = 'relevance'
    then format(matches, 'ts_rank(n.search, $2)', 'ts_rank(n.search, $3)', filters) else unranked_matches end;

  -- How many match, up to one more than the cap, and the page among them if they are no more: one read of the
  -- full-text indexes (intersecting the posting lists of common words is most of a search's cost).
  sorted_matches := 'with m as materialized (select * from %2$s m limit $6)
    select (select count(*)::int from m),
      (select coalesce(array_agg(p.id order by %1$s), ''{}'') from (select * from m order by %1$s offset $7 limit $8) p)';
  execute format(sorted_matches, ordering, matches)
    into found, page using consultation, query, welsh_query, theme, area, cap + 1, skip, take;
  if found <= cap then
    return query select found, page;
    return;
  end if;

  if skip >= cap then
    return query select found, '{}'::uuid[];
    return;
  end if;
  -- Many match: the page is found by walking the order's index from the top, testing each need against the search,
  -- until the matches up to the page's end are found. The test cannot use the full-text index, so this is the plan
  -- whatever the planner guesses of the search. Relevance, which no index orders, walks for the newest cap matches.
  walk_order := case when order_by = 'relevance' then 'created_at desc, ' || tie else ordering end;
  wanted := case when order_by = 'relevance' then cap else skip + least(take, cap - skip) end;
  walk := format(
    'select coalesce(array_agg(p.id order by %1$s), ''{}''), count(*)::int from (
       select n.id, n.created_at, n.support_count, n.seriousness from (
         select n.id, n.created_at, n.support_count, n.seriousness, n.language, n.search
           from public.needs n where %2$s order by %1$s limit $7) n
        where %3$s order by %1$s limit $6) p',
    walk_order, filters, match_test);
  execute walk into page, walked using consultation, query, welsh_query, theme, area, wanted, walk_budget;
  -- Too few near the top (a word common long ago, or two words seldom together): the matches found say how far the
  -- walk must go for the rest. A short way, it goes on. A long way, the matches are read through the full-text
  -- indexes and sorted instead, if there are no more of them than needs to walk past (a search matching just over
  -- the cap, say); only when there are, does the walk go on.
  if walked < wanted then
    expected_walk := case when walked = 0 then sort_cap
      else least(sort_cap, walk_budget::bigint * wanted / walked)::integer end;
    counted := null;
    if expected_walk > short_walk then
      execute format(sorted_matches, walk_order, unranked_matches)
        into counted, page using consultation, query, welsh_query, theme, area, expected_walk + 1, 0, wanted;
    end if;
    if counted is null or counted > expected_walk then
      execute walk into page, walked using consultation, query, welsh_query, theme, area, wanted, null::integer;
    end if;
  end if;
  if order_by = 'relevance' then
    -- The newest cap matches, ranked.
    execute format(
      'select coalesce(array_agg(p.id order by %1$s), ''{}'') from (
         select n.id, n.created_at, %2$s as rank from public.needs n where n.id = any($8)
          order by %1$s offset $6 limit $7) p',
      ordering, rank)
      into page using consultation, query, welsh_query, theme, area, skip, take, page;
  else
    page := page[skip + 1 : skip + take];
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
