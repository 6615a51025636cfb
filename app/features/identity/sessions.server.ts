import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { asService, readInOneTrip, type Claims, type Db, type Tx } from "~/db/database.server";

/**
 * Sessions live in Postgres so any number of app instances share them and any one can be revoked.
 * The cookie holds the session id and an HMAC of it under SESSION_SECRET; the row decides validity.
 * These functions are the built-in identity service and run as service_role (as Supabase Auth's own
 * server does); everything else runs under row-level security.
 */

export const SESSION_LIFETIME_DAYS = 30;
const LAST_SEEN_GRANULARITY_MS = 5 * 60 * 1000;

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string | null;
  isAnonymous: boolean;
}

export function signSessionId(secret: string, sessionId: string): string {
  const mac = createHmac("sha256", secret).update(`session:${sessionId}`).digest("base64url");
  return `${sessionId}.${mac}`;
}

export function verifySessionCookie(secret: string, value: string | undefined): string | null {
  if (!value) return null;
  const [sessionId, mac] = value.split(".");
  if (!sessionId || !mac || !/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const expected = Buffer.from(signSessionId(secret, sessionId).split(".")[1]!);
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? sessionId : null;
}

export function claimsFor(user: SessionUser | null): Claims {
  if (!user) return { role: "anon" };
  return {
    role: "authenticated",
    aud: "authenticated",
    sub: user.userId,
    email: user.email,
    is_anonymous: user.isAnonymous,
    session_id: user.sessionId,
  };
}

export async function createSession({
  db,
  userId,
  userAgent,
  ip,
}: {
  db: Db;
  userId: string;
  userAgent?: string | null;
  ip?: string | null;
}): Promise<string> {
  const row = await asService(db, (tx) =>
    tx
      .insertInto("private.sessions")
      .values({
        user_id: userId,
        expires_at: new Date(Date.now() + SESSION_LIFETIME_DAYS * 24 * 60 * 60 * 1000),
        user_agent: userAgent?.slice(0, 500) ?? null,
        ip: ip && ip !== "unknown" ? ip : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** A new anonymous resident: a person with is_anonymous, as Supabase's signInAnonymously makes. */
export async function createAnonymousUser({ db }: { db: Db }): Promise<string> {
  const row = await asService(db, (tx) =>
    tx
      .insertInto("private.people")
      .values({ email: null, is_anonymous: true })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/**
 * The person a session belongs to, if it is live, noting when it was last seen (at most every few minutes).
 * Asked on every request with a session cookie, so in one round trip.
 */
export async function findSessionUser({
  db,
  sessionId,
}: {
  db: Db;
  sessionId: string;
}): Promise<SessionUser | null> {
  const [row] = await readInOneTrip(
    db,
    { role: "service_role" },
    sql<{ id: string; user_id: string; email: string | null; is_anonymous: boolean }>`
      select id, user_id, email, is_anonymous
        from private.live_session(${sessionId}::uuid, make_interval(secs => ${LAST_SEEN_GRANULARITY_MS / 1000}))`.compile(
      db,
    ),
  );
  return row
    ? { sessionId: row.id, userId: row.user_id, email: row.email, isAnonymous: row.is_anonymous }
    : null;
}

export async function revokeSession({ db, sessionId }: { db: Db; sessionId: string }) {
  await asService(db, (tx) =>
    tx
      .updateTable("private.sessions")
      .set({ revoked_at: new Date() })
      .where("id", "=", sessionId)
      .where("revoked_at", "is", null)
      .execute(),
  );
}

/** Signs a person out of every session they have (the built-in service's "sign out everywhere"). */
export async function revokeAllSessions({ db, userId }: { db: Db; userId: string }): Promise<number> {
  const result = await asService(db, (tx) =>
    tx
      .updateTable("private.sessions")
      .set({ revoked_at: new Date() })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Supabase Auth keeps its own sessions; the app mirrors each one here (same id as the JWT's session_id) so
 * the account page can list them and revoke one. Creates the row on first sight; says whether the app has
 * revoked it.
 */
/**
 * With Supabase Auth: the person Supabase Auth has just confirmed, mirrored into private.people under the
 * same id (so auth.uid() names the same row everywhere). Supabase is the authority on who holds an address:
 * a stale row that still has it (a Supabase user deleted and made again) lets it go.
 */
export async function mirrorExternalPerson({ db, ...person }: ExternalPerson & { db: Db }): Promise<void> {
  await asService(db, (tx) => mirrorPerson(tx, person));
}

async function mirrorPerson(tx: Tx, person: ExternalPerson): Promise<void> {
  const email = person.isAnonymous || !person.email ? null : person.email.trim().toLowerCase();
  if (email) {
    await tx
      .updateTable("private.people")
      .set({ email: null, updated_at: new Date() })
      .where("email", "=", email)
      .where("id", "<>", person.userId)
      .execute();
  }
  const now = new Date();
  await tx
    .insertInto("private.people")
    .values({
      id: person.userId,
      email,
      is_anonymous: person.isAnonymous,
      email_confirmed_at: email ? now : null,
      last_sign_in_at: now,
    })
    .onConflict((conflict) =>
      conflict.column("id").doUpdateSet((eb) => ({
        email: eb.ref("excluded.email"),
        is_anonymous: eb.ref("excluded.is_anonymous"),
        email_confirmed_at: sql<Date | null>`coalesce(${sql.ref("private.people.email_confirmed_at")}, ${sql.ref("excluded.email_confirmed_at")})`,
        last_sign_in_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

export interface ExternalPerson {
  userId: string;
  email: string | null;
  isAnonymous: boolean;
}

/**
 * A session Supabase Auth issued, seen for the first time or again: the person is mirrored and the session
 * recorded on first sight; afterwards "revoked" if it was signed out here.
 */
export async function touchExternalSession({
  db,
  sessionId,
  userId,
  email = null,
  isAnonymous = false,
  userAgent,
  ip,
}: {
  db: Db;
  sessionId: string;
  userId: string;
  email?: string | null;
  isAnonymous?: boolean;
  userAgent?: string | null;
  ip?: string | null;
}): Promise<"active" | "revoked"> {
  return asService(db, async (tx) => {
    const existing = await tx
      .selectFrom("private.sessions")
      .select(["user_id", "revoked_at", "last_seen_at"])
      .where("id", "=", sessionId)
      .executeTakeFirst();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
    if (!existing) {
      await mirrorPerson(tx, { userId, email, isAnonymous });
      await tx
        .insertInto("private.sessions")
        .values({
          id: sessionId,
          user_id: userId,
          expires_at: expiresAt,
          user_agent: userAgent?.slice(0, 500) ?? null,
          ip: ip && ip !== "unknown" ? ip : null,
        })
        .onConflict((conflict) => conflict.column("id").doNothing())
        .execute();
      return "active";
    }
    if (existing.revoked_at || existing.user_id !== userId) return "revoked";
    if (Date.now() - new Date(existing.last_seen_at).getTime() > LAST_SEEN_GRANULARITY_MS) {
      await tx
        .updateTable("private.sessions")
        .set({ last_seen_at: new Date(), expires_at: expiresAt })
        .where("id", "=", sessionId)
        .execute();
    }
    return "active";
  });
}

export interface OwnSession {
  id: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** The requester's sessions still signed in, newest first (row-level security: one's own only). */
export async function listOwnSessions({
  tx,
  currentSessionId,
}: {
  tx: Tx;
  currentSessionId: string;
}): Promise<OwnSession[]> {
  const rows = await tx
    .selectFrom("private.sessions")
    .select(["id", "user_agent", "created_at", "last_seen_at"])
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    current: row.id === currentSessionId,
  }));
}

/** Signs out one of the requester's own sessions; false when it is not theirs or already signed out. */
export async function revokeOwnSession({ tx, sessionId }: { tx: Tx; sessionId: string }): Promise<boolean> {
  const result = await tx
    .updateTable("private.sessions")
    .set({ revoked_at: new Date() })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
