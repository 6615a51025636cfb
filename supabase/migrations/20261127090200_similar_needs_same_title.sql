-- "Is it one of these?" missed a published need with exactly the draft's title when more than 100 needs shared
-- its words: the word searches take the first 100 they find, in no order of likeness, and the look-alike title
-- search runs only when few needs share a word. A need with the same title (ignoring case) is now always a
-- candidate, found first through an index of the consultation's titles in lower case.
create index needs_consultation_lower_title_idx on public.needs (consultation_id, lower(title));

create or replace function private.similar_published_need_ids(consultation uuid, title text, words text)
returns setof uuid
language plpgsql stable security definer set search_path = '' rows 200 as $$
declare
  candidates uuid[];
begin
  if not exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    return;
  end if;
  candidates := array(
    (select n.id from public.needs n
      where n.consultation_id = consultation and n.status = 'published'
        and lower(n.title) = lower(similar_published_need_ids.title)
      limit 20)
    union
    (select n.id from public.needs n
      where n.consultation_id = consultation and n.status = 'published'
        and n.search @@ plainto_tsquery('english', similar_published_need_ids.title)
      limit 100)
    union
    (select n.id from public.needs n
      where n.consultation_id = consultation and n.status = 'published'
        and n.search @@ nullif(replace(plainto_tsquery('english', words)::text, ' & ', ' | '), '')::tsquery
      limit 100));
  -- Titles that only look alike (a misspelt word) when few needs share a word: the trigram search reads
  -- many index entries when titles are short and alike, so it runs only when it can add something.
  if cardinality(candidates) < 20 then
    candidates := candidates || array(
      select n.id from public.needs n
       where n.consultation_id = consultation and n.status = 'published'
         and n.title operator(extensions.%) similar_published_need_ids.title and n.id <> all (candidates)
       limit 100);
  end if;
  return query select unnest(candidates);
end
$$;
comment on function private.similar_published_need_ids(uuid, text, text) is
  'Up to 220 published needs of a consultation that is not a draft like a draft need: up to 20 with its very title, '
  '100 with every word of its title and 100 with any word, and up to 100 with a look-alike title when fewer than 20 '
  'share a word. Only what the public policy on needs lets anyone read.';
