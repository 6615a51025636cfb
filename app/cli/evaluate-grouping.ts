// `npm run evaluate:grouping [-- --json --skip-scale --parameters JSON]`: measures the grouping engine
// against human labels on the shared data (FixMyStreet Lewisham by service_name, Pol.is NZ by topic) beside
// the TF-IDF + k-means baseline, and times it on 10,000 and 50,000 texts. Each engine run happens in a child
// process so that its time and peak memory are its own. `--parameters '{"resolution":0.8}'` tries values
// other than the frozen ones, for tuning experiments. The shared data lives outside the repository: without
// it the labelled part is skipped with a message and the timings use generated texts.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { baselineGroups } from "~/features/need-groups/grouping/baseline";
import {
  GROUPING_PARAMETERS,
  suggestGroups,
  type GroupingInput,
  type GroupingParameters,
} from "~/features/need-groups/grouping/index";
import {
  adjustedRandIndex,
  coverage,
  normalisedMutualInformation,
} from "~/features/need-groups/grouping/metrics";
import { gaussian, seededRandom, shuffled } from "~/features/need-groups/grouping/random";
import { embedTexts, MEANING_MODEL, meaningText } from "~/platform/meaning/model.server";
import { MEANING_DIMENSIONS, unitVector } from "~/platform/meaning/vectors";

const thisFile = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(thisFile), "../..");
const sharedData = process.env.SHARED_DATA_DIR ?? path.resolve(projectRoot, "../shared/data");

interface LabelledDataset {
  name: string;
  file: string;
  label: string;
  text: string[];
  /** The columns the app would take as the need's title and description, for its meaning vector. */
  meaning: [title: string, description?: string];
}

/** Meaning vectors of the labelled sets are made once (the model reads about 40 texts a second) and kept here. */
const meaningCache = process.env.MEANING_CACHE_DIR ?? path.join(os.tmpdir(), "emb");

const DATASETS: LabelledDataset[] = [
  {
    name: "FixMyStreet Lewisham",
    file: "fixmystreet_lewisham.csv",
    label: "service_name",
    text: ["title", "detail"],
    meaning: ["title", "detail"],
  },
  {
    name: "Pol.is NZ Hivemind",
    file: "polis_nz_hivemind_5topics.csv",
    label: "topic",
    text: ["text"],
    meaning: ["text"],
  },
];
const SCALE_SIZES = [10_000, 50_000];
const SCALE_TARGET_SECONDS: Record<number, number> = { 10_000: 5, 50_000: 30 };
const MEMORY_TARGET_MB = 1024;
const BASELINE_SEEDS = [1, 2, 3, 4, 5];
const COVERAGE_TARGET = 0.8;
const ARI_LEAD_TARGET = 0.05;
const STABILITY_TARGET = 0.9;

export interface EngineRun {
  seconds: number;
  /** Processor time of the run, all threads: near its time on an idle machine, however busy this one is. */
  cpuSeconds: number;
  peakRssMb: number;
  groups: number;
  coverage: number;
  /** The names of the largest groups, with their sizes: for a reader to judge. */
  names: string[];
}

type ChildRun = EngineRun & { assignment: (number | null)[]; ids: string[] };

export interface DatasetEvaluation {
  name: string;
  rows: number;
  labels: number;
  /** Whether the needs had meaning vectors (cached, or made by the model for this run). */
  vectors: boolean;
  engine: EngineRun & { ari: number; nmi: number };
  /** ARI between a run on about 99 % of the needs and the run on all, over the needs both hold. */
  stabilityAri: number;
  baseline: {
    k: number;
    seeds: { seed: number; ari: number; nmi: number; seconds: number }[];
    medianAri: number;
    medianNmi: number;
    /** Max − min over the seeds. */
    spreadAri: number;
    spreadNmi: number;
  };
  /**
   * Coverage ≥ 80 %; ARI ahead of the baseline median by 0.05 and by more than its seed-to-seed spread; NMI
   * ahead by more than its spread; stability ARI ≥ 0.9.
   */
  meetsTarget: { coverage: boolean; ari: boolean; nmi: boolean; stability: boolean };
}

export interface ScaleEvaluation extends EngineRun {
  texts: number;
  source: string;
  targetSeconds: number;
  meetsTarget: boolean;
}

export interface GroupingEvaluation {
  parameters: GroupingParameters;
  datasets: DatasetEvaluation[];
  scale: ScaleEvaluation[];
  /** Why parts were skipped. */
  notes: string[];
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });
}

function datasetTexts(dataset: LabelledDataset) {
  const rows = readCsv(path.join(sharedData, dataset.file));
  const [title, description] = dataset.meaning;
  return {
    texts: rows.map((row) =>
      dataset.text
        .map((column) => (row[column] ?? "").trim())
        .filter(Boolean)
        .join(". "),
    ),
    titles: rows.map((row) => (row[title] ?? "").trim()),
    meaningTexts: rows.map((row) => meaningText(row[title] ?? "", description ? row[description] : "")),
    labels: rows.map((row) => row[dataset.label]),
  };
}

/** Where the meaning vectors of these texts are kept: one float32 row of MEANING_DIMENSIONS per text. */
export function meaningCacheFile(meaningTexts: (string | null)[]): string {
  const hash = createHash("sha256").update(MEANING_MODEL);
  for (const text of meaningTexts) hash.update("\0").update(text ?? "");
  return path.join(meaningCache, `grouping-${hash.digest("hex").slice(0, 24)}.f32`);
}

/** Makes sure the meaning vectors of a labelled set are cached, embedding them with the model if not. */
async function prepareMeaningVectors(dataset: LabelledDataset, log: (line: string) => void): Promise<void> {
  const { meaningTexts } = datasetTexts(dataset);
  const file = meaningCacheFile(meaningTexts);
  if (fs.existsSync(file)) return;
  log(
    `Embedding the ${meaningTexts.length.toLocaleString("en-GB")} texts of ${dataset.name} (once; kept in ${file})…`,
  );
  const present = meaningTexts.flatMap((text, i) => (text === null ? [] : [i]));
  const vectors = await embedTexts(present.map((i) => meaningTexts[i]!));
  const rows = new Float32Array(meaningTexts.length * MEANING_DIMENSIONS);
  present.forEach((i, k) => rows.set(vectors[k]!, i * MEANING_DIMENSIONS));
  fs.mkdirSync(meaningCache, { recursive: true });
  fs.writeFileSync(`${file}.part`, Buffer.from(rows.buffer));
  fs.renameSync(`${file}.part`, file);
}

/** The cached vectors of a set, one per text (undefined where the text had nothing to embed), or null. */
function cachedMeaningVectors(meaningTexts: (string | null)[]): (Float32Array | undefined)[] | null {
  const file = meaningCacheFile(meaningTexts);
  if (!fs.existsSync(file)) return null;
  const bytes = fs.readFileSync(file);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return meaningTexts.map((text, i) =>
    text === null ? undefined : all.subarray(i * MEANING_DIMENSIONS, (i + 1) * MEANING_DIMENSIONS),
  );
}

/** Random unit vectors, for timing the engine without the model. */
function randomMeaningVectors(count: number): Float32Array[] {
  const random = seededRandom(13);
  return Array.from({ length: count }, () =>
    unitVector(Array.from({ length: MEANING_DIMENSIONS }, () => gaussian(random))),
  );
}

const hasFixMyStreet = () => fs.existsSync(path.join(sharedData, DATASETS[0].file));

/**
 * Needs for timing: FixMyStreet reports in a fixed shuffled order, repeated as needed, with their cached
 * meaning vectors; or generated texts. Where no vector is cached, a random unit vector stands in: the
 * timing measures the engine, not the model.
 */
function scaleItems(count: number): GroupingInput[] {
  const random = randomMeaningVectors(Math.min(count, 20_000));
  const stand = (i: number) => random[i % random.length];
  if (!hasFixMyStreet()) {
    return generatedTexts(count).map((text, i) => ({ id: String(i), text, vector: stand(i) }));
  }
  const { texts, titles, meaningTexts } = datasetTexts(DATASETS[0]);
  const vectors = cachedMeaningVectors(meaningTexts);
  const reports = shuffled(
    texts.map((text, i) => ({ text, title: titles[i], vector: vectors?.[i] })),
    seededRandom(7),
  );
  return Array.from({ length: count }, (_, i) => {
    const report = reports[i % reports.length];
    return { id: String(i), text: report.text, title: report.title, vector: report.vector ?? stand(i) };
  });
}

function generatedTexts(count: number): string[] {
  const themes = [
    "pothole road surface cyclists junction repair crumbling tarmac",
    "youth club teenagers evenings activities youth workers sport",
    "older people lonely isolated befriending lunch club visits",
    "fly tipping mattress dumped rubbish bags alley fridge",
    "street lights dark broken lamp pavement unsafe night",
    "food bank families hungry school holidays meals vouchers",
    "bus route cancelled buses late stop shelter timetable",
    "park playground broken swings litter benches trees",
  ].map((words) => words.split(" "));
  const common = "please need near our area help every week council local since residents".split(" ");
  const random = seededRandom(11);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, () => {
    const theme = pick(themes);
    const length = 6 + Math.floor(random() * 14);
    return Array.from({ length }, () => (random() < 0.65 ? pick(theme) : pick(common))).join(" ");
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs the engine in a child process; returns its grouping and its own time and peak memory. */
function runEngineInChild(spec: string, parameters: GroupingParameters): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const args = [
      "--import",
      "tsx",
      thisFile,
      "--engine-worker",
      spec,
      "--parameters",
      JSON.stringify(parameters),
    ];
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`engine worker for ${spec} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

function peakRssMb(): number {
  const status = fs.existsSync("/proc/self/status") ? fs.readFileSync("/proc/self/status", "utf8") : "";
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return Math.round((match ? Number(match[1]) : process.resourceUsage().maxRSS) / 1024);
}

/** The needs of a labelled set, with their titles and cached meaning vectors (none when not cached). */
function datasetItems(index: number): { items: GroupingInput[]; withVectors: boolean } {
  const { texts, titles, meaningTexts } = datasetTexts(DATASETS[index]);
  const vectors = cachedMeaningVectors(meaningTexts);
  return {
    items: texts.map((text, i) => ({ id: String(i), text, title: titles[i], vector: vectors?.[i] })),
    withVectors: vectors !== null,
  };
}

/** The needs left for the first run of the stability check: about 1 in 101 dropped, by a seeded draw. */
function withoutOnePercent<T>(items: T[]): T[] {
  const random = seededRandom(17);
  return items.filter(() => random() >= 1 / 101);
}

/**
 * The child's side: `--engine-worker dataset:<index>`, `dataset:<index>:fewer` (about 1 % of the needs
 * left out, for the stability check) or `scale:<count>`.
 */
function engineWorker(spec: string, parameters: GroupingParameters) {
  const [kind, value, variant] = spec.split(":");
  let items = kind === "dataset" ? datasetItems(Number(value)).items : scaleItems(Number(value));
  if (variant === "fewer") items = withoutOnePercent(items);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const suggestion = suggestGroups(items, {}, parameters);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const assignment = suggestion.assignments.map(({ group }) => group);
  const run: ChildRun = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    groups: suggestion.groups.length,
    coverage: coverage(assignment),
    assignment,
    ids: items.map(({ id }) => id),
    names: suggestion.groups.slice(0, 12).map(({ name, size }) => `${name} (${size})`),
  };
  process.stdout.write(JSON.stringify(run));
}

async function evaluateDataset(
  dataset: LabelledDataset,
  index: number,
  parameters: GroupingParameters,
): Promise<DatasetEvaluation> {
  const { texts, labels, meaningTexts } = datasetTexts(dataset);
  const { assignment, ids, ...engine } = await runEngineInChild(`dataset:${index}`, parameters);
  const fewer = await runEngineInChild(`dataset:${index}:fewer`, parameters);
  const groupOf = new Map(ids.map((id, i) => [id, assignment[i]]));
  const stabilityAri = adjustedRandIndex(
    fewer.ids.map((id) => groupOf.get(id) ?? null),
    fewer.assignment,
  );
  const k = new Set(labels).size;
  const seeds = BASELINE_SEEDS.map((seed) => {
    const started = performance.now();
    const baseline = baselineGroups(texts, { groups: k, seed });
    return {
      seed,
      ari: adjustedRandIndex(labels, baseline),
      nmi: normalisedMutualInformation(labels, baseline),
      seconds: (performance.now() - started) / 1000,
    };
  });
  const aris = seeds.map((s) => s.ari);
  const nmis = seeds.map((s) => s.nmi);
  const baseline = {
    k,
    seeds,
    medianAri: median(aris),
    medianNmi: median(nmis),
    spreadAri: Math.max(...aris) - Math.min(...aris),
    spreadNmi: Math.max(...nmis) - Math.min(...nmis),
  };
  const ari = adjustedRandIndex(labels, assignment);
  const nmi = normalisedMutualInformation(labels, assignment);
  return {
    name: dataset.name,
    rows: texts.length,
    labels: k,
    vectors: cachedMeaningVectors(meaningTexts) !== null,
    engine: { ...engine, ari, nmi },
    stabilityAri,
    baseline,
    meetsTarget: {
      coverage: engine.coverage >= COVERAGE_TARGET,
      ari: ari - baseline.medianAri >= Math.max(ARI_LEAD_TARGET, baseline.spreadAri),
      nmi: nmi - baseline.medianNmi > baseline.spreadNmi,
      stability: stabilityAri >= STABILITY_TARGET,
    },
  };
}

export async function evaluateGrouping({
  scale = true,
  parameters = GROUPING_PARAMETERS,
  log = () => {},
}: {
  scale?: boolean;
  parameters?: GroupingParameters;
  log?: (line: string) => void;
} = {}): Promise<GroupingEvaluation> {
  const notes: string[] = [];
  const datasets: DatasetEvaluation[] = [];
  for (const [index, dataset] of DATASETS.entries()) {
    if (!fs.existsSync(path.join(sharedData, dataset.file))) {
      notes.push(`${dataset.name}: ${path.join(sharedData, dataset.file)} is not there, so it was skipped.`);
      continue;
    }
    try {
      await prepareMeaningVectors(dataset, log);
    } catch (error) {
      notes.push(
        `${dataset.name}: measured on words alone, without meaning vectors (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    log(`Evaluating on ${dataset.name}…`);
    datasets.push(await evaluateDataset(dataset, index, parameters));
  }
  const scaleRuns: ScaleEvaluation[] = [];
  if (scale) {
    for (const texts of SCALE_SIZES) {
      log(`Timing ${texts.toLocaleString("en-GB")} texts…`);
      const {
        assignment: _assignment,
        ids: _ids,
        ...run
      } = await runEngineInChild(`scale:${texts}`, parameters);
      const targetSeconds = SCALE_TARGET_SECONDS[texts];
      scaleRuns.push({
        texts,
        source: hasFixMyStreet() ? "FixMyStreet texts" : "generated texts",
        ...run,
        targetSeconds,
        meetsTarget: run.seconds < targetSeconds && run.peakRssMb < MEMORY_TARGET_MB,
      });
    }
  }
  return { parameters, datasets, scale: scaleRuns, notes };
}

function formatTable(evaluation: GroupingEvaluation): string {
  const figure = (value: number) => value.toFixed(3);
  const yesNo = (ok: boolean) => (ok ? "yes" : "NO");
  const lines = [
    "Grouping quality (ungrouped rows count as one unsorted pile; baseline: median of 5 seeds ± spread;",
    "stable: ARI between a run on about 99 % of the rows and the run on all, over the rows both hold)",
  ];
  const header = [
    "dataset".padEnd(22),
    "rows".padStart(6),
    "labels".padStart(6),
    "groups".padStart(6),
    "coverage".padStart(8),
    "ARI".padStart(6),
    "base ARI (spread)".padStart(18),
    "NMI".padStart(6),
    "base NMI (spread)".padStart(18),
    "time s".padStart(7),
    "cpu s".padStart(6),
    "peak MB".padStart(7),
    "stable".padStart(6),
    "  target met (coverage, ARI, NMI, stable)",
  ];
  lines.push(header.join(" "));
  for (const d of evaluation.datasets) {
    lines.push(
      [
        d.name.padEnd(22),
        String(d.rows).padStart(6),
        String(d.labels).padStart(6),
        String(d.engine.groups).padStart(6),
        `${(100 * d.engine.coverage).toFixed(1)} %`.padStart(8),
        figure(d.engine.ari).padStart(6),
        `${figure(d.baseline.medianAri)} (${figure(d.baseline.spreadAri)})`.padStart(18),
        figure(d.engine.nmi).padStart(6),
        `${figure(d.baseline.medianNmi)} (${figure(d.baseline.spreadNmi)})`.padStart(18),
        d.engine.seconds.toFixed(2).padStart(7),
        d.engine.cpuSeconds.toFixed(2).padStart(6),
        String(d.engine.peakRssMb).padStart(7),
        figure(d.stabilityAri).padStart(6),
        `  ${[d.meetsTarget.coverage, d.meetsTarget.ari, d.meetsTarget.nmi, d.meetsTarget.stability].map(yesNo).join(", ")}${d.vectors ? "" : " (words alone)"}`,
      ].join(" "),
    );
  }
  for (const d of evaluation.datasets) {
    lines.push("", `${d.name}, largest groups: ${d.engine.names.join(" · ")}`);
  }
  if (evaluation.scale.length > 0) {
    lines.push("", "Grouping speed (engine alone, child process)");
    lines.push(
      [
        "texts".padStart(7),
        "source".padEnd(18),
        "groups".padStart(6),
        "coverage".padStart(8),
        "time s".padStart(7),
        "cpu s".padStart(6),
        "peak MB".padStart(7),
        "  target met",
      ].join(" "),
    );
    for (const s of evaluation.scale) {
      lines.push(
        [
          String(s.texts).padStart(7),
          s.source.padEnd(18),
          String(s.groups).padStart(6),
          `${(100 * s.coverage).toFixed(1)} %`.padStart(8),
          s.seconds.toFixed(2).padStart(7),
          s.cpuSeconds.toFixed(2).padStart(6),
          String(s.peakRssMb).padStart(7),
          `  ${yesNo(s.meetsTarget)} (< ${s.targetSeconds} s, < ${MEMORY_TARGET_MB} MB)`,
        ].join(" "),
      );
    }
  }
  for (const note of evaluation.notes) lines.push("", note);
  return lines.join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      "skip-scale": { type: "boolean", default: false },
      parameters: { type: "string" },
      "engine-worker": { type: "string" },
    },
  });
  const parameters: GroupingParameters = { ...GROUPING_PARAMETERS, ...JSON.parse(values.parameters ?? "{}") };
  if (values["engine-worker"]) return engineWorker(values["engine-worker"], parameters);
  const evaluation = await evaluateGrouping({
    scale: !values["skip-scale"],
    parameters,
    log: (line) => console.error(line),
  });
  if (evaluation.datasets.length === 0) {
    console.error(`The labelled data is not in ${sharedData}; only the timings were measured.`);
  }
  if (values.json) {
    console.error(formatTable(evaluation));
    process.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
  } else {
    console.log(formatTable(evaluation));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
