import type { AppLoadContext } from "@remix-run/node";
import type { Claims, Db } from "~/db/database.server";
import type { SessionUser } from "~/models/sessions.server";
import type { SessionActions } from "./identity.server";

declare module "@remix-run/node" {
  /** What the HTTP layer hands every loader and action. */
  interface AppLoadContext {
    db: Db;
    /** The signed-in or anonymous person, or null for a visitor with no session. */
    user: SessionUser | null;
    /** The claims that reach Postgres for this request (anon when user is null). */
    claims: Claims;
    /** Start or end the browser's session; each returns a Set-Cookie value for the response. */
    auth: SessionActions;
    csrfToken: string;
    nonce: string;
    clientAddress: string;
  }
}

export type RequestContext = AppLoadContext;
