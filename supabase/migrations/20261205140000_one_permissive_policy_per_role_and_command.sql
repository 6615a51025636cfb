-- One permissive policy per table, role and command. PostgreSQL evaluates every permissive policy that
-- applies and ORs them, so several policies for the same role and command are the same rule written in
-- pieces, paid for once per policy on every row (Supabase's linter warns: multiple_permissive_policies).
-- Each group below becomes one policy whose USING is the OR of the old USINGs and whose WITH CHECK is the
-- OR of the old checks: who may see or do what is unchanged, as the row-level security matrix test shows.
-- A policy for anon and authenticated that overlapped an authenticated-only one now serves anon alone,
-- and its condition is one branch of the authenticated policy beside it.

-- private.invitations ---------------------------------------------------------------------------------------

drop policy "invitees accept their own invitation" on private.invitations;
drop policy "organisation admins revoke invitations" on private.invitations;
create policy "invitees accept and organisation admins revoke invitations" on private.invitations
  for update to authenticated
  using ((private.has_account() and lower(email) = lower((select auth.email()))
          and accepted_at is null and revoked_at is null and expires_at > now())
         or private.is_org_admin(organisation_id) or private.is_platform_admin())
  with check ((lower(email) = lower((select auth.email())) and accepted_by = (select auth.uid()))
              or private.is_org_admin(organisation_id) or private.is_platform_admin());

-- private.need_photos and private.need_private_details --------------------------------------------------------

drop policy "authors add photos to their unreviewed needs" on private.need_photos;
drop policy "commissioners add photos to needs of their consultations" on private.need_photos;
create policy "authors and commissioners add photos to needs" on private.need_photos
  for insert to authenticated
  with check (exists (select 1 from public.needs n
                       where n.id = need_photos.need_id and n.author_id = (select auth.uid()) and n.status = 'received')
              or private.commissions_consultation(consultation_id));

drop policy "authors add private details to their unreviewed needs" on private.need_private_details;
drop policy "commissioners add private details to needs of their consultations" on private.need_private_details;
create policy "authors and commissioners add private details to needs" on private.need_private_details
  for insert to authenticated
  with check ((assisted_by is null
               and exists (select 1 from public.needs n
                            where n.id = need_private_details.need_id and n.author_id = (select auth.uid())
                              and n.status = 'received'))
              or private.commissions_consultation(consultation_id));

-- public.comments ---------------------------------------------------------------------------------------------

alter policy "anyone reads published comments on needs they can see" on public.comments
  rename to "visitors read published comments on needs they can see";
alter policy "visitors read published comments on needs they can see" on public.comments to anon;
drop policy "authors read their own comments" on public.comments;
drop policy "commissioners read every comment in their consultations" on public.comments;
create policy "signed-in people read the comments they may see" on public.comments
  for select to authenticated
  using ((status = 'published' and exists (select 1 from public.needs n where n.id = comments.need_id))
         or author_id = (select auth.uid())
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));

drop policy "authors edit their unreviewed comments" on public.comments;
drop policy "commissioners moderate comments in their consultations" on public.comments;
create policy "authors edit unreviewed comments, commissioners moderate them" on public.comments
  for update to authenticated
  using ((author_id = (select auth.uid()) and status = 'received') or private.commissions_consultation(consultation_id))
  with check ((author_id = (select auth.uid()) and status = 'received') or private.commissions_consultation(consultation_id));

-- public.consultations ----------------------------------------------------------------------------------------

alter policy "anyone reads consultations that are not drafts" on public.consultations
  rename to "visitors read consultations not in draft";
alter policy "visitors read consultations not in draft" on public.consultations to anon;
drop policy "commissioners read their organisation's consultations" on public.consultations;
create policy "signed-in people read the consultations they may see" on public.consultations
  for select to authenticated
  using (status <> 'draft' or private.is_commissioner_of(organisation_id));

-- public.memberships ------------------------------------------------------------------------------------------

drop policy "founders become the first admin of their group" on public.memberships;
drop policy "invitees join the organisation that invited them" on public.memberships;
drop policy "organisation admins add members" on public.memberships;
create policy "founders, invitees and organisation admins add members" on public.memberships
  for insert to authenticated
  with check ((user_id = (select auth.uid()) and role = 'admin' and private.founds_organisation(organisation_id))
              or (user_id = (select auth.uid()) and private.is_invited_to(organisation_id, role))
              or private.is_org_admin(organisation_id) or private.is_platform_admin());

-- public.need_groups ------------------------------------------------------------------------------------------

alter policy "anyone reads accepted groups of consultations that are not drafts" on public.need_groups
  rename to "visitors read accepted groups of consultations not in draft";
alter policy "visitors read accepted groups of consultations not in draft" on public.need_groups to anon;
drop policy "commissioners read every group of their consultations" on public.need_groups;
create policy "signed-in people read the groups they may see" on public.need_groups
  for select to authenticated
  using ((status in ('accepted', 'manual')
          and exists (select 1 from public.consultations c
                       where c.id = need_groups.consultation_id and c.status <> 'draft'))
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));

-- public.needs ------------------------------------------------------------------------------------------------

alter policy "anyone reads published needs of consultations that are not drafts" on public.needs
  rename to "visitors read published needs of consultations not in draft";
alter policy "visitors read published needs of consultations not in draft" on public.needs to anon;
drop policy "residents read their own needs" on public.needs;
drop policy "commissioners read every need of their consultations" on public.needs;
drop policy "group members read needs posted for their group" on public.needs;
create policy "signed-in people read the needs they may see" on public.needs
  for select to authenticated
  using ((status = 'published'
          and exists (select 1 from public.consultations c where c.id = needs.consultation_id and c.status <> 'draft'))
         or author_id = (select auth.uid())
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or organisation_id = any ((select private.member_organisation_ids())::uuid[]));

drop policy "residents post needs as themselves into open consultations" on public.needs;
drop policy "commissioners enter assisted and imported needs into their consultations" on public.needs;
create policy "residents post needs and commissioners enter them for others" on public.needs
  for insert to authenticated
  with check ((author_id = (select auth.uid()) and source = 'web' and private.consultation_is_open(consultation_id)
               and (status = 'received' or (status = 'published' and private.publishes_without_review(consultation_id)))
               and (organisation_id is null or private.is_member_of(organisation_id)))
              or (source in ('assisted', 'import') and author_id is null
                  and private.commissions_consultation(consultation_id)));

drop policy "residents edit or withdraw their own unreviewed needs" on public.needs;
drop policy "commissioners moderate and edit needs of their consultations" on public.needs;
create policy "residents edit unreviewed needs and commissioners moderate them" on public.needs
  for update to authenticated
  using ((author_id = (select auth.uid()) and status = 'received') or private.commissions_consultation(consultation_id))
  with check ((author_id = (select auth.uid()) and status in ('received', 'withdrawn'))
              or private.commissions_consultation(consultation_id));

-- public.needs_statements -------------------------------------------------------------------------------------

alter policy "anyone reads agreed statements of consultations that are not drafts" on public.needs_statements
  rename to "visitors read agreed statements of consultations not in draft";
alter policy "visitors read agreed statements of consultations not in draft" on public.needs_statements to anon;
drop policy "commissioners read every statement of their consultations" on public.needs_statements;
create policy "signed-in people read the statements they may see" on public.needs_statements
  for select to authenticated
  using ((status = 'agreed'
          and exists (select 1 from public.consultations c
                       where c.id = needs_statements.consultation_id and c.status <> 'draft'))
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));

-- public.organisations ----------------------------------------------------------------------------------------

drop policy "people with an account register community groups they found" on public.organisations;
drop policy "platform admins register organisations" on public.organisations;
create policy "founders register community groups and platform admins any" on public.organisations
  for insert to authenticated
  with check ((kind = 'community_group' and created_by = (select auth.uid()) and private.has_account())
              or private.is_platform_admin());

drop policy "commissioners verify community groups" on public.organisations;
drop policy "organisation admins edit their organisation" on public.organisations;
drop policy "platform admins edit organisations" on public.organisations;
create policy "commissioners verify groups and admins edit organisations" on public.organisations
  for update to authenticated
  using ((kind = 'community_group' and private.is_commissioner()) or private.is_org_admin(id) or private.is_platform_admin())
  with check ((kind = 'community_group' and private.is_commissioner()) or private.is_org_admin(id)
              or private.is_platform_admin());

-- public.proposal_messages ------------------------------------------------------------------------------------

alter policy "anyone reads messages made public on proposals they can see" on public.proposal_messages
  rename to "visitors read messages made public on proposals they can see";
alter policy "visitors read messages made public on proposals they can see" on public.proposal_messages to anon;
drop policy "the proposal's group and commissioners read its messages" on public.proposal_messages;
create policy "signed-in people read the proposal messages they may see" on public.proposal_messages
  for select to authenticated
  using ((proposal_messages.public
          and exists (select 1 from public.proposals p where p.id = proposal_messages.proposal_id))
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or private.belongs_to_proposal_group(proposal_id));

drop policy "commissioners ask questions on proposals made to their consultations" on public.proposal_messages;
drop policy "group members answer questions on their proposals" on public.proposal_messages;
create policy "commissioners ask and group members answer questions" on public.proposal_messages
  for insert to authenticated
  with check ((kind = 'question' and author_id = (select auth.uid())
               and private.commissions_consultation(consultation_id)
               and private.is_commissioner_of(author_organisation_id)
               and exists (select 1 from public.proposals p
                            where p.id = proposal_messages.proposal_id and p.status <> 'draft'))
              or (kind = 'answer' and author_id = (select auth.uid()) and not proposal_messages.public
                  and private.belongs_to_proposal_group(proposal_id)
                  and author_organisation_id = (select p.organisation_id from public.proposals p
                                                 where p.id = proposal_messages.proposal_id)));

-- public.proposals --------------------------------------------------------------------------------------------

alter policy "anyone reads submitted proposals of consultations that are not drafts" on public.proposals
  rename to "visitors read submitted proposals of consultations not in draft";
alter policy "visitors read submitted proposals of consultations not in draft" on public.proposals to anon;
drop policy "commissioners read proposals made to their consultations" on public.proposals;
drop policy "group members read their group's proposals" on public.proposals;
create policy "signed-in people read the proposals they may see" on public.proposals
  for select to authenticated
  using ((status in ('submitted', 'under_review')
          and exists (select 1 from public.consultations c
                       where c.id = proposals.consultation_id and c.status <> 'draft'))
         or (status <> 'draft' and consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]))
         or organisation_id = any ((select private.member_organisation_ids())::uuid[]));

drop policy "commissioners review proposals made to their consultations" on public.proposals;
drop policy "group admins edit their proposals until reviewed" on public.proposals;
create policy "commissioners review proposals and group admins edit theirs" on public.proposals
  for update to authenticated
  using ((status in ('submitted', 'under_review') and private.commissions_consultation(consultation_id))
         or (private.is_group_admin(organisation_id) and status in ('draft', 'submitted', 'under_review')))
  with check ((status in ('submitted', 'under_review') and private.commissions_consultation(consultation_id))
              or (private.is_group_admin(organisation_id) and status in ('draft', 'submitted', 'withdrawn')));
