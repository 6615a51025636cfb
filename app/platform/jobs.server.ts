// Background jobs (private.jobs), shared by every app instance: work too long for a request (imports, grouping
// runs). A worker claims one queued job of its kind with FOR UPDATE SKIP LOCKED, so two instances never take
// the same job, and holds it under a lease it renews while it reports progress; a job whose worker stopped
// renewing (the instance died) is claimed again by the next worker that looks. Jobs run as the service role.
import os from "node:os";
import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";

export const LEASE_SECONDS = 120;
/** A failed attempt is tried again after this long, until the job's max_attempts. */
const RETRY_SECONDS = 30;

/** This process, as it signs the jobs it holds. */
export const workerName = `${os.hostname()}:${process.pid}`;

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: JsonObject;
  attempts: number;
  max_attempts: number;
  consultation_id: string | null;
  created_by: string | null;
  /** The worker holding the lease. */
  worker: string;
}

/** The job lost its lease to another worker: stop, and write nothing more. */
export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`Another worker took over job ${jobId}`);
  }
}

/**
 * What a kind of job does. `run` returns the job's result, or throws to fail the attempt; `failed` lets the
 * kind record the failure on its own rows (`final` when no attempt is left).
 */
export interface JobHandler {
  kind: string;
  run(db: Db, job: ClaimedJob, progress: (fraction: number) => Promise<void>): Promise<JsonObject>;
  failed?(db: Db, job: ClaimedJob, message: string, final: boolean): Promise<void>;
}

/** Claims one job of this kind that is queued, or whose worker stopped renewing its lease. */
export async function claimJob(
  db: Db,
  { kind, jobId, worker = workerName }: { kind: string; jobId?: string; worker?: string },
): Promise<ClaimedJob | null> {
  return asService(db, async (tx) => {
    const { rows } = await sql<Omit<ClaimedJob, "worker">>`
      update private.jobs j
         set status = 'running', locked_by = ${worker}, locked_until = now() + make_interval(secs => ${LEASE_SECONDS}),
             attempts = j.attempts + 1, started_at = coalesce(j.started_at, now())
       where j.id = (
         select id from private.jobs
          where kind = ${kind}
            and ((status = 'queued' and run_after <= now()) or (status = 'running' and locked_until < now()))
            and attempts < max_attempts
            ${jobId ? sql`and id = ${jobId}::uuid` : sql``}
          order by created_at
          limit 1
          for update skip locked)
      returning j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.consultation_id, j.created_by`.execute(
      tx,
    );
    return rows[0] ? { ...rows[0], worker } : null;
  });
}

/** Records progress (0..1) and renews the lease; throws LeaseLost when another worker has taken the job. */
export async function reportJobProgress(db: Db, job: ClaimedJob, fraction: number): Promise<void> {
  const renewed = await asService(db, (tx) =>
    tx
      .updateTable("private.jobs")
      .set({
        progress: Math.max(0, Math.min(0.99, fraction)),
        locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      })
      .where("id", "=", job.id)
      .where("locked_by", "=", job.worker)
      .where("status", "=", "running")
      .returning("id")
      .executeTakeFirst(),
  );
  if (!renewed) throw new LeaseLost(job.id);
}

/** Ends an attempt: done (with its result), failed for good, or queued again for a later attempt. */
export async function finishJob(
  db: Db,
  jobId: string,
  values: { status: "done" | "failed" | "queued"; result?: JsonObject; error?: string },
) {
  await asService(db, (tx) =>
    tx
      .updateTable("private.jobs")
      .set({
        status: values.status,
        progress: values.status === "done" ? 1 : undefined,
        result: values.result ? JSON.stringify(values.result) : undefined,
        error: values.error?.slice(0, 10_000),
        locked_by: null,
        locked_until: null,
        run_after:
          values.status === "queued" ? sql`now() + make_interval(secs => ${RETRY_SECONDS})` : undefined,
        finished_at: values.status === "queued" ? undefined : sql`now()`,
      })
      .where("id", "=", jobId)
      .execute(),
  );
}

/** Runs one claimed job to its end: done, or failed (tried again later while attempts remain). */
export async function runClaimedJob(db: Db, handler: JobHandler, job: ClaimedJob): Promise<void> {
  try {
    const result = await handler.run(db, job, (fraction) => reportJobProgress(db, job, fraction));
    await finishJob(db, job.id, { status: "done", result });
  } catch (error) {
    // Another worker holds the job now: its outcome is theirs to record.
    if (error instanceof LeaseLost) return;
    const message = error instanceof Error ? error.message : String(error);
    const final = job.attempts >= job.max_attempts;
    await handler.failed?.(db, job, message, final);
    await finishJob(
      db,
      job.id,
      final ? { status: "failed", error: message } : { status: "queued", error: message },
    );
  }
}

/** Runs one job now, in this request (small work), if nobody else has claimed it. */
export async function runJobNow(db: Db, handler: JobHandler, jobId: string): Promise<void> {
  const job = await claimJob(db, { kind: handler.kind, jobId });
  if (job) await runClaimedJob(db, handler, job);
}

/**
 * Whether this process does background jobs: not with JOBS=off (a web instance that leaves them to the
 * instances that do, which find them by polling: see startJobPolling). Read when asked, as the server sets it.
 */
export function doesBackgroundJobs(): boolean {
  return process.env.JOBS !== "off";
}

const draining = new Map<string, Promise<void>>();

/**
 * Makes sure this process works through the queued jobs of one kind (one at a time). Called when a job is
 * queued and whenever someone looks at one that waits, so a job left by a stopped instance is picked up.
 */
export function kickWorker(
  db: Db,
  handler: JobHandler,
  log: (line: string) => void = (line) => console.error(line),
): Promise<void> {
  if (!doesBackgroundJobs()) return Promise.resolve();
  let running = draining.get(handler.kind);
  if (!running) {
    running = (async () => {
      try {
        for (
          let job = await claimJob(db, { kind: handler.kind });
          job;
          job = await claimJob(db, { kind: handler.kind })
        )
          await runClaimedJob(db, handler, job);
      } catch (error) {
        log(`${handler.kind} worker: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        draining.delete(handler.kind);
      }
    })();
    draining.set(handler.kind, running);
  }
  return running;
}

/** How often an instance that does background jobs looks for those queued by other instances. */
export const JOB_POLL_MS = 5_000;

/**
 * Looks every `everyMs` for jobs of these kinds that wait (queued by any instance, or left by a worker that
 * stopped) and works through them here: one small query a round, and a claim only for the kinds with work. So
 * an instance with JOBS=off can start a grouping run or an import that another instance then does. The timer
 * never keeps the process alive.
 */
export function startJobPolling({
  db,
  handlers,
  log = (line) => console.error(line),
  everyMs = JOB_POLL_MS,
}: {
  db: Db;
  handlers: JobHandler[];
  log?: (line: string) => void;
  everyMs?: number;
}): { stop(): void } {
  const byKind = new Map(handlers.map((handler) => [handler.kind, handler]));
  let looking = false;
  const round = async () => {
    if (looking) return;
    looking = true;
    try {
      const waiting = await asService(db, async (tx) => {
        const { rows } = await sql<{ kind: string }>`
          select distinct kind from private.jobs
           where kind = any(${[...byKind.keys()]}::text[])
             and ((status = 'queued' and run_after <= now()) or (status = 'running' and locked_until < now()))
             and attempts < max_attempts`.execute(tx);
        return rows.map((row) => row.kind);
      });
      for (const kind of waiting) void kickWorker(db, byKind.get(kind)!, log);
    } catch (error) {
      log(`job polling: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      looking = false;
    }
  };
  void round();
  const timer = setInterval(() => void round(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Whether a job should be picked up by someone looking at it: waiting, or abandoned by its worker. */
export function jobNeedsWorker(job: { status: string | null; locked_until: Date | string | null }): boolean {
  if (job.status === "queued") return true;
  return (
    job.status === "running" && job.locked_until !== null && new Date(job.locked_until).getTime() < Date.now()
  );
}
