-- "Delete my data" (GDPR Art. 17). A need cited as evidence (in a needs statement or a published brief) stays,
-- but only as everyone already reads it: its originals become the masked public words, its photos go, and
-- nothing links it to the person. Everything else the person wrote, supported or flagged is deleted or
-- unlinked, and every session of theirs ends. The entry recording the erasure names no one, or it would
-- itself be the trace that remains.
create or replace function private.erase_my_data() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := auth.uid();
  cited uuid[];
  removed integer;
  photos_removed integer;
  supports_removed integer;
  proposal_supports_removed integer;
  comments_removed integer;
  result jsonb;
begin
  if me is null then
    raise exception 'only a resident with a session can erase their data' using errcode = 'insufficient_privilege';
  end if;

  select coalesce(array_agg(n.id), '{}') into cited
    from public.needs n
   where n.author_id = me
     and (exists (select 1 from public.statement_needs s where s.need_id = n.id)
          or exists (select 1 from public.brief_versions b
                      where b.consultation_id = n.consultation_id and (b.snapshot -> 'need_ids') ? n.id::text));

  update private.need_private_details d
     set original_title = n.title, original_description = n.description, original_place_text = n.place_text,
         contact_email = null, contact_consent = false, contact_consented_at = null, exact_lat = null, exact_lng = null
    from public.needs n
   where n.id = d.need_id and n.id = any (cited);
  delete from private.need_photos where need_id = any (cited);
  get diagnostics photos_removed = row_count;
  update public.needs set author_id = null where id = any (cited);

  delete from public.needs where author_id = me;
  get diagnostics removed = row_count;
  delete from public.supports where user_id = me;
  get diagnostics supports_removed = row_count;
  delete from public.proposal_supports where user_id = me;
  get diagnostics proposal_supports_removed = row_count;
  delete from public.comments where author_id = me;
  get diagnostics comments_removed = row_count;
  -- A report stays in the moderation queue, but not the reporter nor their own words about it.
  update public.flags set flagged_by = null, details = null where flagged_by = me;
  delete from private.need_drafts where user_id = me;
  -- The dashboard's tally of this person is zero by now (their needs are gone or unlinked, their supports
  -- deleted); the row would still hold their id.
  delete from private.consultation_voices where person_id = me;

  delete from private.sessions where user_id = me;
  -- An anonymous resident is nothing but this data: the identity goes too. An account stays until its
  -- holder deletes it ("Delete my account").
  delete from auth.users where id = me and is_anonymous;

  result := jsonb_build_object('needs_removed', removed, 'needs_anonymised', cardinality(cited),
                               'supports_removed', supports_removed + proposal_supports_removed,
                               'comments_removed', comments_removed);
  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (null, 'authenticated', 'resident.data_erased', 'auth.users', null,
          result || jsonb_build_object('photos_removed', photos_removed,
                                       'proposal_supports_removed', proposal_supports_removed));
  return result;
end
$$;
comment on function private.erase_my_data() is
  'Erases the caller''s resident data: needs not yet cited are deleted; cited needs keep only their masked public words (originals replaced by them, contact, exact location and photos erased) and lose their author; supports of needs and proposals, comments and drafts are deleted; flags lose their reporter and details; every session ends; an anonymous identity is deleted. The audit entry names no one.';
