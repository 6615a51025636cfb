// The production server: `npm start`. Starts (or connects to) PostgreSQL, then serves the Remix build.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { projectRoot } from "~/db/migrate.server";
import { devMailboxServed, mapTileOrigin, readEnv } from "~/env.server";
import { importJob } from "~/features/evidence-io/import-job.server";
import { groupingJob } from "~/features/need-groups/grouping-runs.server";
import { startMeaningWork } from "~/features/needs/need-meaning.server";
import { startNotificationWork } from "~/features/needs/need-notifications.server";
import { startHousekeeping } from "~/platform/housekeeping.server";
import { startJobPolling } from "~/platform/jobs.server";
import { startDraftEmbedding } from "~/platform/meaning/embedders.server";
import { scheduleRetention } from "~/platform/retention.server";
import { boot } from "~/server/boot.server";
import { createHttpApp } from "~/server/http.server";
import { createMailer } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createPageCache } from "~/server/page-cache.server";
import { createReplicaReads } from "~/server/read-replica.server";
import { reloadOnRebuild } from "./dev-reload";

const log = (line: string) => console.error(`[groundswell] ${line}`);

async function main() {
  const env = readEnv();
  // The model that reads what needs mean, in the drafts' embedding process: a model that cannot load stops the
  // app here, not at a request.
  await startDraftEmbedding();
  const booted = await boot(env, log);
  const build = (await import(
    pathToFileURL(path.join(projectRoot, "build", "index.js")).href
  )) as ServerBuild;
  const pageCache =
    env.PAGE_CACHE_SECONDS > 0
      ? createPageCache({
          connectionString: env.LISTEN_DATABASE_URL ?? booted.connectionString,
          ttlMs: env.PAGE_CACHE_SECONDS * 1000,
          log,
        })
      : undefined;
  const quiet = (line: string) => env.LOG_LEVEL !== "silent" && log(line);
  const replicaReads = booted.readDatabase
    ? createReplicaReads({
        replica: booted.readDatabase,
        primary: booted.database.db,
        listenUrl: env.LISTEN_DATABASE_URL ?? booted.connectionString,
        log,
      })
    : undefined;
  // One mailer for the pages and the notification worker.
  const mailer = createMailer({
    from: env.MAIL_FROM,
    smtpUrl: env.SMTP_URL,
    captureDir: env.MAIL_CAPTURE_DIR,
    devMailbox: devMailboxServed(env),
    log: (line) => env.LOG_LEVEL !== "silent" && console.error(line),
  });
  const makeApp = (serverBuild: ServerBuild) =>
    createHttpApp({
      db: booted.database.db,
      replica: replicaReads,
      build: serverBuild,
      secret: booted.secret,
      appUrl: env.APP_URL,
      trustProxy: env.TRUST_PROXY,
      mapTileOrigin: mapTileOrigin(env.MAP_TILE_URL),
      mode: env.NODE_ENV === "production" ? "production" : "development",
      pageCache,
      mailer,
    });
  const app = makeApp(build);
  const housekeeping = startHousekeeping({
    db: booted.database.db,
    log: (line) => env.LOG_LEVEL !== "silent" && log(line),
  });
  // JOBS=off: a web instance that only queues background work; the instances with JOBS=on find it and do it.
  const jobsHere = env.JOBS === "on";
  const jobs = jobsHere
    ? startJobPolling({
        db: booted.database.db,
        handlers: [groupingJob, importJob],
        log: (line) => env.LOG_LEVEL !== "silent" && log(line),
      })
    : { stop: () => undefined };
  const meaning =
    env.MEANING_PROCESSES === 0 || !jobsHere
      ? { stop: () => undefined }
      : startMeaningWork({
          db: booted.database.db,
          log: (line) => env.LOG_LEVEL !== "silent" && log(line),
        });
  let notifications: { stop(): void } | undefined;
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    // One write, so that whoever waits for "ready at" reads the mailbox line with it.
    const lines = [`Groundswell is ready at http://${env.HOST}:${port}`];
    if (devMailboxServed(env))
      lines.push(`Emails it sends are also shown at http://${env.HOST}:${port}/dev/mailbox`);
    else if (env.DEV_MAILBOX)
      lines.push(
        "DEV_MAILBOX is ignored: the mailbox shows sign-in codes, so in production it needs the embedded database on 127.0.0.1.",
      );
    if (!jobsHere)
      lines.push(
        "JOBS=off: imports, grouping runs, embedding and emails are queued for the instances with JOBS=on.",
      );
    console.error(lines.map((line) => `[groundswell] ${line}`).join("\n"));
    // Links in emails sent outside a request name APP_URL or, without it, this server's own address.
    const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
    if (!jobsHere) return;
    notifications = startNotificationWork({
      db: booted.database.db,
      mailer,
      signer: createSigner(booted.secret),
      appUrl: env.APP_URL?.replace(/\/$/, "") ?? `http://${host}:${port}`,
      log: quiet,
    });
  });
  // `npm run dev` (remix dev sets REMIX_DEV_ORIGIN): serve each rebuild without restarting.
  const devReload =
    env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN
      ? reloadOnRebuild({
          root: projectRoot,
          server,
          build,
          makeApp,
          onReload: () => pageCache?.invalidate(),
          log,
        })
      : undefined;
  const retention = scheduleRetention({
    db: booted.database.db,
    months: env.RETENTION_MONTHS_AFTER_REPORT,
    everyMs: env.RETENTION_CHECK_MINUTES * 60_000,
    log: (line) => env.LOG_LEVEL !== "silent" && log(line),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing requests, then stopping.`);
    retention.stop();
    jobs.stop();
    meaning.stop();
    notifications?.stop();
    devReload?.close();
    await pageCache?.close();
    await replicaReads?.close();
    server.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
    await housekeeping.stop();
    await booted.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
