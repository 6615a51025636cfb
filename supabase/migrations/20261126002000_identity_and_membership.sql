-- Identity and organisation membership (issue 3): the audit of every membership change, the last-admin
-- guard, upgrading an anonymous resident into an account, deleting one's own account, and the two lookups
-- the membership pages need that row-level security alone cannot answer (members' emails, an invitation
-- found by its secret token).

-- Every membership and invitation change is audited -----------------------------------------------------------

-- A trigger rather than the app: seeds, jobs, cascades and any future code path are recorded too. Changes
-- made outside every request role (a superuser at a psql prompt, test fixtures) have no actor to record
-- and are left out.
create function private.audit_membership_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated', 'service_role') then
    return coalesce(new, old);
  end if;
  if tg_op = 'INSERT' then
    insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
    values (auth.uid(), actor_role, new.organisation_id, 'membership.added', 'memberships', new.user_id::text,
            jsonb_build_object('user_id', new.user_id, 'role', new.role));
    return new;
  elsif tg_op = 'UPDATE' then
    if new.role is distinct from old.role then
      insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
      values (auth.uid(), actor_role, new.organisation_id, 'membership.role_changed', 'memberships', new.user_id::text,
              jsonb_build_object('user_id', new.user_id, 'role', new.role, 'previous_role', old.role));
    end if;
    return new;
  end if;
  insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
  values (auth.uid(), actor_role, old.organisation_id, 'membership.removed', 'memberships', old.user_id::text,
          jsonb_build_object('user_id', old.user_id, 'role', old.role));
  return old;
end
$$;
comment on function private.audit_membership_change() is
  'Writes membership.added, membership.role_changed and membership.removed to the audit log, whoever makes the change.';
create trigger memberships_audit after insert or update or delete on public.memberships
  for each row execute function private.audit_membership_change();

create function private.audit_invitation_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
  action text;
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated', 'service_role') then
    return new;
  end if;
  if tg_op = 'INSERT' then
    action := 'invitation.created';
  elsif new.accepted_at is not null and old.accepted_at is null then
    action := 'invitation.accepted';
  elsif new.revoked_at is not null and old.revoked_at is null then
    action := 'invitation.revoked';
  else
    return new;
  end if;
  insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
  values (auth.uid(), actor_role, new.organisation_id, action, 'invitations', new.id::text,
          jsonb_build_object('email', new.email, 'role', new.role));
  return new;
end
$$;
comment on function private.audit_invitation_change() is 'Writes invitation.created, invitation.accepted and invitation.revoked to the audit log.';
create trigger invitations_audit after insert or update on private.invitations
  for each row execute function private.audit_invitation_change();

-- The last admin ------------------------------------------------------------------------------------------------

-- An organisation that has members always keeps an admin among them: removing or demoting its last admin
-- is refused (SQLSTATE GS001) for every role. The last person of all may leave (a platform admin can invite
-- a new first admin); deleting the organisation, or an account deleted by Supabase Auth, cascades freely.
create function private.keep_an_admin() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role <> 'admin' or (tg_op = 'UPDATE' and new.role = 'admin') then
    return coalesce(new, old);
  end if;
  if not exists (select 1 from public.organisations where id = old.organisation_id)
     or not exists (select 1 from auth.users where id = old.user_id) then
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
$$;
comment on function private.keep_an_admin() is
  'Refuses to remove or demote the last admin of an organisation that has other members (SQLSTATE GS001).';
create trigger memberships_keep_an_admin before update of role or delete on public.memberships
  for each row execute function private.keep_an_admin();

-- Upgrading an anonymous resident --------------------------------------------------------------------------------

-- When an anonymous resident signs in with the email of an existing account, everything the anonymous
-- identity posted, supported, flagged or started moves to the account, and the anonymous identity goes.
-- Every column referring to auth.users in the public and private schemas is moved, so tables added later
-- are covered; rows keyed by person (one support per need, one membership per organisation, one profile)
-- keep the account's own where both exist.
create function private.merge_anonymous_user(anonymous_id uuid, account_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  ref record;
begin
  if anonymous_id = account_id then
    return;
  end if;
  if not exists (select 1 from auth.users where id = anonymous_id and is_anonymous) then
    raise exception 'only an anonymous identity can be merged into an account' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from auth.users where id = account_id and not is_anonymous) then
    raise exception 'there is no account % to merge into', account_id using errcode = 'foreign_key_violation';
  end if;

  delete from public.supports s
   where s.user_id = anonymous_id
     and exists (select 1 from public.supports t where t.user_id = account_id and t.need_id = s.need_id);
  delete from public.proposal_supports s
   where s.user_id = anonymous_id
     and exists (select 1 from public.proposal_supports t where t.user_id = account_id and t.proposal_id = s.proposal_id);
  delete from public.memberships m
   where m.user_id = anonymous_id
     and exists (select 1 from public.memberships t where t.user_id = account_id and t.organisation_id = m.organisation_id);
  delete from public.profiles
   where id = anonymous_id and exists (select 1 from public.profiles where id = account_id);
  delete from private.platform_admins where user_id = anonymous_id;
  update private.sessions set revoked_at = now() where user_id = anonymous_id and revoked_at is null;

  for ref in
    select c.conrelid::regclass::text as table_name, a.attname::text as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'auth.users'::regclass and cardinality(c.conkey) = 1
       and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)
  loop
    execute format('update %s set %I = $1 where %I = $2', ref.table_name, ref.column_name, ref.column_name)
      using account_id, anonymous_id;
  end loop;

  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (account_id, 'service_role', 'account.anonymous_merged', 'auth.users', account_id::text,
          jsonb_build_object('anonymous_id', anonymous_id));
  delete from auth.users where id = anonymous_id;
end
$$;
comment on function private.merge_anonymous_user(uuid, uuid) is
  'Moves everything an anonymous identity owns to an existing account, then deletes the anonymous identity. Identity service only.';

-- Deleting one's own account -------------------------------------------------------------------------------------

create function private.organisations_only_administered_by(person uuid)
returns table (id uuid, name text, slug text)
language sql stable security definer set search_path = '' as $$
  select o.id, o.name, o.slug
    from public.organisations o
    join public.memberships m on m.organisation_id = o.id and m.user_id = person and m.role = 'admin'
   where not exists (select 1 from public.memberships other
                      where other.organisation_id = o.id and other.role = 'admin' and other.user_id <> person)
     and exists (select 1 from public.memberships other where other.organisation_id = o.id and other.user_id <> person)
     and (person = auth.uid() or auth.role() = 'service_role')
   order by o.name
$$;
comment on function private.organisations_only_administered_by(uuid) is
  'The organisations with other members whose only admin is this person (asked about oneself): they must hand over before leaving.';

-- Needs, comments and supports stay, unlinked from the person (their foreign keys set null or cascade);
-- the account, its sessions, memberships and sign-in codes go.
create function private.delete_own_account() returns void
language plpgsql security definer set search_path = '' as $$
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
  select email into my_email from auth.users where id = me;
  if my_email is not null then
    delete from private.one_time_codes where lower(email) = lower(my_email);
  end if;
  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id)
  values (me, 'authenticated', 'account.deleted', 'auth.users', me::text);
  delete from auth.users where id = me;
end
$$;
comment on function private.delete_own_account() is 'Deletes the requester''s account, unless they are the only admin of an organisation.';

-- Lookups for the membership pages ----------------------------------------------------------------------------------

-- auth.users is not readable by the request roles; fellow members (and platform admins) see each other's email.
create function private.organisation_members(organisation uuid)
returns table (user_id uuid, email text, display_name text, role text, created_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, p.display_name, m.role::text, m.created_at
    from public.memberships m
    join auth.users u on u.id = m.user_id
    left join public.profiles p on p.id = m.user_id
   where m.organisation_id = organisation
     and (private.is_member_of(organisation) or private.is_platform_admin())
   order by m.role = 'admin' desc, lower(u.email::text)
$$;
comment on function private.organisation_members(uuid) is 'Members of an organisation with their emails, for its members and platform admins.';

-- Whoever holds an invitation link may see what it invites to, before signing in; the token is the secret.
create function private.invitation_by_token(token text)
returns table (id uuid, organisation_id uuid, organisation_name text, organisation_slug text, organisation_kind text,
               email text, role text, expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select i.id, o.id, o.name, o.slug, o.kind, i.email, i.role::text, i.expires_at, i.accepted_at, i.revoked_at
    from private.invitations i
    join public.organisations o on o.id = i.organisation_id
   where i.token_hash = encode(extensions.digest(token, 'sha256'), 'hex')
$$;
comment on function private.invitation_by_token(text) is 'The invitation whose link carries this token (its SHA-256 is stored), with its organisation.';

revoke all on function private.audit_membership_change(), private.audit_invitation_change(), private.keep_an_admin(),
  private.merge_anonymous_user(uuid, uuid), private.organisations_only_administered_by(uuid),
  private.delete_own_account(), private.organisation_members(uuid), private.invitation_by_token(text) from public;
grant execute on function private.merge_anonymous_user(uuid, uuid) to service_role;
grant execute on function private.organisations_only_administered_by(uuid), private.delete_own_account(),
  private.organisation_members(uuid) to authenticated, service_role;
grant usage on schema private to anon;
grant execute on function private.invitation_by_token(text) to anon, authenticated, service_role;
