-- The language a resident wrote a need or a comment in, so pages can mark it (lang="cy" on an English page,
-- lang="en" on a Welsh one) and emails about it can be written in it.
alter table public.needs add column language text check (language in ('en', 'cy'));
comment on column public.needs.language is
  'The language the title and description were written in: the page''s language (en or cy) when the resident posted or last edited the need. Null when not known (needs posted before this column, imported, entered by a commissioner).';
alter table public.comments add column language text check (language in ('en', 'cy'));
comment on column public.comments.language is
  'The language the comment was written in: the page''s language (en or cy) when it was posted. Null when not known.';

-- Residents set it when they post a need or a comment and when they edit their need; the policies already
-- say which rows they may write.
grant insert (language), update (language) on public.needs to authenticated;
grant insert (language) on public.comments to authenticated;
