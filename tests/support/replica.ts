// A hot-standby replica of an embedded PostgreSQL server, streaming its changes as a managed read replica does
// (Supabase's, say), made from the embedded binaries alone: a base backup taken through SQL (pg_backup_start,
// a copy of the cluster's files, pg_backup_stop), then a server started on the copy in standby mode, fed over
// a physical replication slot so that the primary keeps every change the replica has not yet received.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, runPostgres, systemUser, type EmbeddedPostgres } from "~/db/embedded.server";

export interface Replica {
  port: number;
  /** The replica's URL for a database, as `primaryUrl`'s role (a physical copy holds the same roles). */
  urlFor(primaryUrl: string): string;
  /** Stops applying the primary's changes (they are still received), as a replica that lags behind. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has applied everything the primary had written when this was called. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const SLOT = "groundswell_test_replica";

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Makes and starts a replica of `primary` in `folder` (which must not exist yet). */
export async function startReplica(primary: EmbeddedPostgres, folder: string): Promise<Replica> {
  const runAs = systemUser();
  const primaryUrl = primary.superuserUrl("postgres");
  const backup = new pg.Client({ connectionString: primaryUrl });
  await backup.connect();
  let label: string;
  const clusterDir = path.join(folder, "postgres");
  try {
    const [{ data_directory: source }] = (
      await backup.query<{ data_directory: string }>("show data_directory")
    ).rows as [{ data_directory: string }];
    // Reserved now, so the WAL from the backup's start stays until the replica has streamed it.
    await backup.query(`select pg_create_physical_replication_slot('${SLOT}', true)`);
    await backup.query("select pg_backup_start('groundswell test replica', true)");
    fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
    // The files as they are during the backup; the WAL replayed from the backup's start makes them consistent.
    fs.cpSync(source, clusterDir, {
      recursive: true,
      filter: (file) => {
        const relative = path.relative(source, file);
        return (
          !["postmaster.pid", "postmaster.opts", "standby.signal"].includes(relative) &&
          !/^(pg_wal|pg_replslot|pg_stat_tmp)\//.test(relative)
        );
      },
    });
    const stopped = await backup.query<{ labelfile: string }>("select labelfile from pg_backup_stop(false)");
    label = stopped.rows[0]!.labelfile;
  } finally {
    await backup.end();
  }
  fs.writeFileSync(path.join(clusterDir, "backup_label"), label);
  fs.writeFileSync(path.join(clusterDir, "standby.signal"), "");
  fs.mkdirSync(path.join(clusterDir, "pg_wal", "archive_status"), { recursive: true });
  const conninfo = `host=127.0.0.1 port=${primary.port} user=postgres password=${primary.superuserPassword}`;
  fs.appendFileSync(
    path.join(clusterDir, "postgresql.auto.conf"),
    `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\nhot_standby = on\n`,
  );
  fs.chmodSync(clusterDir, 0o700);
  if (runAs.uid !== undefined) chownTree(clusterDir, runAs.uid, runAs.gid!);

  const port = await freePort();
  const child = await runPostgres({
    clusterDir,
    port,
    logFile: path.join(folder, "postgres.log"),
    superuserPassword: primary.superuserPassword,
    runAs,
  });
  const exited = new Promise<void>((resolve) =>
    child.exitCode === null ? child.once("exit", () => resolve()) : resolve(),
  );
  const urlFor = (url: string) => {
    const replicaUrl = new URL(url);
    replicaUrl.port = String(port);
    return replicaUrl.toString();
  };
  const superuserUrl = urlFor(primaryUrl);
  return {
    port,
    urlFor,
    pauseReplay: async () => void (await query(superuserUrl, "select pg_wal_replay_pause()")),
    resumeReplay: async () => void (await query(superuserUrl, "select pg_wal_replay_resume()")),
    async caughtUp() {
      const [{ lsn }] = (await query<{ lsn: string }>(
        primaryUrl,
        "select pg_current_wal_lsn()::text as lsn",
      )) as [{ lsn: string }];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const [{ behind }] = (await query<{ behind: boolean }>(
          superuserUrl,
          `select pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn as behind`,
        )) as [{ behind: boolean }];
        if (!behind) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("The replica did not catch up with the primary within 30 s");
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await exited;
      }
      await query(primaryUrl, `select pg_drop_replication_slot('${SLOT}')`).catch(() => undefined);
    },
  };
}

function chownTree(folder: string, uid: number, gid: number) {
  fs.chownSync(folder, uid, gid);
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}
