-- "Is it one of these?" is worked out once for a draft's words: saving "What is the need?" finds the needs
-- alike (to decide whether to show the step at all) and keeps their list with the draft, and the step then
-- reads those needs back, with their support counts as they are now, instead of searching again. A list is
-- kept for 15 minutes (the app decides): a resident coming back later, or with changed words, is searched
-- for afresh.

alter table private.need_drafts
  add column suggestions jsonb check (jsonb_typeof(suggestions) = 'array' and octet_length(suggestions::text) <= 8192),
  add column suggested_for text check (char_length(suggested_for) between 1 and 200),
  add column suggested_at timestamptz,
  add constraint need_drafts_suggestions_complete check (
    (suggestions is null) = (suggested_for is null) and (suggestions is null) = (suggested_at is null));

comment on column private.need_drafts.suggestions is
  'The published needs "Is it one of these?" offered for the draft''s words, best first: [{"reference": the need''s reference, "score": likeness}]; null before it is worked out.';
comment on column private.need_drafts.suggested_for is
  'What the suggestions were worked out for: a SHA-256 of the title, description, page language and how many were asked for.';
comment on column private.need_drafts.suggested_at is 'When the suggestions were worked out: the app reads them back for 15 minutes.';
