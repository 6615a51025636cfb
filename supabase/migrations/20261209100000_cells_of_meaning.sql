-- Cells of meaning: an approximate nearest-neighbour index over each large consultation's meaning sketches,
-- so "Is it one of these?" and the duplicate check read a few thousand sketches, not every one.
--
-- Until now the needs nearest a draft were found by comparing its sketch with every sketch of the
-- consultation: 70 ms at 200,000 needs, about 370 ms at a million, on every draft. Portable on purpose, like
-- the vectors (migration 20261206090000): no pgvector, one code path for the embedded server, Debian's and
-- Supabase's. The index is an inverted file (the scheme of pgvector's ivfflat and FAISS's IVF) on the sketches:
-- the background meaning job (app/features/needs/meaning-cells.server.ts) splits a consultation of 20,000 or
-- more vectors into about √n cells around centres found by k-means on a sample, each centre itself a sketch;
-- every vector records the cell of its nearest centre (a trigger places each new one); a search reads only
-- the vectors of the cells whose centres are nearest the probe, and any not yet placed. When the consultation
-- has grown fourfold the job trains new centres, numbered after the old, and places every vector again a
-- batch at a time; until a vector is placed anew it is read by every search, so nothing is ever missed.

create table private.meaning_cells (
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  cell integer not null check (cell >= 0),
  centre bit(512) not null,
  trained_on integer not null check (trained_on > 0),
  trained_at timestamptz not null default now(),
  primary key (consultation_id, cell)
);
comment on table private.meaning_cells is
  'The centres of the cells a large consultation''s meaning sketches are split into, for the nearest-needs search. Written by the meaning job only.';
comment on column private.meaning_cells.trained_on is 'How many vectors the consultation had when these centres were found.';
alter table private.meaning_cells enable row level security;
revoke all on private.meaning_cells from anon, authenticated;
grant select, insert, update, delete on private.meaning_cells to service_role;

alter table public.need_vectors add column cell integer;
comment on column public.need_vectors.cell is
  'The cell of the nearest centre in private.meaning_cells; null, or below the consultation''s current cells, until placed.';
-- A cell's sketches lie together in this index and a search reads them from it alone (an index-only scan): read
-- from the table instead, the 60,000 rows of 32 cells at a million needs took 350 ms, from the index 18 ms.
create index need_vectors_cell_idx on public.need_vectors (consultation_id, cell) include (need_id, sketch);
drop index public.need_vectors_consultation_idx;

-- How many of a consultation's k cells a search reads: at least 24, and a thirty-second of them beyond 768.
-- Measured on 14,045 real reports (docs/understanding.md): recall of the ten nearest about 0.9 or better.
create function private.meaning_cells_searched(cells bigint) returns integer
language sql immutable set search_path = '' as $$
  select least(cells, greatest(24, ceil(cells / 32.0)))::integer
$$;
comment on function private.meaning_cells_searched(bigint) is
  'How many of a consultation''s cells of meaning a nearest-needs search reads.';

-- The cells to read for a probe (nearest centres first) and the first cell of the current set: vectors with a
-- lower cell, or none, are not yet placed and are read by every search.
create function private.meaning_cells_near(consultation uuid, probe bit(512), out near integer[], out first_cell integer)
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(cell), '{}'), coalesce(min(first_cell), 0)
    from (select c.cell, min(c.cell) over () as first_cell
            from private.meaning_cells c
           where c.consultation_id = meaning_cells_near.consultation
           order by bit_count(c.centre # meaning_cells_near.probe), c.cell
           limit (select private.meaning_cells_searched(count(*))
                    from private.meaning_cells k where k.consultation_id = meaning_cells_near.consultation)) searched
$$;
comment on function private.meaning_cells_near(uuid, bit) is
  'The cells of meaning a nearest-needs search of the consultation reads for the probe, and the first cell of its current set.';
revoke execute on function private.meaning_cells_near(uuid, bit) from public, anon, authenticated;
grant execute on function private.meaning_cells_near(uuid, bit) to service_role;

-- The vectors nearest the probe among those a search of the consultation reads (its nearest cells, and any
-- vector not yet placed), nearest first. Searches as its owner; callers keep what row-level security lets
-- them read.
create function private.meaning_candidates(consultation uuid, probe bit(512), how_many integer)
returns table (need_id uuid, distance integer)
language plpgsql stable security definer set search_path = ''
-- One process reads the few cells faster than three: workers take longer to start than the scan, and
-- twenty residents at once already share the cores.
set max_parallel_workers_per_gather = 0 as $$
declare
  cells record;
begin
  select * into cells from private.meaning_cells_near(consultation, probe);
  return query
    select c.need_id, c.distance
      from (select v.need_id, bit_count(v.sketch # probe)::integer as distance
              from public.need_vectors v
             where v.consultation_id = consultation and v.cell = any(cells.near)
            union all
            select v.need_id, bit_count(v.sketch # probe)::integer
              from public.need_vectors v
             where v.consultation_id = consultation and (v.cell is null or v.cell < cells.first_cell)) c
     order by c.distance, c.need_id
     limit least(greatest(how_many, 1), 3000);
end
$$;
comment on function private.meaning_candidates(uuid, bit, integer) is
  'The need vectors nearest the probe (Hamming distance) among those a search of the consultation reads: its nearest cells of meaning and any vector not yet placed; at most 3,000.';
revoke execute on function private.meaning_candidates(uuid, bit, integer) from public, anon, authenticated;
grant execute on function private.meaning_candidates(uuid, bit, integer) to service_role;

create or replace function private.nearest_published_need_ids(consultation uuid, probe bit(512), how_many integer)
returns setof uuid
language sql stable security definer set search_path = '' as $$
  -- The nearest sketches first, from the index entries of the nearest cells alone, then only the published
  -- among them.
  select nearest.need_id
    from private.meaning_candidates(nearest_published_need_ids.consultation, nearest_published_need_ids.probe,
                                    3 * least(greatest(how_many, 1), 1000)) nearest
    join public.needs n on n.id = nearest.need_id
   where n.status = 'published'
   order by nearest.distance, nearest.need_id
   limit least(greatest(how_many, 1), 1000)
$$;
comment on function private.nearest_published_need_ids(uuid, bit, integer) is
  'Published needs of a consultation whose meaning sketches are nearest the probe (Hamming distance), nearest first, found among the 3 × how_many nearest in its nearest cells of meaning; at most 1,000.';

-- Earlier needs of the consultation nearest in meaning to a need, for the duplicate check as vectors are
-- stored (app/features/needs/need-meaning.server.ts).
create function private.nearest_earlier_need_ids(need uuid, how_many integer)
returns table (need_id uuid, reference text, vector bytea)
language sql stable security definer set search_path = '' as $$
  select n.id, n.reference, v.vector
    from public.need_vectors b
    join public.needs bn on bn.id = b.need_id
   cross join lateral private.meaning_candidates(b.consultation_id, b.sketch, 3 * least(greatest(how_many, 1), 100) + 1) near
    join public.needs n on n.id = near.need_id
    join public.need_vectors v on v.need_id = near.need_id
   where b.need_id = nearest_earlier_need_ids.need and near.need_id <> b.need_id
     and n.status in ('received', 'published') and (n.created_at, n.id) < (bn.created_at, bn.id)
   order by near.distance, near.need_id
   limit least(greatest(how_many, 1), 100)
$$;
comment on function private.nearest_earlier_need_ids(uuid, integer) is
  'Needs posted before the given one in its consultation whose meaning sketches are nearest its own, nearest first; at most 100.';
revoke execute on function private.nearest_earlier_need_ids(uuid, integer) from public, anon, authenticated;
grant execute on function private.nearest_earlier_need_ids(uuid, integer) to service_role;

-- Each vector stored in a consultation with cells goes to the cell of its nearest centre.
create function private.place_need_vector() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  new.cell := (select c.cell from private.meaning_cells c
                where c.consultation_id = new.consultation_id
                order by bit_count(c.centre # new.sketch), c.cell
                limit 1);
  return new;
end
$$;
comment on function private.place_need_vector() is
  'Places a stored meaning vector in the cell of its nearest centre, when its consultation has cells.';
revoke execute on function private.place_need_vector() from public, anon, authenticated;
create trigger need_vector_placed before insert or update of sketch, consultation_id on public.need_vectors
  for each row execute function private.place_need_vector();
