import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";

/**
 * Housekeeping the server does on its own: forgetting need drafts past their expiry (private.need_drafts keeps
 * a resident's unfinished answers, unmasked, for 30 days after their last change) and addresses that asked
 * to follow a need but never confirmed. Every instance of the app
 * runs it; that is safe, because each batch skips the rows another instance has locked and a deleted row is
 * simply not found again. (Erasing personal data a year after a consultation is reported is the retention
 * job's, in retention.server.ts; this one keeps to drafts nobody finished.)
 */

export const EXPIRED_DRAFTS_BATCH = 1_000;
export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes every expired need draft, a batch per transaction (short locks); returns how many went. */
export async function deleteExpiredNeedDrafts({
  db,
  batchSize = EXPIRED_DRAFTS_BATCH,
}: {
  db: Db;
  batchSize?: number;
}): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await asService(db, async (tx) => {
      const rows = await tx
        .deleteFrom("private.need_drafts")
        .where("id", "in", (eb) =>
          eb
            .selectFrom("private.need_drafts")
            .select("id")
            .where("expires_at", "<=", sql<Date>`now()`)
            .orderBy("expires_at")
            .limit(batchSize)
            .forUpdate()
            .skipLocked(),
        )
        .returning("id")
        .execute();
      return rows.length;
    });
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Unconfirmed follows of a need (their address and nothing else) are deleted this long after they were asked for. */
export const PENDING_FOLLOW_DAYS = 14;

/**
 * Deletes follows whose confirmation link was never followed, PENDING_FOLLOW_DAYS after they were asked for
 * (the link itself stops working after 7): an address nobody confirmed is not kept.
 */
export async function deleteUnconfirmedFollows({
  db,
  days = PENDING_FOLLOW_DAYS,
}: {
  db: Db;
  days?: number;
}): Promise<number> {
  const result = await asService(db, (tx) =>
    tx
      .deleteFrom("private.need_followers")
      .where("confirmed_at", "is", null)
      .where("created_at", "<=", sql<Date>`now() - make_interval(days => ${days})`)
      .executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}

export interface Housekeeping {
  /** Runs a round now, or joins the one under way. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a round under way. */
  stop(): Promise<void>;
}

/** Starts housekeeping: a round at once, then one every `intervalMs`. The timer never keeps the process alive. */
export function startHousekeeping({
  db,
  log,
  intervalMs = HOUSEKEEPING_INTERVAL_MS,
}: {
  db: Db;
  log: (line: string) => void;
  intervalMs?: number;
}): Housekeeping {
  let running: Promise<void> | null = null;
  const runNow = () =>
    (running ??= Promise.all([deleteExpiredNeedDrafts({ db }), deleteUnconfirmedFollows({ db })])
      .then(
        ([count, follows]) => {
          if (count > 0)
            log(`Housekeeping: deleted ${count} expired need ${count === 1 ? "draft" : "drafts"}.`);
          if (follows > 0)
            log(`Housekeeping: deleted ${follows} unconfirmed ${follows === 1 ? "follow" : "follows"}.`);
        },
        // A lost database or a restart in the middle is not fatal: the next round tries again.
        (error: unknown) =>
          log(
            `Housekeeping failed, will try again: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
      .finally(() => {
        running = null;
      }));
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  void runNow();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
