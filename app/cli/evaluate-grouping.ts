// `npm run evaluate:grouping [-- --json --skip-scale --parameters JSON]`: measures the grouping engine
// against human labels on the shared data (FixMyStreet Lewisham by service_name, Pol.is NZ by topic) beside
// the TF-IDF + k-means baseline, and times it on 10,000 and 50,000 texts. Each engine run happens in a child
// process so that its time and peak memory are its own. `--parameters '{"resolution":0.8}'` tries values
// other than the frozen ones, for tuning experiments. The shared data lives outside the repository: without
// it the labelled part is skipped with a message and the timings use generated texts.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { baselineGroups } from "~/features/need-groups/grouping/baseline";
import {
  GROUPING_PARAMETERS,
  suggestGroups,
  type GroupingParameters,
} from "~/features/need-groups/grouping/index";
import {
  adjustedRandIndex,
  coverage,
  normalisedMutualInformation,
} from "~/features/need-groups/grouping/metrics";
import { seededRandom, shuffled } from "~/features/need-groups/grouping/random";

const thisFile = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(thisFile), "../..");
const sharedData = process.env.SHARED_DATA_DIR ?? path.resolve(projectRoot, "../shared/data");

interface LabelledDataset {
  name: string;
  file: string;
  label: string;
  text: string[];
}

const DATASETS: LabelledDataset[] = [
  {
    name: "FixMyStreet Lewisham",
    file: "fixmystreet_lewisham.csv",
    label: "service_name",
    text: ["title", "detail"],
  },
  { name: "Pol.is NZ Hivemind", file: "polis_nz_hivemind_5topics.csv", label: "topic", text: ["text"] },
];
const SCALE_SIZES = [10_000, 50_000];
const SCALE_TARGET_SECONDS: Record<number, number> = { 10_000: 5, 50_000: 30 };
const MEMORY_TARGET_MB = 1024;
const BASELINE_SEEDS = [1, 2, 3, 4, 5];
const COVERAGE_TARGET = 0.8;

export interface EngineRun {
  seconds: number;
  /** Processor time of the run, all threads: near its time on an idle machine, however busy this one is. */
  cpuSeconds: number;
  peakRssMb: number;
  groups: number;
  coverage: number;
}

export interface DatasetEvaluation {
  name: string;
  rows: number;
  labels: number;
  engine: EngineRun & { ari: number; nmi: number };
  baseline: {
    k: number;
    seeds: { seed: number; ari: number; nmi: number; seconds: number }[];
    medianAri: number;
    medianNmi: number;
    /** Max − min over the seeds. */
    spreadAri: number;
    spreadNmi: number;
  };
  /** Coverage ≥ 80 % and a lead over the baseline median larger than its seed-to-seed spread. */
  meetsTarget: { coverage: boolean; ari: boolean; nmi: boolean };
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

function datasetTexts(dataset: LabelledDataset): { texts: string[]; labels: string[] } {
  const rows = readCsv(path.join(sharedData, dataset.file));
  return {
    texts: rows.map((row) =>
      dataset.text
        .map((column) => (row[column] ?? "").trim())
        .filter(Boolean)
        .join(". "),
    ),
    labels: rows.map((row) => row[dataset.label]),
  };
}

const hasFixMyStreet = () => fs.existsSync(path.join(sharedData, DATASETS[0].file));

/** Texts for timing: FixMyStreet reports in a fixed shuffled order, repeated as needed, or generated ones. */
function scaleTexts(count: number): string[] {
  if (!hasFixMyStreet()) return generatedTexts(count);
  const reports = shuffled(datasetTexts(DATASETS[0]).texts, seededRandom(7));
  return Array.from({ length: count }, (_, i) => reports[i % reports.length]);
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
function runEngineInChild(
  spec: string,
  parameters: GroupingParameters,
): Promise<EngineRun & { assignment: (number | null)[] }> {
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

/** The child's side: `--engine-worker dataset:<index>` or `--engine-worker scale:<count>`. */
function engineWorker(spec: string, parameters: GroupingParameters) {
  const [kind, value] = spec.split(":");
  const texts = kind === "dataset" ? datasetTexts(DATASETS[Number(value)]).texts : scaleTexts(Number(value));
  const items = texts.map((text, i) => ({ id: String(i), text }));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const suggestion = suggestGroups(items, {}, parameters);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const assignment = suggestion.assignments.map(({ group }) => group);
  const run: EngineRun & { assignment: (number | null)[] } = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    groups: suggestion.groups.length,
    coverage: coverage(assignment),
    assignment,
  };
  process.stdout.write(JSON.stringify(run));
}

async function evaluateDataset(
  dataset: LabelledDataset,
  index: number,
  parameters: GroupingParameters,
): Promise<DatasetEvaluation> {
  const { texts, labels } = datasetTexts(dataset);
  const { assignment, ...engine } = await runEngineInChild(`dataset:${index}`, parameters);
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
    engine: { ...engine, ari, nmi },
    baseline,
    meetsTarget: {
      coverage: engine.coverage >= COVERAGE_TARGET,
      ari: ari - baseline.medianAri > baseline.spreadAri,
      nmi: nmi - baseline.medianNmi > baseline.spreadNmi,
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
    log(`Evaluating on ${dataset.name}…`);
    datasets.push(await evaluateDataset(dataset, index, parameters));
  }
  const scaleRuns: ScaleEvaluation[] = [];
  if (scale) {
    for (const texts of SCALE_SIZES) {
      log(`Timing ${texts.toLocaleString("en-GB")} texts…`);
      const { assignment: _assignment, ...run } = await runEngineInChild(`scale:${texts}`, parameters);
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
    "Grouping quality (ungrouped rows count as one unsorted pile; baseline: median of 5 seeds ± spread)",
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
    "  target met (coverage, ARI, NMI)",
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
        `  ${yesNo(d.meetsTarget.coverage)}, ${yesNo(d.meetsTarget.ari)}, ${yesNo(d.meetsTarget.nmi)}`,
      ].join(" "),
    );
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
