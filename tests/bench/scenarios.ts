// Every scenario `npm run bench` measures, one row each. When an issue lands a route or a command named in
// its "Speed" section, add (or fix the path of) its row here; rows whose route answers 404 or whose code is
// missing are reported as "not built yet", never as failures.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { sql } from "kysely";
import { asRequest, asService, connect } from "~/db/database.server";
import { projectRoot } from "~/db/migrate.server";
import { runGroupingJobNow } from "~/features/need-groups/grouping-runs.server";
import { gaussian, seededRandom } from "~/features/need-groups/grouping/random";
import { CELLS_FROM, placeMeaningCells } from "~/features/needs/meaning-cells.server";
import { draftMeaningOf } from "~/features/needs/need-drafts.server";
import { similarToDraft } from "~/features/needs/needs.server";
import { MEANING_MODEL, meaningText } from "~/platform/meaning/model.server";
import { packVector, sketchOf, unitVector } from "~/platform/meaning/vectors";
import { evaluateGrouping, type GroupingEvaluation } from "../../app/cli/evaluate-grouping";
import { peakRss, shellQuote } from "./app";
import { instanceRows } from "./instances";
import type { SeededBrief, SeededConsultation } from "./seed";
import { benchTexts, fixMyStreetTexts, seeded, sharedDataDir } from "./texts";

/** The commissioner workspace's URL prefix. */
export const WORKSPACE = "/workspace";

export interface Target {
  /** As the issue words it. */
  text: string;
  p95Ms?: number;
  medianMs?: number;
  maxPeakRssMb?: number;
  minThroughput?: number;
}

export interface BenchContext {
  baseUrl: string;
  dataDir: string;
  workDir: string;
  superuserUrl: string;
  /** The 10,000-need consultation and the large one (100,000 by default). */
  small: SeededConsultation;
  large: SeededConsultation;
  brief: SeededBrief | null;
  /** Community groups' page addresses (/groups/:slug). */
  groupSlugs: string[];
  /** Cookie header of a signed-in commissioner of the bench organisation. */
  commissionerCookie: string;
  /**
   * Cookie headers of anonymous residents, each half-way through posting a need to the large consultation, author
   * of a published need and supporter of a few (see createDraftSessions).
   */
  draftCookies: string[];
  /** The same residents with a form token and their draft's words, to post "What is the need?" again. */
  draftForms: { cookie: string; csrf: string; title: string; description: string }[];
  /** The app's server process, for its memory. */
  appPid: number;
  /** The run's HTTP load settings, for task rows that load a server themselves. */
  load: { connections: number; durationSeconds: number; warmupSeconds: number };
  /** Writes `count` need texts for in-process scenarios; returns the file and where the texts came from. */
  textsFile(count: number): { file: string; source: string; labels: number };
}

interface Common {
  name: string;
  /** The issue whose "Speed" section names it. */
  issue: string;
  target?: Target;
  /** The name of the row this one is compared with (its ratio column). */
  baseline?: string;
}

export interface HttpScenario extends Common {
  kind: "http";
  /** Who asks: nobody signed in (a resident), or a commissioner of the consultation's organisation. */
  as?: "resident" | "commissioner";
  connections?: number;
  /**
   * Every distinct page is asked once before the load and must answer 2xx, and any other answer under load
   * fails the row: a row rotating over many pages would otherwise time a missing one as a fast 404.
   */
  everyRequestOk?: boolean;
  /** A form's post, answered by a redirect to the next page (302 or 303) rather than 2xx. */
  redirects?: boolean;
  /** Alternative URL schemes, each a list of requests taken in turn; the first that does not answer 404 is used. */
  routes: ((context: BenchContext) => BenchRequest[])[];
}

export interface TaskMeasurement {
  medianMs: number;
  p95Ms: number;
  throughput: number;
  throughputUnit: string;
  peakRssMb: number | null;
  notes?: string;
  /** The scenario's own verdict, for a target no single figure can judge (grouping quality). */
  judged?: boolean;
  /** The command that repeats this measurement by hand. */
  command: string;
}

export interface TaskScenario extends Common {
  kind: "task";
  /** Why it cannot run yet (code not there), or null when it can. */
  missing(context: BenchContext): string | null;
  run(context: BenchContext): Promise<TaskMeasurement>;
}

export type Scenario = HttpScenario | TaskScenario;

/** A path, or a path asked by someone in particular (their Cookie header). */
/** A page (a path, or a path with a cookie), or a form posted with a cookie (`form`, URL-encoded). */
export type BenchRequest = string | { path: string; cookie: string; form?: string };

export const HTTP_BASELINE = "static file (baseline)";

const page = (slug: string, query = "") => `/c/${slug}${query}`;
const each = <T>(items: T[], build: (item: T, index: number) => string) => items.map(build);

// The grouping engine and its yardstick, run in a process of their own.
const groupingEngine = path.join(projectRoot, "app", "features", "need-groups", "grouping", "index.ts");
const groupingBaseline = path.join(projectRoot, "app", "features", "need-groups", "grouping", "baseline.ts");
const groupingWorker = path.join(projectRoot, "tests", "bench", "grouping-worker.ts");

interface WorkerOutput {
  times: number[];
  groups: number;
  grouped: number;
  items: number;
  peakRssMb: number | null;
}

/** Runs a bench script in a process of its own; its last line of output is JSON. */
function runScript<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as T);
      else
        reject(
          new Error(
            `${path.basename(script)} exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" / ")}`,
          ),
        );
    });
  });
}

/** Median and slowest of several timed runs over `items` things, and the rate at the median. */
function ofRuns(times: number[], items: number, unit: string) {
  const middle = median(times);
  return {
    medianMs: middle,
    p95Ms: Math.max(...times),
    throughput: items / (middle / 1000),
    throughputUnit: unit,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function groupingScenario(
  mode: "engine" | "baseline",
  count: number,
  runs: number,
  target?: Target,
): TaskScenario {
  const size = count.toLocaleString("en-GB");
  return {
    kind: "task",
    name:
      mode === "engine"
        ? `grouping engine, ${size} needs`
        : `grouping baseline (TF-IDF + k-means), ${size} needs`,
    issue: "#7",
    target,
    baseline: mode === "engine" ? `grouping baseline (TF-IDF + k-means), ${size} needs` : undefined,
    missing: () => {
      const file = mode === "engine" ? groupingEngine : groupingBaseline;
      return fs.existsSync(file) ? null : `${path.relative(projectRoot, file)} is not there`;
    },
    async run(context) {
      const texts = context.textsFile(count);
      const args = ["--mode", mode, "--texts", texts.file, "--runs", String(runs)];
      if (mode === "baseline") args.push("--k", String(texts.labels));
      const output = await runScript<WorkerOutput>(groupingWorker, args);
      return {
        ...ofRuns(output.times, output.items, "needs/s"),
        peakRssMb: output.peakRssMb,
        notes:
          `${texts.source}; ${runs} run${runs > 1 ? "s" : ""}; ${output.groups} groups` +
          (mode === "engine"
            ? `, ${Math.round((100 * output.grouped) / output.items)} % grouped`
            : ` (k = labels)`),
        command: `node --import tsx tests/bench/grouping-worker.ts ${args.join(" ")}`,
      };
    },
  };
}

// The grouping quality table: the engine against human labels on the shared data, beside TF-IDF + k-means (median
// of 5 seeds), as `npm run -s evaluate:grouping` prints it. One evaluation serves both rows.
const sharedLabelled = path.join(sharedDataDir, "fixmystreet_lewisham.csv");
let evaluation: Promise<GroupingEvaluation> | null = null;

function groupingQualityScenario(dataset: string): TaskScenario {
  return {
    kind: "task",
    name: `grouping quality, ${dataset} (ARI and NMI against human labels)`,
    issue: "#7",
    target: { text: "≥ 80 % grouped; ARI and NMI lead the baseline by more than its seed spread" },
    missing: () =>
      fs.existsSync(sharedLabelled) ? null : "the labelled data in ../shared/data is not there",
    async run() {
      evaluation ??= evaluateGrouping({ scale: false });
      const found = (await evaluation).datasets.find((row) => row.name === dataset);
      if (!found) throw new Error(`${dataset} was not evaluated: ${(await evaluation).notes.join(" ")}`);
      const { engine, baseline, meetsTarget } = found;
      const ms = engine.seconds * 1000;
      return {
        medianMs: ms,
        p95Ms: ms,
        throughput: found.rows / engine.seconds,
        throughputUnit: "needs/s",
        peakRssMb: engine.peakRssMb,
        judged: meetsTarget.coverage && meetsTarget.ari && meetsTarget.nmi,
        notes:
          `${found.rows.toLocaleString("en-GB")} rows, ${found.labels} labels, ${engine.groups} groups, ` +
          `${(100 * engine.coverage).toFixed(1)} % grouped; ARI ${engine.ari.toFixed(3)} vs baseline ` +
          `${baseline.medianAri.toFixed(3)} (spread ${baseline.spreadAri.toFixed(3)}); NMI ${engine.nmi.toFixed(3)} vs ` +
          `${baseline.medianNmi.toFixed(3)} (spread ${baseline.spreadNmi.toFixed(3)})`,
        command: "npm run -s evaluate:grouping -- --skip-scale",
      };
    },
  };
}

/**
 * "Suggest groups" as the app runs it on a seeded consultation: the grouping job reads the published needs in
 * batches, groups them in the engine's own process and stores the groups and links (one run). The peak memory
 * is the engine process's (its VmHWM, which it reports with its answer); the job's own process (the app's part:
 * reading, sending, storing) is sampled every 100 ms while the job runs, since this process also seeded.
 */
function groupingJobScenario(
  size: string,
  pick: (context: BenchContext) => SeededConsultation,
  target?: Target,
): TaskScenario {
  return {
    kind: "task",
    name: `grouping job in the app, ${size} needs (read, group in its own process, store)`,
    issue: size === "10,000" ? "#7" : "#27",
    target,
    baseline: `grouping engine, ${size} needs`,
    missing: () => null,
    async run(context) {
      const { db, close } = connect({ connectionString: context.superuserUrl, max: 3 });
      const consultation = pick(context);
      try {
        const runId = randomUUID();
        const jobId = await asService(db, async (tx) => {
          const job = await tx
            .insertInto("private.jobs")
            .values({
              kind: "grouping",
              payload: JSON.stringify({ run_id: runId }),
              consultation_id: consultation.id,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await tx
            .insertInto("grouping_runs")
            .values({ id: runId, consultation_id: consultation.id, job_id: job.id })
            .execute();
          return job.id;
        });
        let jobProcessPeak = process.memoryUsage().rss;
        const sampler = setInterval(() => {
          jobProcessPeak = Math.max(jobProcessPeak, process.memoryUsage().rss);
        }, 100);
        const started = performance.now();
        try {
          await runGroupingJobNow({ db, jobId });
        } finally {
          clearInterval(sampler);
        }
        const ms = performance.now() - started;
        const run = await asService(db, (tx) =>
          tx
            .selectFrom("grouping_runs as r")
            .innerJoin("private.jobs as j", "j.id", "r.job_id")
            .select(["r.status", "r.need_count", "r.waiting_count", "r.group_count", "r.error", "j.result"])
            .where("r.id", "=", runId)
            .executeTakeFirstOrThrow(),
        );
        if (run.status !== "done")
          throw new Error(`the grouping run ended ${run.status}: ${run.error ?? ""}`);
        const result = (run.result ?? {}) as {
          engine_peak_mb?: number;
          grouped?: number;
          proposed?: number;
          phase_ms?: { reading: number; grouping: number; storing: number };
        };
        const phases = result.phase_ms
          ? `; reading ${(result.phase_ms.reading / 1000).toFixed(1)} s, grouping ` +
            `${(result.phase_ms.grouping / 1000).toFixed(1)} s, storing ${(result.phase_ms.storing / 1000).toFixed(1)} s`
          : "";
        const enginePeak = result.engine_peak_mb ?? null;
        const vectors = await asService(db, (tx) =>
          tx
            .selectFrom("need_vectors")
            .select((eb) => eb.fn.countAll<string>().as("count"))
            .where("consultation_id", "=", consultation.id)
            .executeTakeFirstOrThrow(),
        );
        return {
          medianMs: ms,
          p95Ms: ms,
          throughput: (run.need_count ?? 0) / (ms / 1000),
          throughputUnit: "needs/s",
          peakRssMb: enginePeak,
          notes:
            `${(run.need_count ?? 0).toLocaleString("en-GB")} needs grouped ` +
            `(${(result.grouped ?? 0).toLocaleString("en-GB")} in ${run.group_count} new groups, ` +
            `${(result.proposed ?? 0).toLocaleString("en-GB")} proposed for the seed's accepted groups)${phases}, ` +
            `${run.waiting_count.toLocaleString("en-GB")} waiting for their meaning; ` +
            `${Number(vectors.count).toLocaleString("en-GB")} meaning vectors stored` +
            `${Number(vectors.count) === 0 ? " (the seed embeds none: grouped by words alone)" : ""}; ` +
            `peak memory: engine process ${enginePeak ?? "?"} MB (VmHWM), job's process ` +
            `${Math.round(jobProcessPeak / 1024 / 1024)} MB (RSS sampled); 1 run`,
          command: `npm run bench -- --skip-build --large ${consultation === context.large ? size.replace(/,/g, "") : "N"} --only 'grouping job'`,
        };
      } finally {
        await close();
      }
    },
  };
}

/**
 * The index "Is it one of these?" reads at this size: a meaning vector for every need of the large consultation,
 * then its cells of meaning found and every vector placed, as the meaning job does after embedding. The seed
 * embeds no need (the model reads about 40 a second: a million would take seven hours), so the vectors are
 * stand-ins of the real shape: 400 topics, each need its topic's direction plus noise. Runs before the
 * similar-need rows, which then search the index; its name matches `--only similar-need`. Last, each resident's
 * draft gets its meaning kept with it, as saving its words on "What is the need?" does, so the rows measure the
 * view of the next step.
 */
function meaningIndexScenario(size: string): TaskScenario {
  return {
    kind: "task",
    name: `similar-need index, ${size} needs (stand-in vectors stored, cells found and placed)`,
    issue: "#27",
    missing: () => null,
    async run(context) {
      const { db, close } = connect({ connectionString: context.superuserUrl, max: 2 });
      try {
        const random = seededRandom(27);
        const topics = Array.from({ length: 400 }, () =>
          unitVector(Array.from({ length: 512 }, () => gaussian(random))),
        );
        const started = performance.now();
        let after = "00000000-0000-0000-0000-000000000000";
        let stored = 0;
        for (;;) {
          const { rows } = await sql<{ id: string }>`
            select id from public.needs where consultation_id = ${context.large.id} and id > ${after}
             order by id limit 5000`.execute(db);
          if (rows.length === 0) break;
          after = rows.at(-1)!.id;
          const vectors = rows.map((row) =>
            unitVector(
              topics[parseInt(row.id.slice(0, 8), 16) % topics.length]!.map(
                (v) => v + gaussian(random) * 0.06,
              ),
            ),
          );
          await sql`
            insert into public.need_vectors (need_id, consultation_id, model, sketch, vector)
            select t.id, ${context.large.id}, ${MEANING_MODEL}, t.sketch::bit(512), t.vector
              from unnest(${rows.map((row) => row.id)}::uuid[], ${vectors.map((v) => sketchOf(v))}::text[],
                          ${vectors.map((v) => packVector(v))}::bytea[]) as t(id, sketch, vector)
            on conflict (need_id) do nothing`.execute(db);
          stored += rows.length;
        }
        const storedMs = performance.now() - started;
        const work = await placeMeaningCells(db);
        // What autovacuum does soon after a bulk change: the searches read the index alone only where the
        // table's pages are marked all-visible again.
        await sql`vacuum (analyze) public.need_vectors`.execute(db);
        // Each resident's draft copies the words of a published need, so it means what that need means: its
        // kept meaning (as saving "What is the need?" keeps it) is the stand-in vector of a need with its title.
        const drafts = (
          await sql<{ id: string; title: string; description: string }>`
            select id, answers->>'title' as title, answers->>'description' as description
              from private.need_drafts where consultation_id = ${context.large.id}`.execute(db)
        ).rows.flatMap((draft) => {
          const text = meaningText(draft.title, draft.description);
          return text ? [{ id: draft.id, of: draftMeaningOf(text) }] : [];
        });
        const given = await sql`
          update private.need_drafts d set meaning = copied.vector, meaning_of = copied.meaning_of
            from (select t.id, t.meaning_of,
                         (select v.vector from public.needs n join public.need_vectors v on v.need_id = n.id
                           where lower(n.title) = lower(x.answers->>'title') and n.consultation_id = x.consultation_id
                           limit 1) as vector
                    from unnest(${drafts.map((draft) => draft.id)}::uuid[], ${drafts.map((draft) => draft.of)}::text[])
                         as t(id, meaning_of)
                    join private.need_drafts x on x.id = t.id) copied
           where d.id = copied.id and copied.vector is not null`.execute(db);
        // Saving those words also worked out the step's list for each, as the resident it belongs to.
        const owners = (
          await sql<{ user_id: string; title: string; description: string }>`
            select user_id, answers->>'title' as title, answers->>'description' as description
              from private.need_drafts where consultation_id = ${context.large.id}`.execute(db)
        ).rows;
        for (const owner of owners) {
          await asRequest(
            db,
            {
              role: "authenticated",
              aud: "authenticated",
              sub: owner.user_id,
              email: null,
              is_anonymous: true,
            },
            (tx) =>
              similarToDraft({
                tx,
                consultationId: context.large.id,
                author: owner.user_id,
                title: owner.title,
                description: owner.description,
                language: "en",
              }),
          );
        }
        const { rows } = await sql<{ cells: number; largest: number }>`
          select count(*)::int as cells, max(members)::int as largest
            from (select v.cell, count(*) as members from public.need_vectors v
                   where v.consultation_id = ${context.large.id} group by v.cell) c`.execute(db);
        const ms = performance.now() - started;
        return {
          medianMs: ms,
          p95Ms: ms,
          throughput: stored / (ms / 1000),
          throughputUnit: "needs/s",
          peakRssMb: null,
          notes:
            `${stored.toLocaleString("en-GB")} stand-in vectors stored in ${Math.round(storedMs / 1000)} s; ` +
            (stored >= CELLS_FROM
              ? `${rows[0]?.cells ?? 0} cells found (the largest holds ${(rows[0]?.largest ?? 0).toLocaleString("en-GB")}) and ${work.placed.toLocaleString("en-GB")} vectors placed, then vacuumed, in ${Math.round((ms - storedMs) / 1000)} s`
              : `below ${CELLS_FROM.toLocaleString("en-GB")} vectors: searched whole, no cells`) +
            `; ${Number(given.numAffectedRows ?? 0)} residents' drafts given the meaning of the need whose words they copy, and their suggestions worked out`,
          command: "npm run bench -- --only 'similar-need'",
        };
      } finally {
        await close();
      }
    },
  };
}

/** One download as a client takes it (gzip asked for): the ms to the first byte and to the last, and its lines. */
function download(
  url: string,
): Promise<{ firstByteMs: number; wholeMs: number; gzipBytes: number; lines: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(url, {
      headers: { "accept-encoding": "gzip", "user-agent": "groundswell-bench" },
    });
    request.once("error", reject);
    request.once("response", (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`${url} answered ${response.statusCode}`));
      }
      let firstByteMs = 0;
      let gzipBytes = 0;
      let lines = 0;
      response.on("data", (chunk: Buffer) => {
        if (gzipBytes === 0) firstByteMs = performance.now() - started;
        gzipBytes += chunk.length;
      });
      // Unzipped as it arrives, to count the rows (line ends outside quoted cells): a download cut short fails
      // the row rather than timing a part of the file.
      const text =
        response.headers["content-encoding"] === "gzip" ? response.pipe(zlib.createGunzip()) : response;
      let quoted = false;
      text.on("data", (chunk: Buffer) => {
        for (const byte of chunk) {
          if (byte === 34) quoted = !quoted;
          else if (byte === 10 && !quoted) lines += 1;
        }
      });
      text.once("error", reject);
      response.once("aborted", () => reject(new Error(`${url} was cut short`)));
      text.once("end", () =>
        resolve({ firstByteMs, wholeMs: performance.now() - started, gzipBytes, lines }),
      );
    });
  });
}

/**
 * The open data's needs CSV of the whole large consultation through the public API, as a client downloads it
 * (streamed from one cursor, gzipped): the time to the whole file and the app's peak memory while it streams.
 * Open data is published once a consultation has reported, so the row marks the large one reported for its
 * own runs and puts it back after.
 */
function openDataExportScenario(size: string, runs: number): TaskScenario {
  return {
    kind: "task",
    name: `open-data CSV export, ${size} needs`,
    issue: "#27",
    target: { text: "memory bounded: app < 1 GB", maxPeakRssMb: 1_024 },
    baseline: HTTP_BASELINE,
    missing: () => null,
    async run(context) {
      const { db, close } = connect({ connectionString: context.superuserUrl, max: 1 });
      const setStatus = (status: "reported" | "open") =>
        db.updateTable("consultations").set({ status }).where("id", "=", context.large.id).execute();
      const url = new URL(`/api/v1/consultations/${context.large.slug}/open-data?format=csv`, context.baseUrl)
        .href;
      try {
        await setStatus("reported");
        const downloads: Awaited<ReturnType<typeof download>>[] = [];
        const { peakRssMb } = await peakRss(context.appPid, async () => {
          for (let run = 0; run < runs; run += 1) downloads.push(await download(url));
        });
        const rows = downloads[0]!.lines - 1;
        if (downloads.some((one) => one.lines - 1 !== context.large.published))
          throw new Error(`the file held ${rows} needs, not the ${context.large.published} published`);
        const wholeMs = downloads.map((one) => one.wholeMs);
        const firstByte = median(downloads.map((one) => one.firstByteMs));
        return {
          ...ofRuns(wholeMs, rows, "needs/s"),
          peakRssMb,
          notes:
            `${rows.toLocaleString("en-GB")} needs, ${(downloads[0]!.gzipBytes / 1e6).toFixed(1)} MB gzipped; ` +
            `first byte after ${firstByte.toFixed(0)} ms (median); ${runs} run${runs === 1 ? "" : "s"}, p95 is the slowest`,
          command: `curl -s --compressed -o /dev/null -w '%{time_starttransfer} %{time_total}\\n' ${shellQuote(url)}`,
        };
      } finally {
        await setStatus("open").catch(() => undefined);
        await close();
      }
    },
  };
}

// The command-line import, as commissioners run it: `npm run -s import -- --consultation SLUG FILE --map …`
// with a last line "imported N, skipped N, duplicates N". Run on a FixMyStreet-shaped CSV written to the
// bench's temporary folder (never into the repository).
const importCli = path.join(projectRoot, "app", "cli", "import.ts");

function importScenario(rows: number, target?: Target): TaskScenario {
  return {
    kind: "task",
    name: `import ${rows.toLocaleString("en-GB")} rows (command line)`,
    issue: "#9",
    target,
    missing: () => (fs.existsSync(importCli) ? null : "app/cli/import.ts is not there"),
    async run(context) {
      const file = writeImportCsv(context, rows);
      const args = [
        "--import",
        "tsx",
        importCli,
        "--consultation",
        context.large.slug,
        file,
        "--map",
        "title=title,description=detail,theme=service_name,lat=lat,lng=long,created_at=requested_datetime,external_id=service_request_id",
      ];
      const started = performance.now();
      const child = spawn(process.execPath, args, {
        cwd: projectRoot,
        env: { ...process.env, DATA_DIR: context.dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let peakKb = 0;
      const timer = setInterval(() => {
        try {
          const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
          if (match) peakKb = Math.max(peakKb, Number(match[1]));
        } catch {
          // finished
        }
      }, 50);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      clearInterval(timer);
      const elapsed = performance.now() - started;
      if (code !== 0)
        throw new Error(`import exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`);
      return {
        medianMs: elapsed,
        p95Ms: elapsed,
        throughput: rows / (elapsed / 1000),
        throughputUnit: "rows/s",
        peakRssMb: peakKb ? Math.round(peakKb / 1024) : null,
        notes: stdout.trim().split("\n").at(-1),
        command: `DATA_DIR=${context.dataDir} node ${args.join(" ")}`,
      };
    },
  };
}

// The import's ceiling on this machine: the database taking needs into the large consultation with no
// file and no checks, with its indexes and triggers and, for comparison, without them.
const insertFloor = path.join(projectRoot, "tests", "bench", "insert-floor.ts");

function insertFloorScenario(rows: number, bare: boolean): TaskScenario {
  const size = rows.toLocaleString("en-GB");
  return {
    kind: "task",
    name: bare
      ? `database alone, ${size} needs, no secondary indexes or triggers`
      : `database alone, ${size} needs inserted (import's ceiling)`,
    issue: "#9",
    missing: () => null,
    async run(context) {
      const runs = 5;
      const args = [
        "--data-dir",
        context.dataDir,
        "--consultation",
        context.large.slug,
        "--rows",
        String(rows),
      ];
      args.push("--runs", String(runs), ...(bare ? ["--bare"] : []));
      const output = await runScript<{ times: number[]; rows: number }>(insertFloor, args);
      return {
        ...ofRuns(output.times, output.rows, "rows/s"),
        peakRssMb: null,
        notes: `${output.rows.toLocaleString("en-GB")} needs in statements of 1,000, one transaction, rolled back; ${runs} runs`,
        command: `node --import tsx tests/bench/insert-floor.ts ${args.join(" ")}`,
      };
    },
  };
}

function writeImportCsv(context: BenchContext, rows: number): string {
  const file = path.join(context.workDir, `import-${rows}.csv`);
  if (fs.existsSync(file)) return file;
  const texts = JSON.parse(fs.readFileSync(context.textsFile(rows).file, "utf8")) as {
    id: string;
    text: string;
    label: string;
  }[];
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = ["service_request_id,requested_datetime,service_name,title,detail,lat,long"];
  texts.forEach((text, index) => {
    const [title = "", ...rest] = text.text.split("\n");
    lines.push(
      [
        `bench-${rows}-${index}`,
        new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
        quote(text.label),
        quote(title),
        quote(rest.join("\n")),
        "51.45",
        "-0.02",
      ].join(","),
    );
  });
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/**
 * A workspace page for one commissioner at a time, which is what its targets name (no load),
 * and for five at once.
 */
function workspaceRows(
  name: string,
  target: Target,
  route: (context: BenchContext) => BenchRequest[],
): HttpScenario[] {
  return ([1, 5] as const).map((connections) => ({
    kind: "http",
    name: `${name}, ${connections === 1 ? "one commissioner at a time" : "5 commissioners at once"}`,
    issue: "#6",
    as: "commissioner",
    connections,
    target,
    baseline: HTTP_BASELINE,
    routes: [route],
  }));
}

const PAGE_TARGET: Target = { text: "p95 < 100 ms at 20 conns", p95Ms: 100 };

/**
 * A public page at 20 connections, for a visitor without a session and for a resident with one, rotating over
 * `pages` (and, for residents, over the residents' cookies in turn, so no page is always asked by the same one).
 */
function publicPageRows(name: string, pages: (context: BenchContext) => string[]): HttpScenario[] {
  return [
    {
      kind: "http",
      issue: "#23",
      connections: 20,
      everyRequestOk: true,
      target: PAGE_TARGET,
      baseline: HTTP_BASELINE,
      name: `${name}, visitor without a session`,
      routes: [(c) => pages(c)],
    },
    ...residentRows(name, pages, "#23"),
  ];
}

/** `pages` for residents with a session, each page asked by the residents in turn. */
function residentRows(
  name: string,
  pages: (context: BenchContext) => string[],
  issue = "#22",
): HttpScenario[] {
  return [
    {
      kind: "http",
      issue,
      connections: 20,
      everyRequestOk: true,
      target: PAGE_TARGET,
      baseline: HTTP_BASELINE,
      name: `${name}, resident with a session`,
      routes: [
        (c) => {
          const paths = pages(c);
          if (paths.length === 0 || c.draftCookies.length === 0) return [];
          return Array.from({ length: Math.max(paths.length, c.draftCookies.length) }, (_, i) => ({
            path: paths[i % paths.length]!,
            cookie: c.draftCookies[i % c.draftCookies.length]!,
          }));
        },
      ],
    },
  ];
}

const bothConsultations = (c: BenchContext) => [c.small, c.large];

/**
 * Searches made of real words, each different: two or three different words (four letters or more) of one text,
 * drawn at random (seeded, so every run asks the same) from the FixMyStreet reports, or from the generated texts
 * without them.
 */
function newSearches(count: number): string[] {
  const texts = fixMyStreetTexts() ?? benchTexts(5_000).texts;
  const random = seeded(27);
  const searches = new Set<string>();
  for (let attempt = 0; searches.size < count && attempt < count * 20; attempt++) {
    const text = texts[Math.floor(random() * texts.length)]!;
    const words = [...new Set(`${text.title} ${text.description}`.toLowerCase().match(/[a-z]{4,}/g))];
    if (words.length < 3) continue;
    const chosen = new Set(
      Array.from({ length: 2 + Math.floor(random() * 2) }, () => words[Math.floor(random() * words.length)]!),
    );
    if (chosen.size < 2) continue;
    searches.add([...chosen].join(" "));
  }
  return [...searches];
}

/** The rows, named for the sizes this run seeds (10,000 and 100,000 needs unless --small/--large say otherwise). */
export function benchScenarios(sizes: { small: number; large: number }): Scenario[] {
  const small = sizes.small.toLocaleString("en-GB");
  const large = sizes.large.toLocaleString("en-GB");
  return [
    // Baselines and the foundation.
    { kind: "http", name: HTTP_BASELINE, issue: "#11", routes: [() => ["/favicon.svg"]] },
    { kind: "http", name: "/healthz", issue: "#1", baseline: HTTP_BASELINE, routes: [() => ["/healthz"]] },
    { kind: "http", name: "home page", issue: "#4", baseline: HTTP_BASELINE, routes: [() => ["/"]] },

    // Residents.
    {
      kind: "http",
      name: `consultation page, ${small} needs`,
      issue: "#4",
      target: { text: "p95 < 100 ms at 20 conns", p95Ms: 100 },
      baseline: HTTP_BASELINE,
      routes: [(c) => [page(c.small.slug)]],
    },
    {
      // The same page for residents with a session, each with supports and a need of their own on it.
      kind: "http",
      name: `consultation page, ${small} needs, resident with a session`,
      issue: "#22",
      target: { text: "p95 < 100 ms at 20 conns", p95Ms: 100 },
      baseline: HTTP_BASELINE,
      routes: [(c) => c.draftCookies.map((cookie) => ({ path: page(c.small.slug), cookie }))],
    },
    ...instanceRows(small),
    {
      kind: "http",
      name: `consultation page, ${small}, most supported, pages 1-20`,
      issue: "#4",
      target: { text: "p95 < 100 ms at 20 conns", p95Ms: 100 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) =>
          each(
            Array.from({ length: 20 }, (_, i) => i + 1),
            (n) => page(c.small.slug, `?sort=supported&page=${n}`),
          ),
      ],
    },
    {
      kind: "http",
      name: `consultation page, ${small}, by theme and area`,
      issue: "#4",
      target: { text: "p95 < 100 ms at 20 conns", p95Ms: 100 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) =>
          each(c.small.themeIds, (theme, i) =>
            page(c.small.slug, `?theme=${theme}&area=${c.small.areaIds[i % c.small.areaIds.length]}`),
          ),
      ],
    },
    {
      kind: "http",
      name: `consultation page, ${small}, full-text search`,
      issue: "#4",
      target: { text: "p95 < 100 ms at 20 conns", p95Ms: 100 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) => each(c.small.searchTerms, (term) => page(c.small.slug, `?q=${encodeURIComponent(term)}`)),
      ],
    },
    ...residentRows(`consultation page, ${small}, most supported, pages 1-20`, (c) =>
      Array.from({ length: 20 }, (_, i) => page(c.small.slug, `?sort=supported&page=${i + 1}`)),
    ),
    ...residentRows(`consultation page, ${small}, by theme and area`, (c) =>
      c.small.themeIds.map((theme, i) =>
        page(c.small.slug, `?theme=${theme}&area=${c.small.areaIds[i % c.small.areaIds.length]}`),
      ),
    ),
    ...residentRows(`consultation page, ${small}, full-text search`, (c) =>
      c.small.searchTerms.map((term) => page(c.small.slug, `?q=${encodeURIComponent(term)}`)),
    ),
    {
      // The map view's data as the map asks for it while moving: the borough, then closer views of it.
      kind: "http",
      name: `consultation map data, ${small}, borough to street views`,
      issue: "#20",
      baseline: HTTP_BASELINE,
      routes: [
        (c) =>
          each(
            [
              ["51.38,-0.12,51.52,0.08", 12],
              ["51.42,-0.07,51.49,0.03", 13],
              ["51.44,-0.05,51.475,0.0", 14],
              ["51.45,-0.04,51.467,-0.015", 15],
            ] as [string, number][],
            ([bbox, zoom]) => `/c/${c.small.slug}/map.json?bbox=${bbox}&zoom=${zoom}`,
          ),
      ],
    },
    {
      kind: "http",
      name: `consultation page, ${large} needs`,
      issue: "#4",
      target: PAGE_TARGET,
      baseline: HTTP_BASELINE,
      routes: [(c) => [page(c.large.slug)]],
    },
    // The same page for residents who have posted or supported before: a session, so a page of its own.
    ...residentRows(`consultation page, ${large} needs`, (c) => [page(c.large.slug)], "#27"),
    {
      kind: "http",
      name: `consultation page, ${large}, full-text search`,
      issue: "#4",
      target: PAGE_TARGET,
      baseline: HTTP_BASELINE,
      routes: [
        (c) => each(c.large.searchTerms, (term) => page(c.large.slug, `?q=${encodeURIComponent(term)}`)),
      ],
    },
    ...residentRows(`consultation page, ${large}, full-text search`, (c) =>
      c.large.searchTerms.map((term) => page(c.large.slug, `?q=${encodeURIComponent(term)}`)),
    ),
    {
      // Each request a search no one has asked before (none served from the page cache): two or three words of
      // one of the seeded texts, as a resident might type what they came to say.
      kind: "http",
      name: `full-text search, new queries, ${large} needs, 5 at once`,
      issue: "#27",
      connections: 5,
      target: { text: "p95 < 300 ms at 5 conns", p95Ms: 300 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) => each(newSearches(5_000), (words) => page(c.large.slug, `?q=${encodeURIComponent(words)}`)),
      ],
    },
    {
      kind: "http",
      name: "need page",
      issue: "#4",
      baseline: HTTP_BASELINE,
      routes: [
        (c) => each(c.small.references, (reference) => `/needs/${reference}`),
        (c) => each(c.small.references, (reference) => `/c/${c.small.slug}/needs/${reference}`),
      ],
    },
    // The "Is it one of these?" step of posting a need: each resident's draft holds a different title. The
    // issue's target is the time one resident waits; the second row is the same step under 20 at once. First,
    // every need of the consultation gets a meaning vector and the index of them is built, and each draft
    // gets its meaning and its list, as saving its words does; the rows after these time that saving.
    meaningIndexScenario(large),
    ...([1, 20] as const).map((connections): HttpScenario => ({
      kind: "http",
      name: `similar-need suggestions, ${large} needs, ${connections === 1 ? "one resident at a time" : "20 residents at once"}`,
      issue: "#4",
      connections,
      target:
        connections === 1
          ? { text: "p95 < 50 ms (50,000 needs)", p95Ms: 50 }
          : { text: "p95 < 300 ms (1,000,000 needs)", p95Ms: 300 },
      // A draft with nothing alike is sent on to the next question (302), as designed.
      redirects: true,
      baseline: HTTP_BASELINE,
      routes: [
        (c) => c.draftCookies.map((cookie) => ({ path: `/c/${c.large.slug}/needs/new/similar`, cookie })),
      ],
    })),
    // What comes before that view: a resident saves "What is the need?" and the app works the list out (the
    // draft's meaning by the sentence model, the search, the ranking) and keeps it with the draft, then sends
    // them to the step. Each post changes the words (a numbered sentence added to the description), so
    // nothing is read back: every request runs the model and the search.
    ...([1, 20] as const).map((connections): HttpScenario => ({
      kind: "http",
      name: `similar-need suggestions worked out as the words are saved, ${large} needs, ${connections === 1 ? "one resident at a time" : "20 residents at once"}`,
      issue: "#27",
      connections,
      redirects: true,
      target: connections === 1 ? { text: "p95 < 100 ms", p95Ms: 100 } : { text: "p95 < 300 ms", p95Ms: 300 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) =>
          Array.from({ length: 20 }, (_, round) =>
            c.draftForms.map((draft) => ({
              path: `/c/${c.large.slug}/needs/new`,
              cookie: draft.cookie,
              form: new URLSearchParams({
                csrf: draft.csrf,
                title: draft.title,
                description: `${draft.description.slice(0, 500)} Written again, ${connections} ${round + 1}.`,
              }).toString(),
            })),
          ).flat(),
      ],
    })),

    // The commissioner workspace.
    ...workspaceRows(`needs explorer, ${large} needs`, { text: "p95 < 150 ms", p95Ms: 150 }, (c) => [
      `${WORKSPACE}/c/${c.large.slug}/needs`,
      `${WORKSPACE}/c/${c.large.slug}/needs?theme=${c.large.themeIds[0]}&sort=supported`,
      `${WORKSPACE}/c/${c.large.slug}/needs?q=${encodeURIComponent(c.large.searchTerms[0] ?? "bins")}`,
      `${WORKSPACE}/c/${c.large.slug}/needs?page=50`,
      // Filters the running tallies do not keep, each with another order.
      `${WORKSPACE}/c/${c.large.slug}/needs?group=carers&sort=oldest`,
      `${WORKSPACE}/c/${c.large.slug}/needs?photo=no&sort=serious&page=3`,
      `${WORKSPACE}/c/${c.large.slug}/needs?grouped=no`,
      `${WORKSPACE}/c/${c.large.slug}/needs?flagged=yes`,
      // The filters and orders left: an area with a status, seriousness with a source, dates, relevance.
      `${WORKSPACE}/c/${c.large.slug}/needs?area=${c.large.areaIds[0]}&status=received&sort=serious`,
      `${WORKSPACE}/c/${c.large.slug}/needs?seriousness=4&source=import&sort=oldest`,
      `${WORKSPACE}/c/${c.large.slug}/needs?from=2024-06-01&to=2024-06-30&sort=supported`,
      `${WORKSPACE}/c/${c.large.slug}/needs?q=${encodeURIComponent(c.large.searchTerms[1] ?? "road")}&sort=relevance`,
      ...c.large.trail.statementIds
        .slice(0, 1)
        .map((id) => `${WORKSPACE}/c/${c.large.slug}/needs?statement=${id}`),
    ]),
    ...workspaceRows(`dashboard aggregates, ${large} needs`, { text: "< 300 ms", p95Ms: 300 }, (c) => [
      `${WORKSPACE}/c/${c.large.slug}/dashboard`,
    ]),

    // Grouping, in-process.
    groupingScenario("baseline", 10_000, 1),
    groupingScenario("engine", 10_000, 3, { text: "< 5 s, < 1 GB", p95Ms: 5_000, maxPeakRssMb: 1_024 }),
    groupingScenario("baseline", 50_000, 1),
    groupingScenario("engine", 50_000, 1, { text: "< 30 s, < 1 GB", p95Ms: 30_000, maxPeakRssMb: 1_024 }),
    groupingJobScenario(small, (c) => c.small),
    groupingJobScenario(large, (c) => c.large, {
      text: "< 2 min, engine < 2 GB",
      p95Ms: 120_000,
      maxPeakRssMb: 2_048,
    }),

    // The whole large consultation as open data, streamed.
    openDataExportScenario(large, sizes.large >= 500_000 ? 1 : 3),

    // Exporting a brief with 20 statements and 5,000 linked needs.
    ...(["docx", "md"] as const).map((format): HttpScenario => ({
      kind: "http",
      name: `brief export (${format === "docx" ? "DOCX" : "Markdown"}), 20 statements, 5,000 needs`,
      issue: "#8",
      as: "commissioner",
      connections: 1,
      target: { text: "< 1 s", p95Ms: 1_000 },
      baseline: HTTP_BASELINE,
      routes: [
        (c) => (c.brief ? [`${WORKSPACE}/c/${c.large.slug}/briefs/${c.brief.id}/export.${format}`] : []),
      ],
    })),

    // Imports; memory should stay flat from the smaller file to the larger.
    insertFloorScenario(5_000, false),
    insertFloorScenario(5_000, true),
    importScenario(20_000),
    importScenario(100_000, { text: "≥ 5,000 rows/s, memory flat", minThroughput: 5_000 }),

    // Every public page type, as visitors and residents read them (needs with their whole trail, see seed.ts).
    ...publicPageRows(`need page, ${small} needs`, (c) =>
      c.small.trail.references.map((reference) => `/needs/${reference}`),
    ),
    ...publicPageRows(`need page, ${large} needs`, (c) =>
      c.large.trail.references.map((reference) => `/needs/${reference}`),
    ),
    ...publicPageRows("statement page", (c) =>
      bothConsultations(c).flatMap((consultation) =>
        consultation.trail.statementIds.map((id) => `/statements/${id}`),
      ),
    ),
    ...publicPageRows("group page", (c) => c.groupSlugs.map((slug) => `/groups/${slug}`)),
    ...publicPageRows("proposal page", (c) =>
      bothConsultations(c).flatMap((consultation) =>
        consultation.trail.proposalIds.map((id) => `/proposals/${id}`),
      ),
    ),
    ...publicPageRows("brief page", (c) =>
      bothConsultations(c)
        .filter((consultation) => consultation.trail.brief)
        .map((consultation) => `/c/${consultation.slug}/brief`),
    ),
    ...publicPageRows("brief version page", (c) =>
      bothConsultations(c).flatMap(({ trail: { brief } }) =>
        brief ? Array.from({ length: brief.versions }, (_, i) => `/briefs/${brief.id}/v/${i + 1}`) : [],
      ),
    ),

    // Grouping quality last: scoring against human labels embeds every text first (about 6 minutes here), and
    // `npm run -s evaluate:grouping` measures it on its own, so on a slow day the budget skips these first.
    groupingQualityScenario("FixMyStreet Lewisham"),
    groupingQualityScenario("Pol.is NZ Hivemind"),
  ];
}
