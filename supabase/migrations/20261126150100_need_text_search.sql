-- Full-text search of a consultation's needs that can use the (consultation_id, search) index.
--
-- Row-level security keeps Postgres from using an index for `@@` (it is not leakproof), so a search over a
-- consultation's needs tested every need of it one by one. private.need_ids_matching searches as its owner
-- and returns only needs its caller may read anyway: every need of a consultation the caller commissions
-- (the commissioners' policy), otherwise the published needs of a consultation that is not a draft (the
-- public policy). Callers use it as a condition on needs they read through row-level security as usual.

create function private.need_ids_matching(consultation uuid, words text)
returns setof uuid
language plpgsql stable security definer set search_path = '' rows 200 as $$
begin
  if private.commissions_consultation(consultation) then
    return query
      select n.id from public.needs n
       where n.consultation_id = consultation and n.search @@ websearch_to_tsquery('english', words);
  elsif exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    return query
      select n.id from public.needs n
       where n.consultation_id = consultation and n.status = 'published'
         and n.search @@ websearch_to_tsquery('english', words);
  end if;
end
$$;
comment on function private.need_ids_matching(uuid, text) is
  'The needs of a consultation matching a web-style search that the caller may read: all of them for its '
  'commissioners, otherwise the published needs of a consultation that is not a draft.';
revoke all on function private.need_ids_matching(uuid, text) from public;
grant execute on function private.need_ids_matching(uuid, text) to anon, authenticated, service_role;
