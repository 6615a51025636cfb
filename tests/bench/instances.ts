// More than one app instance on one database, as `npm run bench` measures it: a second app process started on the
// bench's embedded PostgreSQL (as the app role, the way any second instance connects), and a small round-robin
// proxy started here (node:http, no server dependency) in front of one instance or of both. Both rows go through
// the same proxy, so their ratio is what the second instance adds.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { EMBEDDED_DATABASE, readSecrets } from "~/db/embedded.server";
import { startApp } from "../support/app-process";
import { embeddedPort, highWaterMarkMb } from "./app";
import { measureHttp } from "./http";
import type { BenchContext, TaskMeasurement, TaskScenario } from "./scenarios";

interface Proxy {
  url: string;
  /** Requests passed to each backend, in order. */
  counts: number[];
  close(): Promise<void>;
}

/** Passes each request to the next backend in turn, keeping connections to them open. */
export async function startRoundRobinProxy(backends: string[]): Promise<Proxy> {
  const agents = backends.map(() => new http.Agent({ keepAlive: true, maxSockets: 256 }));
  const counts = backends.map(() => 0);
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next++ % backends.length;
    counts[index]! += 1;
    const upstream = http.request(
      new URL(request.url ?? "/", backends[index]),
      { method: request.method, headers: request.headers, agent: agents[index] },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const agent of agents) agent.destroy();
    },
  };
}

/** A second instance of the app on the bench's database, with the first one's session secret. */
async function secondInstance(context: BenchContext) {
  const secrets = readSecrets(context.dataDir);
  const password = secrets.appRolePassword;
  if (!password) throw new Error(`No app role password in ${context.dataDir}/secrets.json`);
  return startApp({
    DATABASE_URL: `postgres://groundswell_app:${encodeURIComponent(password)}@127.0.0.1:${embeddedPort(context.dataDir)}/${EMBEDDED_DATABASE}`,
    SESSION_SECRET: process.env.SESSION_SECRET ?? secrets.sessionSecret!,
    LOG_LEVEL: "error",
    // The first instance does the background work; this one only answers requests.
    MEANING_PROCESSES: "0",
  });
}

const ONE = "one instance";
const TWO = "two instances";

/**
 * The consultation page for residents with a session (a session lookup and their own part of the page on every
 * request), through the bench's round-robin proxy: to the bench's app alone, then to it and a second instance.
 */
export function instanceRows(small: string): TaskScenario[] {
  const name = (instances: string) =>
    `consultation page, ${small} needs, resident with a session, ${instances} behind a round-robin proxy`;
  let oneInstance: number | null = null;
  const measure = async (context: BenchContext, two: boolean): Promise<TaskMeasurement> => {
    const extra = two ? await secondInstance(context) : null;
    const proxy = await startRoundRobinProxy(extra ? [context.baseUrl, extra.url] : [context.baseUrl]);
    try {
      const measured = await measureHttp({
        baseUrl: proxy.url,
        requests: context.draftCookies.map((cookie) => ({ path: `/c/${context.small.slug}`, cookie })),
        headers: { "accept-encoding": "gzip", "user-agent": "groundswell-bench" },
        connections: context.load.connections,
        durationSeconds: context.load.durationSeconds,
        warmupSeconds: context.load.warmupSeconds,
        pid: context.appPid,
      });
      const failed = measured.non2xx + measured.errors + measured.timeouts;
      const second = extra ? highWaterMarkMb(extra.child.pid!) : null;
      if (!two) oneInstance = measured.requestsPerSecond;
      const gain =
        two && oneInstance
          ? `; ×${(measured.requestsPerSecond / oneInstance).toFixed(2)} one instance's throughput`
          : "";
      return {
        medianMs: measured.medianMs,
        p95Ms: measured.p95Ms,
        throughput: measured.requestsPerSecond,
        throughputUnit: "req/s",
        peakRssMb: measured.peakRssMb,
        notes:
          `${measured.requests} requests at ${context.load.connections} connections, ` +
          `${proxy.counts.join(" / ")} to each instance` +
          (failed ? `; ${failed} failed (${JSON.stringify(measured.statusCounts)})` : "") +
          (second !== null ? `; the second instance's peak memory ${second} MB` : "") +
          gain,
        command: two
          ? "npm run bench -- --only 'behind a round-robin proxy'   # starts a second instance and the proxy itself"
          : "npm run bench -- --only 'one instance behind'",
      };
    } finally {
      await proxy.close();
      await extra?.stop();
    }
  };
  return [
    {
      kind: "task",
      name: name(ONE),
      issue: "#22",
      missing: () => null,
      run: (context) => measure(context, false),
    },
    {
      kind: "task",
      name: name(TWO),
      issue: "#22",
      baseline: name(ONE),
      missing: () => null,
      run: (context) => measure(context, true),
    },
  ];
}
