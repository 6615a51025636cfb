-- Grouping in the commissioners' workspace (issue 7): a run keeps the engine's suggestion as it was, one run at
-- a time per consultation, and the database (not the page) records who built or changed a group.

-- A run's suggested groups are edited in place by commissioners (accepted, renamed, merged, split), so the
-- engine's own answer is kept beside them: the history a later reader compares the final groups with.
alter table public.grouping_runs
  add column suggestion jsonb check (suggestion is null or jsonb_typeof(suggestion) = 'object');
comment on column public.grouping_runs.suggestion is
  'The engine''s answer as it was, written once when the run is done: {"groups": [{"group", "terms", "size", "need_ids", "representative_ids"}], "ungrouped": n}.';

-- Two commissioners pressing "Suggest groups" at once (or two app instances) start one run, not two.
create unique index grouping_runs_one_active_idx on public.grouping_runs (consultation_id)
  where status in ('queued', 'running');
comment on index public.grouping_runs_one_active_idx is 'At most one queued or running grouping run per consultation.';

-- Who made a group and who linked a need to one: the request's own user, whatever the app sends.
create function private.stamp_group_author() returns trigger
language plpgsql set search_path = '' as $$
begin
  if auth.role() = 'authenticated' then
    if tg_table_name = 'need_groups' then
      new.created_by := auth.uid();
    else
      new.added_by := auth.uid();
    end if;
  end if;
  return new;
end
$$;
comment on function private.stamp_group_author() is
  'A person''s insert into need_groups or need_group_members names them as created_by / added_by; jobs (service role) leave them as given.';
create trigger need_groups_stamp_author before insert on public.need_groups
  for each row execute function private.stamp_group_author();
create trigger need_group_members_stamp_author before insert on public.need_group_members
  for each row execute function private.stamp_group_author();
revoke all on function private.stamp_group_author() from public;
grant execute on function private.stamp_group_author() to authenticated, service_role;
