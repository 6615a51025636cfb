import type { Claims, Db } from "~/db/database.server";

/** What the HTTP layer hands every loader and action. */
export interface RequestContext {
  db: Db;
  claims: Claims;
  csrfToken: string;
  nonce: string;
  clientAddress: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
