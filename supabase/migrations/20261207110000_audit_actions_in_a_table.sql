-- The actions the app may record were a list inside private.record_audit, so every feature that added one had
-- to replace the whole function, and two features landing together would each drop the other's. The list is
-- now a table: a feature's migration inserts the actions it performs, and the function only checks them.
create table private.audit_actions (
  action text primary key check (action ~ '^[a-z_]+\.[a-z_]+$')
);
comment on table private.audit_actions is
  'Every action the app records through private.record_audit (exports are matched by a pattern there instead). A feature adds its own in its migration.';
revoke all on private.audit_actions from public, anon, authenticated, service_role, groundswell_app;

insert into private.audit_actions (action) values
  ('brief.published'),
  ('comment.hidden'), ('comment.published'), ('comment.redacted'),
  ('consultation.created'), ('consultation.status_changed'), ('consultation.updated'),
  ('flag.dismissed'),
  ('group.accepted'), ('group.created'), ('group.deleted'), ('group.merged'), ('group.needs_added'),
  ('group.needs_moved'), ('group.needs_removed'), ('group.rejected'), ('group.renamed'), ('group.split'),
  ('grouping.completed'), ('grouping.started'),
  ('import.completed'), ('import.started'),
  ('need.assisted_entry'), ('need.hidden'), ('need.published'), ('need.redacted'),
  ('platform_admin.granted_from_config'),
  ('retention.personal_data_erased'),
  ('statement.agreed'), ('statement.created'), ('statement.deleted'), ('statement.reopened'), ('statement.updated');

create or replace function private.record_audit(
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
  if not (exists (select from private.audit_actions known where known.action = action)
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
-- Nobody reads it but the owner-rights function above.
alter table private.audit_actions enable row level security;
