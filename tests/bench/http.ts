// HTTP load with autocannon: fixed connections for a fixed time, every response's latency kept so the
// median and 95th percentile are exact (autocannon's own summary stops at p90 and p97.5).
import autocannon, { type Options, type RequestParams } from "autocannon";
import { peakRss } from "./app";
import type { BenchRequest } from "./scenarios";

export interface HttpMeasurement {
  requests: number;
  requestsPerSecond: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCounts: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  peakRssMb: number | null;
}

export interface HttpLoad {
  baseUrl: string;
  /** Requests taken in turn, so a scenario reads many pages rather than one cached answer. */
  requests: BenchRequest[];
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The app's process id, for its peak memory during the run. */
  pid: number;
  /** A form's post, answered by a redirect to the next page: 302 and 303 count as answered. */
  redirects?: boolean;
}

/** Whether a status is the answer a row expects: 2xx, or a redirect for a form's post. */
export const answered = (status: number, redirects = false) =>
  (status >= 200 && status < 300) || (redirects && (status === 302 || status === 303));

const FORM = "application/x-www-form-urlencoded";

export function percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

/** Where the next request is taken from: shared by the warm-up and the run, so the run goes on from there. */
interface RequestCursor {
  next: number;
}

function run(
  load: HttpLoad,
  durationSeconds: number,
  cursor: RequestCursor,
  onLatency?: (ms: number, status: number) => void,
) {
  const options: Options = {
    url: load.baseUrl,
    connections: load.connections,
    duration: durationSeconds,
    timeout: 30,
    headers: load.headers,
    requests: [
      {
        setupRequest: (request: RequestParams) => {
          const chosen = load.requests[cursor.next++ % load.requests.length]!;
          if (typeof chosen === "string") return { ...request, path: chosen };
          const headers = { ...request.headers, cookie: chosen.cookie };
          if (!chosen.form) return { ...request, path: chosen.path, headers };
          return {
            ...request,
            method: "POST",
            path: chosen.path,
            body: chosen.form,
            headers: { ...headers, "content-type": FORM },
          };
        },
      },
    ],
  };
  return new Promise<{ errors: number; timeouts: number; seconds: number }>((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      if (error) reject(error);
      else resolve({ errors: result.errors, timeouts: result.timeouts, seconds: result.duration });
    });
    if (onLatency) {
      instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) =>
        onLatency(ms, status),
      );
    }
  });
}

export async function measureHttp(load: HttpLoad): Promise<HttpMeasurement> {
  // A row of requests never asked before (new searches) must not meet the warm-up's answers again in the run.
  const cursor: RequestCursor = { next: 0 };
  if (load.warmupSeconds > 0) await run(load, load.warmupSeconds, cursor);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const { result, peakRssMb } = await peakRss(load.pid, () =>
    run(load, load.durationSeconds, cursor, (ms, status) => {
      latencies.push(ms);
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    }),
  );
  const sorted = Float64Array.from(latencies).sort();
  const non2xx = Object.entries(statusCounts)
    .filter(([status]) => !answered(Number(status), load.redirects))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: sorted.length,
    requestsPerSecond: sorted.length / (result.seconds || load.durationSeconds),
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
    statusCounts,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    peakRssMb,
  };
}

/**
 * One request first: a 404 means the route is not built yet, anything else but 2xx is a failure to report.
 * Also times it, which tells something when every request under load outlasts the run.
 */
export async function probe(
  baseUrl: string,
  request: BenchRequest,
  headers: Record<string, string>,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const path = typeof request === "string" ? request : request.path;
  const sent: Record<string, string> = { ...headers };
  if (typeof request !== "string") sent.cookie = request.cookie;
  const form = typeof request !== "string" ? request.form : undefined;
  if (form) sent["content-type"] = FORM;
  const response = await fetch(new URL(path, baseUrl), {
    method: form ? "POST" : "GET",
    headers: sent,
    body: form,
    redirect: "manual",
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}
