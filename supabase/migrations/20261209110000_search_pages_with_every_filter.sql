-- A search with any of the explorer's filters, and the API's search paged by its cursor, cost what the page shows.
--
-- private.search_needs_page (migration 20261208110000) bounded a search alone or with a theme or area. With any
-- other filter (status, seriousness, source, an affected group, a photo, grouped or not, flagged, a statement's
-- needs, dates) the explorer read every match through row-level security to count and sort them, and the API's
-- `?q=`, paged by a cursor on (created_at, id), read every match to order them before its first row. This
-- replaces the function with one that takes every filter either asks for, and a keyset position: the needs after
-- it in the newest-first order, as the API's cursor promises. It reads at most `cap` + 1 matches and the walk down
-- the order's index, as before; a keyset page lies among the newest `cap` matches, which the walk finds when more
-- than `cap` match, so paging by cursor ends where paging by `skip` does and never repeats or skips a need.
--
-- The filters are written as private.filtered_need_count writes them (migration 20261208130000), so the
-- explorer's count, its pages and its search agree on what a filter means. Groups, flags and statements are the
-- commissioners' own working data: only they may filter by them, as only they may read them.
drop function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer,
                                        integer, integer);

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
  cap integer,
  of_status text default null,
  least_seriousness smallint default null,
  of_source text default null,
  affecting text default null,
  with_photo boolean default null,
  in_a_group boolean default null,
  flagged boolean default null,
  of_statement uuid default null,
  created_from timestamptz default null,
  created_before timestamptz default null,
  published_from timestamptz default null,
  after_created_at timestamptz default null,
  after_id uuid default null
)
returns table (matched integer, ids uuid[])
language plpgsql stable security definer set search_path = '' as $$
declare
  commissioner boolean := private.commissions_consultation(consultation);
  visible text;
  filters text;
  ordering text;
  tie text := case when ids_descending and order_by <> 'oldest' then 'id desc' else 'id' end;
  -- Welsh needs are searched with the Welsh forms too (see 20261206113000).
  match_test text := '(case when n.language = ''cy'' then n.search @@ $3 else n.search @@ $2 end)';
  rank text := case when order_by = 'relevance'
    then 'ts_rank(n.search, case when n.language = ''cy'' then $3 else $2 end)' else 'null::real' end;
  -- The keyset position (parameters $18, $19): only needs after it in the newest-first order.
  after_keyset text := case when after_created_at is null then 'true'
    else '(created_at, id) < ($18, $19)' end;
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
  if (after_created_at is null) <> (after_id is null)
     or (after_created_at is not null and (order_by <> 'newest' or not ids_descending)) then
    raise exception 'search_needs_page: a keyset position needs both its parts and the newest-first order';
  end if;
  if commissioner then
    visible := case when published_only then ' and n.status = ''published''' else '' end;
  elsif exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    visible := ' and n.status = ''published''';
  else
    return query select 0, '{}'::uuid[];
    return;
  end if;
  if not commissioner and (in_a_group is not null or coalesce(flagged, false) or of_statement is not null) then
    raise exception 'search_needs_page: only a consultation''s commissioners filter by groups, flags or statements';
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
  -- Only the filters given become conditions, so the planner sees each statement as the plain query it is.
  filters := 'n.consultation_id = $1' || visible
    || case when theme is null then '' else ' and n.theme_id = $4' end
    || case when area is null then '' else ' and n.area_id = $5' end
    || case when of_status is null then '' else ' and n.status = $9' end
    || case when least_seriousness is null then '' else ' and n.seriousness >= $10' end
    || case when of_source is null then '' else ' and n.source = $11' end
    || case when affecting is null then '' else ' and n.affected_groups @> array[$12]::text[]' end
    || case when with_photo is null then '' else ' and n.has_photo = $13' end
    -- "in (select …)": one hashed set of the few linked needs, probed per need.
    || case when in_a_group is null then ''
         else case when in_a_group then ' and' else ' and not' end
           || ' n.id in (select m.need_id from public.need_group_members m where m.consultation_id = $1)' end
    || case when flagged then ' and n.id in (select f.need_id from public.flags f'
           || ' where f.consultation_id = $1 and f.need_id is not null and f.resolved_at is null)' else '' end
    || case when of_statement is null then '' else ' and n.id in (select sn.need_id from public.statement_needs sn'
           || ' where sn.consultation_id = $1 and sn.statement_id = $14)' end
    || case when created_from is null then '' else ' and n.created_at >= $15' end
    || case when created_before is null then '' else ' and n.created_at < $16' end
    || case when published_from is null then '' else ' and n.published_at >= $17' end;

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
      (select coalesce(array_agg(p.id order by %1$s), ''{}'')
         from (select * from m where %3$s order by %1$s offset $7 limit $8) p)';
  execute format(sorted_matches, ordering, matches, after_keyset)
    into found, page
    using consultation, query, welsh_query, theme, area, cap + 1, skip, take, of_status, least_seriousness,
          of_source, affecting, with_photo, of_statement, created_from, created_before, published_from,
          after_created_at, after_id;
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
  -- whatever the planner guesses of the search. Relevance, which no index orders, walks for the newest cap matches;
  -- so does a keyset page, which may lie anywhere among them.
  walk_order := case when order_by = 'relevance' then 'created_at desc, ' || tie else ordering end;
  wanted := case when order_by = 'relevance' or after_created_at is not null then cap
    else skip + least(take, cap - skip) end;
  walk := format(
    'select coalesce(array_agg(p.id order by %1$s), ''{}''), count(*)::int from (
       select n.id, n.created_at, n.support_count, n.seriousness from (
         select n.id, n.created_at, n.support_count, n.seriousness, n.language, n.search
           from public.needs n where %2$s order by %1$s limit $7) n
        where %3$s order by %1$s limit $6) p',
    walk_order, filters, match_test);
  execute walk into page, walked
    using consultation, query, welsh_query, theme, area, wanted, walk_budget, null::integer, of_status,
          least_seriousness, of_source, affecting, with_photo, of_statement, created_from, created_before,
          published_from, after_created_at, after_id;
  -- Too few near the top (a word common long ago, or two words seldom together): the matches found say how far the
  -- walk must go for the rest. A short way, it goes on. A long way, the matches are read through the full-text
  -- indexes and sorted instead, if there are no more of them than needs to walk past (a search matching just over
  -- the cap, say); only when there are, does the walk go on.
  if walked < wanted then
    expected_walk := case when walked = 0 then sort_cap
      else least(sort_cap, walk_budget::bigint * wanted / walked)::integer end;
    counted := null;
    if expected_walk > short_walk then
      execute format(sorted_matches, walk_order, unranked_matches, 'true')
        into counted, page
        using consultation, query, welsh_query, theme, area, expected_walk + 1, 0, wanted, of_status,
              least_seriousness, of_source, affecting, with_photo, of_statement, created_from, created_before,
              published_from, after_created_at, after_id;
    end if;
    if counted is null or counted > expected_walk then
      execute walk into page, walked
        using consultation, query, welsh_query, theme, area, wanted, null::integer, null::integer, of_status,
              least_seriousness, of_source, affecting, with_photo, of_statement, created_from, created_before,
              published_from, after_created_at, after_id;
    end if;
  end if;
  if order_by = 'relevance' or after_created_at is not null then
    -- The newest cap matches: ranked, or those after the keyset position.
    execute format(
      'select coalesce(array_agg(p.id order by %1$s), ''{}'') from (
         select n.id, n.created_at, %2$s as rank from public.needs n where n.id = any($8) and %3$s
          order by %1$s offset $6 limit $7) p',
      ordering, rank, after_keyset)
      into page
      using consultation, query, welsh_query, theme, area, skip, take, page, of_status, least_seriousness,
            of_source, affecting, with_photo, of_statement, created_from, created_before, published_from,
            after_created_at, after_id;
  else
    page := page[skip + 1 : skip + take];
  end if;
  return query select found, page;
end
$$;
comment on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer,
                                              integer, integer, text, smallint, text, text, boolean, boolean,
                                              boolean, uuid, timestamptz, timestamptz, timestamptz, timestamptz,
                                              uuid) is
  'One page (skip, take; after the keyset position (after_created_at, after_id) when given, newest first) of the '
  'needs of a consultation matching a search and the explorer''s or the API''s filters (null: any) that the caller '
  'may read, in the order named (newest, oldest, supported, serious, relevance; ties by id, descending when '
  'ids_descending), and how many match: exactly up to cap, else cap + 1 (more than cap). Pages go no further than '
  'cap matches. Reads at most cap + 1 matches plus the walk down the order''s index to fill the page.';
revoke all on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean, integer,
                                                 integer, integer, text, smallint, text, text, boolean, boolean,
                                                 boolean, uuid, timestamptz, timestamptz, timestamptz, timestamptz,
                                                 uuid) from public;
grant execute on function private.search_needs_page(uuid, tsquery, tsquery, boolean, uuid, uuid, text, boolean,
                                                    integer, integer, integer, text, smallint, text, text, boolean,
                                                    boolean, boolean, uuid, timestamptz, timestamptz, timestamptz,
                                                    timestamptz, uuid)
  to anon, authenticated, service_role;
