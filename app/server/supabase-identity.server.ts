import { createServerClient, type CookieOptions } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { grantPlatformAdminFromConfig, mergeAnonymousUser } from "~/features/identity/accounts.server";
import {
  CODE_MAX_ATTEMPTS,
  CODE_LIFETIME_MINUTES,
  normaliseEmail,
} from "~/features/identity/one-time-codes.server";
import { hitRateLimit } from "~/platform/rate-limits.server";
import {
  mirrorExternalPerson,
  revokeAllSessions,
  revokeSession,
  touchExternalSession,
  type SessionUser,
} from "~/features/identity/sessions.server";
import { parseCookies } from "./cookies.server";
import {
  limitCodeRequests,
  type Identity,
  type IdentityOptions,
  type SessionActions,
} from "./identity.server";

/**
 * Supabase Auth as the identity service. A server-side @supabase/ssr client per request keeps the session
 * in HttpOnly, SameSite=Lax cookies; codes are sent and checked by Supabase (signInWithOtp, verifyOtp);
 * anonymous residents come from signInAnonymously. The user is always confirmed with getUser() — a call
 * to Supabase Auth — before its id reaches Postgres as claims; the cookie alone is never trusted.
 *
 * The app mirrors every Supabase session in private.sessions (same id as the JWT's session_id) so the
 * account page lists them and can revoke one; a session revoked there is refused here at its next request.
 */
export interface SupabaseIdentityOptions extends IdentityOptions {
  url: string;
  anonKey: string;
}

const forcedCookieOptions: CookieOptions = { path: "/", httpOnly: true, sameSite: "lax" };

function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? "/"}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
  if (options.domain) parts.push(`Domain=${options.domain}`);
  parts.push("HttpOnly", "SameSite=Lax");
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** The payload of a JWT that Supabase Auth has just confirmed (getUser) or just issued: read, not trusted. */
function jwtPayload(token: string): { session_id?: string } {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      session_id?: string;
    };
  } catch {
    return {};
  }
}

export function supabaseIdentity(options: SupabaseIdentityOptions): Identity {
  const { db } = options;
  const projectRef = new URL(options.url).hostname.split(".")[0];
  const storageKey = `sb-${projectRef}-auth-token`;
  const cookieOptions: CookieOptions = {
    ...forcedCookieOptions,
    secure: options.secure,
    maxAge: 400 * 24 * 60 * 60,
  };
  const clients = new WeakMap<
    Request,
    { supabase: SupabaseClient; jar: Record<string, string>; sink: string[] }
  >();

  /** One client per request, whose cookie writes land in that request's response. */
  function clientFor(request: Request) {
    const existing = clients.get(request);
    if (existing) return existing;
    const jar = parseCookies(request.headers.get("cookie"));
    const sink: string[] = [];
    const supabase = createServerClient(options.url, options.anonKey, {
      cookieOptions: { ...cookieOptions, name: storageKey },
      cookies: {
        getAll: () => Object.entries(jar).map(([name, value]) => ({ name, value })),
        setAll: (cookies) => {
          for (const { name, value, options: given } of cookies) {
            if (value) jar[name] = value;
            else delete jar[name];
            sink.push(
              serializeCookie(name, value, { ...given, ...forcedCookieOptions, secure: options.secure }),
            );
          }
        },
      },
      // supabase-js needs a WebSocket for realtime, which Node 20 lacks; sign-in never opens one.
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    const entry = { supabase, jar, sink };
    clients.set(request, entry);
    return entry;
  }

  const isSessionCookie = (name: string) => name === storageKey || name.startsWith(`${storageKey}.`);
  const hasSessionCookie = (jar: Record<string, string>) => Object.keys(jar).some(isSessionCookie);
  const clearCookies = (jar: Record<string, string>) =>
    Object.keys(jar)
      .filter((name) => name.startsWith(storageKey))
      .map((name) => serializeCookie(name, "", { ...cookieOptions, maxAge: 0 }));

  async function sessionIdOf(supabase: SupabaseClient): Promise<string | null> {
    const { data } = await supabase.auth.getSession();
    return data.session ? (jwtPayload(data.session.access_token).session_id ?? null) : null;
  }

  function toSessionUser(
    user: { id: string; email?: string | null; is_anonymous?: boolean },
    sessionId: string,
  ): SessionUser {
    return {
      sessionId,
      userId: user.id,
      email: user.email ? normaliseEmail(user.email) : null,
      isAnonymous: user.is_anonymous ?? false,
    };
  }

  return {
    kind: "supabase",
    isSessionCookie,
    async identify(request, clientAddress) {
      const { supabase, jar, sink } = clientFor(request);
      if (!hasSessionCookie(jar)) return { user: null, setCookies: [] };
      const { data, error } = await supabase.auth.getUser();
      const sessionId = data.user && !error ? await sessionIdOf(supabase) : null;
      if (!data.user || !sessionId)
        return { user: null, setCookies: [...sink.splice(0), ...clearCookies(jar)] };
      const state = await touchExternalSession({
        db,
        sessionId,
        userId: data.user.id,
        email: data.user.email ?? null,
        isAnonymous: data.user.is_anonymous ?? false,
        userAgent: request.headers.get("user-agent"),
        ip: clientAddress,
      });
      if (state === "revoked") return { user: null, setCookies: [...sink.splice(0), ...clearCookies(jar)] };
      return { user: toSessionUser(data.user, sessionId), setCookies: sink.splice(0) };
    },

    actionsFor(request, clientAddress, current, responseCookies): SessionActions {
      const { supabase, jar, sink } = clientFor(request);
      const flush = () => {
        const cookies = sink.splice(0);
        responseCookies.push(...cookies);
        return cookies[0] ?? "";
      };
      const register = async (
        user: { id: string; email?: string | null; is_anonymous?: boolean },
        accessToken: string,
      ) => {
        const sessionId = jwtPayload(accessToken).session_id;
        if (!sessionId) throw new Error("Supabase Auth issued a session without a session_id");
        await touchExternalSession({
          db,
          sessionId,
          userId: user.id,
          email: user.email ?? null,
          isAnonymous: user.is_anonymous ?? false,
          userAgent: request.headers.get("user-agent"),
          ip: clientAddress,
        });
        return toSessionUser(user, sessionId);
      };
      const signOut = async (scope: "local" | "global") => {
        const { error } = await supabase.auth.signOut({ scope });
        if (error) throw error;
        flush();
        const cleared = clearCookies(jar);
        responseCookies.push(...cleared);
        return cleared[0] ?? "";
      };

      return {
        async startAnonymousSession() {
          const { data, error } = await supabase.auth.signInAnonymously();
          if (error || !data.user || !data.session)
            throw error ?? new Error("Supabase Auth returned no anonymous session");
          const user = await register(data.user, data.session.access_token);
          return { user, cookie: flush() };
        },
        async startSession() {
          throw new Error("With Supabase Auth, sessions start only through Supabase's own sign-in");
        },
        async endSession() {
          if (current) await revokeSession({ db, sessionId: current.sessionId });
          return signOut("local");
        },
        async endAllSessions() {
          if (current) await revokeAllSessions({ db, userId: current.userId });
          return signOut("global");
        },
        async requestCode(email) {
          const limited = await limitCodeRequests({ db, email, clientAddress, limits: options.limits });
          if (limited) return limited;
          const { error } = await supabase.auth.signInWithOtp({
            email: normaliseEmail(email),
            options: { shouldCreateUser: true },
          });
          flush();
          if (error?.status === 429) return { status: "rate-limited", retryAfter: 60 * 60 };
          if (error) throw error;
          return { status: "sent" };
        },
        async verifyCode(email, code) {
          const address = normaliseEmail(email);
          // Supabase Auth does not lock a code after wrong tries; the app counts them itself.
          const tries = await hitRateLimit({
            db,
            key: `sign-in-verify:email:${address}`,
            limit: CODE_MAX_ATTEMPTS,
            windowSeconds: CODE_LIFETIME_MINUTES * 60,
          });
          if (!tries.allowed) return { status: "locked", retryAfter: tries.retryAfter };
          const { data, error } = await supabase.auth.verifyOtp({
            email: address,
            token: code,
            type: "email",
          });
          if (error?.code === "otp_expired" || (error?.status === 403 && !data.session)) {
            const attemptsLeft = CODE_MAX_ATTEMPTS - tries.count;
            return attemptsLeft > 0
              ? { status: "wrong", attemptsLeft }
              : { status: "locked", retryAfter: tries.retryAfter };
          }
          if (error?.status === 429) return { status: "locked", retryAfter: 60 * 60 };
          if (error || !data.user || !data.session)
            throw error ?? new Error("Supabase Auth returned no session");
          // The person first, so that merging and granting below refer to a row that exists.
          await mirrorExternalPerson({
            db,
            userId: data.user.id,
            email: data.user.email ?? address,
            isAnonymous: false,
          });
          let anonymous: "none" | "merged" = "none";
          if (current?.isAnonymous && current.userId !== data.user.id) {
            await mergeAnonymousUser({ db, anonymousId: current.userId, accountId: data.user.id });
            anonymous = "merged";
          }
          if (current) await revokeSession({ db, sessionId: current.sessionId });
          await grantPlatformAdminFromConfig({
            db,
            userId: data.user.id,
            email: data.user.email ?? address,
            adminEmail: options.adminEmail,
          });
          const user = await register(data.user, data.session.access_token);
          return { status: "signed-in", user, cookie: flush(), anonymous };
        },
      };
    },
  };
}
