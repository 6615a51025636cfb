-- A draft's meaning, kept with its words: the "what is the need" step embeds the title and description once,
-- when they are saved, and "Is it one of these?" reads the vector back instead of running the sentence model
-- again on each view (a resident comes back to it after each "me too").

alter table private.need_drafts
  add column meaning bytea check (octet_length(meaning) between 1 and 4096),
  add column meaning_of text check (char_length(meaning_of) between 1 and 200),
  add constraint need_drafts_meaning_complete check ((meaning is null) = (meaning_of is null));

comment on column private.need_drafts.meaning is
  'The meaning vector of the draft''s title and description (one signed byte per number, as public.need_vectors.vector), or null before it is computed.';
comment on column private.need_drafts.meaning_of is
  'What the meaning vector was computed from: the model and a SHA-256 of the text. A vector whose words or model have changed since is not used.';
