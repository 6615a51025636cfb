-- The app keeps the public pages a visitor without a session sees (the home page, a consultation's page and its
-- list of needs) rendered for a few seconds (app/server/page-cache.server.ts). So that a change shows at once,
-- every statement that changes what those pages read announces it: NOTIFY is sent when the transaction commits
-- (never for one rolled back), and Postgres folds a transaction's identical notifications into one. The
-- payload is empty: any change empties the cache, which is cheap and cannot miss a page.
create function private.announce_public_page_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('groundswell_public_pages', '');
  return null;
end;
$$;

create trigger announce_public_page_change after insert or update or delete or truncate on public.consultations
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.organisations
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.consultation_themes
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.consultation_areas
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.needs
  for each statement execute function private.announce_public_page_change();
