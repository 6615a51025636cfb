// What the command-line programs share (npm run import, npm run similar): how they refuse and speak, and the
// database they work on: DATABASE_URL (as the app's role), else the embedded server of DATA_DIR: the running
// app's, found through its pid file, or one the command starts (and stops) itself.
import fs from "node:fs";
import path from "node:path";
import { checkAppRole, connect, type DatabaseHandle } from "~/db/database.server";
import { EMBEDDED_DATABASE, isAlive, readSecrets } from "~/db/embedded.server";
import { readEnv } from "~/env.server";
import { boot } from "~/server/boot.server";

/** A command, or its file, refused: said on stderr, exit code 2. */
export class Refused extends Error {}

/** Everything said to a person goes to stderr; stdout carries only the command's answer. */
export const say = (line: string) => process.stderr.write(`${line}\n`);

/** The running app's embedded server, when one holds DATA_DIR: its port from the pid file, the app role's password. */
function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isFinite(pid) || !Number.isFinite(port) || !isAlive(pid)) return null;
  const password = readSecrets(dataDir).appRolePassword;
  if (!password)
    throw new Error(
      `The database of ${dataDir} is running but ${dataDir}/secrets.json holds no app role password.`,
    );
  return `postgres://groundswell_app:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

export async function openDatabase({
  applicationName,
  say,
}: {
  applicationName: string;
  say: (line: string) => void;
}): Promise<{ database: DatabaseHandle; stop(): Promise<void> }> {
  const env = readEnv();
  const url = env.DATABASE_URL ?? runningEmbeddedUrl(path.resolve(env.DATA_DIR));
  if (url) {
    const database = connect({ connectionString: url, max: 3, applicationName });
    try {
      await checkAppRole(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
    return { database, stop: () => database.close() };
  }
  say(`Starting the embedded database in ${env.DATA_DIR}…`);
  const booted = await boot({ ...env, DB_POOL_MAX: 3 }, (line) => say(line));
  return { database: booted.database, stop: () => booted.stop() };
}
