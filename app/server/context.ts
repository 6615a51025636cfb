import type { AppLoadContext } from "@remix-run/node";
import type { Claims, Db } from "~/db/database.server";

declare module "@remix-run/node" {
  /** What the HTTP layer hands every loader and action. */
  interface AppLoadContext {
    db: Db;
    claims: Claims;
    csrfToken: string;
    nonce: string;
    clientAddress: string;
  }
}

export type RequestContext = AppLoadContext;
