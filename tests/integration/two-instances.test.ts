// Two app processes on one PostgreSQL, as a deployment with two instances behind a load balancer runs: a queued
// background job is done once; a change made through one empties the other's shared pages at once; sign-in
// limits and sessions hold across both; signing out everywhere on one ends the session on the other; and
// killing one under load loses nothing it acknowledged while the other keeps answering. A third, a web instance
// with JOBS=off, only queues a grouping run: an instance that does jobs finds it and runs it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEmail } from "../e2e/support/mail";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { INLINE_NEEDS } from "~/features/need-groups/grouping-runs.server";
import * as f from "../support/factories";
import { browserWithoutJs } from "../support/http-client";

const SESSION_SECRET = "two-instances-test-secret-long-enough-for-the-check";

let database: TestDatabase;
let one: AppProcess;
let two: AppProcess;
const mailDirs = {
  one: fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-instance-one-")),
  two: fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-instance-two-")),
};
let organisation: Awaited<ReturnType<typeof f.createOrganisation>>;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;

const start = (mailDir: string, extra: Record<string, string> = {}) =>
  startApp({
    DATABASE_URL: database.appUrl,
    SESSION_SECRET,
    MAIL_CAPTURE_DIR: mailDir,
    TRUST_PROXY: "1",
    RATE_LIMIT_SCALE: "1",
    // Long: only the announcement of a change can make it show on the other instance within the test.
    PAGE_CACHE_SECONDS: "600",
    LOG_LEVEL: "error",
    ...extra,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  organisation = await f.createOrganisation(database.admin);
  consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
  [one, two] = await Promise.all([start(mailDirs.one), start(mailDirs.two)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await database?.destroy();
  for (const dir of Object.values(mailDirs)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every email either instance sent, oldest first. */
function emails() {
  return Object.values(mailDirs)
    .flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((file) => file.endsWith(".eml"))
        .map((file) => path.join(dir, file)),
    )
    .map((file) => ({ file, written: fs.statSync(file).mtimeMs }))
    .sort((a, b) => a.written - b.written)
    .map(({ file }) => parseEmail(file));
}

/** The newest sign-in code sent to this address, by whichever instance sent it. */
function latestCode(address: string): string {
  const codes = emails()
    .filter((email) => email.to === address)
    .map((email) => /(\d{6}) is your Groundswell sign-in code/.exec(email.subject)?.[1])
    .filter((code): code is string => Boolean(code));
  if (!codes.length) throw new Error(`No sign-in code was sent to ${address}`);
  return codes.at(-1)!;
}

type Client = ReturnType<typeof browserWithoutJs>;

/** A browser signed in through instance `via`, by the email code it sends. */
async function signedIn(via: AppProcess, address: string, network: string): Promise<Client> {
  const client = browserWithoutJs(via.url, { headers: { "x-forwarded-for": network } });
  await client.get("/sign-in");
  expect((await client.post("/sign-in?index", { email: address, redirectTo: "/account" })).status).toBe(302);
  await expect.poll(() => emails().some((email) => email.to === address), { timeout: 5_000 }).toBe(true);
  const verified = await client.post("/sign-in/code", { intent: "verify", code: latestCode(address) });
  expect(verified.location).toBe("/account");
  return client;
}

/** The same browser (its cookies) pointed at the other instance, as a load balancer would send it there. */
function sameBrowserOn(client: Client, via: AppProcess, network: string): Client {
  const moved = browserWithoutJs(via.url, { headers: { "x-forwarded-for": network } });
  for (const [name, value] of client.cookies) moved.cookies.set(name, value);
  return moved;
}

describe("two app instances on one database", () => {
  it("sends each queued email once, whichever instance's worker takes it", async () => {
    const count = 24;
    const recipients: string[] = [];
    for (let i = 0; i < count; i++) {
      const need = await f.createNeed(database.admin, { consultation_id: consultation.id });
      const address = `resident${i}@two-instances.example`;
      recipients.push(address);
      // Posted with an email address and consent: the database queues its acknowledgement as a job.
      await f.createNeedPrivateDetails(database.admin, {
        need_id: need.id,
        consultation_id: consultation.id,
        contact_email: address,
        contact_consent: true,
        contact_consented_at: new Date(),
      });
    }
    const acknowledgements = () =>
      database.admin
        .selectFrom("private.jobs")
        .select(["status", "attempts"])
        .where("kind", "=", "notification")
        .where(sql<boolean>`payload->>'type' = 'need_acknowledgement'`)
        .execute();
    await expect
      .poll(async () => (await acknowledgements()).filter((job) => job.status === "done").length, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(count);
    // Each job was claimed once (one attempt), and each resident has exactly one acknowledgement.
    expect((await acknowledgements()).map((job) => job.attempts)).toEqual(Array(count).fill(1));
    const sent = emails().filter((email) => recipients.includes(email.to));
    expect(sent.map((email) => email.to).sort()).toEqual([...recipients].sort());
  }, 60_000);

  it("shows a change made through one instance on the other's shared page at once", async () => {
    const need = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      title: "A crossing outside the primary school",
    });
    const commissioner = await f.createUser(database.admin, { email: "officer@two-instances.example" });
    await f.addMember(database.admin, {
      organisation_id: organisation.id,
      user_id: commissioner.id,
      role: "admin",
    });
    const page = `/c/${consultation.slug}`;
    // Instance two keeps the consultation page for visitors without a session.
    await expect
      .poll(async () => (await fetch(`${two.url}${page}`)).headers.get("x-page-cache"), { interval: 50 })
      .toBe("hit");
    expect(await (await fetch(`${two.url}${page}`)).text()).not.toContain(need.title);

    // A commissioner publishes the need through instance one.
    const officer = await signedIn(one, commissioner.email!, "192.0.2.10");
    await officer.get(`/c/${consultation.slug}/moderate`);
    const published = await officer.post(`/c/${consultation.slug}/moderate`, {
      intent: "publish-need",
      target: need.id,
    });
    expect(published.status).toBe(302);
    await expect
      .poll(async () => (await fetch(`${two.url}${page}`)).text(), { timeout: 3_000, interval: 20 })
      .toContain(need.title);
  });

  it("counts sign-in requests against one limit across both instances", async () => {
    const address = "limits@two-instances.example";
    const network = "198.51.100.20";
    const clients = [one, two].map((via) =>
      browserWithoutJs(via.url, { headers: { "x-forwarded-for": network } }),
    );
    for (const client of clients) await client.get("/sign-in");
    // Five codes an hour for one address from one network, whichever instance is asked.
    for (let request = 0; request < 5; request++) {
      const answer = await clients[request % 2]!.post("/sign-in?index", { email: address, redirectTo: "/" });
      expect(answer.status).toBe(302);
    }
    for (const client of clients) {
      const refused = await client.post("/sign-in?index", { email: address, redirectTo: "/" });
      expect(refused.status).toBe(429);
      expect(refused.html).toMatch(/Wait \d+ (?:seconds?|minutes?), then try again\./);
    }
  });

  it("keeps a session made on one instance on the other, and signing out everywhere on one ends it on both", async () => {
    const address = "resident@two-instances.example";
    const onOne = await signedIn(one, address, "203.0.113.5");
    const onTwo = sameBrowserOn(onOne, two, "203.0.113.5");
    const account = await onTwo.get("/account");
    expect(account.status).toBe(200);
    expect(account.html).toContain(address);

    // A second device, signed in through instance two.
    const phone = await signedIn(two, address, "203.0.113.6");
    expect((await phone.get("/account")).status).toBe(200);

    await onOne.get("/account");
    const out = await onOne.post("/account?index", { intent: "sign-out-everywhere" });
    expect(out.location).toBe("/sign-in?signedOut=everywhere");
    // Both browsers, on either instance, are signed out: the account page sends them to sign in.
    for (const client of [onTwo, phone, sameBrowserOn(phone, one, "203.0.113.6")]) {
      const answer = await client.get("/account");
      expect(answer.status).toBe(302);
      expect(answer.location).toMatch(/^\/sign-in/);
    }
  });

  it("leaves a grouping run started on a web instance with JOBS=off to an instance that does jobs", async () => {
    // More published needs than a request groups itself (INLINE_NEEDS): the run is a background job.
    const large = await f.createConsultation(database.admin, { organisation_id: organisation.id });
    await sql`
      insert into public.needs (consultation_id, title, description, affected_groups, seriousness, status, source,
                                published_at)
      select ${large.id}::uuid,
             (array['Street lights out on the estate', 'Bins left uncollected for weeks',
                     'No evening bus to the hospital'])[1 + g % 3] || ' (' || g || ')',
             (array['It is dark and people feel unsafe walking home.', 'The bins overflow and attract rats.',
                     'Visitors cannot get back after evening visiting hours.'])[1 + g % 3],
             array['older_people'], 3, 'published', 'web', now()
        from generate_series(1, ${INLINE_NEEDS + 20}) g`.execute(database.admin);
    const commissioner = await f.createUser(database.admin, { email: "planner@two-instances.example" });
    await f.addMember(database.admin, {
      organisation_id: organisation.id,
      user_id: commissioner.id,
      role: "admin",
    });
    const web = await start(mailDirs.one, { JOBS: "off" });
    try {
      expect(web.output()).toContain("JOBS=off: imports, grouping runs, embedding and emails are queued");
      const officer = await signedIn(web, commissioner.email!, "192.0.2.30");
      const groups = `/workspace/c/${large.slug}/groups`;
      await officer.get(groups);
      const started = await officer.post(groups, { intent: "suggest" });
      expect(started.status).toBe(302);
      expect(started.location).toMatch(new RegExp(`^${groups}/runs/`));
      const job = () =>
        database.admin
          .selectFrom("private.jobs")
          .select(["status", "locked_by"])
          .where("kind", "=", "grouping")
          .where("consultation_id", "=", large.id)
          .executeTakeFirstOrThrow();
      // Watching the run on the web instance does not make it do the run.
      expect((await officer.get(started.location!)).html).toContain("Suggesting groups");
      // Which process holds the job while it runs (a worker signs it hostname:pid; done, it is cleared).
      const holders = new Set<string>();
      await expect
        .poll(
          async () => {
            const { status, locked_by } = await job();
            if (locked_by) holders.add(locked_by.slice(locked_by.lastIndexOf(":") + 1));
            return status;
          },
          { timeout: 60_000, interval: 50 },
        )
        .toBe("done");
      expect(holders.size).toBe(1);
      expect([String(one.child.pid), String(two.child.pid)]).toContain([...holders][0]);
      const finished = await officer.get(started.location!);
      expect(finished.html).toContain("Suggested groups");
      expect(finished.html).toMatch(/Published needs read[\s\S]*1,020/);
    } finally {
      await web.stop();
    }
  }, 120_000);

  it("loses nothing one instance acknowledged when it is killed under load, and the other keeps answering", async () => {
    const need = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      status: "published",
    });
    const instances = [one, two];
    const followPage = `/needs/${need.reference}/follow`;
    // Each follower asks from their own network (the per-address limit is not what is tested here).
    const follow = async (via: AppProcess, n: number) => {
      const client = browserWithoutJs(via.url, {
        headers: { "x-forwarded-for": `10.1.${n >> 8}.${n & 255}` },
      });
      try {
        await client.get(followPage);
        const answer = await client.post(followPage, { email: `follower${n}@two-instances.example` });
        return { n, via, acknowledged: answer.status === 302 };
      } catch {
        // The connection died with the instance: not acknowledged.
        return { n, via, acknowledged: false };
      }
    };
    const total = 160;
    const results: { n: number; via: AppProcess; acknowledged: boolean }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        if (!killed && n >= total / 2) {
          killed = true;
          await one.kill();
        }
        results.push(await follow(instances[n % 2]!, n));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const acknowledged = results.filter((result) => result.acknowledged).map((result) => result.n);
    const stored = new Set(
      (
        await database.admin
          .selectFrom("private.need_followers")
          .select("email")
          .where("need_id", "=", need.id)
          .execute()
      ).map((row) => row.email),
    );
    for (const n of acknowledged) expect(stored).toContain(`follower${n}@two-instances.example`);
    // Instance two answered every request it was sent, before and after the other died.
    const toTwo = results.filter((result) => result.via === two);
    expect(toTwo.length).toBe(total / 2);
    expect(toTwo.every((result) => result.acknowledged)).toBe(true);
    // And instance one did answer until it was killed.
    expect(results.some((result) => result.via === one && result.acknowledged)).toBe(true);
    expect((await fetch(`${two.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
