-- A consultation's public list of needs said "N needs" by counting its published needs under row-level
-- security: every one of them, read from the table, on each rendering of the page (660 ms at 1,000,000 needs).
-- Shared pages hid that from most visitors, but each rendering paid it, and residents with a session get
-- renderings of their own. The running tallies (migration 20261127090100) already hold the number.
--
-- Anyone may see every published need of a consultation that is not a draft (the policies "visitors read
-- published needs of consultations not in draft" and "signed-in people read the needs they may see"), so the
-- count of them is no secret from anyone: the function answers for those consultations and null for a draft,
-- whose needs only its commissioners see (the caller then counts under row-level security as before).
create function private.published_need_count(consultation uuid, of_theme uuid default null,
                                             of_area uuid default null) returns integer
language sql stable security definer set search_path = '' as $$
  select case when exists (select 1 from public.consultations c where c.id = consultation and c.status <> 'draft') then
    (select coalesce(sum(t.needs), 0)::int from private.need_tallies t
      where t.consultation_id = consultation and t.status = 'published'
        and (of_theme is null or t.theme_id = of_theme)
        and (of_area is null or t.area_id = of_area))
  end
$$;
comment on function private.published_need_count(uuid, uuid, uuid) is
  'How many published needs a consultation that is not a draft has (in a theme, an area), from the running tallies; null for a draft.';
revoke all on function private.published_need_count(uuid, uuid, uuid) from public;
grant execute on function private.published_need_count(uuid, uuid, uuid) to anon, authenticated, service_role;
