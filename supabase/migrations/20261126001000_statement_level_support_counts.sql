-- Supports arrive in bulk (imports, the demo seed): count them once per statement, not once per row.
-- Each row-level update rewrote the need (and recomputed its search vector); a statement-level trigger
-- with a transition table updates each need once, however many supports the statement added.

create function private.count_supports_added() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.needs as need
     set support_count = need.support_count + added.count
    from (select need_id, count(*)::int as count from new_supports group by need_id) as added
   where need.id = added.need_id;
  return null;
end
$$;

create function private.count_supports_removed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.needs as need
     set support_count = greatest(need.support_count - removed.count, 0)
    from (select need_id, count(*)::int as count from old_supports group by need_id) as removed
   where need.id = removed.need_id;
  return null;
end
$$;

comment on function private.count_supports_added() is 'Keeps needs.support_count in step with supports (inserts).';
comment on function private.count_supports_removed() is 'Keeps needs.support_count in step with supports (deletes).';

drop trigger supports_count on public.supports;
drop function private.count_support();

create trigger supports_count_added after insert on public.supports
  referencing new table as new_supports
  for each statement execute function private.count_supports_added();
create trigger supports_count_removed after delete on public.supports
  referencing old table as old_supports
  for each statement execute function private.count_supports_removed();

revoke execute on function private.count_supports_added(), private.count_supports_removed() from public;
