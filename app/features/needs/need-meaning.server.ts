// Every need's meaning as a vector (public.need_vectors, migration 20261206090000), made in the background: a
// "meaning" job embeds the needs that have no vector of the current model, a batch at a time, reporting
// progress and renewing its lease as it goes. It finds its work by asking which needs lack a vector, so it is
// resumable by nature: a job cut short leaves the rest for the next. Posting, editing and importing ask for
// the job at once; a poll every half minute catches needs that came any other way (a script, another
// instance). Welsh needs are not embedded (the model reads English): they are found by their words.
import { sql } from "kysely";
import { asService, type Db, type Tx } from "~/db/database.server";
import { kickWorker, type JobHandler } from "~/platform/jobs.server";
import {
  backgroundEmbedder,
  inProcessEmbedder,
  meaningProcesses,
  type Embedder,
} from "~/platform/meaning/embedders.server";
import { MEANING_MODEL, meaningText } from "~/platform/meaning/model.server";
import { placeMeaningCells } from "./meaning-cells.server";
import { cosine, packVector, sketchOf, unpackVector } from "~/platform/meaning/vectors";

export const MEANING_JOB = "meaning";
/** Needs read, embedded and stored per round. */
const BATCH = 128;
/** Rounds between looks at the cells of meaning: about 12,800 needs, five minutes of the model. */
const CELL_CHECK_ROUNDS = 100;
export const MEANING_POLL_MS = 30_000;

/** Needs that should have a vector of the current model and have none. */
const lacksMeaning = sql<boolean>`(n.status in ('received', 'published') and n.language is distinct from 'cy'
  and not exists (select 1 from public.need_vectors v where v.need_id = n.id and v.model = ${MEANING_MODEL}))`;

/** How many needs wait for their vector (of a consultation, or everywhere). */
export async function countNeedsAwaitingMeaning(tx: Tx, consultationId?: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from public.needs n
     where ${lacksMeaning} ${consultationId ? sql`and n.consultation_id = ${consultationId}` : sql``}`.execute(
    tx,
  );
  return rows[0]?.count ?? 0;
}

/**
 * Stores vectors for needs, each only if the need still has the words that were embedded (an edit in between
 * leaves it for the next round). Returns how many were stored.
 */
export async function storeNeedVectors(
  tx: Tx,
  items: { id: string; hash: string; vector: Float32Array }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const result = await sql`
    insert into public.need_vectors (need_id, consultation_id, model, sketch, vector)
    select n.id, n.consultation_id, ${MEANING_MODEL}, t.sketch::bit(512), t.vector
      from unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.hash)}::text[],
                  ${items.map((i) => sketchOf(i.vector))}::text[], ${items.map((i) => packVector(i.vector))}::bytea[])
           as t(id, hash, sketch, vector)
      join public.needs n on n.id = t.id and md5(n.title || E'\\n' || n.description) = t.hash
    on conflict (need_id) do update
       set consultation_id = excluded.consultation_id, model = excluded.model, sketch = excluded.sketch,
           vector = excluded.vector, embedded_at = now()`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Least likeness of meaning (cosine) at which a new need is flagged as a likely duplicate of an earlier one. */
export const DUPLICATE_LIKENESS = 0.88;

/**
 * Flags each of these newly embedded needs whose meaning is nearly that of an earlier need of its consultation
 * (the same ranking as "Is it one of these?": nearest sketches, then the exact cosine), for the moderation
 * queue: "Likely duplicate of GS-…". A need already flagged as a likely duplicate (the import flags the same
 * words) is left alone. Returns how many were flagged.
 */
export async function flagDuplicatesByMeaning(tx: Tx, needIds: string[]): Promise<number> {
  if (needIds.length === 0) return 0;
  const { rows } = await sql<{
    need_id: string;
    consultation_id: string;
    own: Buffer;
    other_reference: string;
    other: Buffer;
  }>`
    select b.need_id, b.consultation_id, b.vector as own, near.reference as other_reference, near.vector as other
      from public.need_vectors b
     cross join lateral private.nearest_earlier_need_ids(b.need_id, 3) near
     where b.need_id = any(${needIds}::uuid[])
       and not exists (select 1 from public.flags f
                        where f.need_id = b.need_id and f.details like 'Likely duplicate of %')`.execute(tx);
  const best = new Map<string, { consultationId: string; reference: string; likeness: number }>();
  for (const row of rows) {
    const likeness = cosine(unpackVector(row.own), unpackVector(row.other));
    if (likeness < DUPLICATE_LIKENESS) continue;
    const found = best.get(row.need_id);
    if (!found || likeness > found.likeness)
      best.set(row.need_id, {
        consultationId: row.consultation_id,
        reference: row.other_reference,
        likeness,
      });
  }
  if (best.size === 0) return 0;
  const flagged = [...best];
  await sql`
    insert into public.flags (consultation_id, need_id, reason, details)
    select c, n, 'other', d
      from unnest(${flagged.map(([, f]) => f.consultationId)}::uuid[], ${flagged.map(([id]) => id)}::uuid[],
                  ${flagged.map(([, f]) => `Likely duplicate of ${f.reference}: the same meaning (likeness ${f.likeness.toFixed(2)}).`)}::text[])
           as t(c, n, d)`.execute(tx);
  return flagged.length;
}

/**
 * Embeds every need that lacks a vector, a batch at a time in id order, and stores the vectors. Needs with
 * nothing the model can read (only emoji or punctuation) are passed over. Returns how many were stored.
 */
export async function embedWaitingNeeds(
  db: Db,
  {
    embedder = inProcessEmbedder,
    onProgress,
  }: { embedder?: Embedder; onProgress?: (done: number, total: number) => Promise<void> } = {},
): Promise<{ embedded: number; passedOver: number; flagged: number }> {
  const total = await asService(db, (tx) => countNeedsAwaitingMeaning(tx));
  let after = "00000000-0000-0000-0000-000000000000";
  let done = 0;
  let embedded = 0;
  let passedOver = 0;
  let flagged = 0;
  for (;;) {
    const { rows } = await asService(db, (tx) =>
      sql<{ id: string; title: string; description: string; hash: string }>`
        select n.id, n.title, n.description, md5(n.title || E'\\n' || n.description) as hash
          from public.needs n
         where n.id > ${after} and ${lacksMeaning}
         order by n.id
         limit ${BATCH}`.execute(tx),
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const readable = rows.flatMap((row) => {
      const text = meaningText(row.title, row.description);
      return text ? [{ ...row, text }] : [];
    });
    passedOver += rows.length - readable.length;
    const vectors = await embedder.embed(readable.map((row) => row.text));
    const stored = await asService(db, async (tx) => {
      const count = await storeNeedVectors(
        tx,
        readable.map((row, i) => ({ id: row.id, hash: row.hash, vector: vectors[i]! })),
      );
      flagged += await flagDuplicatesByMeaning(
        tx,
        readable.map((row) => row.id),
      );
      return count;
    });
    embedded += stored;
    done += rows.length;
    await onProgress?.(done, Math.max(total, done));
    // A consultation that grows by tens of thousands in one run (an import) gets its cells of meaning on the
    // way, not hours later when every need is embedded.
    if (done % (BATCH * CELL_CHECK_ROUNDS) < BATCH) await placeMeaningCells(db);
  }
  return { embedded, passedOver, flagged };
}

export const meaningJob: JobHandler = {
  kind: MEANING_JOB,
  async run(db, _job, progress) {
    const result = await embedWaitingNeeds(db, {
      embedder: backgroundEmbedder(),
      onProgress: (done, total) => progress(Math.min(0.95, done / total)),
    });
    // Then the index the nearest-needs searches read, for consultations that have grown large enough.
    const cells = await placeMeaningCells(db, { onProgress: () => progress(0.99) });
    return { ...result, cellsTrained: cells.trained, placedInCells: cells.placed, model: MEANING_MODEL };
  },
};

/** Queues a meaning job unless one is already waiting, and makes sure this process works through them. */
export async function requestMeaningWork(db: Db, log?: (line: string) => void): Promise<void> {
  await asService(db, (tx) =>
    sql`insert into private.jobs (kind, max_attempts)
        select ${MEANING_JOB}, 5
         where not exists (select 1 from private.jobs where kind = ${MEANING_JOB} and status = 'queued')`.execute(
      tx,
    ),
  );
  // An instance with MEANING_PROCESSES=0 only queues the work: an instance that embeds claims it.
  if (meaningProcesses() > 0) void kickWorker(db, meaningJob, log);
}

/**
 * Asks for the meaning job now (the backfill after an upgrade or a restore) and then whenever a need changed
 * since the last look lacks its vector. The timer never keeps the process alive.
 */
export function startMeaningWork({
  db,
  log = (line) => console.error(line),
  everyMs = MEANING_POLL_MS,
}: {
  db: Db;
  log?: (line: string) => void;
  everyMs?: number;
}): { stop(): void } {
  let since = new Date(0);
  // The first look always asks for the job: besides embedding, it places vectors restored or copied in
  // without cells (app/features/needs/meaning-cells.server.ts).
  let first = true;
  const look = async () => {
    const started = new Date(Date.now() - 5_000);
    const waiting = await asService(db, (tx) =>
      sql<{ waiting: boolean }>`
        select exists (select 1 from public.needs n where n.updated_at >= ${since} and ${lacksMeaning}) as waiting`.execute(
        tx,
      ),
    );
    since = started;
    if (waiting.rows[0]?.waiting || first) await requestMeaningWork(db, log);
    first = false;
  };
  const round = () =>
    look().catch((error: unknown) =>
      log(`meaning: ${error instanceof Error ? error.message : String(error)}`),
    );
  void round();
  const timer = setInterval(round, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
