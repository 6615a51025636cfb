// What a bench run found: one result per scenario, then a plain-text table for people and JSON for tools.
import type { Target } from "./scenarios";

export type Status = "measured" | "not built yet" | "failed" | "skipped";

export interface ScenarioResult {
  name: string;
  issue: string;
  kind: "http" | "task";
  status: Status;
  /** Why it was not measured, or what went wrong. */
  reason?: string;
  connections?: number;
  medianMs?: number;
  p95Ms?: number;
  p99Ms?: number;
  throughput?: number;
  throughputUnit?: string;
  requests?: number;
  non2xx?: number;
  errors?: number;
  peakRssMb?: number | null;
  target?: Target;
  /** Whether every figure the target names was met; null when there is no target or nothing measured. */
  met: boolean | null;
  baseline?: string;
  /** This row's p95 (HTTP) or median time (tasks) divided by its baseline's. */
  ratio?: number | null;
  notes?: string;
  /** The scenario's own verdict on a target no single figure can judge. */
  judged?: boolean;
  path?: string;
  command?: string;
}

export function targetMet(target: Target | undefined, result: ScenarioResult): boolean | null {
  if (!target || result.status !== "measured") return null;
  const checks: boolean[] = [];
  if (target.p95Ms !== undefined) checks.push((result.p95Ms ?? Infinity) < target.p95Ms);
  if (target.medianMs !== undefined) checks.push((result.medianMs ?? Infinity) < target.medianMs);
  if (target.maxPeakRssMb !== undefined) checks.push((result.peakRssMb ?? Infinity) < target.maxPeakRssMb);
  if (target.minThroughput !== undefined) checks.push((result.throughput ?? 0) >= target.minThroughput);
  if (result.non2xx) checks.push(false);
  // Targets no single figure can judge (grouping quality against human labels) are judged by the scenario.
  if (result.judged !== undefined) checks.push(result.judged);
  return checks.length ? checks.every(Boolean) : null;
}

function milliseconds(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1_000) return `${(value / 1000).toFixed(2)} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function number(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "";
  return value >= 100 ? Math.round(value).toLocaleString("en-GB") : value.toFixed(1);
}

export function table(results: ScenarioResult[]): string {
  const header = [
    "scenario",
    "issue",
    "conns",
    "median",
    "p95",
    "throughput",
    "peak RSS",
    "target",
    "met",
    "vs baseline",
  ];
  const rows = results.map((result) => {
    if (result.status !== "measured") {
      return [result.name, result.issue, "", result.status, "", "", "", result.target?.text ?? "—", "", ""];
    }
    return [
      result.name,
      result.issue,
      result.connections ? String(result.connections) : "—",
      milliseconds(result.medianMs),
      milliseconds(result.p95Ms),
      `${number(result.throughput)} ${result.throughputUnit ?? ""}`.trim(),
      result.peakRssMb ? `${result.peakRssMb} MB` : "",
      result.target?.text ?? "—",
      result.met === null ? "" : result.met ? "yes" : "NO",
      result.ratio ? `×${result.ratio.toFixed(result.ratio >= 10 ? 0 : 1)}` : "",
    ];
  });
  const notes = results
    .filter((result) => result.status !== "measured" || result.notes || result.non2xx || result.errors)
    .map((result) => {
      const parts = [
        result.status !== "measured" ? `${result.status}: ${result.reason ?? ""}` : null,
        result.notes ?? null,
        result.non2xx ? `${result.non2xx} responses were not 2xx` : null,
        result.errors ? `${result.errors} connection errors` : null,
      ].filter(Boolean);
      return `- ${result.name}: ${parts.join("; ")}`;
    });
  return [markdownTable(header, rows), ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/** A plain-text table that is also Markdown: columns padded to their widest cell. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}
