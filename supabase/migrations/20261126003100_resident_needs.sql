-- Residents posting needs: drafts kept on the server while a resident answers the questions one page at a
-- time (so the journey works without JavaScript), and the erasure a resident asks for from "My needs".

create table private.need_drafts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object' and octet_length(answers::text) <= 65536),
  photo bytea check (octet_length(photo) between 1 and 5242880),
  photo_mime text check (photo_mime in ('image/jpeg', 'image/png', 'image/webp')),
  photo_width integer check (photo_width between 1 and 20000),
  photo_height integer check (photo_height between 1 and 20000),
  submission_key text check (char_length(submission_key) between 16 and 100),
  submitted_need_id uuid references public.needs (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '30 days',
  unique (user_id, consultation_id),
  constraint need_drafts_photo_complete check (
    (photo is null) = (photo_mime is null) and (photo is null) = (photo_width is null)
    and (photo is null) = (photo_height is null))
);
comment on table private.need_drafts is
  'A need being written: the answers given so far, one row per person and consultation. States: in progress (submitted_need_id null); submitted (submitted_need_id set: the answers are cleared and a repeated submission with the same submission_key finds the need already posted). Deleted with the person, or after expires_at.';
comment on column private.need_drafts.answers is 'The answers given so far, by question ({title, description, affected, …}), unmasked: only their author reads them.';
comment on column private.need_drafts.photo is 'The photo chosen, already resized and stripped of metadata by the app; moved to private.need_photos on submission.';
comment on column private.need_drafts.submission_key is 'The idempotency key of the check-answers form that posted the need: a double tap posts once.';
comment on column private.need_drafts.submitted_need_id is 'The need this draft became; null while the draft is in progress.';
comment on column private.need_drafts.expires_at is 'Drafts are forgotten after this (30 days without a change).';
create index need_drafts_consultation_idx on private.need_drafts (consultation_id);
create index need_drafts_submitted_need_idx on private.need_drafts (submitted_need_id);
create index need_drafts_expires_idx on private.need_drafts (expires_at);
create trigger need_drafts_set_updated_at before update on private.need_drafts
  for each row execute function private.set_updated_at();

alter table private.need_drafts enable row level security;
grant select, insert, update, delete on private.need_drafts to authenticated;
grant select, insert, update, delete on private.need_drafts to service_role;

create policy "people read their own drafts" on private.need_drafts
  for select to authenticated using (user_id = (select auth.uid()));
create policy "people start drafts for open consultations" on private.need_drafts
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.consultation_is_open(consultation_id));
create policy "people change their own drafts" on private.need_drafts
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "people discard their own drafts" on private.need_drafts
  for delete to authenticated using (user_id = (select auth.uid()));

-- Erasure ---------------------------------------------------------------------------------------------------

-- A resident cannot clear author_id on a need a commissioner has published (the policies let authors change
-- only unreviewed needs), so erasure runs as this security-definer function, for the caller only.
create function private.erase_my_data() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := auth.uid();
  cited uuid[];
  removed integer;
  supports_removed integer;
  comments_removed integer;
begin
  if me is null then
    raise exception 'only a resident with a session can erase their data' using errcode = 'insufficient_privilege';
  end if;

  -- A need is cited once it is evidence in a needs statement or in a published brief.
  select coalesce(array_agg(n.id), '{}') into cited
    from public.needs n
   where n.author_id = me
     and (exists (select 1 from public.statement_needs s where s.need_id = n.id)
          or exists (select 1 from public.brief_versions b
                      where b.consultation_id = n.consultation_id and (b.snapshot -> 'need_ids') ? n.id::text));

  update private.need_private_details
     set contact_email = null, contact_consent = false, contact_consented_at = null, exact_lat = null, exact_lng = null
   where need_id = any (cited);
  update public.needs set author_id = null where id = any (cited);

  delete from public.needs where author_id = me;
  get diagnostics removed = row_count;
  delete from public.supports where user_id = me;
  get diagnostics supports_removed = row_count;
  delete from public.comments where author_id = me;
  get diagnostics comments_removed = row_count;
  update public.flags set flagged_by = null where flagged_by = me;
  delete from private.need_drafts where user_id = me;

  -- An anonymous resident has nothing left but the session: end it. Accounts are closed elsewhere.
  update auth.users set deleted_at = now() where id = me and is_anonymous;
  update private.sessions set revoked_at = now()
   where user_id = me and revoked_at is null
     and exists (select 1 from auth.users u where u.id = me and u.is_anonymous);

  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (me, 'authenticated', 'resident.data_erased', 'auth.users', me::text,
          jsonb_build_object('needs_removed', removed, 'needs_anonymised', cardinality(cited),
                             'supports_removed', supports_removed, 'comments_removed', comments_removed));

  return jsonb_build_object('needs_removed', removed, 'needs_anonymised', cardinality(cited),
                            'supports_removed', supports_removed, 'comments_removed', comments_removed);
end
$$;
comment on function private.erase_my_data() is
  'Erases the caller''s resident data: needs not yet cited are deleted; needs cited in a statement or brief are kept, unlinked from the caller, with contact and exact location erased; supports, comments and drafts are deleted; flags are unlinked.';
revoke all on function private.erase_my_data() from public;
grant execute on function private.erase_my_data() to authenticated;
