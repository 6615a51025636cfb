-- Privacy over time (issue 11): residents' contact emails and private photos are kept only for a set time
-- after a consultation is reported. The app's retention job (app/models/retention.server.ts) erases them;
-- this migration records when each consultation was reported, which the job counts from.

alter table public.consultations add column reported_at timestamptz;
comment on column public.consultations.reported_at is
  'When the consultation moved to reported (set by a trigger); personal data is erased a set time after.';

create function private.stamp_reported_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status = 'reported' and (tg_op = 'INSERT' or old.status is distinct from 'reported') then
    new.reported_at := coalesce(new.reported_at, now());
  elsif new.status <> 'reported' then
    new.reported_at := null;
  end if;
  return new;
end
$$;
comment on function private.stamp_reported_at() is 'Keeps consultations.reported_at: when the status became reported.';

create trigger consultations_stamp_reported_at before insert or update of status on public.consultations
  for each row execute function private.stamp_reported_at();

-- Consultations already reported: the best record of when is their last status change in the audit log,
-- else their last update.
update public.consultations c
   set reported_at = coalesce(
     (select max(a.occurred_at) from private.audit_log a
       where a.consultation_id = c.id and a.action = 'consultation.status_changed'),
     c.updated_at)
 where c.status = 'reported' and c.reported_at is null;

create index consultations_reported_at_idx on public.consultations (reported_at) where reported_at is not null;
