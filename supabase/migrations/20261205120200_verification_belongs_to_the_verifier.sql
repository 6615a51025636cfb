-- A group verified by one commissioning organisation could be re-verified by another's commissioner, taking
-- the verification over. Now a verification is set only where there is none (or re-dated by the same
-- organisation) and changed or withdrawn only by the organisation that made it.
create or replace function private.guard_organisation() returns trigger
language plpgsql set search_path = '' as $$
declare
  verification_changed boolean := tg_op = 'UPDATE' and (
    new.verified_by_organisation_id is distinct from old.verified_by_organisation_id
    or new.verified_at is distinct from old.verified_at);
  other_changed boolean := tg_op = 'UPDATE' and (
    (to_jsonb(new) - 'verified_by_organisation_id' - 'verified_at' - 'updated_at' - 'search')
    is distinct from (to_jsonb(old) - 'verified_by_organisation_id' - 'verified_at' - 'updated_at' - 'search'));
begin
  if new.verified_by_organisation_id is not null
     and not exists (select 1 from public.organisations
                      where id = new.verified_by_organisation_id and kind = 'commissioner') then
    raise exception 'only a commissioning organisation can verify a community group'
      using errcode = 'check_violation';
  end if;
  if current_user in ('anon', 'authenticated') then
    if tg_op = 'INSERT' and new.verified_by_organisation_id is not null then
      raise exception 'a new organisation cannot be registered as verified' using errcode = 'insufficient_privilege';
    end if;
    if verification_changed and old.verified_by_organisation_id is not null
       and new.verified_by_organisation_id is distinct from old.verified_by_organisation_id
       and not private.is_commissioner_of(old.verified_by_organisation_id) then
      raise exception 'the group is verified by another organisation: only it can change or withdraw its verification'
        using errcode = 'insufficient_privilege';
    end if;
    if verification_changed and (
         private.is_member_of(new.id)
         or not private.is_commissioner_of(coalesce(new.verified_by_organisation_id, old.verified_by_organisation_id))) then
      raise exception 'only a commissioner of the verifying organisation, who is not a member of the group, can verify it'
        using errcode = 'insufficient_privilege';
    end if;
    if other_changed and not (private.is_org_admin(new.id) or private.is_platform_admin()) then
      raise exception 'only the organisation''s admins can edit it' using errcode = 'insufficient_privilege';
    end if;
  end if;
  if verification_changed then
    new.verified_at := case when new.verified_by_organisation_id is null then null else now() end;
  end if;
  return new;
end
$$;
comment on function private.guard_organisation() is
  'Only commissioners of another organisation verify a group, and only the verifying organisation changes or withdraws its verification (the database sets verified_at); only admins edit the rest.';

-- Verifying and withdrawing are recorded for the verifying organisation, whoever makes the change through a
-- request; fixtures and a superuser at a prompt have no actor to record and are left out.
create function private.audit_verification_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated', 'service_role')
     or new.verified_by_organisation_id is not distinct from old.verified_by_organisation_id then
    return new;
  end if;
  if old.verified_by_organisation_id is not null then
    insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
    values (auth.uid(), actor_role, old.verified_by_organisation_id, 'organisation.unverified', 'organisations',
            new.id::text, jsonb_build_object('group', new.slug));
  end if;
  if new.verified_by_organisation_id is not null then
    insert into private.audit_log (actor_id, actor_role, organisation_id, action, subject_table, subject_id, details)
    values (auth.uid(), actor_role, new.verified_by_organisation_id, 'organisation.verified', 'organisations',
            new.id::text, jsonb_build_object('group', new.slug));
  end if;
  return new;
end
$$;
comment on function private.audit_verification_change() is
  'Writes organisation.verified and organisation.unverified to the verifying organisation''s audit log.';
create trigger organisations_audit_verification after update of verified_by_organisation_id on public.organisations
  for each row execute function private.audit_verification_change();
