-- A request could insert any action with any details for its organisation, so the log said what a member
-- claimed. Now only triggers and owner-rights functions write it; the app records an action through
-- private.record_audit, which takes the actor from the session and accepts only the actions the app performs.
drop policy "people record their own actions in the audit log" on private.audit_log;
revoke insert, update, delete, truncate on private.audit_log from anon, authenticated, service_role, groundswell_app;
revoke usage on sequence private.audit_log_id_seq from anon, authenticated, service_role, groundswell_app;

create function private.record_audit(
  action text,
  organisation_id uuid,
  consultation_id uuid default null,
  subject_table text default null,
  subject_id text default null,
  details jsonb default '{}',
  ip inet default null
) returns void
language plpgsql volatile security definer set search_path = '' as $$
#variable_conflict use_variable
declare
  actor_role text := auth.role();
  owner_id uuid;
begin
  if actor_role is null or actor_role not in ('authenticated', 'service_role') then
    raise exception 'only a signed-in person or a background job records actions' using errcode = 'insufficient_privilege';
  end if;
  if not (action = any (array[
            'brief.published',
            'comment.hidden', 'comment.published', 'comment.redacted',
            'consultation.created', 'consultation.status_changed', 'consultation.updated',
            'flag.dismissed',
            'group.accepted', 'group.created', 'group.deleted', 'group.merged', 'group.needs_added',
            'group.needs_moved', 'group.needs_removed', 'group.rejected', 'group.renamed', 'group.split',
            'grouping.completed', 'grouping.started',
            'import.completed', 'import.started',
            'need.assisted_entry', 'need.hidden', 'need.published', 'need.redacted',
            'platform_admin.granted_from_config',
            'retention.personal_data_erased',
            'statement.agreed', 'statement.created', 'statement.deleted', 'statement.reopened', 'statement.updated'])
          or action ~ '^export\.(needs|groups|statements|briefs|open_data|public_needs|brief)_(csv|json|docx|md|print)$') then
    raise exception 'the audit log does not record "%"', action using errcode = 'check_violation';
  end if;
  if consultation_id is not null then
    select c.organisation_id into owner_id from public.consultations c where c.id = consultation_id;
    if owner_id is null or owner_id is distinct from coalesce(organisation_id, owner_id) then
      raise exception 'the consultation does not belong to that organisation' using errcode = 'check_violation';
    end if;
    organisation_id := owner_id;
  end if;
  -- Every action a person records through the app is an organisation's; only jobs record actions of none.
  if actor_role = 'authenticated'
     and (organisation_id is null or not (private.is_member_of(organisation_id) or private.is_platform_admin())) then
    raise exception 'only a member of the organisation records its actions' using errcode = 'insufficient_privilege';
  end if;
  insert into private.audit_log (actor_id, actor_role, organisation_id, consultation_id, action, subject_table,
                                 subject_id, details, ip)
  values (auth.uid(), actor_role, organisation_id, consultation_id, action, subject_table, subject_id,
          coalesce(details, '{}'), ip);
end
$$;
comment on function private.record_audit(text, uuid, uuid, text, text, jsonb, inet) is
  'Records one of the app''s own actions for the organisation acting (the owner of the consultation, when one is named), with the session''s person and role as actor. Refuses actions the app does not perform, and for a person an organisation they are not a member of (or none).';
revoke all on function private.record_audit(text, uuid, uuid, text, text, jsonb, inet) from public;
grant execute on function private.record_audit(text, uuid, uuid, text, text, jsonb, inet) to authenticated, service_role;
