-- Search that finds word forms: "bus" finds "buses", "child" finds "children", "bws" finds "fysiau".
--
-- needs.search stays as it is (English configuration for every need: PostgreSQL has no Welsh one) and so do its
-- indexes. The app expands each word typed into its forms (app/lib/word-forms.ts) and builds two queries: one
-- with English forms for needs in English or of unknown language, one with English and Welsh forms (mutations,
-- plurals) for needs written in Welsh, whose forms would find unrelated English words ("food" → "mood").

-- The forms of one word as a tsquery: any of them, each stemmed as needs.search is. A stop word is left out, as
-- websearch_to_tsquery leaves it out (the empty query it returns is dropped by && and ||). The lexemes of a
-- tsvector are distinct and already stemmed; each is quoted as tsquery's own output quotes it (a backslash and a
-- quote doubled), so the text read back as a tsquery holds those lexemes and nothing else. This is three times
-- faster than combining one plainto_tsquery per lexeme with ||.
create function private.word_forms_query(word text, forms text[])
returns tsquery
language sql immutable parallel safe set search_path = '' as $$
  select case
    when length(to_tsvector('english', word)) = 0 then plainto_tsquery('english', word)
    else array_to_string(array(
           select '''' || replace(replace(l.lexeme, E'\\', E'\\\\'), '''', '''''') || ''''
             from unnest(to_tsvector('english', array_to_string(forms || word, ' '))) as l), ' | ')::tsquery
  end
$$;
comment on function private.word_forms_query(text, text[]) is
  'A word typed in a search and its forms (plurals, Welsh mutations) as one tsquery matching any of them in a '
  'tsvector built with the english configuration; the empty query for a stop word.';
grant execute on function private.word_forms_query(text, text[]) to anon, authenticated, service_role;

-- The search itself: as before (see 20261126150100), with a query for needs written in Welsh beside the query
-- for the others. Telling them apart by reading needs.language costs as much again as the search (it is the
-- last column of a wide row), so the others are every match but the Welsh needs, found by a small index.
create index needs_welsh_search_idx on public.needs using gin (consultation_id, search) where language = 'cy';

drop function private.need_ids_matching(uuid, text);
create function private.need_ids_matching(consultation uuid, query tsquery, welsh_query tsquery)
returns setof uuid
language plpgsql stable security definer set search_path = '' rows 200 as $$
begin
  if private.commissions_consultation(consultation) then
    return query
      select n.id from public.needs n
       where n.consultation_id = consultation and n.search @@ query
         and n.id not in (select w.id from public.needs w where w.consultation_id = consultation and w.language = 'cy')
      union all
      select n.id from public.needs n
       where n.consultation_id = consultation and n.language = 'cy' and n.search @@ welsh_query;
  elsif exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    return query
      select n.id from public.needs n
       where n.consultation_id = consultation and n.status = 'published' and n.search @@ query
         and n.id not in (select w.id from public.needs w where w.consultation_id = consultation and w.language = 'cy')
      union all
      select n.id from public.needs n
       where n.consultation_id = consultation and n.status = 'published' and n.language = 'cy'
         and n.search @@ welsh_query;
  end if;
end
$$;
comment on function private.need_ids_matching(uuid, tsquery, tsquery) is
  'The needs of a consultation matching a search that the caller may read: all of them for its commissioners, '
  'otherwise the published needs of a consultation that is not a draft. welsh_query is for needs written in '
  'Welsh (language cy), query for the others.';
revoke all on function private.need_ids_matching(uuid, tsquery, tsquery) from public;
grant execute on function private.need_ids_matching(uuid, tsquery, tsquery) to anon, authenticated, service_role;
