-- Groundswell's own table of people. Until now the app kept its people in auth.users: on plain PostgreSQL
-- the parity bootstrap made that table, but on Supabase it belongs to the auth server (supabase_auth_admin),
-- has no default id and a partial email index of its own, and neither service_role nor postgres may write
-- it. Everything Groundswell holds about a person now references private.people, which the app owns and
-- writes: the built-in sign-in creates people here, and with Supabase Auth each person Supabase signs in
-- is mirrored here under the same id on first sign-in, so auth.uid() keeps naming the same row.
-- Existing people are copied with their ids, every foreign key is re-pointed, and the functions that read
-- or deleted auth.users now use private.people. Nothing in auth is written, here or by the app.

create table private.people (
  id uuid primary key default gen_random_uuid(),
  email text,
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  is_anonymous boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint people_anonymous_have_no_email check (not (is_anonymous and email is not null)),
  constraint people_email_length check (char_length(email) <= 320)
);
comment on table private.people is
  'Everyone Groundswell knows: accounts (an email address) and anonymous residents. Same ids as the identity service''s users (auth.uid()).';
comment on column private.people.email is 'Lower-case; null for an anonymous resident.';
comment on column private.people.is_anonymous is 'A resident with a session but no account; becomes an account when they verify an email.';
comment on column private.people.deleted_at is 'Set when the identity service reports the person gone; they can no longer sign in.';
create unique index people_email_key on private.people (email) where is_anonymous = false;
create index people_lower_email_idx on private.people (lower(email)) where email is not null;

alter table private.people enable row level security;
revoke all on private.people from public, anon, authenticated;
grant select, insert, update, delete on private.people to service_role;

-- The people there are, with their ids. auth.users may hold several rows with one address where Supabase
-- allows it (single sign-on users): the account that signed in last keeps the address.
-- Columns are read through to_jsonb so that a users table with fewer of them (an older Supabase Auth, the
-- parity bootstrap's subset) copies as well.
insert into private.people (id, email, email_confirmed_at, last_sign_in_at, is_anonymous, created_at, updated_at, deleted_at)
select u.id,
       case when u.is_anonymous or u.email is null then null
            when row_number() over (partition by lower(u.email), u.is_anonymous
                                    order by u.last_sign_in_at desc nulls last, u.created_at) = 1 then lower(u.email)
       end,
       u.email_confirmed_at, u.last_sign_in_at, u.is_anonymous,
       coalesce(u.created_at, now()), coalesce(u.updated_at, u.created_at, now()), u.deleted_at
  from (select (r ->> 'id')::uuid as id,
               r ->> 'email' as email,
               coalesce((r ->> 'is_anonymous')::boolean, false) as is_anonymous,
               (r ->> 'email_confirmed_at')::timestamptz as email_confirmed_at,
               (r ->> 'last_sign_in_at')::timestamptz as last_sign_in_at,
               (r ->> 'created_at')::timestamptz as created_at,
               (r ->> 'updated_at')::timestamptz as updated_at,
               (r ->> 'deleted_at')::timestamptz as deleted_at
          from auth.users, to_jsonb(users) as r) as u;

-- Every foreign key that referenced auth.users references private.people, with the same columns and the
-- same on delete rule.
do $repoint$
declare
  fk record;
begin
  for fk in
    select c.conrelid::regclass::text as table_name, c.conname, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
     where c.contype = 'f' and c.confrelid = 'auth.users'::regclass
       and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)
  loop
    execute format('alter table %s drop constraint %I', fk.table_name, fk.conname);
    -- pg_get_constraintdef leaves out the schema when auth is on the search path (as it is for Supabase's
    -- own superuser), so both spellings are matched.
    execute format('alter table %s add constraint %I %s', fk.table_name, fk.conname,
                   regexp_replace(fk.definition, 'REFERENCES (auth\.)?users\(id\)', 'REFERENCES private.people(id)'));
  end loop;
  if exists (select 1 from pg_constraint c
              where c.contype = 'f' and c.confrelid = 'auth.users'::regclass
                and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)) then
    raise exception 'a foreign key still references auth.users';
  end if;
end
$repoint$;

-- The functions that read or deleted auth.users, unchanged but for the table they use.

create or replace function private.keep_an_admin()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if old.role <> 'admin' or (tg_op = 'UPDATE' and new.role = 'admin') then
    return coalesce(new, old);
  end if;
  if not exists (select 1 from public.organisations where id = old.organisation_id)
     or not exists (select 1 from private.people where id = old.user_id) then
    return coalesce(new, old);
  end if;
  -- Two admins demoting each other at once must not both succeed: serialise per organisation.
  perform pg_advisory_xact_lock(hashtextextended('memberships:' || old.organisation_id::text, 0));
  if not exists (select 1 from public.memberships
                  where organisation_id = old.organisation_id and role = 'admin' and user_id <> old.user_id)
     and (tg_op = 'UPDATE'
          or exists (select 1 from public.memberships where organisation_id = old.organisation_id and user_id <> old.user_id)) then
    raise exception 'an organisation must keep at least one admin'
      using errcode = 'GS001', hint = 'Make another member an admin first.';
  end if;
  return coalesce(new, old);
end
$function$;

create or replace function private.delete_own_account()
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := auth.uid();
  my_email text;
  blocking text;
begin
  if me is null or auth.role() <> 'authenticated' then
    raise exception 'only a signed-in person can delete their account' using errcode = 'insufficient_privilege';
  end if;
  select string_agg(name, ', ') into blocking from private.organisations_only_administered_by(me);
  if blocking is not null then
    raise exception 'you are the only admin of %', blocking
      using errcode = 'GS001', hint = 'Make another member an admin first.';
  end if;
  select email into my_email from private.people where id = me;
  if my_email is not null then
    delete from private.one_time_codes where lower(email) = lower(my_email);
  end if;
  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id)
  values (me, 'authenticated', 'account.deleted', 'private.people', me::text);
  delete from private.people where id = me;
end
$function$;

create or replace function private.organisation_members(organisation uuid)
 RETURNS TABLE(user_id uuid, email text, display_name text, role text, created_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select m.user_id, u.email::text, p.display_name, m.role::text, m.created_at
    from public.memberships m
    join private.people u on u.id = m.user_id
    left join public.profiles p on p.id = m.user_id
   where m.organisation_id = organisation
     and (private.is_member_of(organisation) or private.is_platform_admin())
   order by m.role = 'admin' desc, lower(u.email::text)
$function$;

create or replace function private.merge_anonymous_user(anonymous_id uuid, account_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  ref record;
  key record;
  same_key text;
begin
  if anonymous_id = account_id then
    return;
  end if;
  if not exists (select 1 from private.people where id = anonymous_id and is_anonymous) then
    raise exception 'only an anonymous identity can be merged into an account' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from private.people where id = account_id and not is_anonymous) then
    raise exception 'there is no account % to merge into', account_id using errcode = 'foreign_key_violation';
  end if;

  update private.sessions set revoked_at = now() where user_id = anonymous_id and revoked_at is null;

  for ref in
    select c.conrelid as table_oid, c.conrelid::regclass::text as table_name,
           a.attnum as column_number, a.attname::text as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'private.people'::regclass and cardinality(c.conkey) = 1
       and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)
  loop
    -- Unique keys (plain columns, not partial) that include this column: drop the anonymous identity's
    -- rows the account already has.
    for key in
      select array(select attribute.attname::text
                     from unnest(i.indkey::int2[]) as k(number)
                     join pg_attribute attribute on attribute.attrelid = i.indrelid and attribute.attnum = k.number
                    where k.number <> ref.column_number) as other_columns
        from pg_index i
       where i.indrelid = ref.table_oid and i.indisunique and i.indexprs is null and i.indpred is null
         and ref.column_number = any (i.indkey::int2[])
    loop
      select coalesce(string_agg(format(' and kept.%1$I is not distinct from dropped.%1$I', other_column), ''), '')
        into same_key
        from unnest(key.other_columns) as other_column;
      execute format('delete from %1$s as dropped where dropped.%2$I = $2 and exists (select 1 from %1$s as kept where kept.%2$I = $1%3$s)',
                     ref.table_name, ref.column_name, same_key)
        using account_id, anonymous_id;
    end loop;
    execute format('update %1$s set %2$I = $1 where %2$I = $2', ref.table_name, ref.column_name)
      using account_id, anonymous_id;
  end loop;

  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (account_id, 'service_role', 'account.anonymous_merged', 'private.people', account_id::text,
          jsonb_build_object('anonymous_id', anonymous_id));
  delete from private.people where id = anonymous_id;
end
$function$;

create or replace function private.erase_my_data()
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  delete from private.people where id = me and is_anonymous;

  result := jsonb_build_object('needs_removed', removed, 'needs_anonymised', cardinality(cited),
                               'supports_removed', supports_removed + proposal_supports_removed,
                               'comments_removed', comments_removed);
  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (null, 'authenticated', 'resident.data_erased', 'private.people', null,
          result || jsonb_build_object('photos_removed', photos_removed,
                                       'proposal_supports_removed', proposal_supports_removed));
  return result;
end
$function$;

-- The parity bootstrap let service_role write auth.users; Supabase does not, and the app no longer needs
-- to. Where this migration's role owns the parity table (never on Supabase), take the rights back so that
-- every test proves the app leaves auth alone.
do $parity$
begin
  if exists (select 1 from pg_class where oid = 'auth.users'::regclass and pg_has_role(relowner, 'usage')) then
    revoke insert, update, delete on auth.users from service_role;
  end if;
end
$parity$;
