-- Issue 21, part one: "what the data says" and community groups' endorsements of needs statements.
--
-- statement_sources: the datasets and publications a consultation's commissioners cite on a statement (a Joint
-- Strategic Needs Assessment indicator, an ONS statistic …). Read by whoever may read the statement (they follow
-- needs_statements' visibility as statement_needs does), written by the consultation's commissioners only,
-- audited by the app (source.added|updated|removed|moved through private.record_audit).
--
-- statement_endorsements: a community group stands behind a statement one of its proposals answers. Public when
-- the statement is; written only by members of the group, for a statement linked to one of its proposals. Group
-- members are not members of the commissioning organisation, so private.record_audit would refuse them: a
-- security-definer trigger audits every change instead, as memberships and invitations are.

create table public.statement_sources (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null,
  consultation_id uuid not null,
  position integer not null default 0 check (position >= 0),
  title text not null check (char_length(btrim(title)) between 1 and 300),
  publisher text not null check (char_length(btrim(publisher)) between 1 and 200),
  published text not null check (published ~ '^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$'),
  url text not null check (url ~* '^https?://[^\s/?#]+' and char_length(url) <= 2000 and url !~ '\s'),
  licence text not null default '' check (char_length(licence) <= 200),
  figure text not null check (char_length(btrim(figure)) between 1 and 500),
  measures text not null default '' check (char_length(measures) <= 1000),
  link_checked_at timestamptz,
  created_by uuid references private.people (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (statement_id, id),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade
);
comment on table public.statement_sources is
  'What the data says: a dataset or publication cited on a needs statement by its commissioners. Seen by whoever sees the statement.';
comment on column public.statement_sources.position is 'Its place among the statement''s sources, from 0.';
comment on column public.statement_sources.published is
  'When it was published: a month (YYYY-MM) or a day (YYYY-MM-DD), as precisely as the publisher dates it. Text, as every time column is timestamptz and this is a calendar date of a chosen precision, not a moment.';
comment on column public.statement_sources.url is 'Where to read it: http or https only, checked alive when saved unless SOURCE_LINK_CHECK=off.';
comment on column public.statement_sources.figure is 'The figure quoted from it.';
comment on column public.statement_sources.measures is 'What the figure measures (an indicator, a statistic, its population and period).';
comment on column public.statement_sources.link_checked_at is 'When the link was last found alive (null: not checked).';
create index statement_sources_statement_idx on public.statement_sources (consultation_id, statement_id, position);
create index statement_sources_created_by_idx on public.statement_sources (created_by);

alter table public.statement_sources enable row level security;
grant select on public.statement_sources to authenticated;
grant select (id, statement_id, consultation_id, position, title, publisher, published, url,
              licence, figure, measures, link_checked_at, created_at, updated_at)
  on public.statement_sources to anon;
grant insert, update, delete on public.statement_sources to authenticated;

create policy "anyone reads the sources of statements they can see" on public.statement_sources
  for select to anon, authenticated
  using (exists (select 1 from public.needs_statements s where s.id = statement_id));
create policy "commissioners cite sources on statements of their consultations" on public.statement_sources
  for insert to authenticated
  with check (created_by = (select auth.uid()) and private.commissions_consultation(consultation_id));
create policy "commissioners edit sources on statements of their consultations" on public.statement_sources
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners remove sources from statements of their consultations" on public.statement_sources
  for delete to authenticated using (private.commissions_consultation(consultation_id));

insert into private.audit_actions (action) values
  ('source.added'), ('source.updated'), ('source.removed'), ('source.moved');

create table public.statement_endorsements (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null,
  consultation_id uuid not null,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  words text not null default '' check (char_length(words) <= 1000),
  endorsed_by uuid references private.people (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (statement_id, organisation_id),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade
);
comment on table public.statement_endorsements is
  'A community group endorses a needs statement one of its proposals answers: one per group per statement, withdrawn by deleting it. Public when the statement is.';
comment on column public.statement_endorsements.organisation_id is 'The community group endorsing.';
comment on column public.statement_endorsements.words is 'What the group says with its endorsement (optional, at most 1,000 characters).';
comment on column public.statement_endorsements.endorsed_by is 'The member of the group who endorsed (not public).';
create index statement_endorsements_statement_idx on public.statement_endorsements (consultation_id, statement_id);
create index statement_endorsements_organisation_idx on public.statement_endorsements (organisation_id);
create index statement_endorsements_endorsed_by_idx on public.statement_endorsements (endorsed_by);

create function private.group_answers_statement(organisation uuid, statement uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.statement_proposals sp
      join public.proposals p on p.id = sp.proposal_id
     where sp.statement_id = statement and p.organisation_id = organisation and p.status <> 'withdrawn')
$$;
comment on function private.group_answers_statement(uuid, uuid) is
  'A proposal of the group (not withdrawn) is linked to the statement: the group may endorse it.';
revoke all on function private.group_answers_statement(uuid, uuid) from public;
grant execute on function private.group_answers_statement(uuid, uuid) to authenticated, service_role;

alter table public.statement_endorsements enable row level security;
grant select on public.statement_endorsements to authenticated;
grant select (id, statement_id, consultation_id, organisation_id, words, created_at, updated_at)
  on public.statement_endorsements to anon;
grant insert (statement_id, consultation_id, organisation_id, words, endorsed_by) on public.statement_endorsements
  to authenticated;
grant update (words, endorsed_by, updated_at) on public.statement_endorsements to authenticated;
grant delete on public.statement_endorsements to authenticated;

create policy "anyone reads the endorsements of statements they can see" on public.statement_endorsements
  for select to anon, authenticated
  using (exists (select 1 from public.needs_statements s where s.id = statement_id));
create policy "group members endorse statements their proposals answer" on public.statement_endorsements
  for insert to authenticated
  with check (endorsed_by = (select auth.uid())
              and private.is_member_of(organisation_id)
              and exists (select 1 from public.needs_statements s where s.id = statement_id)
              and private.group_answers_statement(organisation_id, statement_id));
create policy "group members reword their group's endorsements" on public.statement_endorsements
  for update to authenticated
  using (private.is_member_of(organisation_id))
  with check (endorsed_by = (select auth.uid()) and private.is_member_of(organisation_id));
create policy "group members withdraw their group's endorsements" on public.statement_endorsements
  for delete to authenticated using (private.is_member_of(organisation_id));

create function private.audit_endorsement_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor_role text := auth.role();
  changed public.statement_endorsements := coalesce(new, old);
  action text;
  owner_id uuid;
begin
  if actor_role is null or actor_role not in ('anon', 'authenticated', 'service_role') then
    return changed;
  end if;
  if tg_op = 'INSERT' then
    action := 'endorsement.added';
  elsif tg_op = 'UPDATE' then
    if new.words is not distinct from old.words then
      return new;
    end if;
    action := 'endorsement.updated';
  else
    action := 'endorsement.withdrawn';
  end if;
  select c.organisation_id into owner_id from public.consultations c where c.id = changed.consultation_id;
  insert into private.audit_log (actor_id, actor_role, organisation_id, consultation_id, action, subject_table,
                                 subject_id, details)
  values (auth.uid(), actor_role, owner_id, changed.consultation_id, action, 'statement_endorsements', changed.id::text,
          jsonb_build_object('statement_id', changed.statement_id, 'group_id', changed.organisation_id));
  return changed;
end
$$;
comment on function private.audit_endorsement_change() is
  'Writes endorsement.added, endorsement.updated and endorsement.withdrawn to the audit log of the consultation''s organisation, whoever makes the change.';
create trigger statement_endorsements_audit after insert or update or delete on public.statement_endorsements
  for each row execute function private.audit_endorsement_change();

-- Both are shown on public pages (the statement page, the brief): a change empties the shared pages.
create trigger announce_public_page_change after insert or update or delete or truncate on public.statement_sources
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.statement_endorsements
  for each statement execute function private.announce_public_page_change();
