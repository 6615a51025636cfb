// `npm test`: every test — vitest (unit and database tests on a real PostgreSQL) and Playwright (real
// Chromium against the production build) — then one line "N passed, N failed" summed over both.
// `npm test -- --db-only` runs only the database tests (CI uses it against PostgreSQL 15).
import { spawnSync } from "node:child_process";
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

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function runVitest(): Tally {
  const report = path.join(outDir, "vitest.json");
  fs.rmSync(report, { force: true });
  const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  if (dbOnly) args.push("tests/db");
  const status = run(bin("vitest"), args);
  const json = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number }>(report);
  if (!json) return { runner: "vitest", passed: 0, failed: 0, crashed: true };
  return {
    runner: "vitest",
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    crashed: status !== 0 && json.numFailedTests === 0,
  };
}

function runPlaywright(): Tally {
  const report = path.join(outDir, "playwright.json");
  fs.rmSync(report, { force: true });
  const status = run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  const json = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(report);
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
const tallies = [runVitest()];
if (!dbOnly) tallies.push(runPlaywright());
const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
const failed = tallies.reduce((sum, t) => sum + t.failed + (t.crashed ? 1 : 0), 0);
fs.writeFileSync(path.join(outDir, "test-summary.json"), JSON.stringify({ passed, failed, tallies }, null, 2));
for (const t of tallies) {
  console.error(`${t.runner}: ${t.passed} passed, ${t.failed} failed${t.crashed ? " (the runner itself failed)" : ""}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
