// `npm test`: every test — vitest (unit and database tests on a real PostgreSQL) and Playwright (real
// Chromium against the production build) — then one line "N passed, N failed" summed over both.
// `npm test -- --db-only` runs only the database tests (CI uses it against PostgreSQL 15).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findChromium } from "./support/chromium";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const outDir = path.join(root, "tmp");
fs.mkdirSync(outDir, { recursive: true });
const dbOnly = process.argv.includes("--db-only");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Tally {
  runner: string;
  passed: number;
  failed: number;
  crashed: boolean;
}

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** Runs a command, passing its output through and keeping a copy of it in `logFile`. */
function runLogged(command: string, args: string[], logFile: string): Promise<number> {
  const log = fs.createWriteStream(logFile);
  const child = spawn(command, args, { cwd: root, stdio: ["inherit", "pipe", "pipe"], env: process.env });
  child.stdout.on("data", (chunk: Buffer) => (process.stdout.write(chunk), log.write(chunk)));
  child.stderr.on("data", (chunk: Buffer) => (process.stderr.write(chunk), log.write(chunk)));
  return new Promise((resolve) => child.on("close", (code) => log.end(() => resolve(code ?? 1))));
}

/**
 * Why vitest failed although every test passed (an unhandled error, a failing setup or teardown): its own
 * report of it, repeated at the end so it is not lost above the browser tests' output.
 */
function vitestFailureReason(logFile: string): string {
  const colours = /\x1b\[[0-9;]*m/g;
  const lines = fs.readFileSync(logFile, "utf8").replace(colours, "").split("\n");
  let start = lines.findIndex((line) => /Unhandled (Errors?|Rejection)/.test(line));
  if (start < 0) start = lines.findIndex((line) => /⎯{3,}/.test(line));
  if (start < 0) start = Math.max(0, lines.length - 40);
  return lines.slice(start, start + 40).join("\n");
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: {
    name: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** Each failed test, named with its file and the first lines of why, so a CI log's tail says what failed. */
function failedVitestTests(report: VitestReport): string[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === "failed")
      .map((test) => {
        const why = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 12).join("\n");
        return `FAILED ${path.relative(root, file.name)} › ${test.fullName}\n${why}`;
      }),
  );
}

async function runVitest(): Promise<Tally> {
  const report = path.join(outDir, "vitest.json");
  const logFile = path.join(outDir, "vitest.log");
  fs.rmSync(report, { force: true });
  const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  if (dbOnly) args.push("tests/db");
  const status = await runLogged(bin("vitest"), args, logFile);
  const json = readJson<VitestReport>(report);
  const crashed = !json || (status !== 0 && json.numFailedTests === 0);
  if (crashed) reasons.push(`vitest exited with ${status}:\n${vitestFailureReason(logFile)}`);
  if (json) reasons.push(...failedVitestTests(json));
  if (!json) return { runner: "vitest", passed: 0, failed: 0, crashed };
  return { runner: "vitest", passed: json.numPassedTests, failed: json.numFailedTests, crashed };
}

function runPlaywright(): Tally {
  const report = path.join(outDir, "playwright.json");
  fs.rmSync(report, { force: true });
  const status = run(bin("playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  const json = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    report,
  );
  if (!json) return { runner: "playwright", passed: 0, failed: 0, crashed: true };
  return {
    runner: "playwright",
    passed: json.stats.expected + json.stats.flaky,
    failed: json.stats.unexpected + json.stats.skipped,
    crashed: status !== 0 && json.stats.unexpected === 0,
  };
}

const chromium = dbOnly ? null : findChromium();
if (!dbOnly && !chromium) {
  console.error(
    "No Chromium found for the browser tests. Install it (Debian: `apt-get install -y chromium`) " +
      "or set CHROMIUM_PATH to a Chromium or Chrome executable.",
  );
  console.log("0 passed, 1 failed");
  process.exit(1);
}
// The integration and browser tests run the production build, so build it first.
if (!dbOnly && run("npm", ["run", "-s", "build"]) !== 0) {
  console.error("The build failed, so no test could run.");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const reasons: string[] = [];
const tallies = [await runVitest()];
if (!dbOnly) tallies.push(runPlaywright());
const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
const failed = tallies.reduce((sum, t) => sum + t.failed + (t.crashed ? 1 : 0), 0);
fs.writeFileSync(
  path.join(outDir, "test-summary.json"),
  JSON.stringify({ passed, failed, tallies }, null, 2),
);
for (const reason of reasons) console.error(`\n${reason}\n`);
for (const t of tallies) {
  console.error(
    `${t.runner}: ${t.passed} passed, ${t.failed} failed${t.crashed ? " (the runner itself failed)" : ""}`,
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
