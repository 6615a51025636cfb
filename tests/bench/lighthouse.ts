// `npm run lighthouse`: builds the production app (or reuses the build with --skip-build), starts it on a fresh
// embedded database with the demo seed (as `npm run bench` does), and runs Lighthouse 12 (mobile form factor,
// default simulated throttling) in the system Chromium on the resident pages that have performance targets. Prints
// the four category scores per page against the targets, the audits that cost points, and the commands it
// ran; writes lighthouse-results.json. Targets are reported, not asserted. Not part of `npm test`.
//
// Options: --runs N (1; the median of N runs per page) --only TEXT[,TEXT] (pages whose name contains one)
//          --skip-build --keep (keep the data folder and Lighthouse's full reports)
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import { projectRoot } from "~/db/migrate.server";
import { findChromium } from "../support/chromium";
import { build, shellQuote, startBenchApp, stopBenchApp } from "./app";
import { markdownTable } from "./report";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    only: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 1);
const only = options.only
  ?.split(",")
  .map((part) => part.trim().toLowerCase())
  .filter(Boolean);

// Run through npm exec rather than installed by `npm ci`: it would add 155 packages (174 MB) to every
// install, and its dependencies name `latest` versions that break `npm ci` when they are next published.
const LIGHTHOUSE = "lighthouse@12.8.2";
const DEMO_SLUG = "bowling-green";
const CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu";
const CATEGORIES = [
  { id: "performance", title: "performance", target: 95 },
  { id: "accessibility", title: "accessibility", target: 100 },
  { id: "best-practices", title: "best practices", target: 95 },
  { id: "seo", title: "SEO", target: null },
] as const;
type CategoryId = (typeof CATEGORIES)[number]["id"];
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
] as const;

/** The parts of a Lighthouse result (LHR) this script reads. */
interface LighthouseResult {
  lighthouseVersion: string;
  finalDisplayedUrl: string;
  runWarnings: string[];
  environment: { benchmarkIndex: number };
  runtimeError?: { code: string; message: string };
  categories: Record<CategoryId, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<
    string,
    {
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      displayValue?: string;
      numericValue?: number;
    }
  >;
}

interface PageResult {
  name: string;
  path: string;
  scores: Record<CategoryId, number | null>;
  /** Every run's scores, when there was more than one. */
  runs?: Record<CategoryId, number | null>[];
  metrics: Record<string, string | undefined>;
  /** Audits in a scored category that did not pass (from the median run by performance). */
  failing: { category: CategoryId; id: string; title: string; score: number | null; displayValue?: string }[];
  warnings: string[];
  /** Lighthouse's CPU benchmark of the machine during each run: lower means a slower or busier machine. */
  benchmarkIndex: number[];
  command: string;
}

const started = Date.now();
const say = (line: string) =>
  console.error(`[lighthouse ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);
const commands: string[] = [];
const run = promisify(execFile);

/** Installs Lighthouse into npm's own cache on first use, and finds its command there. */
async function lighthouseBinary(): Promise<string> {
  const args = ["exec", "--yes", `--package=${LIGHTHOUSE}`, "--", "sh", "-c", "command -v lighthouse"];
  commands.push(`npm ${args.map(shellQuote).join(" ")}`);
  const { stdout } = await run("npm", args, { cwd: projectRoot });
  const binary = stdout.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(binary)) throw new Error(`npm exec did not find ${LIGHTHOUSE}: ${stdout}`);
  return binary;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** A published need's page, found the way a resident finds it: the first need linked from the consultation. */
async function publishedNeedPath(baseUrl: string): Promise<string> {
  const response = await fetch(new URL(`/c/${DEMO_SLUG}`, baseUrl));
  const html = await response.text();
  const match = /href="(\/needs\/[^"/?#]+)"/.exec(html);
  if (!match) throw new Error(`No published need is linked from /c/${DEMO_SLUG} (status ${response.status})`);
  return match[1]!;
}

async function lighthouse(
  binary: string,
  url: string,
  outputPath: string,
  chromium: string,
): Promise<LighthouseResult> {
  const args = [
    url,
    "--output=json",
    `--output-path=${outputPath}`,
    `--only-categories=${CATEGORIES.map((category) => category.id).join(",")}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    "--quiet",
  ];
  const command = `CHROME_PATH=${chromium} npx --yes ${LIGHTHOUSE} ${args.map(shellQuote).join(" ")}`;
  if (!commands.includes(command)) commands.push(command);
  await run(binary, args, {
    cwd: projectRoot,
    env: { ...process.env, CHROME_PATH: chromium },
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(fs.readFileSync(outputPath, "utf8")) as LighthouseResult;
  if (result.runtimeError)
    throw new Error(`Lighthouse: ${result.runtimeError.code} ${result.runtimeError.message}`);
  return result;
}

function scoresOf(result: LighthouseResult): Record<CategoryId, number | null> {
  return Object.fromEntries(
    CATEGORIES.map(({ id }) => {
      const score = result.categories[id]?.score;
      return [id, score === null || score === undefined ? null : Math.round(score * 100)];
    }),
  ) as Record<CategoryId, number | null>;
}

function failingAudits(result: LighthouseResult): PageResult["failing"] {
  const failing: PageResult["failing"] = [];
  for (const { id: category } of CATEGORIES) {
    for (const ref of result.categories[category]?.auditRefs ?? []) {
      const audit = result.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9) continue;
      if (!["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode)) continue;
      failing.push({
        category,
        id: ref.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue,
      });
    }
  }
  return failing;
}

function met(category: (typeof CATEGORIES)[number], score: number | null): string {
  if (category.target === null) return "";
  if (score === null) return "not measured";
  return score >= category.target ? "met" : "NOT MET";
}

async function main() {
  const chromium = findChromium();
  if (!chromium) throw new Error("No Chromium found: set CHROMIUM_PATH (Debian: apt-get install chromium)");
  const load = () => os.loadavg().map((value) => Number(value.toFixed(2)));
  const machine = { cpus: os.cpus().length, node: process.version, chromium, loadAverageAtStart: load() };
  say(
    `${machine.cpus} CPUs, Node ${machine.node}, ${chromium}, load average ${machine.loadAverageAtStart.join(" ")}`,
  );
  if (!options["skip-build"]) {
    say("Building the production app (npm run -s build)…");
    commands.push("npm run -s build");
    build();
  }
  say(`Finding ${LIGHTHOUSE} (npm exec installs it into npm's cache the first time)…`);
  const binary = await lighthouseBinary();
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-lighthouse-"));
  say("Starting the app on a fresh embedded database with the demo seed…");
  const app = await startBenchApp();
  commands.push(app.command);
  say(`App at ${app.url}, data in ${app.dataDir}`);
  try {
    const pages = [
      { name: "home", path: "/" },
      { name: "consultation", path: `/c/${DEMO_SLUG}` },
      { name: "post a need: first question", path: `/c/${DEMO_SLUG}/needs/new` },
      { name: "need", path: await publishedNeedPath(app.url) },
    ].filter((page) => !only || only.some((part) => page.name.includes(part)));

    const results: PageResult[] = [];
    let version = "";
    for (const page of pages) {
      const url = new URL(page.path, app.url).href;
      const attempts: LighthouseResult[] = [];
      for (let attempt = 1; attempt <= runs; attempt++) {
        say(`${page.name} (${page.path})${runs > 1 ? `, run ${attempt} of ${runs}` : ""}…`);
        const outputPath = path.join(reportsDir, `${page.name.replace(/\W+/g, "-")}-${attempt}.json`);
        attempts.push(await lighthouse(binary, url, outputPath, chromium));
      }
      version = attempts[0]!.lighthouseVersion;
      const allScores = attempts.map(scoresOf);
      const scores = Object.fromEntries(
        CATEGORIES.map(({ id }) => {
          const values = allScores
            .map((score) => score[id])
            .filter((value): value is number => value !== null);
          return [id, values.length ? median(values) : null];
        }),
      ) as Record<CategoryId, number | null>;
      // Metrics and failing audits from the run whose performance score is the median.
      const representative =
        attempts[allScores.findIndex((score) => score.performance === scores.performance)] ?? attempts[0]!;
      const result: PageResult = {
        name: page.name,
        path: page.path,
        scores,
        runs: runs > 1 ? allScores : undefined,
        metrics: Object.fromEntries(METRICS.map((id) => [id, representative.audits[id]?.displayValue])),
        failing: failingAudits(representative),
        warnings: representative.runWarnings,
        benchmarkIndex: attempts.map((attempt) => Math.round(attempt.environment.benchmarkIndex)),
        command: commands[commands.length - 1]!,
      };
      results.push(result);
      say(`  ${CATEGORIES.map(({ id, title }) => `${title} ${scores[id] ?? "—"}`).join(", ")}`);
    }

    const finished = Date.now();
    const report = {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      totalSeconds: Math.round((finished - started) / 1000),
      lighthouseVersion: version,
      settings: {
        formFactor: "mobile",
        throttling: "Lighthouse's default (simulated)",
        runs,
        chromeFlags: CHROME_FLAGS,
      },
      machine: { ...machine, loadAverageAtEnd: load() },
      pages: results,
      commands,
    };
    fs.writeFileSync(
      path.join(projectRoot, "lighthouse-results.json"),
      `${JSON.stringify(report, null, 2)}\n`,
    );

    const rows = results.flatMap((result) =>
      CATEGORIES.map((category) => [
        result.name,
        result.path,
        category.title,
        result.scores[category.id] === null ? "—" : String(result.scores[category.id]),
        category.target === null ? "—" : category.target === 100 ? "100" : `≥ ${category.target}`,
        met(category, result.scores[category.id]),
      ]),
    );
    console.log(markdownTable(["page", "path", "category", "score", "target", "met"], rows));
    console.log("");
    for (const result of results) {
      const metrics = METRICS.map((id) => `${id.replaceAll("-", " ")} ${result.metrics[id] ?? "—"}`).join(
        ", ",
      );
      console.log(`${result.name}: ${metrics}; CPU benchmark index ${result.benchmarkIndex.join(", ")}`);
      for (const audit of result.failing) {
        console.log(
          `  - ${audit.category}: ${audit.title} (${audit.id}${audit.displayValue ? `, ${audit.displayValue}` : ""})`,
        );
      }
      for (const warning of result.warnings) console.log(`  ! ${warning}`);
    }
    console.log(
      `\nLighthouse ${version}, mobile, default throttling, ${runs} run${runs > 1 ? "s (median)" : ""} per page; ` +
        `${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.join(" ")} at start, ${report.machine.loadAverageAtEnd.join(" ")} at end; ` +
        `total ${report.totalSeconds} s.`,
    );
    console.log(
      `Written to lighthouse-results.json. Commands run (the data folder and reports are deleted at the end unless --keep):`,
    );
    for (const command of commands) console.log(`  ${command}`);
  } finally {
    await stopBenchApp(app, { keep: options.keep, folders: [reportsDir], say });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
