import { sql } from "kysely";
import pg from "pg";
import { asRequest, type Claims, type DatabaseHandle, type Db, type Tx } from "~/db/database.server";
import { PAGE_CACHE_CHANNEL } from "./page-cache.server";

/**
 * Reads on a read replica (READ_DATABASE_URL) that show what the primary shows: the public API's answers and the
 * public pages made for visitors without a session (docs/scaling.md, decision record 22).
 *
 * A replica replays the primary's changes a moment after they commit. So that no one reads a change on the
 * primary and then misses it on the replica (a page emptied from the cache by a change, made again before the
 * replica has it, and kept), every change the public pages announce (NOTIFY on PAGE_CACHE_CHANNEL, migration
 * 20261127090000) and every change made through this instance has the primary's write position at that moment
 * asked (reads wait for the answer, a round trip), and a read goes to the replica only if the replica has
 * replayed that far (one small query, until it has), else to the primary. Reads also go to the primary while
 * this instance is not listening for changes, and for REPLICA_REST_MS after the replica failed to answer.
 */
export interface ReplicaReads {
  /** Runs a read as asRequest does, on the replica when it has every change this instance knows of. */
  read<T>(primary: Db, claims: Claims, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Something changed on the primary (this instance wrote): reads wait for the replica to replay it. */
  changed(): void;
  close(): Promise<void>;
}

/** How long reads stay on the primary after the replica failed to answer one. */
export const REPLICA_REST_MS = 30_000;

class ReplicaBehind extends Error {}

/**
 * A public read: on the replica (READ_DATABASE_URL) for a visitor without a session, whose page may be shared and
 * who changed nothing; otherwise on the primary, where whatever a person just changed already is. The read must
 * not write: a replica refuses it.
 */
export function asPublicRead<T>(
  context: { db: Db; claims: Claims; user: unknown; replica: ReplicaReads | null },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return context.replica && context.user === null
    ? context.replica.read(context.db, context.claims, work)
    : asRequest(context.db, context.claims, work);
}

export function createReplicaReads(options: {
  replica: DatabaseHandle;
  primary: Db;
  /** A direct or session-mode connection to the primary, to LISTEN on (LISTEN_DATABASE_URL or DATABASE_URL). */
  listenUrl: string;
  log: (line: string) => void;
  retryMs?: number;
}): ReplicaReads {
  const { replica, primary, log } = options;
  const retryMs = options.retryMs ?? 2_000;
  let listening = false;
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  // The primary's write position after the last change known; the replica must have replayed it.
  let required: string | null = null;
  // The last required position the replica was seen to have replayed.
  let replayed: string | null = null;
  let restsUntil = 0;
  // Settles once `required` covers every change noticed so far. One question to the primary at a time: changes
  // noticed while it is asked are covered by the next, asked once it is answered.
  let covered: Promise<void> = Promise.resolve();
  let nextAskPending = false;

  const rest = (why: string) => {
    if (Date.now() >= restsUntil)
      log(
        `The read replica (READ_DATABASE_URL) ${why}: reads go to DATABASE_URL for ${REPLICA_REST_MS / 1000} s.`,
      );
    restsUntil = Date.now() + REPLICA_REST_MS;
  };

  const changed = () => {
    if (nextAskPending) return;
    nextAskPending = true;
    covered = covered.then(async () => {
      // Asked from here on, the answer covers every change noticed until now.
      nextAskPending = false;
      try {
        const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(
          primary,
        );
        required = rows[0]!.lsn;
      } catch (error) {
        rest(
          `could not be compared with the primary (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    });
  };

  const listen = async () => {
    retry = null;
    if (closed) return;
    const next = new pg.Client({
      connectionString: options.listenUrl,
      application_name: "groundswell read replica",
      connectionTimeoutMillis: 5_000,
    });
    const lost = () => {
      if (client !== next) return;
      client = null;
      listening = false;
      next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void listen(), retryMs).unref();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === PAGE_CACHE_CHANNEL) changed();
    });
    try {
      client = next;
      await next.connect();
      await next.query(`listen ${PAGE_CACHE_CHANNEL}`);
      if (client !== next || closed) return;
      // Whatever changed while nobody listened is unknown: the replica must reach where the primary is now.
      changed();
      listening = true;
    } catch {
      lost();
    }
  };
  void listen();

  return {
    async read(primaryDb, claims, work) {
      if (!listening) return asRequest(primaryDb, claims, work);
      await covered;
      if (Date.now() < restsUntil) return asRequest(primaryDb, claims, work);
      const wanted = required;
      try {
        return await asRequest(replica.db, claims, async (tx) => {
          if (wanted !== null && replayed !== wanted) {
            let caughtUp: boolean;
            try {
              // Null on a server that is not a replica: it has everything.
              const { rows } = await sql<{ caught_up: boolean }>`
                select coalesce(pg_last_wal_replay_lsn() >= ${wanted}::pg_lsn, true) as caught_up`.execute(
                tx,
              );
              caughtUp = rows[0]!.caught_up;
            } catch (error) {
              // A replica whose position cannot be read (a platform that keeps the function from this role).
              rest(
                `could not say how far it has replayed (${error instanceof Error ? error.message : String(error)})`,
              );
              throw new ReplicaBehind();
            }
            if (!caughtUp) throw new ReplicaBehind();
            replayed = wanted;
          }
          return work(tx);
        });
      } catch (error) {
        if (error instanceof ReplicaBehind) return asRequest(primaryDb, claims, work);
        const code = (error as { code?: string }).code;
        if (error instanceof Response && error.status === 503) rest("did not answer");
        // 40001: a query cancelled by the replica's replay of the primary's changes; 25006: a write in the read.
        else if (code !== "40001" && code !== "25006") throw error;
        return asRequest(primaryDb, claims, work);
      }
    },
    changed,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
