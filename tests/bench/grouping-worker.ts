// Runs the grouping engine with a meaning vector per need (or the TF-IDF + k-means baseline) in a process of
// its own, so its time and its peak memory (the kernel's VmHWM) are its own and not the bench's. Prints one
// JSON line on stdout.
//   node --import tsx tests/bench/grouping-worker.ts --mode engine|baseline --texts FILE [--runs N] [--k N]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { projectRoot } from "~/db/migrate.server";

interface Item {
  id: string;
  text: string;
  label: string;
}

/** The engine's public shape (app/features/need-groups/grouping/index.ts), declared here so the bench builds without it. */
interface GroupingEngine {
  suggestGroups(items: { id: string; text: string; vector?: ArrayLike<number> | null }[]): {
    assignments: { id: string; group: number | null }[];
    groups: unknown[];
  };
}
interface GroupingBaseline {
  baselineGroups(texts: string[], options: { groups: number; seed: number }): number[];
}

export const engineFile = path.join(projectRoot, "app", "features", "need-groups", "grouping", "index.ts");
export const baselineFile = path.join(
  projectRoot,
  "app",
  "features",
  "need-groups",
  "grouping",
  "baseline.ts",
);

/** Seeded unit vectors of the meaning model's size: the engine's time with every need's vector stored. */
function meaningVectors(count: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: 512 }, random);
    const length = Math.hypot(...vector);
    return vector.map((value) => value / length);
  });
}

function highWaterMarkMb(): number | null {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : null;
}

async function main() {
  const { values } = parseArgs({
    options: {
      mode: { type: "string" },
      texts: { type: "string" },
      runs: { type: "string", default: "1" },
      k: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  const items = JSON.parse(fs.readFileSync(values.texts!, "utf8")) as Item[];
  const runs = Number(values.runs);
  const times: number[] = [];
  let groups = 0;
  let grouped = 0;
  if (values.mode === "engine") {
    const engine = (await import(pathToFileURL(engineFile).href)) as GroupingEngine;
    if (typeof engine.suggestGroups !== "function")
      throw new Error(`${engineFile} has no suggestGroups export`);
    // As the grouping job passes them: each need with its stored meaning vector (random ones here: the time,
    // not the quality, is measured; quality is the evaluation's table).
    const vectors = meaningVectors(items.length, Number(values.seed));
    const input = items.map(({ id, text }, index) => ({ id, text, vector: vectors[index] }));
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const suggestion = engine.suggestGroups(input);
      times.push(performance.now() - started);
      groups = suggestion.groups.length;
      grouped = suggestion.assignments.filter((assignment) => assignment.group !== null).length;
    }
  } else if (values.mode === "baseline") {
    const baseline = (await import(pathToFileURL(baselineFile).href)) as GroupingBaseline;
    if (typeof baseline.baselineGroups !== "function")
      throw new Error(`${baselineFile} has no baselineGroups export`);
    const k = Number(values.k ?? new Set(items.map((item) => item.label)).size);
    const texts = items.map((item) => item.text);
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const assignment = baseline.baselineGroups(texts, { groups: k, seed: Number(values.seed) + run });
      times.push(performance.now() - started);
      groups = new Set(assignment).size;
      grouped = assignment.length;
    }
  } else {
    throw new Error("--mode must be engine or baseline");
  }
  process.stdout.write(
    `${JSON.stringify({ times, groups, grouped, items: items.length, peakRssMb: highWaterMarkMb() })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
