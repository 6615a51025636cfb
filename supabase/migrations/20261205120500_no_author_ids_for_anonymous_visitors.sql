-- The authors of published needs and comments are residents' user ids: an anonymous visitor could follow
-- one person from need to need and comment to comment. The public pages no longer read them as anon (the
-- need page compares the author only for a signed-in asker; statement evidence counts people through
-- private.statement_people), so anon loses them like the staff ids before.
revoke select (author_id) on public.needs from anon;
revoke select (author_id) on public.comments from anon;
