// `npm run backup -- [--out FILE]`: a consistent logical backup of every app table (see README, "Backups").
// Reads MIGRATION_DATABASE_URL, else DATABASE_URL (a role that sees every row, such as postgres), else the
// embedded database of DATA_DIR, running or not. `--out -` writes the gzipped backup to stdout.
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import pg from "pg";
import { EmbeddedPostgresError } from "~/db/embedded.server";
import {
  BackupRefusedError,
  backupToFile,
  openMaintenanceConnection,
  writeBackup,
  type BackupSummary,
} from "~/platform/backup.server";

const log = (line: string) => console.error(line);

function defaultFile(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return path.join(process.env.DATA_DIR?.trim() || ".data", "backups", `groundswell-${stamp}.jsonl.gz`);
}

async function toStdout(connectionString: string): Promise<BackupSummary> {
  const gzip = zlib.createGzip();
  gzip.pipe(process.stdout);
  const client = new pg.Client({ connectionString, application_name: "groundswell-backup" });
  await client.connect();
  try {
    const summary = await writeBackup({ client, out: gzip });
    gzip.end();
    await once(gzip, "end");
    return summary;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    log(
      "Usage: npm run backup -- [--out FILE | --out -]   (default: $DATA_DIR/backups/groundswell-<time>.jsonl.gz)",
    );
    return 0;
  }
  const file = values.out ?? defaultFile();
  const connection = await openMaintenanceConnection({ env: process.env, purpose: "backup", log });
  try {
    log(`Backing up ${connection.description}…`);
    const started = Date.now();
    const summary =
      file === "-"
        ? await toStdout(connection.connectionString)
        : await backupToFile({ connectionString: connection.connectionString, file });
    const tables = Object.keys(summary.rows).length;
    log(
      `Backed up ${tables} tables, ${summary.totalRows} rows, at migration ${summary.migration}` +
        `${file === "-" ? "" : ` to ${file}`} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupRefusedError || error instanceof EmbeddedPostgresError) {
      log(error.message);
      process.exit(2);
    }
    log(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
