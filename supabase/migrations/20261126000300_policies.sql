-- Who may do what: grants revoked by default and given back table by table (column by column where a
-- role may change only some columns), row-level security on every table, and policies named as sentences.
--
-- Identities, as the request helper sets them (asRequest in app/db/database.server.ts):
--   anon            no session at all: reads what is public;
--   authenticated   a signed-in person, or an anonymous resident (jwt is_anonymous = true);
--   service_role    migrations, seeding, the identity service and named background jobs; bypasses RLS.
-- Membership checks go through the security-definer helpers below, so that a policy on one table never
-- evaluates the policies of another (no recursion) and each check costs one indexed lookup.

-- Helpers ---------------------------------------------------------------------------------------------------

create function private.has_account() returns boolean
language sql stable security definer set search_path = '' as $$
  select auth.uid() is not null and coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) = false
$$;
comment on function private.has_account() is 'The request comes from a signed-in person, not an anonymous resident.';

create function private.is_platform_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from private.platform_admins where user_id = auth.uid())
$$;
comment on function private.is_platform_admin() is 'The requester runs the platform.';

create function private.is_member_of(organisation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.memberships where organisation_id = organisation and user_id = auth.uid())
$$;
comment on function private.is_member_of(uuid) is 'The requester belongs to the organisation (any role).';

create function private.is_org_admin(organisation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships
     where organisation_id = organisation and user_id = auth.uid() and role = 'admin')
$$;
comment on function private.is_org_admin(uuid) is 'The requester is an admin of the organisation (of either kind).';

create function private.is_group_admin(organisation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m join public.organisations o on o.id = m.organisation_id
     where m.organisation_id = organisation and m.user_id = auth.uid() and m.role = 'admin'
       and o.kind = 'community_group')
$$;
comment on function private.is_group_admin(uuid) is 'The requester is an admin of the community group.';

create function private.is_commissioner_of(organisation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m join public.organisations o on o.id = m.organisation_id
     where m.organisation_id = organisation and m.user_id = auth.uid() and o.kind = 'commissioner')
$$;
comment on function private.is_commissioner_of(uuid) is 'The requester is a commissioner (any member) of the commissioning organisation.';

create function private.is_commissioner() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m join public.organisations o on o.id = m.organisation_id
     where m.user_id = auth.uid() and o.kind = 'commissioner')
$$;
comment on function private.is_commissioner() is 'The requester is a commissioner of some organisation.';

create function private.commissions_consultation(consultation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.consultations c
      join public.memberships m on m.organisation_id = c.organisation_id
     where c.id = consultation and m.user_id = auth.uid())
$$;
comment on function private.commissions_consultation(uuid) is 'The requester is a commissioner of the organisation owning the consultation.';

-- Policies on large tables compare with "= any ((select …)::uuid[])": the subselect runs once per statement, so a
-- commissioner reading 100,000 needs pays for one membership lookup, not one per row.
create function private.commissioned_consultation_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(c.id), '{}')
    from public.consultations c
    join public.memberships m on m.organisation_id = c.organisation_id
   where m.user_id = auth.uid()
$$;
comment on function private.commissioned_consultation_ids() is 'Every consultation the requester commissions.';

create function private.member_organisation_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(organisation_id), '{}') from public.memberships where user_id = auth.uid()
$$;
comment on function private.member_organisation_ids() is 'Every organisation the requester belongs to.';

create function private.consultation_is_open(consultation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.consultations
     where id = consultation and status = 'open' and opens_at <= now() and now() < closes_at)
$$;
comment on function private.consultation_is_open(uuid) is 'The consultation is open and between its dates: it accepts needs, supports, comments and proposals.';

create function private.publishes_without_review(consultation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.consultations where id = consultation and moderation = 'after_publication')
$$;
comment on function private.publishes_without_review(uuid) is 'Needs and comments in this consultation appear at once and are moderated afterwards.';

create function private.is_published_need(need uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.needs where id = need and status = 'published')
$$;
comment on function private.is_published_need(uuid) is 'The need is published.';

create function private.administers_proposal(proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.proposals p
      join public.memberships m on m.organisation_id = p.organisation_id
     where p.id = proposal and m.user_id = auth.uid() and m.role = 'admin')
$$;
comment on function private.administers_proposal(uuid) is 'The requester is an admin of the group that owns the proposal.';

create function private.belongs_to_proposal_group(proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.proposals p
      join public.memberships m on m.organisation_id = p.organisation_id
     where p.id = proposal and m.user_id = auth.uid())
$$;
comment on function private.belongs_to_proposal_group(uuid) is 'The requester belongs to the group that owns the proposal.';

create function private.proposal_is_public(proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.proposals p join public.consultations c on c.id = p.consultation_id
     where p.id = proposal and p.status in ('submitted', 'under_review') and c.status <> 'draft')
$$;
comment on function private.proposal_is_public(uuid) is 'The proposal is submitted (or under review) in a consultation that is not a draft.';

create function private.founds_organisation(organisation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.organisations o
     where o.id = organisation and o.created_by = auth.uid()
       and not exists (select 1 from public.memberships m where m.organisation_id = o.id))
$$;
comment on function private.founds_organisation(uuid) is 'The requester registered the organisation and nobody belongs to it yet: they become its first admin.';

create function private.is_invited_to(organisation uuid, invited_role text) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_account() and exists (
    select 1 from private.invitations
     where organisation_id = organisation and role = invited_role
       and lower(email) = lower(auth.email())
       and accepted_at is null and revoked_at is null and expires_at > now())
$$;
comment on function private.is_invited_to(uuid, text) is 'The requester''s email holds a pending invitation to the organisation with that role.';

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

-- Guards that column grants cannot express ----------------------------------------------------------------

-- Group admins edit their group; commissioners verify groups. Both are updates of the same row, so this
-- trigger decides which columns each may change, and that a group never verifies itself.
create function private.guard_organisation() returns trigger
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
  'Only commissioners of another organisation verify a group (the database sets verified_at); only admins edit the rest.';
create trigger organisations_guard before insert or update on public.organisations
  for each row execute function private.guard_organisation();

-- Group admins edit their proposals until a commissioner reviews them; commissioners only move a submitted
-- proposal into review. Column grants are per role, not per person, hence this trigger.
create function private.guard_proposal() returns trigger
language plpgsql set search_path = '' as $$
declare
  content_changed boolean;
begin
  if tg_op = 'INSERT' then
    if new.status = 'submitted' then
      new.submitted_at := now();
    end if;
    return new;
  end if;
  content_changed := (to_jsonb(new) - 'status' - 'updated_at' - 'version' - 'support_count' - 'submitted_at'
                      - 'reviewed_at' - 'withdrawn_at')
                     is distinct from (to_jsonb(old) - 'status' - 'updated_at' - 'version' - 'support_count'
                      - 'submitted_at' - 'reviewed_at' - 'withdrawn_at');
  if current_user in ('anon', 'authenticated') then
    if not private.is_group_admin(old.organisation_id) then
      if content_changed or new.status not in ('submitted', 'under_review') then
        raise exception 'commissioners can only move a proposal into review' using errcode = 'insufficient_privilege';
      end if;
    elsif old.status = 'under_review' and (content_changed or new.status <> 'withdrawn') then
      raise exception 'a proposal under review can only be withdrawn' using errcode = 'insufficient_privilege';
    end if;
  end if;
  if new.status is distinct from old.status then
    case new.status
      when 'submitted' then new.submitted_at := now();
      when 'under_review' then new.reviewed_at := now();
      when 'withdrawn' then new.withdrawn_at := now();
      else null;
    end case;
  end if;
  return new;
end
$$;
comment on function private.guard_proposal() is
  'Keeps proposal edits to the group''s admins (until review) and review to commissioners; records submission, review and withdrawal times.';
create trigger proposals_guard before insert or update on public.proposals
  for each row execute function private.guard_proposal();

-- Grants: nothing by default, then table by table -----------------------------------------------------------

revoke all on all tables in schema public, private from anon, authenticated, service_role, public;
revoke all on all sequences in schema public, private from anon, authenticated, service_role, public;
alter default privileges in schema public, private revoke all on tables from anon, authenticated, public;
alter default privileges in schema public, private revoke all on sequences from anon, authenticated, public;
alter default privileges in schema public, private revoke all on functions from anon, authenticated, public;
-- Jobs, seeding and the identity service act as service_role on tables added later too.
alter default privileges in schema public, private grant all on tables to service_role;
alter default privileges in schema public, private grant all on sequences to service_role;

grant usage on schema private to authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

grant select, insert, update, delete on all tables in schema public, private to service_role;
grant usage on all sequences in schema private to service_role;
-- Not even the service role may rewrite history.
revoke update, delete, truncate on private.audit_log from service_role;
revoke update, delete on public.brief_versions from service_role;

grant select on public.organisations to anon, authenticated;
grant insert (id, kind, name, slug, legal_form, registration_number, area_of_benefit, description, website,
  privacy_controller, privacy_contact, created_by) on public.organisations to authenticated;
grant update (name, slug, legal_form, registration_number, area_of_benefit, description, website,
  privacy_controller, privacy_contact, verified_by_organisation_id, verified_at) on public.organisations to authenticated;
grant delete on public.organisations to authenticated;

grant select, insert, delete on private.organisation_contacts to authenticated;
grant update (contact_email) on private.organisation_contacts to authenticated;

grant select, insert, delete on public.memberships to authenticated;
grant update (role) on public.memberships to authenticated;

grant select, insert, delete on private.invitations to authenticated;
grant update (accepted_at, accepted_by, revoked_at) on private.invitations to authenticated;

grant select, insert, delete on public.profiles to authenticated;
grant update (display_name) on public.profiles to authenticated;

grant select, insert, delete on private.platform_admins to authenticated;

grant select on public.consultations to anon, authenticated;
grant insert, delete on public.consultations to authenticated;
grant update (slug, title, title_cy, summary, summary_cy, why_we_ask, why_we_ask_cy, what_happens_next,
  what_happens_next_cy, place, attribution, opens_at, closes_at, status, moderation, version)
  on public.consultations to authenticated;

grant select on public.consultation_themes, public.consultation_areas to anon, authenticated;
grant insert, delete on public.consultation_themes, public.consultation_areas to authenticated;
grant update (name, name_cy, description, dimensions, position) on public.consultation_themes to authenticated;
grant update (name, name_cy, centre_lat, centre_lng, population, position) on public.consultation_areas to authenticated;

grant select on public.needs to anon, authenticated;
grant insert (id, consultation_id, theme_id, area_id, author_id, organisation_id, title, description, place_text,
  lat, lng, affected_groups, affected_other, people_estimate, seriousness, urgency, status, moderation_reason, source)
  on public.needs to authenticated;
-- status is granted because authors withdraw and commissioners moderate; the policies say which of them
-- may set which status (a resident can never publish their own need).
grant update (theme_id, area_id, title, description, place_text, lat, lng, affected_groups, affected_other,
  people_estimate, seriousness, urgency, status, moderation_reason) on public.needs to authenticated;
grant delete on public.needs to authenticated;

grant select, insert on private.need_private_details to authenticated;
grant update (original_title, original_description, original_place_text, exact_lat, exact_lng, contact_email,
  contact_consent, contact_consented_at) on private.need_private_details to authenticated;

grant select, insert, delete on private.need_photos to authenticated;

grant select, insert, delete on public.supports to authenticated;

grant select on public.comments to anon, authenticated;
grant insert (id, need_id, consultation_id, author_id, organisation_id, body, status) on public.comments to authenticated;
grant update (body, status, moderation_reason) on public.comments to authenticated;
grant delete on public.comments to authenticated;

grant select, insert on private.comment_originals to authenticated;

grant select, insert on public.flags to authenticated;
grant update (resolution, resolved_by, resolved_at) on public.flags to authenticated;

grant select on public.proposals to anon, authenticated;
grant insert (id, consultation_id, organisation_id, title, what_we_would_do, who_benefits, beneficiaries_count,
  outcomes, volunteers, volunteer_hours, premises, match_funding_pence, relationships, lived_experience,
  cost_min_pence, cost_max_pence, partners, preferred_route, route_reason, status, created_by)
  on public.proposals to authenticated;
grant update (title, what_we_would_do, who_benefits, beneficiaries_count, outcomes, volunteers, volunteer_hours,
  premises, match_funding_pence, relationships, lived_experience, cost_min_pence, cost_max_pence, partners,
  preferred_route, route_reason, status, version) on public.proposals to authenticated;
grant delete on public.proposals to authenticated;

grant select on public.proposal_needs to anon, authenticated;
grant insert, delete on public.proposal_needs to authenticated;

grant select, insert, delete on public.proposal_supports to authenticated;

grant select on public.proposal_messages to anon, authenticated;
grant insert (id, proposal_id, consultation_id, kind, in_reply_to, author_id, author_organisation_id, body, public)
  on public.proposal_messages to authenticated;
grant update (public) on public.proposal_messages to authenticated;

grant select, insert on public.grouping_runs to authenticated;
grant update (status, need_count, group_count, error, started_at, finished_at) on public.grouping_runs to authenticated;

grant select on public.need_groups to anon, authenticated;
grant insert, delete on public.need_groups to authenticated;
grant update (label, terms, status) on public.need_groups to authenticated;

grant select on public.need_group_members to anon, authenticated;
grant insert, delete on public.need_group_members to authenticated;
grant update (origin, score, representative) on public.need_group_members to authenticated;

grant select on public.needs_statements to anon, authenticated;
grant insert, delete on public.needs_statements to authenticated;
grant update (group_id, title, body, population_affected, seriousness, dimensions, status, version)
  on public.needs_statements to authenticated;

grant select on public.statement_needs, public.statement_proposals to anon, authenticated;
grant insert, delete on public.statement_needs, public.statement_proposals to authenticated;
grant update (quoted) on public.statement_needs to authenticated;

grant select, insert, delete on public.briefs to authenticated;
grant update (title, purpose, public_value, budget_min_pence, budget_max_pence, timeline, engagement_notes,
  route_answers, recommended_route, chosen_route, chosen_route_reason, relational_agreement, status, version)
  on public.briefs to authenticated;

grant select, insert, delete on public.brief_statements to authenticated;
grant update (position) on public.brief_statements to authenticated;

grant select on public.brief_versions to anon, authenticated;
grant insert on public.brief_versions to authenticated;

grant select on private.sessions to authenticated;
grant update (revoked_at) on private.sessions to authenticated;

grant select, insert on private.jobs to authenticated;

grant select, insert on private.audit_log to authenticated;

grant select, insert, delete on private.email_unsubscribes to authenticated;

-- private.one_time_codes and private.rate_limit_counters: the identity service (service_role) only.

-- Row-level security on every table -------------------------------------------------------------------------

do $$
declare
  t record;
begin
  for t in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') loop
    execute format('alter table %I.%I enable row level security', t.nspname, t.relname);
  end loop;
end
$$;

-- Organisations, people and roles

create policy "anyone reads organisations' public profiles" on public.organisations
  for select to anon, authenticated using (true);
create policy "platform admins register organisations" on public.organisations
  for insert to authenticated with check (private.is_platform_admin());
create policy "people with an account register community groups they found" on public.organisations
  for insert to authenticated
  with check (kind = 'community_group' and created_by = (select auth.uid()) and private.has_account());
create policy "organisation admins edit their organisation" on public.organisations
  for update to authenticated using (private.is_org_admin(id)) with check (private.is_org_admin(id));
create policy "commissioners verify community groups" on public.organisations
  for update to authenticated
  using (kind = 'community_group' and private.is_commissioner())
  with check (kind = 'community_group' and private.is_commissioner());
create policy "platform admins edit organisations" on public.organisations
  for update to authenticated using (private.is_platform_admin()) with check (private.is_platform_admin());
create policy "platform admins remove organisations" on public.organisations
  for delete to authenticated using (private.is_platform_admin());

create policy "members, commissioners and platform admins read an organisation's contact" on private.organisation_contacts
  for select to authenticated
  using (private.is_member_of(organisation_id) or private.is_platform_admin()
         or (private.is_commissioner()
             and exists (select 1 from public.organisations o where o.id = organisation_id and o.kind = 'community_group')));
create policy "organisation admins and founders set their organisation's contact" on private.organisation_contacts
  for insert to authenticated
  with check (private.is_org_admin(organisation_id) or private.founds_organisation(organisation_id)
              or private.is_platform_admin());
create policy "organisation admins change their organisation's contact" on private.organisation_contacts
  for update to authenticated
  using (private.is_org_admin(organisation_id) or private.is_platform_admin())
  with check (private.is_org_admin(organisation_id) or private.is_platform_admin());
create policy "organisation admins remove their organisation's contact" on private.organisation_contacts
  for delete to authenticated using (private.is_org_admin(organisation_id) or private.is_platform_admin());

create policy "members see who belongs to their organisations" on public.memberships
  for select to authenticated
  using (organisation_id = any ((select private.member_organisation_ids())::uuid[]) or private.is_platform_admin());
create policy "organisation admins add members" on public.memberships
  for insert to authenticated with check (private.is_org_admin(organisation_id) or private.is_platform_admin());
create policy "founders become the first admin of their group" on public.memberships
  for insert to authenticated
  with check (user_id = (select auth.uid()) and role = 'admin' and private.founds_organisation(organisation_id));
create policy "invitees join the organisation that invited them" on public.memberships
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.is_invited_to(organisation_id, role));
create policy "organisation admins change members' roles" on public.memberships
  for update to authenticated
  using (private.is_org_admin(organisation_id)) with check (private.is_org_admin(organisation_id));
create policy "organisation admins remove members and members leave" on public.memberships
  for delete to authenticated
  using (private.is_org_admin(organisation_id) or user_id = (select auth.uid()) or private.is_platform_admin());

create policy "organisation admins and invitees see invitations" on private.invitations
  for select to authenticated
  using (private.is_org_admin(organisation_id) or private.is_platform_admin()
         or (private.has_account() and lower(email) = lower((select auth.email()))));
create policy "organisation admins and platform admins invite people" on private.invitations
  for insert to authenticated
  with check (invited_by = (select auth.uid())
              and (private.is_org_admin(organisation_id) or private.is_platform_admin()));
create policy "organisation admins revoke invitations" on private.invitations
  for update to authenticated
  using (private.is_org_admin(organisation_id) or private.is_platform_admin())
  with check (private.is_org_admin(organisation_id) or private.is_platform_admin());
create policy "invitees accept their own invitation" on private.invitations
  for update to authenticated
  using (private.has_account() and lower(email) = lower((select auth.email())) and accepted_at is null
         and revoked_at is null and expires_at > now())
  with check (lower(email) = lower((select auth.email())) and accepted_by = (select auth.uid()));
create policy "organisation admins delete invitations" on private.invitations
  for delete to authenticated using (private.is_org_admin(organisation_id) or private.is_platform_admin());

create policy "people read their own profile and their fellow members'" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or private.is_platform_admin()
         or exists (select 1 from public.memberships m
                     where m.user_id = profiles.id
                       and m.organisation_id = any ((select private.member_organisation_ids())::uuid[])));
create policy "people create their own profile" on public.profiles
  for insert to authenticated with check (id = (select auth.uid()));
create policy "people edit their own profile" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));
create policy "people delete their own profile" on public.profiles
  for delete to authenticated using (id = (select auth.uid()));

create policy "platform admins see the platform admins and people see whether they are one" on private.platform_admins
  for select to authenticated using (user_id = (select auth.uid()) or private.is_platform_admin());
create policy "platform admins appoint platform admins" on private.platform_admins
  for insert to authenticated with check (private.is_platform_admin() and granted_by = (select auth.uid()));
create policy "platform admins remove platform admins" on private.platform_admins
  for delete to authenticated using (private.is_platform_admin());

-- Consultations

create policy "anyone reads consultations that are not drafts" on public.consultations
  for select to anon, authenticated using (status <> 'draft');
create policy "commissioners read their organisation's consultations" on public.consultations
  for select to authenticated using (private.is_commissioner_of(organisation_id));
create policy "commissioners create consultations for their organisation" on public.consultations
  for insert to authenticated with check (private.is_commissioner_of(organisation_id));
create policy "commissioners edit their organisation's consultations" on public.consultations
  for update to authenticated
  using (private.is_commissioner_of(organisation_id)) with check (private.is_commissioner_of(organisation_id));
create policy "commissioners delete their organisation's draft consultations" on public.consultations
  for delete to authenticated using (status = 'draft' and private.is_commissioner_of(organisation_id));

create policy "anyone reads the themes of consultations they can see" on public.consultation_themes
  for select to anon, authenticated
  using (exists (select 1 from public.consultations c where c.id = consultation_id));
create policy "commissioners add themes to their consultations" on public.consultation_themes
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners edit themes of their consultations" on public.consultation_themes
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners remove themes of their consultations" on public.consultation_themes
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "anyone reads the areas of consultations they can see" on public.consultation_areas
  for select to anon, authenticated
  using (exists (select 1 from public.consultations c where c.id = consultation_id));
create policy "commissioners add areas to their consultations" on public.consultation_areas
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners edit areas of their consultations" on public.consultation_areas
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners remove areas of their consultations" on public.consultation_areas
  for delete to authenticated using (private.commissions_consultation(consultation_id));

-- Needs and what hangs off them

create policy "anyone reads published needs of consultations that are not drafts" on public.needs
  for select to anon, authenticated
  using (status = 'published'
         and exists (select 1 from public.consultations c where c.id = consultation_id and c.status <> 'draft'));
create policy "residents read their own needs" on public.needs
  for select to authenticated using (author_id = (select auth.uid()));
create policy "commissioners read every need of their consultations" on public.needs
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "group members read needs posted for their group" on public.needs
  for select to authenticated using (organisation_id = any ((select private.member_organisation_ids())::uuid[]));
create policy "residents post needs as themselves into open consultations" on public.needs
  for insert to authenticated
  with check (author_id = (select auth.uid()) and source = 'web'
              and private.consultation_is_open(consultation_id)
              and (status = 'received' or (status = 'published' and private.publishes_without_review(consultation_id)))
              and (organisation_id is null or private.is_member_of(organisation_id)));
create policy "commissioners enter assisted and imported needs into their consultations" on public.needs
  for insert to authenticated
  with check (source in ('assisted', 'import') and author_id is null
              and private.commissions_consultation(consultation_id));
create policy "residents edit or withdraw their own unreviewed needs" on public.needs
  for update to authenticated
  using (author_id = (select auth.uid()) and status = 'received')
  with check (author_id = (select auth.uid()) and status in ('received', 'withdrawn'));
create policy "commissioners moderate and edit needs of their consultations" on public.needs
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "residents delete their own unreviewed needs" on public.needs
  for delete to authenticated using (author_id = (select auth.uid()) and status = 'received');

create policy "authors and commissioners read a need's private details" on private.need_private_details
  for select to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or exists (select 1 from public.needs n where n.id = need_id and n.author_id = (select auth.uid())));
create policy "authors add private details to their unreviewed needs" on private.need_private_details
  for insert to authenticated
  with check (assisted_by is null
              and exists (select 1 from public.needs n
                           where n.id = need_id and n.author_id = (select auth.uid()) and n.status = 'received'));
create policy "commissioners add private details to needs of their consultations" on private.need_private_details
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "authors update their needs' private details" on private.need_private_details
  for update to authenticated
  using (exists (select 1 from public.needs n where n.id = need_id and n.author_id = (select auth.uid())))
  with check (exists (select 1 from public.needs n where n.id = need_id and n.author_id = (select auth.uid())));

create policy "authors and commissioners see a need's photos" on private.need_photos
  for select to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or exists (select 1 from public.needs n where n.id = need_id and n.author_id = (select auth.uid())));
create policy "authors add photos to their unreviewed needs" on private.need_photos
  for insert to authenticated
  with check (exists (select 1 from public.needs n
                       where n.id = need_id and n.author_id = (select auth.uid()) and n.status = 'received'));
create policy "commissioners add photos to needs of their consultations" on private.need_photos
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "authors remove photos from their unreviewed needs and commissioners remove any" on private.need_photos
  for delete to authenticated
  using (private.commissions_consultation(consultation_id)
         or exists (select 1 from public.needs n
                     where n.id = need_id and n.author_id = (select auth.uid()) and n.status = 'received'));

create policy "people see their own supports and commissioners see supports in their consultations" on public.supports
  for select to authenticated
  using (user_id = (select auth.uid()) or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "residents support published needs of open consultations once" on public.supports
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.is_published_need(need_id)
              and private.consultation_is_open(consultation_id));
create policy "residents take back their support" on public.supports
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "anyone reads published comments on needs they can see" on public.comments
  for select to anon, authenticated
  using (status = 'published' and exists (select 1 from public.needs n where n.id = need_id));
create policy "authors read their own comments" on public.comments
  for select to authenticated using (author_id = (select auth.uid()));
create policy "commissioners read every comment in their consultations" on public.comments
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "residents comment on published needs of open consultations" on public.comments
  for insert to authenticated
  with check (author_id = (select auth.uid()) and private.is_published_need(need_id)
              and private.consultation_is_open(consultation_id)
              and (status = 'received' or (status = 'published' and private.publishes_without_review(consultation_id)))
              and (organisation_id is null or private.is_member_of(organisation_id)));
create policy "authors edit their unreviewed comments" on public.comments
  for update to authenticated
  using (author_id = (select auth.uid()) and status = 'received')
  with check (author_id = (select auth.uid()) and status = 'received');
create policy "commissioners moderate comments in their consultations" on public.comments
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "authors delete their unreviewed comments" on public.comments
  for delete to authenticated using (author_id = (select auth.uid()) and status = 'received');

create policy "authors and commissioners read a comment's original" on private.comment_originals
  for select to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or exists (select 1 from public.comments c where c.id = comment_id and c.author_id = (select auth.uid())));
create policy "authors keep the original of their comments" on private.comment_originals
  for insert to authenticated
  with check (exists (select 1 from public.comments c
                       where c.id = comment_id and c.author_id = (select auth.uid()) and c.status = 'received'));

create policy "people see their own flags and commissioners see flags in their consultations" on public.flags
  for select to authenticated
  using (flagged_by = (select auth.uid()) or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "anyone signed in flags a need or comment they can see" on public.flags
  for insert to authenticated
  with check (flagged_by = (select auth.uid()) and resolution is null
              and (exists (select 1 from public.needs n where n.id = need_id)
                   or exists (select 1 from public.comments c where c.id = comment_id)));
create policy "commissioners resolve flags in their consultations" on public.flags
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));

-- Proposals

create policy "anyone reads submitted proposals of consultations that are not drafts" on public.proposals
  for select to anon, authenticated
  using (status in ('submitted', 'under_review')
         and exists (select 1 from public.consultations c where c.id = consultation_id and c.status <> 'draft'));
create policy "group members read their group's proposals" on public.proposals
  for select to authenticated using (organisation_id = any ((select private.member_organisation_ids())::uuid[]));
create policy "commissioners read proposals made to their consultations" on public.proposals
  for select to authenticated
  using (status <> 'draft' and consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "group admins propose for their group in open consultations" on public.proposals
  for insert to authenticated
  with check (private.is_group_admin(organisation_id) and created_by = (select auth.uid())
              and status in ('draft', 'submitted') and private.consultation_is_open(consultation_id));
create policy "group admins edit their proposals until reviewed" on public.proposals
  for update to authenticated
  using (private.is_group_admin(organisation_id) and status in ('draft', 'submitted', 'under_review'))
  with check (private.is_group_admin(organisation_id) and status in ('draft', 'submitted', 'withdrawn'));
create policy "commissioners review proposals made to their consultations" on public.proposals
  for update to authenticated
  using (status in ('submitted', 'under_review') and private.commissions_consultation(consultation_id))
  with check (status in ('submitted', 'under_review') and private.commissions_consultation(consultation_id));
create policy "group admins delete their draft proposals" on public.proposals
  for delete to authenticated using (status = 'draft' and private.is_group_admin(organisation_id));

create policy "anyone reads the links between proposals and needs they can see" on public.proposal_needs
  for select to anon, authenticated
  using (exists (select 1 from public.proposals p where p.id = proposal_id)
         and exists (select 1 from public.needs n where n.id = need_id));
create policy "group admins link published needs to their editable proposals" on public.proposal_needs
  for insert to authenticated
  with check (private.administers_proposal(proposal_id) and private.is_published_need(need_id)
              and exists (select 1 from public.proposals p
                           where p.id = proposal_id and p.status in ('draft', 'submitted')));
create policy "group admins unlink needs from their editable proposals" on public.proposal_needs
  for delete to authenticated
  using (private.administers_proposal(proposal_id)
         and exists (select 1 from public.proposals p where p.id = proposal_id and p.status in ('draft', 'submitted')));

create policy "people see their own proposal supports and the proposal's group and commissioners see all" on public.proposal_supports
  for select to authenticated
  using (user_id = (select auth.uid()) or private.belongs_to_proposal_group(proposal_id)
         or exists (select 1 from public.proposals p
                     where p.id = proposal_id and p.consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])));
create policy "residents support submitted proposals once" on public.proposal_supports
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.proposal_is_public(proposal_id));
create policy "residents take back their proposal support" on public.proposal_supports
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "anyone reads messages made public on proposals they can see" on public.proposal_messages
  for select to anon, authenticated
  using (public and exists (select 1 from public.proposals p where p.id = proposal_id));
create policy "the proposal's group and commissioners read its messages" on public.proposal_messages
  for select to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or private.belongs_to_proposal_group(proposal_id));
create policy "commissioners ask questions on proposals made to their consultations" on public.proposal_messages
  for insert to authenticated
  with check (kind = 'question' and author_id = (select auth.uid())
              and private.commissions_consultation(consultation_id)
              and private.is_commissioner_of(author_organisation_id)
              and exists (select 1 from public.proposals p where p.id = proposal_id and p.status <> 'draft'));
create policy "group members answer questions on their proposals" on public.proposal_messages
  for insert to authenticated
  with check (kind = 'answer' and author_id = (select auth.uid()) and not public
              and private.belongs_to_proposal_group(proposal_id)
              and author_organisation_id = (select p.organisation_id from public.proposals p where p.id = proposal_id));
create policy "commissioners choose which messages are public" on public.proposal_messages
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));

-- Grouping, statements and briefs: the commissioners' workspace

create policy "commissioners read grouping runs of their consultations" on public.grouping_runs
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners start grouping runs on their consultations" on public.grouping_runs
  for insert to authenticated
  with check (run_by = (select auth.uid()) and private.commissions_consultation(consultation_id));
create policy "commissioners update grouping runs of their consultations" on public.grouping_runs
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));

create policy "anyone reads accepted groups of consultations that are not drafts" on public.need_groups
  for select to anon, authenticated
  using (status in ('accepted', 'manual')
         and exists (select 1 from public.consultations c where c.id = consultation_id and c.status <> 'draft'));
create policy "commissioners read every group of their consultations" on public.need_groups
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners make groups in their consultations" on public.need_groups
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners accept, rename and reject groups in their consultations" on public.need_groups
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners delete groups in their consultations" on public.need_groups
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "anyone reads the links between groups and needs they can see" on public.need_group_members
  for select to anon, authenticated
  using (exists (select 1 from public.need_groups g where g.id = group_id)
         and exists (select 1 from public.needs n where n.id = need_id));
create policy "commissioners link needs to groups in their consultations" on public.need_group_members
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners change group links in their consultations" on public.need_group_members
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners unlink needs from groups in their consultations" on public.need_group_members
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "anyone reads agreed statements of consultations that are not drafts" on public.needs_statements
  for select to anon, authenticated
  using (status = 'agreed'
         and exists (select 1 from public.consultations c where c.id = consultation_id and c.status <> 'draft'));
create policy "commissioners read every statement of their consultations" on public.needs_statements
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners write statements for their consultations" on public.needs_statements
  for insert to authenticated
  with check (created_by = (select auth.uid()) and private.commissions_consultation(consultation_id));
create policy "commissioners edit and agree statements of their consultations" on public.needs_statements
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners delete draft statements of their consultations" on public.needs_statements
  for delete to authenticated using (status = 'draft' and private.commissions_consultation(consultation_id));

create policy "anyone reads the evidence links of statements and needs they can see" on public.statement_needs
  for select to anon, authenticated
  using (exists (select 1 from public.needs_statements s where s.id = statement_id)
         and exists (select 1 from public.needs n where n.id = need_id));
create policy "commissioners link needs to statements in their consultations" on public.statement_needs
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners choose quotes in their consultations" on public.statement_needs
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners unlink needs from statements in their consultations" on public.statement_needs
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "anyone reads the links of statements and proposals they can see" on public.statement_proposals
  for select to anon, authenticated
  using (exists (select 1 from public.needs_statements s where s.id = statement_id)
         and exists (select 1 from public.proposals p where p.id = proposal_id));
create policy "commissioners link proposals to statements in their consultations" on public.statement_proposals
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners unlink proposals from statements in their consultations" on public.statement_proposals
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "commissioners read briefs of their consultations" on public.briefs
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners compose briefs for their consultations" on public.briefs
  for insert to authenticated
  with check (created_by = (select auth.uid()) and private.commissions_consultation(consultation_id));
create policy "commissioners edit briefs of their consultations" on public.briefs
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners delete unpublished briefs of their consultations" on public.briefs
  for delete to authenticated using (status = 'draft' and private.commissions_consultation(consultation_id));

create policy "commissioners read the statements of their briefs" on public.brief_statements
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners put statements in their briefs" on public.brief_statements
  for insert to authenticated with check (private.commissions_consultation(consultation_id));
create policy "commissioners reorder the statements of their briefs" on public.brief_statements
  for update to authenticated
  using (private.commissions_consultation(consultation_id)) with check (private.commissions_consultation(consultation_id));
create policy "commissioners take statements out of their briefs" on public.brief_statements
  for delete to authenticated using (private.commissions_consultation(consultation_id));

create policy "anyone reads published brief versions of consultations they can see" on public.brief_versions
  for select to anon, authenticated
  using (exists (select 1 from public.consultations c where c.id = consultation_id));
create policy "commissioners publish versions of their briefs" on public.brief_versions
  for insert to authenticated
  with check (published_by = (select auth.uid()) and private.commissions_consultation(consultation_id));

-- Platform machinery

create policy "people see their own sessions" on private.sessions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "people sign out their own sessions" on private.sessions
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

create policy "people follow the jobs they started and commissioners follow their consultations' jobs" on private.jobs
  for select to authenticated
  using (created_by = (select auth.uid()) or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners queue jobs for their consultations" on private.jobs
  for insert to authenticated
  with check (created_by = (select auth.uid()) and status = 'queued'
              and private.commissions_consultation(consultation_id));

create policy "organisation admins read their organisation's audit log" on private.audit_log
  for select to authenticated using (private.is_org_admin(organisation_id) or private.is_platform_admin());
create policy "people record their own actions in the audit log" on private.audit_log
  for insert to authenticated
  with check (actor_id = (select auth.uid()) and actor_role = 'authenticated'
              and (organisation_id is null or private.is_member_of(organisation_id) or private.is_platform_admin()));

create policy "people with an account see their own unsubscribes" on private.email_unsubscribes
  for select to authenticated using (private.has_account() and lower(email) = lower((select auth.email())));
create policy "people with an account unsubscribe themselves" on private.email_unsubscribes
  for insert to authenticated with check (private.has_account() and lower(email) = lower((select auth.email())));
create policy "people with an account subscribe again" on private.email_unsubscribes
  for delete to authenticated using (private.has_account() and lower(email) = lower((select auth.email())));
