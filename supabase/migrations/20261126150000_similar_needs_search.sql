-- "Is it one of these?" while posting a need: find the consultation's published needs that look like the
-- draft without reading the whole consultation.
--
-- Under row-level security Postgres may not use an index for an operator that is not leakproof, and neither
-- full-text `@@` nor trigram `%` is: each candidate query read every published need of the consultation
-- through the (consultation_id, status) index and tested them one by one (over a second with 20,000
-- needs). Two changes:
-- 1. The full-text and trigram indexes lead with the consultation (btree_gin), so one index scan finds the
--    consultation's matching needs. They replace the single-column ones: a GIN index serves a search on
--    any subset of its columns, so searches without a consultation still use them.
-- 2. private.similar_published_need_ids searches as its owner, returning only what every visitor may read
--    anyway (published needs of consultations that are not drafts, the public policy on needs); the caller
--    then reads those needs through row-level security as usual.

create extension if not exists btree_gin with schema extensions;

create index needs_consultation_search_idx on public.needs using gin (consultation_id, search);
create index needs_consultation_title_trgm_idx on public.needs
  using gin (consultation_id, title extensions.gin_trgm_ops);
drop index public.needs_search_idx;
drop index public.needs_title_trgm_idx;

create function private.similar_published_need_ids(consultation uuid, title text, words text)
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
  'Up to 200 published needs of a consultation that is not a draft sharing words with a draft need (up to 100 with every word '
  'of its title and 100 with any word), and up to 100 with a look-alike title when fewer than 20 share a word. '
  'Only what the public policy on needs lets anyone read.';
revoke all on function private.similar_published_need_ids(uuid, text, text) from public;
grant execute on function private.similar_published_need_ids(uuid, text, text) to anon, authenticated, service_role;
