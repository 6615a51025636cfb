-- "Is it one of these?" at a million needs: the search for needs with every word of the draft's title reads
-- every such need before it can return 100 of them (a bitmap of 20,000 needs, 20–40 ms, when a title is as
-- common as "Cannot get a GP appointment"). When the draft's meaning is searched beside the words and the
-- consultation is large enough to have cells of meaning (20,000 vectors or more), the nearest needs by meaning
-- already include such needs, so the search by words keeps only its cheap parts: the very same title, and up to
-- 100 needs sharing any word (which also reach needs still waiting for a vector). A smaller consultation, and a
-- draft the model cannot read (Welsh, only emoji), are searched by every part, as before.

drop function private.similar_published_need_ids(uuid, text, text);

create function private.similar_published_need_ids(consultation uuid, title text, words text, by_meaning boolean default false)
returns setof uuid
language plpgsql stable security definer set search_path = '' rows 200 as $$
declare
  candidates uuid[];
  every_title_word boolean;
begin
  if not exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    return;
  end if;
  every_title_word := not (by_meaning and exists (
    select 1 from private.meaning_cells m where m.consultation_id = similar_published_need_ids.consultation));
  candidates := array(
    (select n.id from public.needs n
      where n.consultation_id = consultation and n.status = 'published'
        and lower(n.title) = lower(similar_published_need_ids.title)
      limit 20)
    union
    (select n.id from public.needs n
      where every_title_word
        and n.consultation_id = consultation and n.status = 'published'
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
comment on function private.similar_published_need_ids(uuid, text, text, boolean) is
  'Up to 220 published needs of a consultation that is not a draft like a draft need: up to 20 with its very title, '
  '100 with every word of its title (not when by_meaning, the draft''s nearest needs by meaning being searched beside, '
  'and the consultation has cells of meaning), '
  'and 100 with any word, and up to 100 with a look-alike title when fewer than 20 share a word. Only what the '
  'public policy on needs lets anyone read.';
revoke all on function private.similar_published_need_ids(uuid, text, text, boolean) from public;
grant execute on function private.similar_published_need_ids(uuid, text, text, boolean) to anon, authenticated, service_role;
