-- Counting a consultation's needs as a reader (the public list's "N needs", the explorer's total) checks
-- every need against the row-level security policies, which read author_id and organisation_id as well as
-- consultation_id and status. With those two in the (consultation_id, status, created_at) index, Postgres
-- counts from the index alone instead of visiting every row (about half the time over 100,000 needs).
create index needs_consultation_status_created_visible_idx on public.needs (consultation_id, status, created_at desc)
  include (author_id, organisation_id);
drop index public.needs_consultation_status_created_idx;
