-- The likely-duplicate key of 20261126006000 ran a regular expression over every need's text, on every insert
-- and again for each imported row checked: measured, as costly as the full-text vector itself. Lower-casing
-- alone keeps what it is for (the same words typed again, whatever the case) at a quarter of the cost.

create or replace function private.need_text_key(title text, description text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select md5(lower(btrim(title) || ' ' || btrim(description)))
$$;
comment on function private.need_text_key(text, text) is
  'The words of a need (title and description) without case, hashed: equal keys are likely duplicates.';

reindex index public.needs_text_key_idx;
