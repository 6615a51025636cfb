-- A reported consultation's brief is published: the needs behind it are its evidence and must not change
-- after publication. The app refuses imports and assisted entry into it with a clear message; this trigger
-- makes the rule hold for every way a need could arrive (a script, a job that started before the report).
-- A restore writes rows with triggers off (session_replication_role = replica), so it is not refused.

create function private.refuse_needs_after_report() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.consultations where id = new.consultation_id and status = 'reported') then
    raise exception 'this consultation has reported: its brief is published, so no need can be added to it'
      using errcode = 'check_violation', constraint = 'needs_not_after_report';
  end if;
  return new;
end
$$;
comment on function private.refuse_needs_after_report() is
  'Refuses a need added to (or moved into) a consultation that has reported: the evidence under a published brief does not change.';
revoke execute on function private.refuse_needs_after_report() from public, anon, authenticated;

create trigger needs_not_after_report before insert or update of consultation_id on public.needs
  for each row execute function private.refuse_needs_after_report();
