-- The commissioners' workspace (issue 6): consultation status moves only along its lifecycle, the
-- population of each affected group (so the dashboard can show who is missing), and the indexes the needs
-- explorer and the dashboard read 100,000 needs through.

-- The consultation lifecycle ----------------------------------------------------------------------------------

-- draft → open          publish the consultation (dates required: consultations_dated_unless_draft)
-- open → closed         stop taking needs (or the close date passes; status stays open until moved)
-- closed → open         reopen, e.g. after extending the close date
-- closed → analysing    commissioners group needs and write statements
-- analysing → reported  a brief is published
-- Nothing goes back to draft (residents may have posted), and a reported consultation stays reported.
create function private.consultation_transition_allowed(from_status text, to_status text) returns boolean
language sql immutable set search_path = '' as $$
  select from_status = to_status or (from_status, to_status) in (
    ('draft', 'open'), ('open', 'closed'), ('closed', 'open'), ('closed', 'analysing'), ('analysing', 'reported'))
$$;
comment on function private.consultation_transition_allowed(text, text) is
  'The consultation lifecycle: draft → open → closed → analysing → reported, and closed → open to reopen.';

-- Every request role (people, jobs, the service role) is held to the lifecycle; a superuser repairing data
-- at a psql prompt is not.
create function private.guard_consultation_status() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user in ('anon', 'authenticated', 'service_role')
     and not private.consultation_transition_allowed(old.status, new.status) then
    raise exception 'a consultation cannot move from % to %', old.status, new.status
      using errcode = 'GS010',
            hint = 'draft → open → closed → analysing → reported; a closed consultation may reopen.';
  end if;
  return new;
end
$$;
comment on function private.guard_consultation_status() is
  'Refuses a status change outside the consultation lifecycle (SQLSTATE GS010).';
create trigger consultations_guard_status before update of status on public.consultations
  for each row execute function private.guard_consultation_status();

revoke all on function private.consultation_transition_allowed(text, text), private.guard_consultation_status() from public;
grant execute on function private.consultation_transition_allowed(text, text) to authenticated, service_role;

-- Who is missing: populations of affected groups -----------------------------------------------------------------

create function private.valid_group_populations(populations jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(populations) = 'object'
     and coalesce((select bool_and(
           key in ('children_young_people', 'older_people', 'disabled_people', 'carers', 'low_income', 'everyone', 'other')
           and case when jsonb_typeof(value) = 'number'
                    then value::numeric between 0 and 100000000 and value::numeric = trunc(value::numeric)
                    else false end)
         from jsonb_each(populations)), true)
$$;
comment on function private.valid_group_populations(jsonb) is
  'An object from affected group (see the affected_groups domain) to a whole number of people.';
revoke all on function private.valid_group_populations(jsonb) from public;
grant execute on function private.valid_group_populations(jsonb) to anon, authenticated, service_role;

alter table public.consultations
  add column affected_group_populations jsonb not null default '{}'
    constraint consultations_group_populations_valid check (private.valid_group_populations(affected_group_populations));
comment on column public.consultations.affected_group_populations is
  'How many people of each affected group live in the consultation''s area, where the commissioner knows ({"older_people": 12000}): the dashboard compares voices heard with it.';
grant update (affected_group_populations) on public.consultations to authenticated;

-- Explorer and dashboard indexes --------------------------------------------------------------------------------

-- The explorer sorts a consultation's needs by date or by supports, with or without a status filter; the
-- existing (consultation_id, status, created_at) index serves the status-filtered newest-first view.
create index needs_consultation_created_idx on public.needs (consultation_id, created_at desc, id);
create index needs_consultation_supported_idx on public.needs (consultation_id, support_count desc, created_at desc, id);
create index needs_consultation_seriousness_idx on public.needs (consultation_id, seriousness desc nulls last, created_at desc, id);
-- Open flags per need, for the "flagged" filter and the moderation queue.
create index flags_open_need_idx on public.flags (need_id) where resolved_at is null and need_id is not null;
