-- A run groups the needs whose meaning is ready; the others, still waiting for the understanding job, are
-- counted so the page can say how much of the consultation the suggestions cover.
alter table public.grouping_runs
  add column waiting_count integer not null default 0 check (waiting_count >= 0);
comment on column public.grouping_runs.waiting_count is 'Published needs the run grouped by their words alone because their meaning was not yet computed (need_count counts every need grouped).';
