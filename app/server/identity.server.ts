import type { Db } from "~/db/database.server";
import {
  findOrCreateAccount,
  grantPlatformAdminFromConfig,
  upgradeAnonymousUser,
  type AnonymousUpgrade,
} from "~/features/identity/accounts.server";
import {
  checkSignInCode,
  CODE_LIFETIME_MINUTES,
  issueSignInCode,
  normaliseEmail,
} from "~/features/identity/one-time-codes.server";
import { hitRateLimit, hitRateLimits, type RateLimitResult } from "~/platform/rate-limits.server";
import {
  createAnonymousUser,
  createSession,
  findSessionUser,
  revokeAllSessions,
  revokeSession,
  SESSION_LIFETIME_DAYS,
  signSessionId,
  verifySessionCookie,
  type SessionUser,
} from "~/features/identity/sessions.server";
import { parseCookies } from "./cookies.server";
import type { Mailer } from "./mail.server";
import { DEFAULT_LOCALE, translator, type Locale } from "~/lib/i18n";
import "~/lib/i18n.server";

export type CodeRequest = { status: "sent" } | { status: "rate-limited"; retryAfter: number };

export type CodeVerification =
  | { status: "signed-in"; user: SessionUser; cookie: string; anonymous: "none" | AnonymousUpgrade["status"] }
  /** attemptsLeft: tries before the code locks. */
  | { status: "wrong"; attemptsLeft: number }
  /** Too many wrong tries: a new code is needed (retryAfter: seconds, when the provider imposes a wait). */
  | { status: "locked"; retryAfter?: number }
  | { status: "expired" }
  | { status: "used" };

/**
 * What actions may do to the browser's session. Every Set-Cookie value is also queued on the response by
 * the HTTP layer, so a route need not forward `cookie` (it may: identical values are sent once).
 */
export interface SessionActions {
  /** A resident posting without an account gets an anonymous identity, as Supabase's signInAnonymously. */
  startAnonymousSession(): Promise<{ user: SessionUser; cookie: string }>;
  /** Built-in service only (tests, tools): a session for a known user without a code. */
  startSession(userId: string): Promise<{ user: SessionUser; cookie: string }>;
  /** Signs this browser out. */
  endSession(): Promise<string>;
  /** "Sign out everywhere": every session of this person, this one included. */
  endAllSessions(): Promise<string>;
  /** Emails a sign-in code (in `locale`, the built-in service), within the limits of limitCodeRequests. */
  requestCode(email: string, locale?: Locale): Promise<CodeRequest>;
  /**
   * Signs in with an emailed code. An anonymous resident keeps what they posted: their identity becomes
   * the account, or is merged into the existing account for that email.
   */
  verifyCode(email: string, code: string): Promise<CodeVerification>;
}

export interface Identity {
  kind: "built-in" | "supabase";
  /** Whether a cookie of this name carries the session (and so says nothing else about the visitor). */
  isSessionCookie(name: string): boolean;
  identify(
    request: Request,
    clientAddress: string,
  ): Promise<{ user: SessionUser | null; setCookies: string[] }>;
  /** responseCookies: where the HTTP layer collects Set-Cookie values for this request's response. */
  actionsFor(
    request: Request,
    clientAddress: string,
    current: SessionUser | null,
    responseCookies: string[],
  ): SessionActions;
}

export interface IdentityLimits {
  /**
   * Codes one email address may be sent in an hour when asked for from one client address
   * (RATE_LIMIT_CODE_REQUESTS_PER_HOUR). From every client together it may be sent EMAIL_CAP_FACTOR times this.
   */
  codeRequestsPerHourPerEmail: number;
  codeRequestsPerHourPerAddress: number;
}

export interface IdentityOptions {
  db: Db;
  secret: string;
  secure: boolean;
  mailer: Mailer;
  adminEmail?: string;
  limits: IdentityLimits;
}

export const DEFAULT_IDENTITY_LIMITS: IdentityLimits = {
  codeRequestsPerHourPerEmail: 5,
  codeRequestsPerHourPerAddress: 30,
};

/**
 * Sign-in budgets are counted per (email, client) so that a stranger asking for someone's codes, or guessing
 * them, uses up only their own budget: the owner asking from their own client still gets a code. The cap
 * across clients still bounds how many codes (and so guesses) an email address can be sent in an hour.
 */
const EMAIL_CAP_FACTOR = 4;
/** Tries at a code from one client for one email in an hour, per code it may ask for: enough for typing slips. */
const GUESSES_PER_CODE_REQUEST = 2;
const HOUR_SECONDS = 60 * 60;

/** Both services count code requests in Postgres: per email from one client, per email, per client address. */
export async function limitCodeRequests({
  db,
  email,
  clientAddress,
  limits,
}: {
  db: Db;
  email: string;
  clientAddress: string;
  limits: IdentityLimits;
}): Promise<CodeRequest | null> {
  const address = normaliseEmail(email);
  // Every request counts against the client's own limits, refused ones too: a flood from one client stays refused.
  const fromClient = await hitRateLimits({
    db,
    checks: [
      {
        key: `sign-in-code:email-client:${address}:${clientAddress}`,
        limit: limits.codeRequestsPerHourPerEmail,
        windowSeconds: HOUR_SECONDS,
      },
      {
        key: `sign-in-code:address:${clientAddress}`,
        limit: limits.codeRequestsPerHourPerAddress,
        windowSeconds: HOUR_SECONDS,
      },
    ],
  });
  const refused = refusal(fromClient);
  if (refused) return refused;
  // Only requests the client's own limits let through count towards the email's cap, so no one client can use it up.
  const acrossClients = await hitRateLimits({
    db,
    checks: [
      {
        key: `sign-in-code:email:${address}`,
        limit: limits.codeRequestsPerHourPerEmail * EMAIL_CAP_FACTOR,
        windowSeconds: HOUR_SECONDS,
      },
    ],
  });
  return refusal(acrossClients);
}

function refusal(results: readonly RateLimitResult[]): CodeRequest | null {
  const refused = results.filter((result) => !result.allowed);
  return refused.length
    ? { status: "rate-limited", retryAfter: Math.max(...refused.map((result) => result.retryAfter)) }
    : null;
}

/**
 * Counts one try at a code for this email from this client. Each code locks after 5 wrong tries whoever
 * makes them; this bounds how many of the owner's codes a stranger guessing from one client can lock.
 */
async function limitCodeGuesses({
  db,
  email,
  clientAddress,
  limits,
}: {
  db: Db;
  email: string;
  clientAddress: string;
  limits: IdentityLimits;
}): Promise<{ status: "locked"; retryAfter: number } | null> {
  const tries = await hitRateLimit({
    db,
    key: `sign-in-guess:email-client:${normaliseEmail(email)}:${clientAddress}`,
    limit: limits.codeRequestsPerHourPerEmail * GUESSES_PER_CODE_REQUEST,
    windowSeconds: HOUR_SECONDS,
  });
  return tries.allowed ? null : { status: "locked", retryAfter: tries.retryAfter };
}

/** The sign-in code email, in the language of the page the person asked from. */
export function signInCodeEmail(to: string, code: string, locale: Locale = DEFAULT_LOCALE) {
  const t = translator(locale);
  return {
    to,
    subject: t("email.signInCode.subject", { code }),
    text: t("email.signInCode.body", { code, minutes: String(CODE_LIFETIME_MINUTES) }),
  };
}

/** The built-in identity service: email codes, sessions in Postgres behind a signed HttpOnly cookie. */
export function builtInIdentity(options: IdentityOptions): Identity {
  const { db, secret, secure } = options;
  const cookieName = secure ? "__Host-gs_session" : "gs_session";
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  const setCookie = (sessionId: string) =>
    `${cookieName}=${signSessionId(secret, sessionId)}; ${attributes}; Max-Age=${SESSION_LIFETIME_DAYS * 24 * 60 * 60}`;
  const clearCookie = `${cookieName}=; ${attributes}; Max-Age=0`;

  return {
    kind: "built-in",
    isSessionCookie: (name) => name === cookieName,
    async identify(request) {
      const raw = parseCookies(request.headers.get("cookie"))[cookieName];
      const sessionId = verifySessionCookie(secret, raw);
      if (!sessionId) return { user: null, setCookies: raw ? [clearCookie] : [] };
      const user = await findSessionUser({ db, sessionId });
      return { user, setCookies: user ? [] : [clearCookie] };
    },
    actionsFor(request, clientAddress, current, responseCookies) {
      const queue = (cookie: string) => {
        responseCookies.push(cookie);
        return cookie;
      };
      const start = async (userId: string) => {
        const sessionId = await createSession({
          db,
          userId,
          userAgent: request.headers.get("user-agent"),
          ip: clientAddress,
        });
        const user = await findSessionUser({ db, sessionId });
        if (!user) throw new Error("The new session could not be read back");
        return { user, cookie: queue(setCookie(sessionId)) };
      };
      return {
        async startAnonymousSession() {
          const userId = await createAnonymousUser({ db });
          const sessionId = await createSession({
            db,
            userId,
            userAgent: request.headers.get("user-agent"),
            ip: clientAddress,
          });
          return {
            user: { sessionId, userId, email: null, isAnonymous: true },
            cookie: queue(setCookie(sessionId)),
          };
        },
        startSession: start,
        async endSession() {
          if (current) await revokeSession({ db, sessionId: current.sessionId });
          return queue(clearCookie);
        },
        async endAllSessions() {
          if (current) await revokeAllSessions({ db, userId: current.userId });
          return queue(clearCookie);
        },
        async requestCode(email, locale) {
          const limited = await limitCodeRequests({ db, email, clientAddress, limits: options.limits });
          if (limited) return limited;
          const address = normaliseEmail(email);
          const { code } = await issueSignInCode({ db, secret, email: address, ip: clientAddress });
          await options.mailer.send(signInCodeEmail(address, code, locale));
          return { status: "sent" };
        },
        async verifyCode(email, code) {
          const address = normaliseEmail(email);
          const limited = await limitCodeGuesses({
            db,
            email: address,
            clientAddress,
            limits: options.limits,
          });
          if (limited) return limited;
          const check = await checkSignInCode({ db, secret, email: address, code });
          if (check.status !== "valid") return check;
          let userId: string;
          let anonymous: "none" | AnonymousUpgrade["status"] = "none";
          if (current?.isAnonymous) {
            const upgrade = await upgradeAnonymousUser({ db, anonymousId: current.userId, email: address });
            userId = upgrade.userId;
            anonymous = upgrade.status;
          } else {
            userId = await findOrCreateAccount({ db, email: address });
          }
          await grantPlatformAdminFromConfig({ db, userId, email: address, adminEmail: options.adminEmail });
          // A new session id at every sign-in: a session id seen before sign-in is never trusted after it.
          if (current) await revokeSession({ db, sessionId: current.sessionId });
          const { user, cookie } = await start(userId);
          return { status: "signed-in", user, cookie, anonymous };
        },
      };
    },
  };
}
