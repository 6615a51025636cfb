// `npm run restore -- FILE`: loads a backup made by `npm run backup` into an empty database (see README,
// "Backups"). Uses MIGRATION_DATABASE_URL, else DATABASE_URL (a superuser), else the embedded database of
// DATA_DIR, which it starts itself: stop the app first, and give a fresh DATA_DIR to restore beside the old one.
import { parseArgs } from "node:util";
import { EmbeddedPostgresError } from "~/db/embedded.server";
import { MigrationError } from "~/db/migrate.server";
import { BackupRefusedError, openMaintenanceConnection, restoreFromFile } from "~/platform/backup.server";

const log = (line: string) => console.error(line);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    log(
      "Usage: npm run restore -- FILE   (into an empty database: MIGRATION_DATABASE_URL, DATABASE_URL or DATA_DIR's embedded one)",
    );
    return values.help ? 0 : 2;
  }
  const file = positionals[0]!;
  const connection = await openMaintenanceConnection({ env: process.env, purpose: "restore", log });
  try {
    log(`Restoring ${file} into ${connection.description}…`);
    const started = Date.now();
    const summary = await restoreFromFile({ connectionString: connection.connectionString, file, log });
    log(
      `Restored ${Object.keys(summary.rows).length} tables, ${summary.totalRows} rows, from migration ${summary.migration}` +
        `${summary.appliedAfter.length ? `, then applied ${summary.appliedAfter.length} newer migration(s)` : ""}` +
        ` in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof BackupRefusedError ||
      error instanceof EmbeddedPostgresError ||
      error instanceof MigrationError
    ) {
      log(error.message);
      process.exit(2);
    }
    log(`The restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
