// The home page and a consultation's page are shared between visitors without a session
// (app/server/page-cache.server.ts): each still gets its own CSP nonce and CSRF token, a change made anywhere
// shows at once, and a person with a session never gets a visitor's page, nor a visitor theirs.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const SESSION_SECRET = "a-test-secret-that-is-long-enough-for-the-page-cache";
const sign = (value: string) => createHmac("sha256", SESSION_SECRET).update(value).digest("base64url");

interface Visit {
  status: number;
  /** "hit" when the page came from the cache. */
  cache: string | null;
  /** The nonce the Content-Security-Policy header allows. */
  cspNonce: string | undefined;
  csrfSeed: string | undefined;
  body: string;
}

let database: TestDatabase;
let app: AppProcess;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let need: Awaited<ReturnType<typeof f.createNeed>>;

async function visit(path: string, cookie?: string): Promise<Visit> {
  const response = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });
  const seedCookie = response.headers.getSetCookie().find((line) => line.startsWith("gs_csrf="));
  return {
    status: response.status,
    cache: response.headers.get("x-page-cache"),
    cspNonce: /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1],
    csrfSeed: seedCookie?.split(";")[0]!.slice("gs_csrf=".length),
    body: await response.text(),
  };
}

/** Visits until the page comes from the cache (the app starts listening for changes just after it starts). */
async function visitCached(path: string): Promise<Visit> {
  for (let tries = 0; tries < 100; tries++) {
    const answer = await visit(path);
    if (answer.cache === "hit") return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never came from the cache`);
}

const nonces = (body: string) => [...body.matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
const csrfTokens = (body: string) => [...body.matchAll(/"csrfToken":"([^"]+)"/g)].map((match) => match[1]);

beforeAll(async () => {
  database = await createTestDatabase();
  const organisation = await f.createOrganisation(database.admin);
  consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
  need = await f.createNeed(database.admin, {
    consultation_id: consultation.id,
    title: "A bench by the bus stop on Hill Road",
    status: "published",
  });
  // A long time limit: only the announcement of a change can make a change show within the test.
  app = await startApp({
    DATABASE_URL: database.appUrl,
    SESSION_SECRET,
    LOG_LEVEL: "error",
    PAGE_CACHE_SECONDS: "600",
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await database?.destroy();
});

describe("public pages shared between visitors without a session", () => {
  it("gives every visitor of a shared page their own nonce and CSRF token, never the stand-ins", async () => {
    for (const path of ["/", `/c/${consultation.slug}`, `/c/${consultation.slug}?sort=supported`]) {
      const first = await visitCached(path);
      const second = await visitCached(path);
      for (const answer of [first, second]) {
        expect(answer.status).toBe(200);
        expect(answer.body).not.toMatch(/gsnonce|gscsrf/);
        // Scripts run only with the nonce this response's policy allows.
        expect(new Set(nonces(answer.body))).toEqual(new Set([answer.cspNonce]));
        // Forms carry the token of this visitor's own CSRF cookie, so their posts are accepted.
        expect(answer.csrfSeed).toBeTruthy();
        expect(new Set(csrfTokens(answer.body))).toEqual(new Set([sign(`csrf:${answer.csrfSeed}`)]));
      }
      expect(first.cspNonce).not.toBe(second.cspNonce);
      expect(first.csrfSeed).not.toBe(second.csrfSeed);
    }
    expect((await visitCached(`/c/${consultation.slug}`)).body).toContain(
      "A bench by the bus stop on Hill Road",
    );
  });

  it("shows a change made by another process at once: a renamed need, a hidden one, a closed consultation", async () => {
    const path = `/c/${consultation.slug}`;
    await visitCached(path);
    await database.admin
      .updateTable("needs")
      .set({ title: "A shelter at the bus stop" })
      .where("id", "=", need.id)
      .execute();
    await expect
      .poll(async () => (await visit(path)).body, { timeout: 3_000, interval: 20 })
      .toContain("A shelter at the bus stop");

    await visitCached(path);
    await database.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Names a neighbour" })
      .where("id", "=", need.id)
      .execute();
    await expect
      .poll(async () => (await visit(path)).body, { timeout: 3_000, interval: 20 })
      .not.toContain("A shelter at the bus stop");

    const home = await visitCached("/");
    expect(home.body).toContain(consultation.title);
    await database.admin
      .updateTable("consultations")
      .set({ title: "Warm spaces this winter", closes_at: f.daysFromNow(20) })
      .where("id", "=", consultation.id)
      .execute();
    await expect
      .poll(async () => (await visit("/")).body, { timeout: 3_000, interval: 20 })
      .toContain("Warm spaces this winter");
    await database.admin
      .updateTable("needs")
      .set({ status: "published", moderation_reason: null })
      .where("id", "=", need.id)
      .execute();
  });

  it("makes a page many ask for at once only once, after a change emptied it", async () => {
    const path = `/c/${consultation.slug}?sort=supported`;
    await visitCached(path);
    await database.admin
      .updateTable("consultations")
      .set({ summary: "Tell us what would help this winter" })
      .where("id", "=", consultation.id)
      .execute();
    await expect
      .poll(async () => (await visit(`/c/${consultation.slug}`)).body, { timeout: 3_000, interval: 20 })
      .toContain("Tell us what would help this winter");
    const answers = await Promise.all(Array.from({ length: 12 }, () => visit(path)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    // One request made it; the others waited for it (or came after it was kept).
    expect(answers.filter((answer) => answer.cache !== "hit")).toHaveLength(1);
    for (const answer of answers) {
      expect(answer.body).toContain("Tell us what would help this winter");
      expect(nonces(answer.body).every((nonce) => nonce === answer.cspNonce)).toBe(true);
    }
  });

  it("shares a signed-in person's page only with those in the same position, never with visitors", async () => {
    const user = await f.createUser(database.admin);
    const session = await f.createSession(database.admin, { user_id: user.id });
    const cookie = `gs_session=${session.id}.${sign(`session:${session.id}`)}; gs_csrf=a-seed`;
    const path = `/c/${consultation.slug}`;
    await visitCached(path);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const mine = await visit(path, cookie);
      expect(mine.status).toBe(200);
      expect(mine.body).toContain('href="/sign-out"');
      expect(new Set(csrfTokens(mine.body))).toEqual(new Set([sign("csrf:a-seed")]));
      answers.push(mine.cache);
    }
    // Made for them once, then kept for them (and anyone with the same header and part).
    expect(answers).toEqual([null, "hit", "hit"]);
    const visitor = await visitCached(path);
    expect(visitor.body).not.toContain('href="/sign-out"');
  });

  it("never shares Remix's data requests or a page in another language's key", async () => {
    const path = `/c/${consultation.slug}`;
    await visitCached(path);
    const data = await visit(`${path}?_data=routes%2Fc.%24slug._index`);
    expect(data.cache).toBeNull();
    const welsh = await fetch(`${app.url}${path}`, { headers: { cookie: "gs_lang=cy" } });
    expect(await welsh.text()).toContain('lang="cy"');
  });

  it("listens on LISTEN_DATABASE_URL when it is set, and shares nothing while it cannot", async () => {
    // A transaction-mode pooler passes no notifications on: LISTEN_DATABASE_URL names a connection that does.
    // Here it names a port nothing listens on, so the page must be made for every visitor.
    const unreachable = new URL(database.appUrl);
    unreachable.port = "9";
    const other = await startApp({
      DATABASE_URL: database.appUrl,
      LISTEN_DATABASE_URL: unreachable.href,
      SESSION_SECRET,
      LOG_LEVEL: "error",
      PAGE_CACHE_SECONDS: "600",
    });
    try {
      const path = `/c/${consultation.slug}`;
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${other.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("x-page-cache")).toBeNull();
      }
      expect(other.output()).toContain("page cache: not listening");
    } finally {
      await other.stop();
    }
  });
});
