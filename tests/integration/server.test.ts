import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "~/db/embedded.server";
import { migrate } from "~/db/migrate.server";
import { signSessionId } from "~/features/identity/sessions.server";
import { expectAppToRefuse, killLeftoverApps, startApp } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";

const SESSION_SECRET = "a-test-secret-that-is-long-enough-for-the-check";

afterEach(() => killLeftoverApps());

function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function superuserClient(dataDir: string) {
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    superuserPassword: string;
  };
  const port = fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3];
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(port),
    user: "postgres",
    password: secrets.superuserPassword,
    database: "groundswell",
  });
  await client.connect();
  return client;
}

describe("starting the app against a database it must not trust", () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(() => database.destroy());

  it("refuses to run as a superuser and says why", async () => {
    const refusal = await expectAppToRefuse({ DATABASE_URL: database.adminUrl, SESSION_SECRET });
    expect(refusal.code).toBe(1);
    const superuser = decodeURIComponent(new URL(database.adminUrl).username);
    expect(refusal.output).toContain(
      `Refusing to run as the database role "${superuser}": it is a superuser`,
    );
  });

  it("refuses to serve others in production without APP_URL, and says why", async () => {
    const refusal = await expectAppToRefuse({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      HOST: "0.0.0.0",
      APP_URL: "",
    });
    expect(refusal.code).toBe(1);
    expect(refusal.output).toContain("APP_URL must be set in production");
    expect(refusal.output).toContain("never from a request's Host header");
  });

  it("refuses a JOBS setting other than on or off, and says so", async () => {
    const refusal = await expectAppToRefuse({ DATABASE_URL: database.appUrl, SESSION_SECRET, JOBS: "later" });
    expect(refusal.output).toContain("JOBS: JOBS must be on or off");
  });

  it("refuses DATABASE_URL without a SESSION_SECRET", async () => {
    const refusal = await expectAppToRefuse({ DATABASE_URL: database.appUrl, SESSION_SECRET: "" });
    expect(refusal.output).toContain("SESSION_SECRET must be set");
  });

  it(
    "answers a form post without a valid CSRF token with 403 and changes nothing",
    { timeout: 120_000 },
    async () => {
      const app = await startApp({ DATABASE_URL: database.appUrl, SESSION_SECRET, LOG_LEVEL: "silent" });
      const codesFor = async (email: string) =>
        (
          await database.admin
            .selectFrom("private.one_time_codes")
            .select("id")
            .where("email", "=", email)
            .execute()
        ).length;
      try {
        const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
        const missing = await fetch(`${app.url}/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form({ email: "no-token@example.org" }),
          redirect: "manual",
        });
        expect(missing.status).toBe(403);
        expect(await missing.text()).toContain("Your form could not be sent");
        const forged = await fetch(`${app.url}/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: "gs_csrf=made-up" },
          body: form({ email: "forged@example.org", csrf: "also-made-up" }),
          redirect: "manual",
        });
        expect(forged.status).toBe(403);
        expect(await codesFor("no-token@example.org")).toBe(0);
        expect(await codesFor("forged@example.org")).toBe(0);

        // The same post with the token the page handed out goes through: the check is what refused.
        const page = await fetch(`${app.url}/sign-in`);
        const cookie = page.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
        const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
        expect(token).toBeTruthy();
        const genuine = await fetch(`${app.url}/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: form({ email: "genuine@example.org", csrf: token! }),
          redirect: "manual",
        });
        expect(genuine.status).toBe(302);
        expect(await codesFor("genuine@example.org")).toBe(1);
      } finally {
        await app.stop();
      }
    },
  );

  it(
    "links the stylesheet by a versioned address that phones may keep for a year",
    { timeout: 120_000 },
    async () => {
      const app = await startApp({ DATABASE_URL: database.appUrl, SESSION_SECRET, LOG_LEVEL: "silent" });
      try {
        const html = await (await fetch(`${app.url}/`)).text();
        const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
        expect(href).toMatch(/^\/assets\/groundswell\.css\?v=[0-9a-f]{12}$/);
        const versioned = await fetch(`${app.url}${href!.replaceAll("&amp;", "&")}`);
        expect(versioned.status).toBe(200);
        expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        expect(await versioned.text()).toContain(".govuk-button");
        // The plain address still answers, for the plain error pages, but only for an hour.
        const plain = await fetch(`${app.url}/assets/groundswell.css`);
        expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
      } finally {
        await app.stop();
      }
    },
  );

  it(
    "sends the messages kept out of the scripts once, as a module phones may keep for a year",
    { timeout: 120_000 },
    async () => {
      const app = await startApp({ DATABASE_URL: database.appUrl, SESSION_SECRET, LOG_LEVEL: "silent" });
      const extraMessage = "as judged by the people running the consultation";
      try {
        const html = await (await fetch(`${app.url}/`)).text();
        const href =
          /<link rel="modulepreload" href="(\/assets\/messages\.en-extra\.js\?v=[0-9a-f]{12})"/.exec(
            html,
          )?.[1];
        expect(href).toBeDefined();
        // Not in the page's data too: a page carries only its own.
        expect(html).not.toContain(extraMessage);
        const module = await fetch(`${app.url}${href!}`);
        expect(module.status).toBe(200);
        expect(module.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
        expect(module.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        const body = await module.text();
        expect(body.startsWith("export default {")).toBe(true);
        expect(body).toContain(extraMessage);
        // The root's data fetched by a browser leaving the need journey carries them itself.
        const data = (await (await fetch(`${app.url}/?_data=root`)).json()) as {
          extraEnglish: Record<string, string> | null;
          extraEnglishModule: string | null;
        };
        expect(data.extraEnglishModule).toBeNull();
        expect(Object.values(data.extraEnglish ?? {})).toContain(
          "{level} out of 5, as judged by the people running the consultation",
        );
        // An old version's address is not kept: it may name other words.
        const old = await fetch(`${app.url}/assets/messages.en-extra.js?v=000000000000`);
        expect(old.headers.get("cache-control")).toBe("no-cache");
      } finally {
        await app.stop();
      }
    },
  );
});

describe("when the database goes away and comes back", () => {
  let cluster: EmbeddedPostgres;
  let dataDir: string;
  let appUrl: string;
  beforeAll(async () => {
    dataDir = tempDir("groundswell-healthz-");
    cluster = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    const admin = new pg.Client({ connectionString: cluster.superuserUrl() });
    await admin.connect();
    await admin.query("create database groundswell");
    await admin.end();
    await migrate({ connectionString: cluster.superuserUrl("groundswell") });
    const client = new pg.Client({ connectionString: cluster.superuserUrl("groundswell") });
    await client.connect();
    await client.query("alter role groundswell_app login password 'healthz-test'");
    await client.end();
    appUrl = `postgres://groundswell_app:healthz-test@127.0.0.1:${cluster.port}/groundswell`;
  });
  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    "reports 503 and a clear page while it is down, and 200 once it is back, without a restart",
    { timeout: 180_000 },
    async () => {
      const app = await startApp({ DATABASE_URL: appUrl, SESSION_SECRET });
      try {
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
        const port = cluster.port;
        await cluster.stop();
        const down = await fetch(`${app.url}/healthz`);
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ database: "down" });
        const page = await fetch(`${app.url}/`);
        expect(page.status).toBe(503);
        expect(await page.text()).toContain("Sorry, the service is unavailable");
        // A signed-in visitor's session is looked up before any route runs: that must be a 503 too.
        const signedIn = await fetch(`${app.url}/`, {
          headers: {
            cookie: `gs_session=${signSessionId(SESSION_SECRET, "00000000-0000-4000-8000-000000000000")}`,
          },
        });
        expect(signedIn.status).toBe(503);
        expect(await signedIn.text()).toContain("Sorry, the service is unavailable");

        cluster = await startEmbeddedPostgres({ dataDir, port, log: () => undefined });
        expect(cluster.port).toBe(port);
        let status = 0;
        for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
          status = (await fetch(`${app.url}/healthz`)).status;
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(status).toBe(200);
        expect((await fetch(`${app.url}/`)).status).toBe(200);
      } finally {
        await app.stop();
      }
    },
  );
});

describe("the embedded database across crashes", () => {
  const dataDir = tempDir("groundswell-crash-");
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    "comes back by itself after the app is killed, with every committed row",
    { timeout: 240_000 },
    async () => {
      const first = await startApp({ DATA_DIR: dataDir });
      const orphan = postmasterPid(dataDir);
      const client = await superuserClient(dataDir);
      await client.query("create table if not exists crash_probe (note text)");
      await client.query("insert into crash_probe values ('committed before the crash')");
      await client.end();
      await first.kill();
      expect(isAlive(orphan), "the database server outlives the killed app").toBe(true);

      const second = await startApp({ DATA_DIR: dataDir });
      try {
        expect(isAlive(orphan), "the orphaned server was stopped").toBe(false);
        expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
        const check = await superuserClient(dataDir);
        const { rows } = await check.query("select note from crash_probe");
        await check.end();
        expect(rows).toEqual([{ note: "committed before the crash" }]);
        expect(second.output()).toContain("left running by an earlier app");
      } finally {
        expect(await second.stop()).toBe(0);
      }
      expect(
        fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid")),
        "a clean stop removes the pid file",
      ).toBe(false);
    },
  );

  it(
    "clears a dead server's pid file, and refuses only while a live app holds the folder",
    { timeout: 240_000 },
    async () => {
      const app = await startApp({ DATA_DIR: dataDir });
      const postmaster = postmasterPid(dataDir);
      const refusal = await expectAppToRefuse({ DATA_DIR: dataDir });
      expect(refusal.output).toMatch(/Another Groundswell app \(process \d+\) is running on the data folder/);
      await app.kill();
      process.kill(postmaster, "SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(true);

      const again = await startApp({ DATA_DIR: dataDir });
      try {
        expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
        expect(again.output()).toContain("Removing a stale database pid file");
      } finally {
        await again.stop();
      }
    },
  );
});
