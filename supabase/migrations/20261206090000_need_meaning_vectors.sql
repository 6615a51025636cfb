-- What a need means, as a vector, beside the need: a sentence-embedding model (app/platform/meaning) turns a
-- need's title and description into 512 numbers; needs that mean the same lie close together even when
-- they share no word. The app embeds each need once, in the background, after it is posted, edited or
-- imported, and stores the result here.
--
-- Portable on purpose: the embedded PostgreSQL has no pgvector, so the vector is plain bytea (512 signed
-- bytes, the unit vector scaled by 127) and beside it a 512-bit sketch (the sign of each number). Nearest
-- needs are found by the Hamming distance of sketches (bit_count of the XOR, PostgreSQL 14 and later), a scan
-- of narrow rows, and the few hundred found are then ranked by the exact cosine. One code path for the
-- embedded server, Debian's and Supabase's.
--
-- A vector is readable exactly when its need is (the policy asks public.needs, under the caller's own
-- row-level security). Only the service role writes: the background job, never a visitor. Editing a need's
-- words removes its vector in the same transaction, so a stale meaning is never used; the job then embeds it
-- again.

create table public.need_vectors (
  need_id uuid primary key references public.needs (id) on delete cascade,
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  model text not null check (char_length(model) between 1 and 100),
  sketch bit(512) not null,
  vector bytea not null check (octet_length(vector) = 512),
  embedded_at timestamptz not null default now()
) with (toast_tuple_target = 128);
-- The vector is read only for the few candidates being ranked: kept out of line, uncompressed, so the scan of
-- sketches reads narrow rows.
alter table public.need_vectors alter column vector set storage external;
create index need_vectors_consultation_idx on public.need_vectors (consultation_id);

comment on table public.need_vectors is
  'What each need means, as a sentence-embedding vector, for similar needs and grouping. Readable exactly when the need is.';
comment on column public.need_vectors.model is 'The model that made the vector; vectors of another model are made again.';
comment on column public.need_vectors.sketch is 'The sign of each of the vector''s numbers: nearest needs are found by Hamming distance first.';
comment on column public.need_vectors.vector is 'The unit vector, each number scaled by 127 and stored as a signed byte.';

alter table public.need_vectors enable row level security;
grant select on public.need_vectors to anon, authenticated;
grant select, insert, update, delete on public.need_vectors to service_role;
create policy "a need's vector is read by whoever reads the need" on public.need_vectors
  for select to anon, authenticated
  using (exists (select 1 from public.needs n where n.id = need_vectors.need_id));

create function private.forget_need_vector() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.need_vectors where need_id = new.id;
  return new;
end
$$;
comment on function private.forget_need_vector() is
  'Removes a need''s vector when its words (or its consultation) change, so the background job embeds the new words.';
revoke execute on function private.forget_need_vector() from public, anon, authenticated;
create trigger need_vector_forgotten_on_edit after update of title, description, consultation_id on public.needs
  for each row when (old.title is distinct from new.title or old.description is distinct from new.description
    or old.consultation_id is distinct from new.consultation_id)
  execute function private.forget_need_vector();

-- The published needs of a consultation nearest in meaning to a sketch, nearest first. Searches as its owner
-- and returns only published needs, which every visitor may read; the caller then reads the needs and their
-- vectors through row-level security.
create function private.nearest_published_need_ids(consultation uuid, probe bit(512), how_many integer)
returns setof uuid
language sql stable security definer set search_path = '' as $$
  -- The nearest sketches first, from the narrow vector rows alone (joining needs inside the scan costs four
  -- times as much), then only the published among them.
  select nearest.need_id
    from (select v.need_id, bit_count(v.sketch # nearest_published_need_ids.probe) as distance
            from public.need_vectors v
           where v.consultation_id = nearest_published_need_ids.consultation
           order by distance, v.need_id
           limit 3 * least(greatest(how_many, 1), 1000)) nearest
    join public.needs n on n.id = nearest.need_id
   where n.status = 'published'
   order by nearest.distance, nearest.need_id
   limit least(greatest(how_many, 1), 1000)
$$;
comment on function private.nearest_published_need_ids(uuid, bit, integer) is
  'Published needs of a consultation whose meaning sketches are nearest the probe (Hamming distance), nearest first, found among the 3 × how_many nearest of all its needs; at most 1,000.';
revoke execute on function private.nearest_published_need_ids(uuid, bit, integer) from public;
grant execute on function private.nearest_published_need_ids(uuid, bit, integer) to anon, authenticated, service_role;

-- The app looks every half minute for needs changed since its last look that lack a vector (a need imported
-- by a script, or posted through another instance): this index keeps that look small.
create index needs_updated_at_idx on public.needs (updated_at);
