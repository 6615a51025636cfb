-- When a consultation really stopped taking needs. closes_at is the plan; a commissioner may close it before
-- that date (or only after the date has passed), and the public page, the workspace and the API say when it
-- actually closed rather than the planned date, which may still be in the future.

alter table public.consultations add column closed_at timestamptz;
comment on column public.consultations.closed_at is
  'When the consultation stopped taking needs, set by a trigger as it moves from draft or open to closed, analysing or reported: that moment, or its planned close date (closes_at) when that came first. Null while draft or open (an open consultation whose close date has passed closed at closes_at); cleared when it reopens.';

-- The stamp is computed, never taken from the statement, so nobody can date a closure as they please; a
-- superuser repairing data sets closed_at in an update that leaves status alone.
create function private.stamp_closed_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status in ('draft', 'open') then
    new.closed_at := null;
  elsif tg_op = 'INSERT' or old.status in ('draft', 'open') then
    new.closed_at := least(now(), new.closes_at);
  end if;
  return new;
end
$$;
comment on function private.stamp_closed_at() is
  'Keeps consultations.closed_at: when it stopped taking needs (now, or closes_at if that passed first); null while draft or open.';
revoke all on function private.stamp_closed_at() from public;

create trigger consultations_stamp_closed_at before insert or update of status on public.consultations
  for each row execute function private.stamp_closed_at();

-- Consultations already past open: the latest move to closed in the audit log is when a commissioner closed
-- it, else (closed without a record, e.g. by a script) its last update; either way no later than its planned
-- close date, when it stopped taking needs anyway. The backfill is not an edit: updated_at and version stay.
alter table public.consultations disable trigger consultations_set_updated_at;
alter table public.consultations disable trigger consultations_bump_version;
update public.consultations c
   set closed_at = least(c.closes_at, coalesce(
     (select max(a.occurred_at) from private.audit_log a
       where a.consultation_id = c.id and a.action = 'consultation.status_changed'
         and a.details ->> 'to' = 'closed'),
     c.updated_at))
 where c.status in ('closed', 'analysing', 'reported');
alter table public.consultations enable trigger consultations_set_updated_at;
alter table public.consultations enable trigger consultations_bump_version;

-- Anonymous visitors hold column grants on consultations (20261205120400): this one is public.
grant select (closed_at) on public.consultations to anon;
