-- What experts say: a consultation's commissioners invite an expert (a practitioner, a public-health analyst, a
-- community group's worker) by email to contribute to a draft needs statement. The invitation is bound to the
-- address: only a person signed in with it reads the draft and writes a contribution, which is public once the
-- statement is agreed. Commissioners' actions are audited by the app (recordAudit); the expert's by triggers here,
-- since private.record_audit refuses a person outside the consultation's organisation.

-- Invitations ---------------------------------------------------------------------------------------------------

create table private.expert_invitations (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null,
  statement_id uuid not null,
  email text not null check (email = lower(btrim(email)) and char_length(email) <= 254
                             and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  role text not null check (char_length(btrim(role)) between 1 and 120),
  message text check (char_length(message) <= 2000),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references private.people (id) on delete set null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid references private.people (id) on delete set null,
  withdrawn_at timestamptz,
  withdrawn_by uuid references private.people (id) on delete set null,
  expert_name text check (char_length(btrim(expert_name)) between 1 and 120),
  expert_organisation text check (char_length(expert_organisation) <= 160),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade
);
comment on table private.expert_invitations is
  'An invitation to an expert to contribute to a draft needs statement. States: sent (not accepted, not withdrawn), accepted (the invitee signed in with the address and accepted), contributed (accepted, with a row in public.expert_contributions), withdrawn (by a commissioner; the draft and any contribution are no longer theirs to read or show).';
comment on column private.expert_invitations.email is 'Who is invited, lower case; only a person signed in with this address may accept.';
comment on column private.expert_invitations.role is 'The expert''s role as the commissioner describes it ("public-health analyst").';
comment on column private.expert_invitations.message is 'The commissioner''s note, sent in the email.';
comment on column private.expert_invitations.token_hash is 'SHA-256 of the secret in the emailed link; the secret itself is never stored.';
comment on column private.expert_invitations.expert_name is 'The name the expert gave, kept here even when they do not consent to show it publicly.';
comment on column private.expert_invitations.expert_organisation is 'The organisation the expert gave, kept here like expert_name.';
-- One live invitation per address and statement: a second is refused, a withdrawn one may be sent again.
create unique index expert_invitations_one_live_idx on private.expert_invitations (statement_id, email)
  where withdrawn_at is null;
create index expert_invitations_email_idx on private.expert_invitations (email);
create index expert_invitations_statement_idx on private.expert_invitations (consultation_id, statement_id);
create index expert_invitations_invited_by_idx on private.expert_invitations (invited_by);
create index expert_invitations_accepted_by_idx on private.expert_invitations (accepted_by);
create index expert_invitations_withdrawn_by_idx on private.expert_invitations (withdrawn_by);

-- Contributions -------------------------------------------------------------------------------------------------

create table public.expert_contributions (
  id uuid primary key default gen_random_uuid(),
  invitation_id uuid not null unique references private.expert_invitations (id) on delete cascade,
  consultation_id uuid not null,
  statement_id uuid not null,
  body text not null check (char_length(btrim(body)) between 1 and 5000),
  role text not null check (char_length(btrim(role)) between 1 and 120),
  named boolean not null default false,
  name text check (char_length(btrim(name)) between 1 and 120),
  organisation text check (char_length(btrim(organisation)) between 1 and 160),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1 check (version >= 1),
  withdrawn_at timestamptz,
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade,
  -- Without consent neither the name nor the organisation is in this public table.
  constraint expert_contributions_named_with_consent check (named = (name is not null) and (named or organisation is null))
);
comment on table public.expert_contributions is
  'What an invited expert says about a needs statement: read by the consultation''s commissioners and its author while the statement is a draft, by everyone once it is agreed (and not withdrawn).';
comment on column public.expert_contributions.named is 'The expert consented to show their name, role and organisation; without it the contribution is shown as from "an expert contributor" with the role alone.';
comment on column public.expert_contributions.role is 'The expert''s role in their own words ("public-health analyst"), always shown.';
comment on column public.expert_contributions.name is 'Shown publicly; null without consent.';
comment on column public.expert_contributions.organisation is 'Shown publicly; null without consent or when none was given.';
comment on column public.expert_contributions.withdrawn_at is 'Set when a commissioner withdrew the invitation: the contribution is then shown nowhere public.';
create index expert_contributions_statement_idx on public.expert_contributions (statement_id);
create index expert_contributions_consultation_statement_idx on public.expert_contributions (consultation_id, statement_id);

create trigger announce_public_page_change after insert or update or delete or truncate on public.expert_contributions
  for each statement execute function private.announce_public_page_change();

-- Who reads what ------------------------------------------------------------------------------------------------

create or replace function private.statement_ids_invited_to() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct i.statement_id), '{}')
    from private.expert_invitations i
   where private.has_account() and i.email = lower(auth.email()) and i.withdrawn_at is null
$$;

-- The signed-in person's accepted, live invitations (their contributions).
create function private.own_expert_invitation_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(i.id), '{}')
    from private.expert_invitations i
   where private.has_account() and i.email = lower(auth.email()) and i.accepted_by = auth.uid()
$$;
comment on function private.own_expert_invitation_ids() is 'Expert invitations the signed-in person accepted.';

-- A contribution may be written for an accepted, live invitation of the signed-in person, to its statement, while
-- that statement is a draft.
create function private.may_contribute(invitation uuid, statement uuid, consultation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_account() and exists (
    select 1 from private.expert_invitations i
      join public.needs_statements s on s.id = i.statement_id
     where i.id = invitation and i.statement_id = statement and i.consultation_id = consultation
       and i.email = lower(auth.email()) and i.accepted_by = auth.uid() and i.withdrawn_at is null
       and s.status = 'draft')
$$;
comment on function private.may_contribute(uuid, uuid, uuid) is
  'The signed-in person accepted this live invitation and its statement is still a draft.';

-- The count of people behind a statement follows who may read the statement, drafts others may read included.
create or replace function private.statement_people(statement_ids uuid[])
returns table (statement_id uuid, people integer)
language sql stable security definer set search_path = '' as $$
  with visible as (
    select s.id
      from public.needs_statements s
     where s.id = any (statement_ids)
       and ((s.status = 'agreed'
             and exists (select 1 from public.consultations c where c.id = s.consultation_id and c.status <> 'draft'))
            or private.commissions_consultation(s.consultation_id)
            or s.id = any (private.statement_ids_under_check_back())
            or (private.has_account() and s.id = any (private.statement_ids_invited_to())))
  ),
  evidence as (
    select sn.statement_id, n.id as need_id, coalesce(n.author_id, n.id) as author
      from visible v
      join public.statement_needs sn on sn.statement_id = v.id
      join public.needs n on n.id = sn.need_id and n.consultation_id = sn.consultation_id and n.status = 'published'
  )
  select p.statement_id, count(distinct p.person)::int
    from (select e.statement_id, e.author as person from evidence e
          union all
          select e.statement_id, su.user_id from evidence e join public.supports su on su.need_id = e.need_id) p
   group by p.statement_id
$$;

alter table private.expert_invitations enable row level security;
alter table public.expert_contributions enable row level security;

grant select, insert, update, delete on private.expert_invitations, public.expert_contributions to service_role;
grant select on private.expert_invitations to authenticated;
grant insert (id, consultation_id, statement_id, email, role, message, token_hash, invited_by)
  on private.expert_invitations to authenticated;
grant update (accepted_at, accepted_by, withdrawn_at, withdrawn_by, expert_name, expert_organisation)
  on private.expert_invitations to authenticated;
grant select on public.expert_contributions to anon, authenticated;
grant insert (id, invitation_id, consultation_id, statement_id, body, role, named, name, organisation)
  on public.expert_contributions to authenticated;
grant update (body, role, named, name, organisation, updated_at, version) on public.expert_contributions to authenticated;

create policy "commissioners and the invitee see expert invitations" on private.expert_invitations
  for select to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or (private.has_account() and email = lower((select auth.email()))));
create policy "commissioners invite experts to draft statements" on private.expert_invitations
  for insert to authenticated
  with check (invited_by = (select auth.uid())
              and consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
              and exists (select 1 from public.needs_statements s
                           where s.id = expert_invitations.statement_id and s.status = 'draft'));
-- Which columns each may change is the guard trigger's (below): commissioners withdraw, the invitee accepts and
-- gives their name.
create policy "commissioners withdraw and the invitee accepts expert invitations" on private.expert_invitations
  for update to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or (private.has_account() and email = lower((select auth.email())) and withdrawn_at is null))
  with check (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
              or (private.has_account() and email = lower((select auth.email())) and withdrawn_at is null));

-- Public with the statement: once agreed, and while the community checks the draft back, which it reads with
-- all three kinds of its evidence.
create policy "visitors read contributions to agreed statements and drafts under check-back" on public.expert_contributions
  for select to anon
  using (withdrawn_at is null
         and (exists (select 1 from public.needs_statements s
                       where s.id = expert_contributions.statement_id and s.status = 'agreed')
              or statement_id = any ((select private.statement_ids_under_check_back())::uuid[])));
create policy "signed-in people read the contributions they may see" on public.expert_contributions
  for select to authenticated
  using ((withdrawn_at is null
          and (exists (select 1 from public.needs_statements s
                        where s.id = expert_contributions.statement_id and s.status = 'agreed')
               or statement_id = any ((select private.statement_ids_under_check_back())::uuid[])))
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or invitation_id = any ((select private.own_expert_invitation_ids())::uuid[]));
create policy "invited experts write their contribution to a draft" on public.expert_contributions
  for insert to authenticated
  with check (private.may_contribute(invitation_id, statement_id, consultation_id));
create policy "invited experts edit their contribution while the statement is a draft" on public.expert_contributions
  for update to authenticated
  using (private.may_contribute(invitation_id, statement_id, consultation_id))
  with check (private.may_contribute(invitation_id, statement_id, consultation_id));

-- Guards --------------------------------------------------------------------------------------------------------

-- Commissioners already contribute as commissioners: an address that belongs to a member of the consultation's
-- organisation is not invited as an expert (the app says so first; this settles any other path).
create function private.refuse_member_as_expert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.consultations c
               join public.memberships m on m.organisation_id = c.organisation_id
               join private.people u on u.id = m.user_id
              where c.id = new.consultation_id and lower(u.email) = new.email) then
    raise exception 'that address belongs to a member of the commissioning organisation' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger expert_invitations_not_members before insert on private.expert_invitations
  for each row execute function private.refuse_member_as_expert();

-- Column grants are per role, not per person: a commissioner may only withdraw, the invitee only accept (once)
-- and name themselves.
create function private.guard_expert_invitation_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated') then
    return new;
  end if;
  if (new.withdrawn_at, new.withdrawn_by) is distinct from (old.withdrawn_at, old.withdrawn_by)
     and (old.withdrawn_at is not null or new.withdrawn_at is null or new.withdrawn_by is distinct from auth.uid()
          or not private.commissions_consultation(new.consultation_id)) then
    raise exception 'only a commissioner withdraws an expert invitation, once' using errcode = 'insufficient_privilege';
  end if;
  if (new.accepted_at, new.accepted_by, new.expert_name, new.expert_organisation)
       is distinct from (old.accepted_at, old.accepted_by, old.expert_name, old.expert_organisation)
     and not (private.has_account() and new.email = lower(auth.email()) and old.withdrawn_at is null
              and (old.accepted_at is null or (new.accepted_at, new.accepted_by) is not distinct from (old.accepted_at, old.accepted_by))
              and new.accepted_at is not null and new.accepted_by = auth.uid()) then
    raise exception 'only the invited expert accepts an invitation and names themselves' using errcode = 'insufficient_privilege';
  end if;
  return new;
end
$$;
create trigger expert_invitations_guard before update on private.expert_invitations
  for each row execute function private.guard_expert_invitation_change();

-- A withdrawn invitation takes its contribution out of every public place.
create function private.withdraw_expert_contribution() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.expert_contributions set withdrawn_at = new.withdrawn_at where invitation_id = new.id;
  return new;
end
$$;
create trigger expert_invitations_withdraw_contribution after update of withdrawn_at on private.expert_invitations
  for each row when (old.withdrawn_at is null and new.withdrawn_at is not null)
  execute function private.withdraw_expert_contribution();

-- The version and time of a contribution move with every edit, whoever makes it.
create function private.stamp_expert_contribution() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and (new.body, new.role, new.named, new.name, new.organisation)
                          is distinct from (old.body, old.role, old.named, old.name, old.organisation) then
    new.updated_at := now();
    new.version := old.version + 1;
  end if;
  return new;
end
$$;
create trigger expert_contributions_stamp before update on public.expert_contributions
  for each row execute function private.stamp_expert_contribution();

-- The expert's changes are audited here: private.record_audit records only members of the organisation.
create function private.audit_expert_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
  action text;
  organisation uuid;
  invitation uuid;
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated', 'service_role') then
    return new;
  end if;
  if tg_table_name = 'expert_invitations' then
    if old.accepted_at is null and new.accepted_at is not null then
      action := 'expert.invitation_accepted';
    else
      return new;
    end if;
    invitation := new.id;
  elsif tg_op = 'INSERT' then
    action := 'expert.contributed';
    invitation := new.invitation_id;
  elsif (new.body, new.role, new.named, new.name, new.organisation)
        is distinct from (old.body, old.role, old.named, old.name, old.organisation) then
    action := 'expert.contribution_updated';
    invitation := new.invitation_id;
  else
    return new;
  end if;
  select c.organisation_id into organisation from public.consultations c where c.id = new.consultation_id;
  insert into private.audit_log (actor_id, actor_role, organisation_id, consultation_id, action, subject_table,
                                 subject_id, details)
  values (auth.uid(), actor_role, organisation, new.consultation_id, action, tg_table_name, new.id::text,
          jsonb_build_object('statement_id', new.statement_id, 'invitation_id', invitation));
  return new;
end
$$;
comment on function private.audit_expert_change() is
  'Writes expert.invitation_accepted, expert.contributed and expert.contribution_updated to the audit log.';
create trigger expert_invitations_audit after update on private.expert_invitations
  for each row execute function private.audit_expert_change();
create trigger expert_contributions_audit after insert or update on public.expert_contributions
  for each row execute function private.audit_expert_change();

revoke all on function private.own_expert_invitation_ids(), private.may_contribute(uuid, uuid, uuid),
  private.refuse_member_as_expert(), private.guard_expert_invitation_change(), private.withdraw_expert_contribution(),
  private.stamp_expert_contribution(), private.audit_expert_change() from public;
grant execute on function private.own_expert_invitation_ids(), private.may_contribute(uuid, uuid, uuid)
  to authenticated, service_role;

-- Commissioners' actions, recorded by the app.
insert into private.audit_actions (action) values ('expert.invited'), ('expert.invitation_withdrawn');

-- Whoever holds an expert's link may see what it invites to, before signing in; the token is the secret.
create function private.expert_invitation_by_token(token text)
returns table (id uuid, consultation_id uuid, statement_id uuid, statement_title text, consultation_title text,
               organisation_name text, email text, role text, message text, accepted_at timestamptz,
               accepted_by uuid, withdrawn_at timestamptz, expert_name text, expert_organisation text)
language sql stable security definer set search_path = '' as $$
  select i.id, i.consultation_id, i.statement_id, s.title, c.title, o.name, i.email, i.role, i.message,
         i.accepted_at, i.accepted_by, i.withdrawn_at, i.expert_name, i.expert_organisation
    from private.expert_invitations i
    join public.needs_statements s on s.id = i.statement_id
    join public.consultations c on c.id = i.consultation_id
    join public.organisations o on o.id = c.organisation_id
   where i.token_hash = encode(extensions.digest(token, 'sha256'), 'hex')
$$;
comment on function private.expert_invitation_by_token(text) is
  'The expert invitation whose link carries this token (its SHA-256 is stored), with its statement and consultation.';
revoke all on function private.expert_invitation_by_token(text) from public;
grant execute on function private.expert_invitation_by_token(text) to anon, authenticated, service_role;
