// `npm run bench`: builds the production app, starts it on a fresh embedded database, seeds realistic volume
// and measures every scenario in ./scenarios.ts. Writes bench-results.json and prints a table and the exact
// commands it ran. Targets are reported, not asserted. Not part of `npm test`.
//
// Options: --duration S (10) --warmup S (2) --connections N (20) --small N (10000) --large N (100000)
//          --only TEXT[,TEXT] (scenarios whose name contains one; "1,000,000 needs" is one TEXT) --skip-build --keep (keep the data folder)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "~/db/migrate.server";
import { signSessionId } from "~/features/identity/sessions.server";
import { csrfCookieName, csrfTokenFor, newCsrfSeed } from "~/server/csrf.server";
import {
  build,
  highWaterMarkMb,
  shellQuote,
  startBenchApp,
  stopBenchApp,
  withSuperuser,
  type BenchApp,
} from "./app";
import { answered, measureHttp, probe } from "./http";
import { table, targetMet, type ScenarioResult } from "./report";
import {
  benchScenarios,
  HTTP_BASELINE,
  type BenchContext,
  type BenchRequest,
  type HttpScenario,
  type TaskScenario,
} from "./scenarios";
import { createBenchSession, createDraftSessions, seedBench, type BenchData } from "./seed";
import { benchTexts, distinctLabels, fixMyStreetTexts, sharedDataDir } from "./texts";

const { values: options } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "20" },
    small: { type: "string", default: "10000" },
    large: { type: "string", default: "100000" },
    only: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const durationSeconds = Number(options.duration);
const warmupSeconds = Number(options.warmup);
const connections = Number(options.connections);
const smallCount = Number(options.small);
const largeCount = Number(options.large);
const only = options.only
  // A comma between digits is a thousands separator ("1,000,000 needs"), not a separator of names.
  ?.split(/(?<!\d),|,(?!\d)/)
  .map((part) => part.trim().toLowerCase())
  .filter(Boolean);
// The whole run must finish within 15 minutes here; stop starting scenarios with a margin to spare. A million
// needs take most of that to seed on this machine, and issue 27 allows such a run 30 minutes.
const BUDGET_MS = (largeCount >= 1_000_000 ? 28 : 13) * 60 * 1000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (line: string) => console.error(`[bench ${elapsed()}] ${line}`);
const commands: string[] = [];
const headers = { "accept-encoding": "gzip", "user-agent": "groundswell-bench" };
const pathOf = (request: BenchRequest) => (typeof request === "string" ? request : request.path);
const methodOf = (request: BenchRequest) => (typeof request !== "string" && request.form ? "POST" : "GET");

async function runHttp(
  scenario: HttpScenario,
  context: BenchContext,
  app: BenchApp,
): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    name: scenario.name,
    issue: scenario.issue,
    kind: "http",
    status: "measured",
    met: null,
    target: scenario.target,
    baseline: scenario.baseline,
  };
  const requestHeaders: Record<string, string> = { ...headers };
  if (scenario.as === "commissioner") requestHeaders.cookie = context.commissionerCookie;
  let requests: BenchRequest[] | null = null;
  let probeMs = 0;
  const tried: string[] = [];
  for (const route of scenario.routes) {
    const candidate = route(context);
    if (candidate.length === 0) continue;
    const logged = app.app.output().length;
    const { status, ms } = await probe(context.baseUrl, candidate[0]!, requestHeaders);
    probeMs = ms;
    tried.push(`${methodOf(candidate[0]!)} ${pathOf(candidate[0]!)} → ${status}`);
    // A row that must read real pages fails on a 404; others call it a route not built yet.
    if (status === 404 && !scenario.everyRequestOk) continue;
    if (!answered(status, scenario.redirects)) {
      const log = app.app.output().slice(logged).trim().split("\n").slice(-3).join(" / ");
      return { ...result, status: "failed", reason: `${tried.join(", ")}${log ? ` (app log: ${log})` : ""}` };
    }
    requests = candidate;
    break;
  }
  if (!requests)
    return { ...result, status: "not built yet", reason: tried.join(", ") || "nothing to request" };
  if (scenario.everyRequestOk) {
    const failing = await failingRequests(context.baseUrl, requests, requestHeaders);
    if (failing.length) {
      return {
        ...result,
        status: "failed",
        reason: `${failing.length} of ${requests.length} requests did not answer 2xx: ${failing.slice(0, 3).join(", ")}`,
      };
    }
  }
  const conns = scenario.connections ?? connections;
  const loggedBefore = app.app.output().length;
  const measured = await measureHttp({
    baseUrl: context.baseUrl,
    requests,
    headers: requestHeaders,
    connections: conns,
    durationSeconds,
    warmupSeconds,
    pid: app.pid,
    redirects: scenario.redirects,
  });
  if (measured.requests === 0) {
    return {
      ...result,
      status: "failed",
      reason:
        `no response completed within the ${durationSeconds} s run at ${conns} connections ` +
        `(one request alone took ${Math.round(probeMs)} ms; ${measured.errors} errors)`,
    };
  }
  if (scenario.everyRequestOk && measured.non2xx) {
    return {
      ...result,
      status: "failed",
      reason:
        `${measured.non2xx} of ${measured.requests} responses under load were not 2xx: statuses ` +
        `${JSON.stringify(measured.statusCounts)}${appErrors(app.app.output().slice(loggedBefore))}`,
    };
  }
  const first = requests[0]!;
  const cookieFlag =
    scenario.as === "commissioner"
      ? `-H 'cookie: <a commissioner's session cookie>' `
      : typeof first === "string"
        ? ""
        : `-H 'cookie: <a resident's session cookie>' `;
  const headerFlags = Object.entries(headers)
    .map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`)
    .join(" ");
  const formFlags =
    typeof first !== "string" && first.form
      ? `-m POST -H 'content-type: application/x-www-form-urlencoded' -b '<the step's form, with its token>' `
      : "";
  const command = `npx autocannon -c ${conns} -d ${durationSeconds} ${headerFlags} ${cookieFlag}${formFlags}${shellQuote(new URL(pathOf(first), context.baseUrl).href)}`;
  commands.push(
    `${command}${requests.length > 1 ? `   # the bench rotates ${requests.length} such requests` : ""}`,
  );
  return {
    ...result,
    connections: conns,
    medianMs: measured.medianMs,
    p95Ms: measured.p95Ms,
    p99Ms: measured.p99Ms,
    throughput: measured.requestsPerSecond,
    throughputUnit: "req/s",
    requests: measured.requests,
    non2xx: measured.non2xx,
    errors: measured.errors + measured.timeouts,
    peakRssMb: measured.peakRssMb,
    path: requests.length > 1 ? `${pathOf(first)} (and ${requests.length - 1} more)` : pathOf(first),
    notes: measured.non2xx
      ? `statuses ${JSON.stringify(measured.statusCounts)}${appErrors(app.app.output().slice(loggedBefore))}`
      : undefined,
    command,
  };
}

/**
 * Each distinct page asked once (with the first cookie it is asked with), four at a time: those that did not
 * answer 2xx, with their status. Under load, any other answer fails the row, whoever asked.
 */
async function failingRequests(
  baseUrl: string,
  requests: BenchRequest[],
  headers: Record<string, string>,
): Promise<string[]> {
  const distinct = [...new Map(requests.map((request) => [pathOf(request), request])).values()];
  const failing: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < distinct.length) {
        const request = distinct[next++]!;
        const { status } = await probe(baseUrl, request, headers);
        if (status < 200 || status >= 300) failing.push(`GET ${pathOf(request)} → ${status}`);
      }
    }),
  );
  return failing;
}

/** The first distinct lines the app logged while failing requests, for the report. */
function appErrors(log: string): string {
  const lines = [
    ...new Set(
      log
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ].slice(0, 2);
  return lines.length ? `; the app logged: ${lines.map((line) => line.slice(0, 200)).join(" / ")}` : "";
}

async function runTask(scenario: TaskScenario, context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    name: scenario.name,
    issue: scenario.issue,
    kind: "task",
    status: "measured",
    met: null,
    target: scenario.target,
    baseline: scenario.baseline,
  };
  const missing = scenario.missing(context);
  if (missing) return { ...result, status: "not built yet", reason: missing };
  const measured = await scenario.run(context);
  commands.push(measured.command);
  return { ...result, ...measured };
}

function makeTextsFile(workDir: string) {
  const cache = new Map<number, { file: string; source: string; labels: number }>();
  return (count: number) => {
    const known = cache.get(count);
    if (known) return known;
    const { texts, source } = benchTexts(count);
    const file = path.join(workDir, `texts-${count}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        texts.map((text) => ({ id: text.id, text: `${text.title}\n${text.description}`, label: text.label })),
      ),
    );
    const entry = { file, source, labels: distinctLabels(texts) };
    cache.set(count, entry);
    return entry;
  };
}

async function main() {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
  say(
    `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverageAtStart.join(" ")}`,
  );
  say(
    fixMyStreetTexts()
      ? `FixMyStreet texts from ${sharedDataDir}`
      : `No ${sharedDataDir}/fixmystreet_lewisham.csv: generated texts only`,
  );

  if (!options["skip-build"]) {
    say("Building the production app (npm run -s build)…");
    commands.push("npm run -s build");
    build();
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-bench-work-"));
  say("Starting the app on a fresh embedded database…");
  const app = await startBenchApp();
  commands.push(app.command);
  say(`App at ${app.url} (process ${app.pid}), data in ${app.dataDir}`);

  const results: ScenarioResult[] = [];
  let data: BenchData | null = null;
  const seedStarted = Date.now();
  try {
    say(`Seeding ${smallCount.toLocaleString("en-GB")} and ${largeCount.toLocaleString("en-GB")} needs…`);
    const small = benchTexts(smallCount);
    const large = benchTexts(largeCount, 8);
    data = await seedBench(
      app.superuserUrl,
      [
        {
          slug: `bench-${Math.round(smallCount / 1000)}k`,
          title: "What does your neighbourhood need? (bench, small)",
          texts: small.texts,
          textSource: small.source,
        },
        {
          slug: `bench-${Math.round(largeCount / 1000)}k`,
          title: "What does your neighbourhood need? (bench, large)",
          texts: large.texts,
          textSource: large.source,
        },
      ],
      say,
    );
    const { sessionId, draftSessionIds } = await withSuperuser(app.superuserUrl, async (client) => ({
      sessionId: await createBenchSession(client, data!.commissionerId),
      draftSessionIds: await createDraftSessions(client, {
        drafting: data!.consultations[1]!,
        consultations: data!.consultations,
        count: 200,
      }),
    }));
    // Each resident's words and a form token, for the rows that post the words again.
    const draftWords = await withSuperuser(app.superuserUrl, async (client) => {
      const { rows } = await client.query<{ id: string; title: string; description: string }>(
        `select s.id, d.answers->>'title' as title, d.answers->>'description' as description
           from private.sessions s join private.need_drafts d on d.user_id = s.user_id where s.id = any($1)`,
        [draftSessionIds],
      );
      return new Map(rows.map((row) => [row.id, row]));
    });
    const csrfSeed = newCsrfSeed();
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    for (const consultation of data.consultations) {
      say(
        `  /c/${consultation.slug}: ${consultation.needs.toLocaleString("en-GB")} needs (${consultation.published.toLocaleString("en-GB")} published, ` +
          `${consultation.supports.toLocaleString("en-GB")} supports) from ${consultation.textSource}`,
      );
    }
    say(`Seeded in ${seedSeconds.toFixed(0)} s`);

    const context: BenchContext = {
      baseUrl: app.url,
      dataDir: app.dataDir,
      workDir,
      superuserUrl: app.superuserUrl,
      small: data.consultations[0]!,
      large: data.consultations[1]!,
      brief: data.brief,
      groupSlugs: data.groupSlugs,
      commissionerCookie: `gs_session=${signSessionId(app.sessionSecret, sessionId)}`,
      draftCookies: draftSessionIds.map((id) => `gs_session=${signSessionId(app.sessionSecret, id)}`),
      draftForms: draftSessionIds.flatMap((id) => {
        const words = draftWords.get(id);
        if (!words) return [];
        return [
          {
            cookie: `gs_session=${signSessionId(app.sessionSecret, id)}; ${csrfCookieName(false)}=${csrfSeed}`,
            csrf: csrfTokenFor(app.sessionSecret, csrfSeed),
            title: words.title,
            description: words.description,
          },
        ];
      }),
      textsFile: makeTextsFile(workDir),
      appPid: app.pid,
      load: { connections, durationSeconds, warmupSeconds },
    };

    for (const scenario of benchScenarios({ small: smallCount, large: largeCount })) {
      if (
        only &&
        !only.some((part) => scenario.name.toLowerCase().includes(part)) &&
        scenario.name !== HTTP_BASELINE
      )
        continue;
      if (Date.now() - started > BUDGET_MS) {
        results.push({
          name: scenario.name,
          issue: scenario.issue,
          kind: scenario.kind,
          status: "skipped",
          reason: "out of the 15-minute budget",
          met: null,
          target: scenario.target,
        });
        continue;
      }
      say(`${scenario.name}…`);
      let result: ScenarioResult;
      try {
        result =
          scenario.kind === "http" ? await runHttp(scenario, context, app) : await runTask(scenario, context);
      } catch (error) {
        result = {
          name: scenario.name,
          issue: scenario.issue,
          kind: scenario.kind,
          status: "failed",
          reason: error instanceof Error ? error.message : String(error),
          met: null,
          target: scenario.target,
        };
      }
      result.met = targetMet(scenario.target, result);
      const baseline = results.find((other) => other.name === result.baseline && other.status === "measured");
      if (baseline && result.status === "measured") {
        result.ratio =
          result.kind === "http" ? result.p95Ms! / baseline.p95Ms! : result.medianMs! / baseline.medianMs!;
      }
      results.push(result);
      say(
        result.status === "measured"
          ? `  median ${result.medianMs?.toFixed(1)} ms, p95 ${result.p95Ms?.toFixed(1)} ms, ${result.throughput?.toFixed(0)} ${result.throughputUnit}, peak ${result.peakRssMb} MB`
          : `  ${result.status}: ${result.reason}`,
      );
    }
    const appHighWater = highWaterMarkMb(app.pid);

    const finished = Date.now();
    const report = {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      totalSeconds: Math.round((finished - started) / 1000),
      seedSeconds: Math.round(seedSeconds),
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((load) => Number(load.toFixed(2))) },
      settings: {
        connections,
        durationSeconds,
        warmupSeconds,
        headers,
        dbPoolMax: process.env.DB_POOL_MAX ?? "10 (default)",
      },
      data: {
        consultations: data.consultations.map(({ slug, needs, published, supports, textSource }) => ({
          slug,
          needs,
          published,
          supports,
          textSource,
        })),
        brief: data.brief,
        communityGroups: data.groupSlugs.length,
        trails: data.consultations.map(({ slug, trail }) => ({
          slug,
          needPages: trail.references.length,
          statements: trail.statementIds.length,
          proposals: trail.proposalIds.length,
          brief: trail.brief,
        })),
        residents: data.residents,
      },
      appPeakRssMb: appHighWater,
      scenarios: results,
      commands,
    };
    fs.writeFileSync(path.join(projectRoot, "bench-results.json"), `${JSON.stringify(report, null, 2)}\n`);

    console.log(table(results));
    console.log(
      `\n${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.join(" ")} at start, ${report.machine.loadAverageAtEnd.join(" ")} at end; ` +
        `${connections} connections for ${durationSeconds} s after a ${warmupSeconds} s warm-up unless the row says otherwise; ` +
        `app peak RSS ${appHighWater} MB over the whole run; seeded in ${report.seedSeconds} s; total ${report.totalSeconds} s.`,
    );
    console.log(
      `Written to bench-results.json. Commands run (the data folder is deleted at the end unless --keep):`,
    );
    for (const command of commands) console.log(`  ${command}`);
  } finally {
    await stopBenchApp(app, { keep: options.keep, folders: [workDir], say });
  }
  if (!only || only.some((part) => "understanding".includes(part))) understanding();
}

/**
 * How well and how fast needs are understood (tests/bench/understanding.ts), once the app above has stopped:
 * its own embedded database, the model in its own processes. Added to bench-results.json as "understanding".
 */
function understanding() {
  say("understanding: similar needs, embedding, suggestions at 50,000 needs (several minutes)…");
  const command = "node --import tsx tests/bench/understanding.ts";
  const output = execFileSync("node", ["--import", "tsx", "tests/bench/understanding.ts"], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  const result = JSON.parse(output) as Record<string, Record<string, number | string>>;
  const file = path.join(projectRoot, "bench-results.json");
  const report = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
  fs.writeFileSync(
    file,
    `${JSON.stringify({ ...report, understanding: { ...result, command } }, null, 2)}\n`,
  );
  const { similar, embedding, suggestions, memory } = result;
  console.log(
    `\nUnderstanding (${command}):\n` +
      `  similar needs precision@5 ${Number(similar!.precisionAt5).toFixed(3)}, TF-IDF ${Number(similar!.tfIdfPrecisionAt5).toFixed(3)} (${similar!.queries} queries, ${result.data})\n` +
      `  embedding ${Number(embedding!.oneProcessPerSecond).toFixed(1)} needs/s with one process, ${Number(embedding!.twoProcessesPerSecond).toFixed(1)} with two; the model alone ${Number(embedding!.modelAlonePerSecond).toFixed(1)}/s on one core\n` +
      `  suggestions at ${suggestions!.needs} needs: p50 ${Number(suggestions!.p50Ms).toFixed(0)} ms, p95 ${Number(suggestions!.p95Ms).toFixed(0)} ms; embedding the draft alone p50 ${Number(suggestions!.embedDraftAloneP50Ms).toFixed(0)} ms, p95 ${Number(suggestions!.embedDraftAloneP95Ms).toFixed(0)} ms\n` +
      `  memory with the model loaded ${memory!.rssWithModelMb} MB, at the end ${memory!.rssAtEndMb} MB`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
