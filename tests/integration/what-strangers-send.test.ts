// What a stranger can make the running server do with an address, a cookie or another person's need: every
// redirect stays on this site, a session id set before sign-in is never the one after it, and another
// resident's need answers the same "not found" whether it is read or posted to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionId } from "~/features/identity/sessions.server";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { browserWithoutJs } from "../support/http-client";
import { rawGet } from "../support/raw-post";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";

const SESSION_SECRET = "strangers-test-secret-that-is-long-enough-for-the-check";
let database: TestDatabase;
let smtp: SmtpReceiver;
let app: AppProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpReceiver();
  app = await startApp({
    DATABASE_URL: database.appUrl,
    SESSION_SECRET,
    SMTP_URL: smtp.url,
    LOG_LEVEL: "error",
  });
});

afterAll(async () => {
  await app?.stop();
  await smtp.close();
  await database.destroy();
});

/** The code in the last email to this address. */
function lastCodeFor(email: string): string {
  const mail = smtp.delivered.filter((item) => item.to.includes(email)).at(-1);
  const code = mail && /^Subject: (\d{6}) is your Groundswell sign-in code$/m.exec(mail.data)?.[1];
  if (!code) throw new Error(`No sign-in code was sent to ${email}`);
  return code;
}

/** Asks for a code with these form fields, then enters it: the answer of the code step. */
async function signIn(browser: ReturnType<typeof browserWithoutJs>, email: string, redirectTo: string) {
  await browser.get("/sign-in");
  const asked = await browser.post("/sign-in?index", { email, redirectTo });
  expect(asked).toMatchObject({ status: 302, location: "/sign-in/code" });
  await browser.get("/sign-in/code");
  return browser.post("/sign-in/code", { intent: "verify", code: lastCodeFor(email) });
}

/** Where a browser on this site goes when it follows this Location. */
const followed = (location: string | null) => new URL(location ?? "", `${app.url}/sign-in/code`);

describe("where the site sends people", () => {
  it("keeps a return address with a tab, which browsers drop, on this site after signing in", async () => {
    const browser = browserWithoutJs(app.url);
    const page = await browser.get(`/sign-in?redirectTo=${encodeURIComponent("/\t/evil.example")}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="redirectTo" value="/account"');

    const email = `${f.unique("tab")}@example.test`;
    const signedIn = await signIn(browser, email, "/\t/evil.example");
    expect(signedIn.status).toBe(302);
    expect(followed(signedIn.location).origin).toBe(app.url);
    expect(signedIn.location).toBe("/account");

    // Already signed in, the sign-in page sends them straight on: still to this site.
    const again = await browser.get(`/sign-in?redirectTo=${encodeURIComponent("/\t/evil.example")}`);
    expect(again.status).toBe(302);
    expect(followed(again.location).origin).toBe(app.url);
  });

  it("answers the code step with a redirect, not a server error, when the return address held a newline", async () => {
    const browser = browserWithoutJs(app.url);
    const signedIn = await signIn(
      browser,
      `${f.unique("newline")}@example.test`,
      "/account\r\nSet-Cookie: x=1",
    );
    expect(signedIn).toMatchObject({ status: 302, location: "/account" });
  });

  it("sends a language link whose path would leave the site to a page on this site", async () => {
    for (const path of [
      "/.//evil.example?lang=cy",
      "/%2e%2e//evil.example?lang=cy",
      "/.//evil.example/?lang=cy&x=1",
    ]) {
      const answer = await rawGet(app.url, path);
      expect(answer.status).toBe(303);
      expect(followed(answer.location ?? null).origin).toBe(app.url);
    }
    expect(await rawGet(app.url, "/c/somewhere?x=1&lang=cy")).toMatchObject({
      status: 303,
      location: "/c/somewhere?x=1",
    });
  });
});

describe("signing in", () => {
  it("issues a new session id, so a session cookie set beforehand is not the one signed in", async () => {
    // Someone plants the cookie of an anonymous resident session they hold (here, one with a need) in
    // another person's browser, then waits for that person to sign in.
    const anonymous = await f.createUser(database.admin, { anonymous: true });
    const planted = await f.createSession(database.admin, { user_id: anonymous.id });
    const plantedCookie = signSessionId(SESSION_SECRET, planted.id);
    const organisation = await f.createOrganisation(database.admin);
    const consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
    const need = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      author_id: anonymous.id,
    });

    const browser = browserWithoutJs(app.url);
    browser.cookies.set("gs_session", plantedCookie);
    const email = `${f.unique("fixed")}@example.test`;
    expect(await signIn(browser, email, "/account")).toMatchObject({ status: 302, location: "/account" });
    expect(browser.cookies.get("gs_session")).toBeDefined();
    expect(browser.cookies.get("gs_session")).not.toBe(plantedCookie);
    expect((await browser.get("/account")).html).toContain(email);

    // The planted cookie opens nothing now; what the anonymous session posted is the account's.
    const planter = browserWithoutJs(app.url);
    planter.cookies.set("gs_session", plantedCookie);
    expect(await planter.get("/account")).toMatchObject({
      status: 302,
      location: "/sign-in?redirectTo=%2Faccount",
    });
    const account = await database.admin
      .selectFrom("private.people")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const author = await database.admin
      .selectFrom("needs")
      .select("author_id")
      .where("id", "=", need.id)
      .executeTakeFirstOrThrow();
    expect(author.author_id).toBe(account.id);
    const sessions = await database.admin
      .selectFrom("private.sessions")
      .select("id")
      .where("user_id", "=", account.id)
      .where("revoked_at", "is", null)
      .execute();
    expect(sessions.map((row) => row.id)).not.toContain(planted.id);
  });

  it("replaces a forged session cookie with a session of its own", async () => {
    const browser = browserWithoutJs(app.url);
    const forged = `${crypto.randomUUID()}.forged`;
    browser.cookies.set("gs_session", forged);
    const email = `${f.unique("forged")}@example.test`;
    expect(await signIn(browser, email, "/account")).toMatchObject({ status: 302, location: "/account" });
    expect(browser.cookies.get("gs_session")).not.toBe(forged);
    expect((await browser.get("/account")).html).toContain(email);
  });
});

describe("another resident's need", () => {
  it("answers the same 'not found' to reading its edit page and to posting an edit", async () => {
    const organisation = await f.createOrganisation(database.admin);
    const consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
    const author = await f.createUser(database.admin, { anonymous: true });
    const need = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      author_id: author.id,
    });
    await f.createNeedPrivateDetails(database.admin, { need_id: need.id, consultation_id: consultation.id });
    const stranger = await f.createUser(database.admin, { anonymous: true });
    const session = await f.createSession(database.admin, { user_id: stranger.id });

    const browser = browserWithoutJs(app.url);
    browser.cookies.set("gs_session", signSessionId(SESSION_SECRET, session.id));
    await browser.get("/sign-in");
    const read = await browser.get(`/needs/${need.reference}/edit`);
    const posted = await browser.post(`/needs/${need.reference}/edit`, {
      title: "Hijacked",
      description: "Changed by someone else",
    });
    expect(read.status).toBe(404);
    expect(posted.status).toBe(404);
    expect(posted.html).not.toContain("reviewed");
    const unchanged = await database.admin
      .selectFrom("needs")
      .select("title")
      .where("id", "=", need.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.title).toBe(need.title);
  });
});
