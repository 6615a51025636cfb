// The app under test: the production build on a fresh embedded database, and how to watch its memory.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { EMBEDDED_DATABASE, readSecrets } from "~/db/embedded.server";
import { startApp, type AppProcess } from "../support/app-process";

export interface BenchApp {
  app: AppProcess;
  url: string;
  dataDir: string;
  /** The node process serving HTTP (not the database server). */
  pid: number;
  superuserUrl: string;
  sessionSecret: string;
  /** The command that starts the same server by hand. */
  command: string;
  stop(): Promise<void>;
}

/** A value as a POSIX shell would need it written, for the commands a run prints. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

export function build(): void {
  execFileSync("npm", ["run", "-s", "build"], { stdio: ["ignore", "inherit", "inherit"] });
}

/** Reads the port of the running embedded server from its pid file (line 4, as PostgreSQL writes it). */
export function embeddedPort(dataDir: string): number {
  const lines = fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n");
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isFinite(port)) throw new Error(`No port in ${dataDir}/postgres/postmaster.pid`);
  return port;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** The process running serve.ts: the child itself, or a descendant when a wrapper (tsx's CLI) sits between. */
function serverPid(rootPid: number): number {
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    let command = "";
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (command.includes("serve.ts") && !command.includes("tsx/dist/cli")) return pid;
    queue.push(...childrenOf(pid));
  }
  return rootPid;
}

export interface StartedOptions {
  env?: Record<string, string>;
  dataDir?: string;
}

export async function startBenchApp(options: StartedOptions = {}): Promise<BenchApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-bench-"));
  // The embedded server runs as the postgres user when we are root, and must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const env = { DATA_DIR: dataDir, LOG_LEVEL: "error", ...options.env };
  const app = await startApp(env);
  const port = embeddedPort(dataDir);
  const secrets = readSecrets(dataDir);
  const command = `${Object.entries({ ...env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0" })
    .map(([name, value]) => `${name}=${value}`)
    .join(" ")} node --import tsx app/cli/serve.ts`;
  return {
    app,
    url: app.url,
    dataDir,
    pid: serverPid(app.child.pid!),
    superuserUrl: `postgres://postgres:${encodeURIComponent(secrets.superuserPassword)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    sessionSecret: process.env.SESSION_SECRET ?? secrets.sessionSecret!,
    command,
    async stop() {
      await app.stop();
    },
  };
}

/** Stops the app, then deletes its data folder and the run's other folders unless the run keeps them. */
export async function stopBenchApp(
  app: BenchApp,
  options: { keep: boolean; folders: string[]; say: (line: string) => void },
): Promise<void> {
  options.say("Stopping the app…");
  await app.stop();
  const folders = [app.dataDir, ...options.folders];
  if (options.keep) {
    options.say(`Kept ${folders.join(" and ")}`);
    return;
  }
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
}

export async function withSuperuser<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "groundswell-bench" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      fs.readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Peak resident memory of a process while `work` runs, sampled every 50 ms, in MB. */
export async function peakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number | null }> {
  let peak = statusKb(pid, "VmRSS") ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, statusKb(pid, "VmRSS") ?? 0);
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, statusKb(pid, "VmRSS") ?? 0);
    return { result, peakRssMb: peak ? Math.round(peak / 1024) : null };
  } finally {
    clearInterval(timer);
  }
}

/** The kernel's own high-water mark for the process since it started, in MB. */
export function highWaterMarkMb(pid: number): number | null {
  const kb = statusKb(pid, "VmHWM");
  return kb === null ? null : Math.round(kb / 1024);
}
