-- Every public page is now shared between visitors (app/server/shared-pages.server.ts): needs with their
-- comments and status trail, needs statements, community groups, proposals and published briefs. So every
-- table in the public schema announces its changes as 20261127090000 made the first five do, except the two
-- no public page reads, whose writes come in long runs (a grouping run's progress, the meaning vectors a
-- backfill writes) and would empty the pages for nothing. tests/db/schema-invariants checks that a new table
-- is not forgotten.
do $$
declare
  name text;
begin
  for name in
    select c.relname
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public'
       and c.relkind in ('r', 'p')
       and not c.relispartition
       and c.relname not in ('grouping_runs', 'need_vectors')
       and not exists (
         select 1 from pg_trigger t
          where t.tgrelid = c.oid and t.tgname = 'announce_public_page_change')
  loop
    execute format(
      'create trigger announce_public_page_change after insert or update or delete or truncate on public.%I '
      'for each statement execute function private.announce_public_page_change()', name);
  end loop;
end;
$$;
