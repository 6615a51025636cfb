// The job's side of the cells of meaning (migration 20261209100000, meaning-cells.ts): after the meaning job
// has stored vectors, any consultation with CELLS_FROM vectors and no cells, or four times the vectors its
// cells were found on, gets new centres, and every vector not yet in a current cell is placed, a batch per
// transaction. Both steps find their work by asking the database, so a job cut short leaves the rest for the
// next; until a vector is placed every search reads it.
import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";
import { cellCountFor, sketchBits, sketchWords, trainCentres } from "./meaning-cells";

/** Below this many vectors a consultation is searched whole: a few milliseconds. */
export const CELLS_FROM = 20_000;
/** New centres once the consultation has this many times the vectors its cells were found on. */
const GROWTH = 4;
/** Sketches k-means learns from, per cell. */
const SAMPLE_PER_CELL = 20;
/** Vectors placed per transaction. */
const PLACED_PER_BATCH = 2_000;

export interface CellWork {
  /** Consultations given new centres. */
  trained: number;
  /** Vectors placed in a cell. */
  placed: number;
}

/** Finds new centres for the consultations that need them, then places every vector not in a current cell. */
export async function placeMeaningCells(
  db: Db,
  {
    from = CELLS_FROM,
    onProgress,
  }: { from?: number; onProgress?: (step: string) => Promise<void> | void } = {},
): Promise<CellWork> {
  const due = await asService(db, (tx) =>
    sql<{ consultation_id: string; vectors: number; cells: number }>`
      select v.consultation_id, count(*)::int as vectors, coalesce(max(s.cells), 0)::int as cells
        from public.need_vectors v
        left join (select consultation_id, count(*) as cells, max(trained_on) as trained_on
                     from private.meaning_cells group by consultation_id) s using (consultation_id)
       group by v.consultation_id
      having count(*) >= ${from} and count(*) >= ${GROWTH} * coalesce(max(s.trained_on), 0)`.execute(tx),
  );
  let trained = 0;
  for (const { consultation_id: consultationId, vectors } of due.rows) {
    await onProgress?.(`finding cells of meaning for ${vectors.toLocaleString("en-GB")} needs`);
    await trainCells(db, consultationId, vectors);
    trained++;
  }
  let placed = 0;
  for (;;) {
    const count = await asService(db, async (tx) => {
      const result = await sql`
        with waiting as (
          select v.need_id
            from private.meaning_cells s
            join public.need_vectors v on v.consultation_id = s.consultation_id
           where s.cell = (select min(f.cell) from private.meaning_cells f where f.consultation_id = s.consultation_id)
             and (v.cell is null or v.cell < s.cell)
           limit ${PLACED_PER_BATCH}
             for update of v skip locked)
        update public.need_vectors v
           set cell = (select c.cell from private.meaning_cells c
                        where c.consultation_id = v.consultation_id
                        order by bit_count(c.centre # v.sketch), c.cell
                        limit 1)
          from waiting
         where v.need_id = waiting.need_id`.execute(tx);
      return Number(result.numAffectedRows ?? 0);
    });
    if (count === 0) break;
    placed += count;
    await onProgress?.(`placed ${placed.toLocaleString("en-GB")} needs in cells of meaning`);
  }
  return { trained, placed };
}

/** New centres for a consultation, numbered after its current cells, which they replace in one transaction. */
async function trainCells(db: Db, consultationId: string, vectors: number): Promise<void> {
  const cells = cellCountFor(vectors);
  const sampleSize = Math.min(vectors, cells * SAMPLE_PER_CELL);
  // A fixed sample for the same needs: the hash of each id, not random().
  const share = Math.min(1, (sampleSize * 1.1) / vectors);
  const { rows } = await asService(db, (tx) =>
    sql<{ sketch: string }>`
      select v.sketch::text as sketch
        from public.need_vectors v
       where v.consultation_id = ${consultationId}
         and (hashtext(v.need_id::text) & 1048575) < ${Math.ceil(share * 1_048_576)}
       limit ${sampleSize}`.execute(tx),
  );
  const sample = new Uint32Array(rows.length * 16);
  rows.forEach((row, i) => sample.set(sketchWords(row.sketch), i * 16));
  const centres = await trainCentres(sample, cells);
  await asService(db, async (tx) => {
    const { rows: current } = await sql<{ next: number }>`
      select coalesce(max(cell) + 1, 0)::int as next from private.meaning_cells
       where consultation_id = ${consultationId}`.execute(tx);
    const first = current[0]?.next ?? 0;
    const count = centres.length / 16;
    await sql`delete from private.meaning_cells where consultation_id = ${consultationId}`.execute(tx);
    await sql`
      insert into private.meaning_cells (consultation_id, cell, centre, trained_on)
      select ${consultationId}, ${first} + i - 1, centre::bit(512), ${vectors}
        from unnest(${Array.from({ length: count }, (_, c) => sketchBits(centres.subarray(c * 16, c * 16 + 16)))}::text[])
             with ordinality as t(centre, i)`.execute(tx);
  });
}
