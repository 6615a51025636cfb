import type { Db } from "~/db/database.server";
import {
  createAnonymousUser,
  createSession,
  findSessionUser,
  revokeSession,
  SESSION_LIFETIME_DAYS,
  signSessionId,
  verifySessionCookie,
  type SessionUser,
} from "~/models/sessions.server";
import { parseCookies } from "./cookies.server";

/** What actions may do to the browser's session; each returns the Set-Cookie value to send. */
export interface SessionActions {
  /** A resident posting without an account gets an anonymous identity, as Supabase's signInAnonymously. */
  startAnonymousSession(): Promise<{ user: SessionUser; cookie: string }>;
  startSession(userId: string): Promise<{ user: SessionUser; cookie: string }>;
  endSession(): Promise<string>;
}

export interface Identity {
  identify(request: Request, clientAddress: string): Promise<{ user: SessionUser | null; setCookies: string[] }>;
  actionsFor(request: Request, clientAddress: string): SessionActions;
}

/** The built-in identity service: sessions in Postgres behind a signed HttpOnly cookie. */
export function builtInIdentity({ db, secret, secure }: { db: Db; secret: string; secure: boolean }): Identity {
  const cookieName = secure ? "__Host-gs_session" : "gs_session";
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  const setCookie = (sessionId: string) =>
    `${cookieName}=${signSessionId(secret, sessionId)}; ${attributes}; Max-Age=${SESSION_LIFETIME_DAYS * 24 * 60 * 60}`;
  const clearCookie = `${cookieName}=; ${attributes}; Max-Age=0`;

  return {
    async identify(request) {
      const raw = parseCookies(request.headers.get("cookie"))[cookieName];
      const sessionId = verifySessionCookie(secret, raw);
      if (!sessionId) return { user: null, setCookies: raw ? [clearCookie] : [] };
      const user = await findSessionUser({ db, sessionId });
      return { user, setCookies: user ? [] : [clearCookie] };
    },
    actionsFor(request, clientAddress) {
      const start = async (userId: string, isAnonymous: boolean, email: string | null) => {
        const sessionId = await createSession({
          db,
          userId,
          userAgent: request.headers.get("user-agent"),
          ip: clientAddress,
        });
        return { user: { sessionId, userId, email, isAnonymous }, cookie: setCookie(sessionId) };
      };
      return {
        async startAnonymousSession() {
          return start(await createAnonymousUser({ db }), true, null);
        },
        async startSession(userId) {
          const sessionId = await createSession({ db, userId, userAgent: request.headers.get("user-agent"), ip: clientAddress });
          const user = await findSessionUser({ db, sessionId });
          if (!user) throw new Error("The new session could not be read back");
          return { user, cookie: setCookie(sessionId) };
        },
        async endSession() {
          const sessionId = verifySessionCookie(secret, parseCookies(request.headers.get("cookie"))[cookieName]);
          if (sessionId) await revokeSession({ db, sessionId });
          return clearCookie;
        },
      };
    },
  };
}
