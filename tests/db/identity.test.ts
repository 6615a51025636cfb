// Sign-in codes, rate limits, anonymous upgrade, sessions and account deletion against a real PostgreSQL,
// through the built-in identity service exactly as the HTTP layer drives it.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { deleteOwnAccount, grantPlatformAdminFromConfig } from "~/features/identity/accounts.server";
import { checkSignInCode, issueSignInCode } from "~/features/identity/one-time-codes.server";
import { hitRateLimit } from "~/platform/rate-limits.server";
import {
  claimsFor,
  createSession,
  listOwnSessions,
  revokeOwnSession,
  type SessionUser,
} from "~/features/identity/sessions.server";
import { builtInIdentity, type IdentityLimits, type SessionActions } from "~/server/identity.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const SECRET = "identity-test-secret-that-is-long-enough";
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.destroy());

function fakeMailer() {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
  return {
    sent,
    mailer,
    codeFor: (to: string) =>
      /^(\d{6}) is your/.exec(sent.filter((email) => email.to === to).at(-1)!.subject)![1]!,
  };
}

function identity(options: { limits?: Partial<IdentityLimits>; adminEmail?: string } = {}) {
  const mail = fakeMailer();
  const service = builtInIdentity({
    db: testDb.app,
    secret: SECRET,
    secure: false,
    mailer: mail.mailer,
    adminEmail: options.adminEmail,
    limits: { codeRequestsPerHourPerEmail: 100, codeRequestsPerHourPerAddress: 1000, ...options.limits },
  });
  /** The actions a request from this browser would get, as the HTTP layer builds them. */
  const as = async (
    cookie: string | null,
    address = "192.0.2.10",
  ): Promise<{ user: SessionUser | null; actions: SessionActions }> => {
    const request = new Request("http://127.0.0.1/", {
      headers: cookie ? { cookie, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140" } : {},
    });
    const { user } = await service.identify(request, address);
    return { user, actions: service.actionsFor(request, address, user, []) };
  };
  return { service, mail, as };
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

async function signIn(id: ReturnType<typeof identity>, email: string, cookie: string | null = null) {
  const { actions } = await id.as(cookie);
  expect(await actions.requestCode(email)).toEqual({ status: "sent" });
  const { actions: again } = await id.as(cookie);
  const result = await again.verifyCode(email, id.mail.codeFor(email.toLowerCase()));
  if (result.status !== "signed-in") throw new Error(`sign-in failed: ${result.status}`);
  return result;
}

describe("rate limits shared through Postgres", () => {
  it("allow up to the limit in a window, then refuse with the seconds left, per key", async () => {
    const key = f.unique("test:limit");
    const now = new Date("2030-01-01T10:15:00Z");
    for (let hit = 1; hit <= 3; hit += 1) {
      expect(await hitRateLimit({ db: testDb.app, key, limit: 3, windowSeconds: 3600, now })).toMatchObject({
        allowed: true,
        count: hit,
      });
    }
    expect(await hitRateLimit({ db: testDb.app, key, limit: 3, windowSeconds: 3600, now })).toMatchObject({
      allowed: false,
      count: 4,
      retryAfter: 45 * 60,
    });
    expect(
      (await hitRateLimit({ db: testDb.app, key: `${key}:other`, limit: 3, windowSeconds: 3600, now }))
        .allowed,
    ).toBe(true);
    const nextWindow = new Date("2030-01-01T11:00:01Z");
    expect(
      await hitRateLimit({ db: testDb.app, key, limit: 3, windowSeconds: 3600, now: nextWindow }),
    ).toMatchObject({ allowed: true, count: 1 });
  });

  it("count hits from many connections at once without losing any", async () => {
    const key = f.unique("test:concurrent");
    const results = await Promise.all(
      Array.from({ length: 12 }, () => hitRateLimit({ db: testDb.app, key, limit: 10, windowSeconds: 60 })),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});

describe("sign-in codes", () => {
  it("are stored only as a keyed hash and work once", async () => {
    const email = `${f.unique("code")}@example.test`;
    const { code } = await issueSignInCode({ db: testDb.app, secret: SECRET, email });
    const stored = await testDb.admin
      .selectFrom("private.one_time_codes")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(stored.expires_at).getTime() - new Date(stored.created_at).getTime()).toBeCloseTo(
      10 * 60 * 1000,
      -4,
    );
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code })).toEqual({
      status: "valid",
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code })).toEqual({
      status: "used",
    });
  });

  it("lock after five wrong tries, so the right code on the sixth is refused", async () => {
    const email = `${f.unique("code")}@example.test`;
    const { code } = await issueSignInCode({ db: testDb.app, secret: SECRET, email, code: "246810" });
    const wrong = () => checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "111111" });
    expect(await wrong()).toEqual({ status: "wrong", attemptsLeft: 4 });
    expect(await wrong()).toEqual({ status: "wrong", attemptsLeft: 3 });
    expect(await wrong()).toEqual({ status: "wrong", attemptsLeft: 2 });
    expect(await wrong()).toEqual({ status: "wrong", attemptsLeft: 1 });
    expect(await wrong()).toEqual({ status: "locked" });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code })).toEqual({
      status: "locked",
    });
  });

  it("expire after ten minutes", async () => {
    const email = `${f.unique("code")}@example.test`;
    const { code } = await issueSignInCode({ db: testDb.app, secret: SECRET, email });
    await sql`update private.one_time_codes set created_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute' where email = ${email}`.execute(
      testDb.admin,
    );
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code })).toEqual({
      status: "expired",
    });
  });

  it("all work when several were asked for, but share one count of wrong guesses", async () => {
    const email = `${f.unique("code")}@example.test`;
    await issueSignInCode({ db: testDb.app, secret: SECRET, email, code: "123123" });
    await issueSignInCode({ db: testDb.app, secret: SECRET, email, code: "456456" });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "000000" })).toEqual({
      status: "wrong",
      attemptsLeft: 4,
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "000001" })).toEqual({
      status: "wrong",
      attemptsLeft: 3,
    });
    expect(
      await checkSignInCode({ db: testDb.app, secret: SECRET, email: email.toUpperCase(), code: "123123" }),
    ).toEqual({ status: "valid" });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "000002" })).toEqual({
      status: "wrong",
      attemptsLeft: 2,
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "000003" })).toEqual({
      status: "wrong",
      attemptsLeft: 1,
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "000004" })).toEqual({
      status: "locked",
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "456456" })).toEqual({
      status: "locked",
    });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code: "123123" })).toEqual({
      status: "used",
    });
    const { code } = await issueSignInCode({ db: testDb.app, secret: SECRET, email });
    expect(await checkSignInCode({ db: testDb.app, secret: SECRET, email, code })).toEqual({
      status: "valid",
    });
  });

  it("refuse a guess when no code is open for the address", async () => {
    expect(
      await checkSignInCode({
        db: testDb.app,
        secret: SECRET,
        email: `${f.unique("none")}@example.test`,
        code: "123456",
      }),
    ).toEqual({ status: "expired" });
  });

  it("are never readable by the request roles", async () => {
    const user = await f.createUser(testDb.admin);
    await expect(
      asRequest(testDb.app, f.claimsFor(user), (tx) =>
        tx.selectFrom("private.one_time_codes").selectAll().execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});

describe("signing in with the built-in service", () => {
  it("emails a code, creates the account on first sign-in and starts a session for it", async () => {
    const id = identity();
    const email = `${f.unique("new")}@Example.test`;
    const result = await signIn(id, email);
    expect(result.user).toMatchObject({ email: email.toLowerCase(), isAnonymous: false });
    expect(result.cookie).toMatch(
      /^gs_session=[0-9a-f-]{36}\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/,
    );
    const { user } = await id.as(cookiePair(result.cookie));
    expect(user).toMatchObject({ userId: result.user.userId, email: email.toLowerCase() });
    const again = await signIn(id, email);
    expect(again.user.userId).toBe(result.user.userId);
    expect(again.user.sessionId).not.toBe(result.user.sessionId);
  });

  it("limits code requests per email and per address", async () => {
    const id = identity({ limits: { codeRequestsPerHourPerEmail: 2, codeRequestsPerHourPerAddress: 3 } });
    const { actions } = await id.as(null, "198.51.100.7");
    const email = `${f.unique("limited")}@example.test`;
    expect(await actions.requestCode(email)).toEqual({ status: "sent" });
    expect(await actions.requestCode(email.toUpperCase())).toEqual({ status: "sent" });
    expect(await actions.requestCode(email)).toMatchObject({ status: "rate-limited" });
    expect(id.mail.sent).toHaveLength(2);
    const { actions: elsewhere } = await id.as(null, "198.51.100.8");
    expect(await elsewhere.requestCode(`${f.unique("other")}@example.test`)).toEqual({ status: "sent" });
    const fromSameAddress = await actions.requestCode(`${f.unique("other")}@example.test`);
    expect(fromSameAddress).toMatchObject({ status: "rate-limited" });
    expect(fromSameAddress.status === "rate-limited" && fromSameAddress.retryAfter).toBeGreaterThan(0);
  });

  it("lets the owner get a code from their own client after a stranger used up the limit from another, and keeps the stranger limited", async () => {
    const id = identity({ limits: { codeRequestsPerHourPerEmail: 5, codeRequestsPerHourPerAddress: 30 } });
    const email = `${f.unique("owner")}@example.test`;
    const { actions: stranger } = await id.as(null, "198.51.100.66");
    for (let request = 0; request < 5; request++)
      expect(await stranger.requestCode(email)).toEqual({ status: "sent" });
    const refused = await stranger.requestCode(email);
    expect(refused).toMatchObject({ status: "rate-limited" });
    expect(refused.status === "rate-limited" && refused.retryAfter).toBeGreaterThan(0);

    const { actions: owner } = await id.as(null, "203.0.113.5");
    expect(await owner.requestCode(email)).toEqual({ status: "sent" });
    expect((await owner.verifyCode(email, id.mail.codeFor(email))).status).toBe("signed-in");
    expect(await stranger.requestCode(email)).toMatchObject({ status: "rate-limited" });
  });

  it("still caps the codes one email address is sent from every client together", async () => {
    const id = identity({ limits: { codeRequestsPerHourPerEmail: 2, codeRequestsPerHourPerAddress: 30 } });
    const email = `${f.unique("capped")}@example.test`;
    // A stranger's refused requests do not count towards the address's cap, or one client could use it up.
    const { actions: flooder } = await id.as(null, "198.51.100.20");
    for (let request = 0; request < 10; request++) await flooder.requestCode(email);
    for (let client = 21; client <= 23; client++) {
      const { actions } = await id.as(null, `198.51.100.${client}`);
      expect(await actions.requestCode(email)).toEqual({ status: "sent" });
      expect(await actions.requestCode(email)).toEqual({ status: "sent" });
    }
    const { actions: ninth } = await id.as(null, "198.51.100.24");
    expect(await ninth.requestCode(email)).toMatchObject({ status: "rate-limited" });
    expect(id.mail.sent.filter((sent) => sent.to === email)).toHaveLength(8);
  });

  it("lets a stranger guessing from one client spoil at most two of the owner's codes an hour", async () => {
    const id = identity({ limits: { codeRequestsPerHourPerEmail: 5, codeRequestsPerHourPerAddress: 30 } });
    const email = `${f.unique("guessed")}@example.test`;
    const { actions: owner } = await id.as(null, "203.0.113.9");
    const { actions: stranger } = await id.as(null, "198.51.100.99");
    const guess = (attempt: number) => stranger.verifyCode(email, String(100000 + attempt));
    let attempt = 0;
    for (let spoilt = 0; spoilt < 2; spoilt++) {
      expect(await owner.requestCode(email)).toEqual({ status: "sent" });
      const code = id.mail.codeFor(email);
      for (let tries = 0; tries < 5; tries++) await guess(attempt++);
      // Five tries per code: the right one is refused after them, so guessing cannot find it.
      expect(await owner.verifyCode(email, code)).toEqual({ status: "locked" });
    }
    expect(await owner.requestCode(email)).toEqual({ status: "sent" });
    const refused = await guess(attempt++);
    expect(refused).toMatchObject({ status: "locked" });
    expect(refused.status === "locked" && refused.retryAfter).toBeGreaterThan(0);
    expect((await owner.verifyCode(email, id.mail.codeFor(email))).status).toBe("signed-in");
  });

  it("makes the ADMIN_EMAIL person a platform admin when they sign in, and nobody else", async () => {
    const adminEmail = `${f.unique("boss")}@example.test`;
    const id = identity({ adminEmail });
    const boss = await signIn(id, adminEmail.toUpperCase());
    const someone = await signIn(id, `${f.unique("someone")}@example.test`);
    const admins = await testDb.admin.selectFrom("private.platform_admins").select("user_id").execute();
    expect(admins.map((row) => row.user_id)).toContain(boss.user.userId);
    expect(admins.map((row) => row.user_id)).not.toContain(someone.user.userId);
    expect(
      await grantPlatformAdminFromConfig({
        db: testDb.app,
        userId: boss.user.userId,
        email: adminEmail,
        adminEmail,
      }),
    ).toBe(false);
  });

  it("signs this browser out, or every browser of the person", async () => {
    const id = identity();
    const email = `${f.unique("everywhere")}@example.test`;
    const first = await signIn(id, email);
    const second = await signIn(id, email);
    const third = await signIn(id, email);
    const { actions } = await id.as(cookiePair(third.cookie));
    expect(await actions.endSession()).toBe("gs_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    expect((await id.as(cookiePair(third.cookie))).user).toBeNull();
    expect((await id.as(cookiePair(first.cookie))).user).not.toBeNull();
    const { actions: fromSecond } = await id.as(cookiePair(second.cookie));
    await fromSecond.endAllSessions();
    expect((await id.as(cookiePair(first.cookie))).user).toBeNull();
    expect((await id.as(cookiePair(second.cookie))).user).toBeNull();
  });
});

describe("an anonymous resident signing in", () => {
  async function anonymousWithNeed(id: ReturnType<typeof identity>) {
    const { actions } = await id.as(null);
    const anonymous = await actions.startAnonymousSession();
    const organisation = await f.createOrganisation(testDb.admin);
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      author_id: anonymous.user.userId,
    });
    const published = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      status: "published",
    });
    await f.createSupport(testDb.admin, {
      need_id: published.id,
      user_id: anonymous.user.userId,
      consultation_id: consultation.id,
    });
    return { anonymous, consultation, need, published };
  }

  it("keeps their identity when no account has the email: the anonymous user becomes the account", async () => {
    const id = identity();
    const { anonymous, need } = await anonymousWithNeed(id);
    const email = `${f.unique("upgraded")}@example.test`;
    const result = await signIn(id, email, cookiePair(anonymous.cookie));
    expect(result.anonymous).toBe("upgraded");
    expect(result.user).toMatchObject({ userId: anonymous.user.userId, email, isAnonymous: false });
    const row = await testDb.admin
      .selectFrom("private.people")
      .selectAll()
      .where("id", "=", anonymous.user.userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email, is_anonymous: false });
    expect((await id.as(cookiePair(anonymous.cookie))).user).toBeNull();
    const mine = await asRequest(testDb.app, claimsFor(result.user), (tx) =>
      tx.selectFrom("needs").select("id").where("author_id", "=", result.user.userId).execute(),
    );
    expect(mine.map((n) => n.id)).toEqual([need.id]);
  });

  it("moves everything to the existing account with that email, once per need, and deletes the anonymous identity", async () => {
    const id = identity();
    const email = `${f.unique("existing")}@example.test`;
    const account = await signIn(id, email);
    const { anonymous, consultation, need, published } = await anonymousWithNeed(id);
    const other = await f.createNeed(testDb.admin, { consultation_id: consultation.id, status: "published" });
    await f.createSupport(testDb.admin, {
      need_id: published.id,
      user_id: account.user.userId,
      consultation_id: consultation.id,
    });
    await f.createSupport(testDb.admin, {
      need_id: other.id,
      user_id: anonymous.user.userId,
      consultation_id: consultation.id,
    });
    const comment = await f.createComment(testDb.admin, {
      need_id: published.id,
      consultation_id: consultation.id,
      author_id: anonymous.user.userId,
    });
    const flag = await f.createFlag(testDb.admin, {
      consultation_id: consultation.id,
      need_id: published.id,
      flagged_by: anonymous.user.userId,
    });
    expect(
      (
        await testDb.admin
          .selectFrom("needs")
          .select("support_count")
          .where("id", "=", published.id)
          .executeTakeFirstOrThrow()
      ).support_count,
    ).toBe(2);

    const result = await signIn(id, email, cookiePair(anonymous.cookie));
    expect(result.anonymous).toBe("merged");
    expect(result.user.userId).toBe(account.user.userId);
    const db = testDb.admin;
    expect(
      await db
        .selectFrom("private.people")
        .select("id")
        .where("id", "=", anonymous.user.userId)
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(
      (await db.selectFrom("needs").select("author_id").where("id", "=", need.id).executeTakeFirstOrThrow())
        .author_id,
    ).toBe(account.user.userId);
    const supports = await db
      .selectFrom("supports")
      .select(["need_id", "user_id"])
      .where("user_id", "=", account.user.userId)
      .execute();
    expect(supports.map((s) => s.need_id).sort()).toEqual([published.id, other.id].sort());
    expect(
      (
        await db
          .selectFrom("needs")
          .select("support_count")
          .where("id", "=", published.id)
          .executeTakeFirstOrThrow()
      ).support_count,
    ).toBe(1);
    expect(
      (
        await db
          .selectFrom("needs")
          .select("support_count")
          .where("id", "=", other.id)
          .executeTakeFirstOrThrow()
      ).support_count,
    ).toBe(1);
    expect(
      (
        await db
          .selectFrom("comments")
          .select("author_id")
          .where("id", "=", comment.id)
          .executeTakeFirstOrThrow()
      ).author_id,
    ).toBe(account.user.userId);
    expect(
      (await db.selectFrom("flags").select("flagged_by").where("id", "=", flag.id).executeTakeFirstOrThrow())
        .flagged_by,
    ).toBe(account.user.userId);
    const audit = await db
      .selectFrom("private.audit_log")
      .select(["action", "details"])
      .where("action", "=", "account.anonymous_merged")
      .where("actor_id", "=", account.user.userId)
      .execute();
    expect(audit).toEqual([
      { action: "account.anonymous_merged", details: { anonymous_id: anonymous.user.userId } },
    ]);
    expect((await id.as(cookiePair(account.cookie))).user).not.toBeNull();
  });

  it("merges rows kept one per person (a draft per consultation) by keeping the account's", async () => {
    const id = identity();
    const email = `${f.unique("drafts")}@example.test`;
    const account = await signIn(id, email);
    const { anonymous, consultation } = await anonymousWithNeed(id);
    const other = await f.createConsultation(testDb.admin, { organisation_id: consultation.organisation_id });
    await sql`insert into private.need_drafts (user_id, consultation_id, answers) values
      (${account.user.userId}, ${consultation.id}, '{"title": "the account''s"}'),
      (${anonymous.user.userId}, ${consultation.id}, '{"title": "the anonymous one''s"}'),
      (${anonymous.user.userId}, ${other.id}, '{"title": "only anonymous"}')`.execute(testDb.admin);
    expect((await signIn(id, email, cookiePair(anonymous.cookie))).anonymous).toBe("merged");
    const { rows } = await sql<{ consultation_id: string; title: string }>`
      select consultation_id, answers ->> 'title' as title from private.need_drafts where user_id = ${account.user.userId}`.execute(
      testDb.admin,
    );
    expect(rows.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { consultation_id: other.id, title: "only anonymous" },
      { consultation_id: consultation.id, title: "the account's" },
    ]);
  });

  it("cannot merge an account into another (only anonymous identities are merged)", async () => {
    const a = await f.createUser(testDb.admin);
    const b = await f.createUser(testDb.admin);
    await expect(
      sql`select private.merge_anonymous_user(${a.id}::uuid, ${b.id}::uuid)`.execute(testDb.admin),
    ).rejects.toThrow(/only an anonymous identity/);
    await expect(
      asRequest(testDb.app, f.claimsFor(b), (tx) =>
        sql`select private.merge_anonymous_user(${a.id}::uuid, ${b.id}::uuid)`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});

describe("a person's own sessions", () => {
  it("are listed and revoked by that person only", async () => {
    const me = await f.createUser(testDb.admin);
    const someone = await f.createUser(testDb.admin);
    const mine = await createSession({
      db: testDb.app,
      userId: me.id,
      userAgent: "Mozilla/5.0 (iPhone) Safari/604.1",
    });
    const other = await createSession({ db: testDb.app, userId: me.id });
    const theirs = await createSession({ db: testDb.app, userId: someone.id });
    const claims = f.claimsFor(me);
    const listed = await asRequest(testDb.app, claims, (tx) =>
      listOwnSessions({ tx, currentSessionId: mine }),
    );
    expect(listed.map((session) => [session.id, session.current]).sort()).toEqual(
      [
        [mine, true],
        [other, false],
      ].sort(),
    );
    expect(await asRequest(testDb.app, claims, (tx) => revokeOwnSession({ tx, sessionId: theirs }))).toBe(
      false,
    );
    expect(await asRequest(testDb.app, claims, (tx) => revokeOwnSession({ tx, sessionId: other }))).toBe(
      true,
    );
    expect(
      (
        await testDb.admin
          .selectFrom("private.sessions")
          .select("revoked_at")
          .where("id", "=", theirs)
          .executeTakeFirstOrThrow()
      ).revoked_at,
    ).toBeNull();
  });
});

describe("deleting one's own account", () => {
  it("is refused to the only admin of an organisation with other members, and otherwise removes the account but keeps its needs", async () => {
    const organisation = await f.createCommunityGroup(testDb.admin);
    const admin = await f.createUser(testDb.admin);
    const member = await f.createUser(testDb.admin);
    await f.addMember(testDb.admin, { organisation_id: organisation.id, user_id: admin.id, role: "admin" });
    await f.addMember(testDb.admin, { organisation_id: organisation.id, user_id: member.id, role: "member" });
    expect(
      await asRequest(testDb.app, f.claimsFor(admin), (tx) => deleteOwnAccount({ tx, userId: admin.id })),
    ).toEqual({
      status: "only-admin",
      organisations: [organisation.name],
    });
    await expect(
      asRequest(testDb.app, f.claimsFor(admin), (tx) => sql`select private.delete_own_account()`.execute(tx)),
    ).rejects.toMatchObject({ code: "GS001" });

    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: (await f.createOrganisation(testDb.admin)).id,
    });
    const need = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      author_id: member.id,
      status: "published",
    });
    expect(
      await asRequest(testDb.app, f.claimsFor(member), (tx) => deleteOwnAccount({ tx, userId: member.id })),
    ).toEqual({ status: "deleted" });
    expect(
      await testDb.admin
        .selectFrom("private.people")
        .select("id")
        .where("id", "=", member.id)
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await testDb.admin
        .selectFrom("needs")
        .select(["id", "author_id"])
        .where("id", "=", need.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ id: need.id, author_id: null });
    expect(
      await testDb.admin
        .selectFrom("memberships")
        .select("user_id")
        .where("organisation_id", "=", organisation.id)
        .execute(),
    ).toEqual([{ user_id: admin.id }]);
  });
});
