// `npm run migrate`: applies supabase/migrations to MIGRATION_DATABASE_URL (a direct, non-pooled
// connection), else DATABASE_URL. The embedded server is migrated by the app itself at start.
import { migrate, MigrationError } from "~/db/migrate.server";

const connectionString = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
if (!connectionString) {
  console.error(
    "Set MIGRATION_DATABASE_URL (or DATABASE_URL) to the database to migrate. " +
      "In embedded mode `npm start` migrates by itself.",
  );
  process.exit(2);
}
try {
  const result = await migrate({ connectionString, log: (line) => console.error(line) });
  console.error(
    `${result.applied.length} migration(s) applied, ${result.alreadyApplied} already applied` +
      (result.bootstrapped ? " (created the Supabase platform objects it lacked first)." : "."),
  );
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exit(1);
}
