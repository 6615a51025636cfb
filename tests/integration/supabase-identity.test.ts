// The Supabase Auth adapter against Supabase Auth's documented HTTP API (POST /auth/v1/otp, /verify,
// /signup, /logout; GET /auth/v1/user), served by msw: hosted Auth cannot run here. The fake server writes
// its users into the test database's auth.users, as Supabase Auth does in a real project, and refuses
// what the real one refuses (wrong or expired codes, unknown tokens, revoked sessions).
import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { revokeOwnSession, claimsFor, type SessionUser } from "~/features/identity/sessions.server";
import { identityFor } from "~/server/http.server";
import type { Identity, IdentityOptions, SessionActions } from "~/server/identity.server";
import type { Mailer } from "~/server/mail.server";
import { supabaseIdentity } from "~/server/supabase-identity.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const SUPABASE_URL = "https://fakeproject.supabase.co";
const ANON_KEY = "anon-key-for-tests";
const COOKIE = "sb-fakeproject-auth-token";

interface FakeUser {
  id: string;
  email: string | null;
  is_anonymous: boolean;
}
interface FakeSession {
  id: string;
  userId: string;
  revoked: boolean;
}

let testDb: TestDatabase;
const users = new Map<string, FakeUser>();
const sessions = new Map<string, FakeSession>();
const codes = new Map<string, string>();
const calls: {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
  apikey: string | null;
}[] = [];
let otpRateLimited = false;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
function accessTokenFor(session: FakeSession, user: FakeUser) {
  const payload = {
    sub: user.id,
    session_id: session.id,
    role: "authenticated",
    aud: "authenticated",
    email: user.email ?? "",
    is_anonymous: user.is_anonymous,
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  return `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(payload)}.${Buffer.from("not-checked-here").toString("base64url")}`;
}
const userJson = (user: FakeUser) => ({
  id: user.id,
  aud: "authenticated",
  role: "authenticated",
  email: user.email ?? "",
  is_anonymous: user.is_anonymous,
  app_metadata: { provider: user.is_anonymous ? "anonymous" : "email" },
  user_metadata: {},
  identities: [],
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
});
async function newSession(user: FakeUser) {
  const session: FakeSession = { id: randomUUID(), userId: user.id, revoked: false };
  const accessToken = accessTokenFor(session, user);
  sessions.set(accessToken, session);
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    refresh_token: randomUUID(),
    user: userJson(user),
  };
}
async function createUser(email: string | null): Promise<FakeUser> {
  const user = { id: randomUUID(), email, is_anonymous: email === null };
  await sql`insert into auth.users (id, email, is_anonymous) values (${user.id}, ${email}, ${user.is_anonymous})`.execute(
    testDb.admin,
  );
  users.set(user.id, user);
  return user;
}
const apiError = (status: number, code: string, msg: string) =>
  HttpResponse.json(
    { code, error_code: code, msg },
    { status, headers: { "x-supabase-api-version": "2024-01-01" } },
  );
function sessionOf(request: Request) {
  const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
  const session = sessions.get(token);
  return session && !session.revoked ? session : null;
}
async function record(request: Request) {
  const url = new URL(request.url);
  const body =
    request.method === "GET"
      ? null
      : await request
          .clone()
          .json()
          .catch(() => null);
  calls.push({
    method: request.method,
    path: `${url.pathname}${url.search}`,
    body,
    authorization: request.headers.get("authorization"),
    apikey: request.headers.get("apikey"),
  });
  return body as Record<string, unknown> | null;
}

const gotrue = setupServer(
  http.post(`${SUPABASE_URL}/auth/v1/otp`, async ({ request }) => {
    const body = (await record(request))!;
    if (otpRateLimited) return apiError(429, "over_email_send_rate_limit", "email rate limit exceeded");
    codes.set(String(body.email), String(Math.floor(100000 + Math.random() * 899999)));
    return HttpResponse.json({});
  }),
  http.post(`${SUPABASE_URL}/auth/v1/verify`, async ({ request }) => {
    const body = (await record(request))!;
    const email = String(body.email);
    if (body.type !== "email" || !codes.has(email) || codes.get(email) !== body.token) {
      return apiError(403, "otp_expired", "Token has expired or is invalid");
    }
    codes.delete(email);
    const user =
      [...users.values()].find((candidate) => candidate.email === email) ?? (await createUser(email));
    return HttpResponse.json(await newSession(user));
  }),
  http.post(`${SUPABASE_URL}/auth/v1/signup`, async ({ request }) => {
    const body = (await record(request))!;
    if ("email" in body || "password" in body)
      return apiError(400, "validation_failed", "only anonymous sign-ups in this fake");
    return HttpResponse.json(await newSession(await createUser(null)));
  }),
  http.get(`${SUPABASE_URL}/auth/v1/user`, async ({ request }) => {
    await record(request);
    const session = sessionOf(request);
    if (!session)
      return apiError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
    return HttpResponse.json(userJson(users.get(session.userId)!));
  }),
  http.post(`${SUPABASE_URL}/auth/v1/logout`, async ({ request }) => {
    await record(request);
    const session = sessionOf(request);
    if (!session) return apiError(403, "session_not_found", "Session not found");
    const scope = new URL(request.url).searchParams.get("scope") ?? "global";
    for (const other of sessions.values()) {
      if (other.userId !== session.userId) continue;
      if (
        scope === "global" ||
        (scope === "local" && other === session) ||
        (scope === "others" && other !== session)
      )
        other.revoked = true;
    }
    return new HttpResponse(null, { status: 204 });
  }),
);

const mailer: Mailer = { send: async () => undefined, mailbox: null };
const options = (): IdentityOptions => ({
  db: testDb.app,
  secret: "supabase-identity-test-secret-long-enough",
  secure: false,
  mailer,
  limits: { codeRequestsPerHourPerEmail: 100, codeRequestsPerHourPerAddress: 1000 },
});
let identity: Identity;

beforeAll(async () => {
  testDb = await createTestDatabase();
  gotrue.listen({ onUnhandledRequest: "error" });
  identity = supabaseIdentity({ ...options(), url: SUPABASE_URL, anonKey: ANON_KEY });
});
afterEach(() => {
  gotrue.resetHandlers();
  otpRateLimited = false;
});
afterAll(async () => {
  gotrue.close();
  await testDb.destroy();
});

/** A browser: keeps the cookies the app sets, sends them back on the next request. */
function browser(address = "203.0.113.5") {
  const jar = new Map<string, string>();
  const keep = (setCookies: string[]) => {
    for (const cookie of setCookies) {
      const [pair] = cookie.split(";");
      const [name, ...rest] = pair!.split("=");
      if (/Max-Age=0/.test(cookie)) jar.delete(name!);
      else jar.set(name!, rest.join("="));
    }
  };
  return {
    jar,
    keep,
    async request(): Promise<{ user: SessionUser | null; actions: SessionActions; setCookies: string[] }> {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
      const request = new Request("http://127.0.0.1/", {
        headers: { cookie, "user-agent": "Mozilla/5.0 (Android 14) Firefox/140" },
      });
      const who = await identity.identify(request, address);
      keep(who.setCookies);
      const setCookies: string[] = [];
      const actions = identity.actionsFor(request, address, who.user, setCookies);
      return {
        user: who.user,
        setCookies,
        actions: new Proxy(actions, {
          get:
            (target, name: keyof SessionActions) =>
            async (...args: never[]) => {
              const result = await (target[name] as (...a: never[]) => Promise<unknown>)(...args);
              keep(setCookies.splice(0));
              return result;
            },
        }),
      };
    },
  };
}

async function signIn(person: ReturnType<typeof browser>, email: string) {
  expect(await (await person.request()).actions.requestCode(email)).toEqual({ status: "sent" });
  const result = await (await person.request()).actions.verifyCode(email, codes.get(email.toLowerCase())!);
  if (result.status !== "signed-in") throw new Error(`sign-in failed: ${result.status}`);
  return result;
}

describe("the Supabase Auth adapter", () => {
  it("is chosen when SUPABASE_URL and SUPABASE_ANON_KEY are set, and only then", () => {
    const env = (extra: Record<string, string>) => readEnv({ ...extra } as NodeJS.ProcessEnv);
    expect(identityFor(options(), env({ SUPABASE_URL, SUPABASE_ANON_KEY: ANON_KEY })).kind).toBe("supabase");
    expect(identityFor(options(), env({})).kind).toBe("built-in");
    expect(() => env({ SUPABASE_URL })).toThrow(/SUPABASE_URL and SUPABASE_ANON_KEY must be set together/);
  });

  it("asks Supabase to email a code (POST /auth/v1/otp) and signs in with it (POST /auth/v1/verify) into HttpOnly cookies", async () => {
    const person = browser();
    const email = `${f.unique("supa")}@example.test`;
    calls.length = 0;
    const { actions } = await person.request();
    expect(await actions.requestCode(` ${email.toUpperCase()} `)).toEqual({ status: "sent" });
    expect(calls).toMatchObject([
      { method: "POST", path: "/auth/v1/otp", body: { email, create_user: true }, apikey: ANON_KEY },
    ]);

    const wrong = await (await person.request()).actions.verifyCode(email, "000000");
    expect(wrong).toEqual({ status: "wrong", attemptsLeft: 4 });
    const setCookies: string[] = [];
    const request = new Request("http://127.0.0.1/", {
      headers: { "user-agent": "Mozilla/5.0 (Android 14) Firefox/140" },
    });
    const result = await identity
      .actionsFor(request, "203.0.113.5", null, setCookies)
      .verifyCode(email, codes.get(email)!);
    expect(result.status).toBe("signed-in");
    expect(calls.at(-1)).toMatchObject({
      method: "POST",
      path: "/auth/v1/verify",
      body: { email, type: "email" },
    });
    const sessionCookie = setCookies.find((cookie) => cookie.startsWith(`${COOKIE}=`));
    expect(sessionCookie).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    if (result.status !== "signed-in") return;
    expect(result.user).toMatchObject({ email, isAnonymous: false });
    const mirrored = await testDb.admin
      .selectFrom("private.sessions")
      .select(["user_id", "user_agent"])
      .where("id", "=", result.user.sessionId)
      .executeTakeFirstOrThrow();
    expect(mirrored).toEqual({
      user_id: result.user.userId,
      user_agent: "Mozilla/5.0 (Android 14) Firefox/140",
    });
  });

  it("mirrors each person Supabase Auth signs in into private.people under the same id, and never writes auth.users", async () => {
    const email = `${f.unique("mirrored")}@example.test`;
    const authBefore = await sql<{ n: number }>`select count(*)::int as n from auth.users`.execute(
      testDb.admin,
    );
    const person = browser();
    const signedIn = await signIn(person, email);
    const supabaseUser = [...users.values()].find((user) => user.email === email)!;
    expect(signedIn.user.userId).toBe(supabaseUser.id);
    const mirrored = await testDb.admin
      .selectFrom("private.people")
      .select(["id", "email", "is_anonymous"])
      .where("id", "=", supabaseUser.id)
      .executeTakeFirstOrThrow();
    expect(mirrored).toEqual({ id: supabaseUser.id, email, is_anonymous: false });
    // Row-level security reads auth.uid(): what this person posts is theirs under that same id.
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: (await f.createOrganisation(testDb.admin)).id,
    });
    const { user } = await person.request();
    await asRequest(testDb.app, claimsFor(user), (tx) =>
      tx
        .insertInto("needs")
        .values({
          consultation_id: consultation.id,
          title: "A bench by the bus stop",
          description: "To rest on.",
          author_id: user!.userId,
          seriousness: 2,
          affected_groups: [],
          source: "web",
        })
        .execute(),
    );
    expect(
      (
        await testDb.admin
          .selectFrom("needs")
          .select("author_id")
          .where("consultation_id", "=", consultation.id)
          .executeTakeFirstOrThrow()
      ).author_id,
    ).toBe(supabaseUser.id);
    // Only the fake Supabase Auth server wrote auth.users (one user); the app wrote none.
    const authAfter = await sql<{ n: number }>`select count(*)::int as n from auth.users`.execute(
      testDb.admin,
    );
    expect(authAfter.rows[0]!.n).toBe(authBefore.rows[0]!.n + 1);

    // Supabase deleted that user and a new one signed up with the address: the new one holds it here too.
    users.delete(supabaseUser.id);
    await sql`delete from auth.users where id = ${supabaseUser.id}`.execute(testDb.admin);
    codes.delete(email);
    const again = await signIn(browser(), email);
    expect(again.user.userId).not.toBe(supabaseUser.id);
    const holders = await testDb.admin
      .selectFrom("private.people")
      .select("id")
      .where("email", "=", email)
      .execute();
    expect(holders).toEqual([{ id: again.user.userId }]);
  });

  it("checks every session with GET /auth/v1/user before its claims reach Postgres", async () => {
    const person = browser();
    const signedIn = await signIn(person, `${f.unique("checked")}@example.test`);
    calls.length = 0;
    const { user } = await person.request();
    expect(user).toEqual(signedIn.user);
    expect(calls).toMatchObject([
      { method: "GET", path: "/auth/v1/user", authorization: expect.stringMatching(/^Bearer ey/) },
    ]);

    // A cookie Supabase did not issue (or has forgotten) is refused and cleared, never believed.
    const forger = browser();
    for (const [name, value] of person.jar) forger.jar.set(name, value);
    for (const session of sessions.values())
      if (session.id === signedIn.user.sessionId) session.revoked = true;
    const refused = await forger.request();
    expect(refused.user).toBeNull();
    expect(forger.jar.has(COOKIE)).toBe(false);
  });

  it("counts wrong codes itself and locks after five, since Supabase Auth does not", async () => {
    const person = browser();
    const email = `${f.unique("locked")}@example.test`;
    await (await person.request()).actions.requestCode(email);
    const tries = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      tries.push(await (await person.request()).actions.verifyCode(email, "999999"));
    expect(tries.map((result) => result.status)).toEqual(["wrong", "wrong", "wrong", "wrong", "locked"]);
    calls.length = 0;
    const sixth = await (await person.request()).actions.verifyCode(email, codes.get(email)!);
    expect(sixth).toMatchObject({ status: "locked", retryAfter: expect.any(Number) });
    expect(calls.filter((call) => call.path === "/auth/v1/verify")).toEqual([]);
  });

  it("reports Supabase's own email limit (429) as a rate limit", async () => {
    otpRateLimited = true;
    expect(
      await (await browser().request()).actions.requestCode(`${f.unique("busy")}@example.test`),
    ).toMatchObject({ status: "rate-limited" });
  });

  it("starts anonymous residents with POST /auth/v1/signup, and merges what they posted into the account they sign in to", async () => {
    const email = `${f.unique("resident")}@example.test`;
    const existing = browser();
    const account = await signIn(existing, email);

    const person = browser();
    calls.length = 0;
    const anonymous = await (await person.request()).actions.startAnonymousSession();
    expect(calls).toMatchObject([{ method: "POST", path: "/auth/v1/signup" }]);
    expect(anonymous.user).toMatchObject({ isAnonymous: true, email: null });
    expect((await person.request()).user).toEqual(anonymous.user);
    const organisation = await f.createOrganisation(testDb.admin);
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      author_id: anonymous.user.userId,
    });

    const result = await signIn(person, email);
    expect(result).toMatchObject({
      anonymous: "merged",
      user: { userId: account.user.userId, isAnonymous: false },
    });
    expect(
      (
        await testDb.admin
          .selectFrom("needs")
          .select("author_id")
          .where("id", "=", need.id)
          .executeTakeFirstOrThrow()
      ).author_id,
    ).toBe(account.user.userId);
    expect(
      await testDb.admin
        .selectFrom("private.people")
        .select("id")
        .where("id", "=", anonymous.user.userId)
        .executeTakeFirst(),
    ).toBeUndefined();
    const mine = await asRequest(testDb.app, claimsFor(result.user), (tx) =>
      tx.selectFrom("needs").select("id").where("author_id", "=", result.user.userId).execute(),
    );
    expect(mine).toEqual([{ id: need.id }]);
  });

  it("refuses a session revoked from the account page at its next request", async () => {
    const laptop = browser();
    const phone = browser();
    const email = `${f.unique("two-devices")}@example.test`;
    const onLaptop = await signIn(laptop, email);
    const onPhone = await signIn(phone, email);
    expect(
      await asRequest(testDb.app, claimsFor(onLaptop.user), (tx) =>
        revokeOwnSession({ tx, sessionId: onPhone.user.sessionId }),
      ),
    ).toBe(true);
    expect((await phone.request()).user).toBeNull();
    expect(phone.jar.has(COOKIE)).toBe(false);
    expect((await laptop.request()).user).toEqual(onLaptop.user);
  });

  it("signs out with POST /auth/v1/logout: this device (scope=local) or everywhere (scope=global)", async () => {
    const email = `${f.unique("logout")}@example.test`;
    const [a, b, c] = [browser(), browser(), browser()];
    await signIn(a, email);
    await signIn(b, email);
    await signIn(c, email);
    calls.length = 0;
    await (await a.request()).actions.endSession();
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: "/auth/v1/logout?scope=local" });
    expect(a.jar.has(COOKIE)).toBe(false);
    expect((await b.request()).user).not.toBeNull();
    await (await b.request()).actions.endAllSessions();
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: "/auth/v1/logout?scope=global" });
    expect((await b.request()).user).toBeNull();
    expect((await c.request()).user).toBeNull();
  });

  it("never calls Supabase for a visitor without a session cookie", async () => {
    calls.length = 0;
    expect((await browser().request()).user).toBeNull();
    expect(calls).toEqual([]);
  });
});
