-- Imports (issue 9): needs brought in from CSV and XLSX files. A commissioner uploads a file in the workspace,
-- maps its columns and its theme and area values, then a named background job ("import", run as the service
-- role) adds the needs in one transaction: a file either imports (rows with errors skipped and reported) or
-- changes nothing. The command line runs the same job on a file of any size without uploading it.

-- An upload and what became of it -----------------------------------------------------------------------------

create table private.imports (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  via text not null default 'upload' check (via in ('upload', 'command_line')),
  file_name text not null check (char_length(btrim(file_name)) between 1 and 300),
  file_size bigint not null check (file_size between 0 and 1099511627776),
  format text not null check (format in ('csv', 'xlsx')),
  encoding text check (encoding in ('utf-8', 'utf-8-bom', 'windows-1252')),
  delimiter text check (delimiter in (',', ';', e'\t', '|')),
  columns jsonb not null default '[]' check (jsonb_typeof(columns) = 'array'),
  preview jsonb not null default '[]' check (jsonb_typeof(preview) = 'array'),
  row_count integer check (row_count >= 0),
  mapping jsonb not null default '{}' check (jsonb_typeof(mapping) = 'object'),
  value_mapping jsonb not null default '{}' check (jsonb_typeof(value_mapping) = 'object'),
  publish boolean not null default false,
  status text not null default 'uploaded' check (status in ('uploaded', 'queued', 'running', 'done', 'refused', 'failed')),
  job_id uuid references private.jobs (id) on delete set null,
  imported integer check (imported >= 0),
  skipped integer check (skipped >= 0),
  duplicates integer check (duplicates >= 0),
  flagged integer check (flagged >= 0),
  report jsonb check (report is null or jsonb_typeof(report) = 'object'),
  error text check (char_length(error) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint imports_counts_when_done check (status <> 'done' or (imported is not null and skipped is not null and duplicates is not null))
);
comment on table private.imports is
  'A file of needs brought into a consultation, and what became of it (states: see status).';
comment on column private.imports.status is
  'uploaded: analysed, waiting for its columns and values to be mapped; queued: the commissioner started it, its job waits for a worker; running; done: counts and report set; refused: the file itself could not be imported (error says why; nothing changed); failed: the job broke (error says why; nothing changed).';
comment on column private.imports.via is 'upload: through the workspace (the file is kept in private.import_chunks until imported); command_line: `npm run import` (the file stayed on disk).';
comment on column private.imports.file_name is 'The file''s name as uploaded; also recorded on every need it brought in.';
comment on column private.imports.file_size is 'Size in bytes.';
comment on column private.imports.format is 'csv or xlsx, detected from the content (an XLSX file is a zip archive), not from the name.';
comment on column private.imports.encoding is 'CSV only: utf-8, utf-8-bom, or windows-1252 (chosen when the bytes are not valid UTF-8).';
comment on column private.imports.delimiter is 'CSV only: the separator found in the heading row.';
comment on column private.imports.columns is 'The heading row: [{name, values: [distinct values, at most 101], blank: rows without a value}], for mapping.';
comment on column private.imports.preview is 'The first rows as arrays of cell text, shown before mapping.';
comment on column private.imports.row_count is 'Data rows in the file (the heading row and empty rows not counted).';
comment on column private.imports.mapping is 'Which column feeds which field: {title: "Column name", description: …, external_id: …}.';
comment on column private.imports.value_mapping is 'What each theme and area value becomes: {theme: {"value": {"id": uuid} | {"create": "name"} | {"none": true}}, area: {…}}.';
comment on column private.imports.publish is 'Publish the imported needs at once (true) or put them in the moderation queue (false).';
comment on column private.imports.imported is 'Needs added.';
comment on column private.imports.skipped is 'Rows not imported because of an error in the row (see report).';
comment on column private.imports.duplicates is 'Rows not imported because the need is already there (same external id, in the consultation or earlier in the file).';
comment on column private.imports.flagged is 'Imported needs whose words match a need already there: flagged for a commissioner to review as likely duplicates.';
comment on column private.imports.report is 'What happened row by row: {problems: [{row, reason}] (the first 1,000), reasons: {reason: count}, flagged: [{row, reference, duplicate_of}]}.';
comment on column private.imports.error is 'Why the file was refused or the job failed; nothing was imported.';
comment on column private.imports.created_by is 'The commissioner who uploaded it; null for the command line.';

create index imports_consultation_idx on private.imports (consultation_id, created_at desc);
create index imports_job_idx on private.imports (job_id);
create index imports_created_by_idx on private.imports (created_by);
create trigger imports_set_updated_at before update on private.imports
  for each row execute function private.set_updated_at();

create table private.import_chunks (
  import_id uuid not null references private.imports (id) on delete cascade,
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  seq integer not null check (seq >= 0),
  data bytea not null check (octet_length(data) between 1 and 1048576),
  primary key (import_id, seq)
);
comment on table private.import_chunks is
  'An uploaded file, in pieces of at most 1 MiB read back in order, so that any app instance can run the import and none holds the whole file in memory. Deleted once the import has run.';
create index import_chunks_consultation_idx on private.import_chunks (consultation_id);

-- Likely duplicates --------------------------------------------------------------------------------------------

-- Two needs with the same words (case, spacing and punctuation aside) are likely the same need entered twice.
-- An index on this key finds them for a batch of 1,000 imported rows in one indexed lookup each, where a
-- trigram similarity search would compare each row with every need sharing a common word ("fly-tipping").
create function private.need_text_key(title text, description text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select md5(btrim(regexp_replace(lower(title || ' ' || description), '[^[:alnum:]]+', ' ', 'g')))
$$;
comment on function private.need_text_key(text, text) is
  'The words of a need (title and description) without case, spacing or punctuation, hashed: equal keys are likely duplicates.';
revoke all on function private.need_text_key(text, text) from public;
grant execute on function private.need_text_key(text, text) to anon, authenticated, service_role;

create index needs_text_key_idx on public.needs (consultation_id, private.need_text_key(title, description));

-- Assisted entry: how the commissioner or outreach worker met the resident -------------------------------------

alter table private.need_private_details
  add column assisted_channel text check (assisted_channel in ('in_person', 'phone')),
  add constraint need_private_details_assisted_with_consent check (
    assisted_channel is null or (assisted_consent is true and assisted_consent_at is not null));
comment on column private.need_private_details.assisted_channel is
  'For assisted entry: in_person (met face to face) or phone. Only with the resident''s consent recorded (assisted_by may later be unlinked when that account is deleted).';

-- Who may do what ------------------------------------------------------------------------------------------------

alter table private.imports enable row level security;
alter table private.import_chunks enable row level security;

grant select, insert, delete on private.imports to authenticated;
-- The commissioner's own request stores and analyses the upload, then maps and starts it.
grant update (file_size, format, encoding, delimiter, columns, preview, row_count, mapping, value_mapping, publish, status, job_id)
  on private.imports to authenticated;
grant select, insert, delete on private.import_chunks to authenticated;
grant select, insert, update, delete on private.imports, private.import_chunks to service_role;

create policy "commissioners follow the imports of their consultations" on private.imports
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners upload files to their consultations" on private.imports
  for insert to authenticated
  with check (created_by = (select auth.uid()) and via = 'upload' and status = 'uploaded'
              and private.commissions_consultation(consultation_id));
-- A commissioner maps an upload and starts it; the job (service role) does everything after.
create policy "commissioners map and start uploads to their consultations" on private.imports
  for update to authenticated
  using (status = 'uploaded' and private.commissions_consultation(consultation_id))
  with check (status in ('uploaded', 'queued') and private.commissions_consultation(consultation_id));
create policy "commissioners discard uploads that have not run" on private.imports
  for delete to authenticated
  using (status in ('uploaded', 'refused') and private.commissions_consultation(consultation_id));

create policy "commissioners read the files uploaded to their consultations" on private.import_chunks
  for select to authenticated using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners store the files they upload" on private.import_chunks
  for insert to authenticated
  with check (private.commissions_consultation(consultation_id)
              and exists (select 1 from private.imports i
                           where i.id = import_id and i.consultation_id = import_chunks.consultation_id
                             and i.status = 'uploaded'));
create policy "commissioners remove files uploaded to their consultations" on private.import_chunks
  for delete to authenticated using (private.commissions_consultation(consultation_id));
