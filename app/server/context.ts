import type { AppLoadContext } from "@remix-run/node";
import type { Claims, Db } from "~/db/database.server";
import type { ReplicaReads } from "./read-replica.server";
import type { SessionUser } from "~/features/identity/sessions.server";
import type { SessionActions } from "./identity.server";
import type { Mailer } from "./mail.server";
import type { Signer } from "./signer.server";
import type { Locale } from "~/lib/i18n";
import type { PageFacts } from "./shared-pages.server";

/** Settings read once at start-up that routes need to know. */
export interface AppSettings {
  /** Which identity service signs people in. */
  identity: "built-in" | "supabase";
  /** /dev/mailbox is served (DEV_MAILBOX=1, never in production). */
  devMailbox: boolean;
  /** Cookies are Secure and __Host- prefixed (APP_URL is https). */
  secureCookies: boolean;
  /** Invitations one person may send per hour (RATE_LIMIT_INVITATIONS_PER_HOUR × RATE_LIMIT_SCALE). */
  invitationsPerHour: number;
  /** The stylesheet's address, versioned by its content so browsers may keep it for a year. */
  stylesheetHref: string;
  /**
   * The address of the extra English messages as a module of their own (catalogue-script.server.ts), or null
   * in development, where they travel in each page's data so an edited message shows without a restart.
   */
  extraEnglishHref: string | null;
}

declare module "@remix-run/node" {
  /** What the HTTP layer hands every loader and action. */
  interface AppLoadContext {
    db: Db;
    /** Reads on READ_DATABASE_URL's replica, when it is set (app/server/read-replica.server.ts). */
    replica: ReplicaReads | null;
    /** The signed-in or anonymous person, or null for a visitor with no session. */
    user: SessionUser | null;
    /** The claims that reach Postgres for this request (anon when user is null). */
    claims: Claims;
    /** Start or end the browser's session; each returns a Set-Cookie value for the response. */
    auth: SessionActions;
    csrfToken: string;
    nonce: string;
    clientAddress: string;
    /** Sends email (SMTP, else the server log; captured to MAIL_CAPTURE_DIR when set). */
    mailer: Mailer;
    /** The public origin for links in emails: APP_URL, else the request's own. */
    appUrl: string;
    settings: AppSettings;
    /** Signs values the server must later trust (links in emails, flow cookies) with SESSION_SECRET. */
    signer: Signer;
    /**
     * The language the person chose (session cookie) or, on a first visit, their browser's Accept-Language.
     * `switchLanguage` (app/server/language.server.ts) changes it for the rest of the request.
     */
    locale: Locale;
    /** What a shared page's loader noted for the personal part of later visits (shared-pages.server.ts). */
    pageFacts: PageFacts;
    /** A page asked for as a document, not its loaders' data for a page the browser draws (`?_data=`). */
    documentRequest: boolean;
  }
}

export type RequestContext = AppLoadContext;
