import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { databaseIsUp, isDatabaseUnavailable, type Db } from "~/db/database.server";
import { devMailboxServed, readEnv, type Env } from "~/env.server";
import { scaledLimit } from "~/platform/rate-limits.server";
import { claimsFor } from "~/features/identity/sessions.server";
import { projectRoot } from "~/db/migrate.server";
import type { AppSettings, RequestContext } from "./context";
import { parseCookies } from "./cookies.server";
import { builtInIdentity, type Identity, type IdentityOptions } from "./identity.server";
import { createMailer, type Mailer } from "./mail.server";
import { createSigner } from "./signer.server";
import { supabaseIdentity } from "./supabase-identity.server";
import { corsPreflightHeaders } from "./api.server";
import { csrfCookieName, csrfTokenFor, isValidCsrfToken, newCsrfSeed } from "./csrf.server";
import { securityHeaders } from "./headers.server";
import { createAdmissionGate } from "./admission.server";
import { languageCookie, languageLinkTarget, requestLocale } from "./language.server";
import type { CachedPage, PageCache } from "./page-cache.server";
import type { ReplicaReads } from "./read-replica.server";
import { sharedPageFor, type PageFacts } from "./shared-pages.server";
import { viewerFor } from "./viewer.server";
import { extraEnglishScript } from "./catalogue-script.server";
import {
  bodyLimitFor,
  BodyTooLarge,
  csrfTokenInBody,
  isOneClickUnsubscribe,
  limitedBody,
  type LimitedBody,
} from "./request-body.server";
import { DEFAULT_LOCALE, LANGUAGE_COOKIE, pageLocale, translator, type Locale } from "~/lib/i18n";
import type { MessageKey } from "~/locales/en";
import "~/lib/i18n.server";

export interface HttpAppOptions {
  db: Db;
  /** Reads on a read replica (READ_DATABASE_URL): the public API's and the public pages'. */
  replica?: ReplicaReads;
  build: ServerBuild;
  secret: string;
  appUrl?: string;
  trustProxy?: string;
  mapTileOrigin?: string;
  identity?: Identity;
  mode?: "production" | "development" | "test";
  /** The checked environment; read from process.env when not given. */
  env?: Env;
  /** Requests at work on the database at once; the rest wait their turn (default: twice DB_POOL_MAX). */
  maxConcurrentRequests?: number;
  mailer?: Mailer;
  /** Public pages for visitors without a session, shared between them (see page-cache.server.ts). */
  pageCache?: PageCache;
}

/** Chooses the identity service by configuration: Supabase Auth when SUPABASE_URL is set, else built-in. */
export function identityFor(options: IdentityOptions, env: Env): Identity {
  if (env.SUPABASE_URL && env.SUPABASE_ANON_KEY) {
    return supabaseIdentity({ ...options, url: env.SUPABASE_URL, anonKey: env.SUPABASE_ANON_KEY });
  }
  return builtInIdentity(options);
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type PlainPageKind = "tooLarge" | "csrf" | "unavailable" | "error";
const plainPageKeys: Record<PlainPageKind, [MessageKey, MessageKey]> = {
  tooLarge: ["error.413.title", "error.413.message"],
  csrf: ["error.csrf.title", "error.csrf.message"],
  unavailable: ["error.503.title", "error.503.message"],
  error: ["error.500.title", "error.500.message"],
};

/** A file under public/ addressed with a hash of its content (`?v=`), or plainly when it is not built. */
export function versionedAsset(href: string): string {
  try {
    const content = fs.readFileSync(path.join(projectRoot, "public", href));
    return `${href}?v=${createHash("sha256").update(content).digest("hex").slice(0, 12)}`;
  } catch {
    return href;
  }
}

function plainPage(locale: Locale, title: string, message: string): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const home = translator(locale)("error.home");
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} – Groundswell</title><link rel="stylesheet" href="/assets/groundswell.css"></head><body class="govuk-template__body"><main class="govuk-main-wrapper govuk-width-container" id="main-content"><h1 class="govuk-heading-l">${escape(title)}</h1><p class="govuk-body">${escape(message)}</p><p class="govuk-body"><a class="govuk-link" href="/">${escape(home)}</a></p></main></body></html>`;
}

/** A page served without Remix (refused before routing, or Remix itself failed), in the page's language. */
export function sendPlainPage(
  res: ExpressResponse,
  status: number,
  kind: PlainPageKind,
  locale: Locale = DEFAULT_LOCALE,
) {
  const t = translator(locale);
  const [title, message] = plainPageKeys[kind];
  res
    .status(status)
    .type("html")
    .set("Cache-Control", "no-store")
    .send(plainPage(locale, t(title), t(message)));
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse, body: LimitedBody): Request {
  const origin = `${req.protocol}://${req.get("host") ?? "127.0.0.1"}`;
  const url = new URL(req.originalUrl, origin);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = body.stream;
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function sendFetchResponse(res: ExpressResponse, response: Response, extraCookies: string[]) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) {
    if (name !== "set-cookie") res.append(name, value);
  }
  // A route may forward a cookie the identity service already queued: send each value once.
  for (const cookie of new Set([...extraCookies, ...response.headers.getSetCookie()]))
    res.append("Set-Cookie", cookie);
  if (response.body) await sendBody(response.body, res);
  else res.end();
}

/**
 * A response body, chunk by chunk, at the client's pace. Unlike Remix's writeReadableStreamToWritable it waits
 * for the socket to drain (a streamed export read from the database must not pile up in memory ahead of a slow
 * client) and cancels the body when the client goes away (so the export's transaction ends at once). Each
 * chunk is flushed through the compression middleware, so a gzipped download still arrives progressively.
 */
async function sendBody(body: ReadableStream<Uint8Array>, res: ExpressResponse) {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return void res.end();
      if (res.destroyed) return;
      const room = res.write(value);
      (res as unknown as { flush?: () => void }).flush?.();
      if (!room)
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off("drain", resume);
            res.off("close", resume);
            resolve();
          };
          res.once("drain", resume);
          res.once("close", resume);
        });
    }
  } catch (error) {
    // Past the first byte an error cannot become an error page: the connection is cut, so the client sees a
    // truncated download instead of a file that looks complete (the body's own maker has logged why).
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    res.off("close", cancel);
  }
}

function sendCachedPage(res: ExpressResponse, page: CachedPage, cookies: string[]) {
  res.status(page.status);
  for (const [name, value] of page.headers) res.append(name, value);
  for (const cookie of cookies) res.append("Set-Cookie", cookie);
  res.append("X-Page-Cache", "hit");
  res.vary("Accept-Encoding");
  if (!page.gzipped) return res.send(page.body);
  // Compressed when it was kept: the compression middleware leaves an encoded body alone.
  res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", String(page.gzipped.length));
  res.end(page.gzipped);
}

/**
 * Where this server was reached without APP_URL: its own address and port as the operating system reports
 * them. Never the Host header, which the sender chooses, so a link in an email cannot be pointed elsewhere.
 */
function serverOrigin(req: ExpressRequest): string {
  const address = (req.socket.localAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  return `http://${address.includes(":") ? `[${address}]` : address}:${req.socket.localPort}`;
}

/**
 * Refused for its size. The page goes out at once; then up to the route's limit again is read and dropped
 * before hanging up, since a browser still sending when the connection closes shows a connection error
 * instead of the page. Past that, the rest is never read.
 */
async function sendTooLarge(res: ExpressResponse, body: LimitedBody, limit: number, locale: Locale) {
  const t = translator(locale);
  const [title, message] = plainPageKeys.tooLarge;
  const page = Buffer.from(plainPage(locale, t(title), t(message)));
  res
    .status(413)
    .type("html")
    .set({
      "Cache-Control": "no-store, no-transform",
      "Content-Length": String(page.length),
      Connection: "close",
    });
  res.write(page);
  await body.discard(limit).catch(() => undefined);
  res.end();
}

export function createHttpApp(options: HttpAppOptions) {
  const mode = options.mode ?? "production";
  const catalogue = mode === "development" ? null : extraEnglishScript();
  const secure = options.appUrl?.startsWith("https://") ?? false;
  const env = options.env ?? readEnv();
  const log = (line: string) => {
    if (env.LOG_LEVEL !== "silent") console.error(line);
  };
  const mailer =
    options.mailer ??
    createMailer({
      from: env.MAIL_FROM,
      smtpUrl: env.SMTP_URL,
      captureDir: env.MAIL_CAPTURE_DIR,
      devMailbox: devMailboxServed(env),
      log,
    });
  const identity =
    options.identity ??
    identityFor(
      {
        db: options.db,
        secret: options.secret,
        secure,
        mailer,
        adminEmail: env.ADMIN_EMAIL,
        limits: {
          codeRequestsPerHourPerEmail: scaledLimit(
            env.RATE_LIMIT_CODE_REQUESTS_PER_HOUR,
            env.RATE_LIMIT_SCALE,
          ),
          codeRequestsPerHourPerAddress: scaledLimit(
            env.RATE_LIMIT_CODE_REQUESTS_PER_HOUR_PER_ADDRESS,
            env.RATE_LIMIT_SCALE,
          ),
        },
      },
      env,
    );
  const signer = createSigner(options.secret);
  const appUrl = options.appUrl?.replace(/\/$/, "");
  const settings: AppSettings = {
    identity: identity.kind,
    devMailbox: mailer.mailbox !== null,
    secureCookies: secure,
    invitationsPerHour: scaledLimit(env.RATE_LIMIT_INVITATIONS_PER_HOUR, env.RATE_LIMIT_SCALE),
    stylesheetHref: versionedAsset("/assets/groundswell.css"),
    extraEnglishHref: catalogue?.href ?? null,
  };
  const handleRemix = createRequestHandler(options.build, mode);
  const csrfCookie = csrfCookieName(secure);
  const admission = createAdmissionGate({
    limit: options.maxConcurrentRequests ?? env.MAX_CONCURRENT_REQUESTS ?? 2 * env.DB_POOL_MAX,
  });
  const app = express();

  app.disable("x-powered-by");
  if (options.trustProxy) {
    const value = options.trustProxy;
    app.set("trust proxy", /^\d+$/.test(value) ? Number(value) : value === "true" ? true : value);
  }
  // A response sent before its request's body was all read closes the connection: the rest is left unread
  // (keeping the connection would mean reading all of it first, however large).
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: ExpressResponse, ...args: Parameters<typeof writeHead>) {
      if (!req.complete) this.setHeader("Connection", "close");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  app.use(compression());
  app.use((req, res, next) => {
    res.locals.nonce = randomBytes(16).toString("base64");
    for (const [name, value] of Object.entries(
      securityHeaders({ nonce: res.locals.nonce as string, secure, mapTileOrigin: options.mapTileOrigin }),
    )) {
      res.setHeader(name, value);
    }
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const up = await databaseIsUp(options.db);
    res
      .status(up ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json({ status: up ? "ok" : "unavailable", database: up ? "up" : "down" });
  });

  app.use(
    "/build",
    express.static(path.join(projectRoot, "public", "build"), { immutable: true, maxAge: "1y" }),
  );
  if (catalogue) {
    app.get(catalogue.path, (req, res) => {
      const current = req.query.v === catalogue.version;
      res
        .status(200)
        .type("text/javascript; charset=utf-8")
        .set("Cache-Control", current ? "public, max-age=31536000, immutable" : "no-cache")
        .send(catalogue.body);
    });
  }
  // A versioned address (?v=, see versionedAsset) names one content for good: browsers keep it for a year.
  const versionedStatic = express.static(path.join(projectRoot, "public"), { immutable: true, maxAge: "1y" });
  app.use((req, res, next) => (req.query.v ? versionedStatic(req, res, next) : next()));
  app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));

  // A cross-origin client's preflight before a GET with If-None-Match: allowed, for the read-only API only.
  app.options("/api/*", (_req, res) => {
    res.status(204).set(corsPreflightHeaders).end();
  });

  /**
   * The key of the page a resident with a session shares with everyone in the same position, or null when it
   * must be made for them (see app/server/shared-pages.server.ts). `facts` are what the page's last rendering
   * noted for its personal query (none yet: null).
   */
  async function personalVariant(
    sharedKey: string,
    path: string,
    context: RequestContext,
    who: { user: RequestContext["user"]; setCookies: string[] },
    facts: PageFacts | undefined,
    generation: number,
  ): Promise<string | null> {
    const page = sharedPageFor(path);
    if (!page || !who.user || who.setCookies.length > 0) return null;
    const pageCache = options.pageCache!;
    // A person asking again for a page nothing changed on since: what was worked out for them is still true.
    // Kept by session, not person: signing in (a new session) changes the header.
    const session = who.user.sessionId;
    const remembered =
      generation === pageCache.generation() && pageCache.rememberedVariant(sharedKey, session);
    if (remembered) return remembered;
    const viewer = await viewerFor(context);
    if (!viewer || viewer.organisations.length > 0 || viewer.platformAdmin) return null;
    let variant: string | null = pageCache.variant(sharedKey, { viewer });
    if (page.personal) {
      if (!facts) return null;
      const personal = await page.personal({ db: options.db, claims: context.claims, facts });
      variant = personal === null ? null : pageCache.variant(sharedKey, { viewer, personal });
    }
    if (variant) pageCache.rememberVariant(sharedKey, session, generation, variant);
    return variant;
  }

  app.all("*", async (req, res) => {
    const chosen = requestLocale(req.get("cookie"), req.get("accept-language"));
    const locale = pageLocale(chosen, req.path);
    let release = () => undefined as void;
    let body: LimitedBody | null = null;
    // This request makes a page others may be waiting for: `land` hands it to them (once; null when not kept).
    let flight: ((page: CachedPage | null) => void) | null = null;
    const land = (page: CachedPage | null) => {
      flight?.(page);
      flight = null;
    };
    try {
      if (req.method === "GET" || req.method === "HEAD") {
        // A language link: remember the choice for the session and show the same page in it.
        const target = languageLinkTarget(new URL(req.originalUrl, "http://localhost"));
        if (target) {
          return res
            .status(303)
            .set("Cache-Control", "no-store")
            .append("Set-Cookie", languageCookie(target.locale, secure))
            .location(target.location)
            .end();
        }
      }
      const bodyLimit = bodyLimitFor(req.path);
      body = limitedBody(req, bodyLimit);
      if (Number(req.get("content-length") ?? 0) > bodyLimit)
        return await sendTooLarge(res, body, bodyLimit, locale);
      const cookies = parseCookies(req.get("cookie"));
      const setCookies: string[] = [];
      let seed = cookies[csrfCookie];
      if (!seed) {
        seed = newCsrfSeed();
        setCookies.push(`${csrfCookie}=${seed}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
      }
      const values = { nonce: res.locals.nonce as string, csrfToken: csrfTokenFor(options.secret, seed) };
      const pageCache = options.pageCache;
      const cookieNames = Object.keys(cookies).filter(
        (name) => name !== csrfCookie && name !== LANGUAGE_COOKIE,
      );
      const withSession = cookieNames.some((name) => identity.isSessionCookie(name));
      // The page's key when it may be shared: between visitors without a session, or (below) between residents
      // whose part of it is the same.
      const sharedKey =
        pageCache?.keyFor({
          method: req.method,
          path: req.path,
          url: req.originalUrl,
          host: req.get("host") ?? "",
          locale: chosen,
          personalCookies: cookieNames.filter((name) => !identity.isSessionCookie(name)),
        }) ?? null;
      const gzip = { gzip: req.acceptsEncodings("gzip") === "gzip" };
      const cached = sharedKey && !withSession ? pageCache!.get(sharedKey, values, gzip) : null;
      if (cached) return sendCachedPage(res, cached, setCookies);
      if (sharedKey && !withSession) {
        const waiting = pageCache!.inFlight(sharedKey);
        const made = waiting ? await waiting : null;
        if (made)
          return sendCachedPage(res, { ...made, body: pageCache!.fill(made.body, values) }, setCookies);
        if (!waiting) flight = pageCache!.startFlight(sharedKey);
      }
      // Every request from here on may use the database: wait for a turn (see admission.server.ts).
      const gone = new AbortController();
      res.once("close", () => gone.abort());
      const turn = await admission.enter(gone.signal);
      if (turn.status === "gone") return;
      if (turn.status === "busy") {
        res.set("Retry-After", "10");
        return sendPlainPage(res, 503, "unavailable", locale);
      }
      release = turn.release;
      res.once("close", release);
      const request = toFetchRequest(req, res, body);
      if (
        MUTATING.has(req.method) &&
        !(await isOneClickUnsubscribe(req.method, req.path, req.get("content-type") ?? "", body))
      ) {
        const token = req.get("x-csrf-token") || (await csrfTokenInBody(req.get("content-type") ?? "", body));
        if (!isValidCsrfToken(options.secret, cookies[csrfCookie], token)) {
          return sendPlainPage(res, 403, "csrf", locale);
        }
      }
      const clientAddress = req.ip ?? req.socket.remoteAddress ?? "unknown";
      const who = await identity.identify(request, clientAddress);
      const identityCookies: string[] = [];
      const context: RequestContext = {
        db: options.db,
        replica: options.replica ?? null,
        user: who.user,
        claims: claimsFor(who.user),
        auth: identity.actionsFor(request, clientAddress, who.user, identityCookies),
        // A page that may be shared is made with stand-ins for both, and each response gets its own.
        ...(sharedKey ? pageCache!.placeholders : values),
        clientAddress,
        mailer,
        appUrl: appUrl ?? serverOrigin(req),
        settings,
        signer,
        locale: chosen,
        pageFacts: {},
        documentRequest: req.query._data === undefined,
      };
      const generation = pageCache?.generation() ?? 0;
      const knownFacts = sharedKey ? pageCache!.facts(sharedKey) : undefined;
      const variant =
        sharedKey && withSession
          ? await personalVariant(sharedKey, req.path, context, who, knownFacts, generation)
          : null;
      if (variant) {
        const hit = pageCache!.get(variant, values, gzip);
        if (hit) return sendCachedPage(res, hit, setCookies);
        const waiting = pageCache!.inFlight(variant);
        const made = waiting ? await waiting : null;
        if (made)
          return sendCachedPage(res, { ...made, body: pageCache!.fill(made.body, values) }, setCookies);
        if (!waiting) flight = pageCache!.startFlight(variant);
      }
      let response = await handleRemix(request, context);
      // The route gave up reading (or answered as best it could) when the body passed its limit.
      if (body.tooLarge) {
        await response.body?.cancel();
        release();
        return await sendTooLarge(res, body, bodyLimit, locale);
      }
      if (MUTATING.has(req.method)) {
        pageCache?.invalidate();
        options.replica?.changed();
      }
      // An action switched language with the form's language button: remember it for the session.
      if (context.locale !== chosen) setCookies.push(languageCookie(context.locale, secure));
      if (sharedKey) {
        const body = await response.text();
        const headers = [...response.headers.entries()].filter(
          ([name]) => name !== "set-cookie" && name !== "content-length",
        );
        const keepable =
          response.status === 200 &&
          who.setCookies.length === 0 &&
          identityCookies.length === 0 &&
          response.headers.getSetCookie().length === 0 &&
          /^text\/html/.test(response.headers.get("content-type") ?? "");
        if (keepable) {
          const facts = context.pageFacts;
          pageCache!.noteFacts(sharedKey, generation, facts);
          const page = { status: 200, headers, body };
          if (!withSession && who.user === null) {
            pageCache!.set(sharedKey, generation, page);
            land(page);
          } else if (withSession) {
            // Kept under the key of what the page showed: asked afresh when the page noted other facts.
            const same = variant !== null && JSON.stringify(facts) === JSON.stringify(knownFacts ?? {});
            const key = same
              ? variant
              : await personalVariant(sharedKey, req.path, context, who, facts, generation);
            if (key) pageCache!.set(key, generation, page);
            if (same) land(page);
          }
        }
        const filled = new Headers(response.headers);
        filled.delete("content-length");
        response = new Response(body ? pageCache!.fill(body, values) : null, {
          status: response.status,
          statusText: response.statusText,
          headers: filled,
        });
      }
      // A shared cache would hand a cookie on a publicly cacheable answer to the next person: send none.
      const shared = /(^|,)\s*public\b/.test(response.headers.get("cache-control") ?? "");
      if (shared) {
        const scrubbed = new Headers(response.headers);
        scrubbed.delete("set-cookie");
        response = new Response(response.body, {
          status: response.status,
          statusText: response.statusText,
          headers: scrubbed,
        });
      }
      await sendFetchResponse(
        res,
        response,
        shared ? [] : [...setCookies, ...who.setCookies, ...identityCookies],
      );
    } catch (error) {
      if (body && (error instanceof BodyTooLarge || body.tooLarge) && !res.headersSent)
        return await sendTooLarge(res, body, bodyLimitFor(req.path), locale);
      // Identity runs before Remix, so a lost database surfaces here rather than in a route's boundary.
      const unavailable = isDatabaseUnavailable(error) || (error instanceof Response && error.status === 503);
      if (!unavailable) console.error(error);
      if (res.headersSent) res.end();
      else if (unavailable) {
        res.set("Retry-After", "10");
        sendPlainPage(res, 503, "unavailable", locale);
      } else sendPlainPage(res, 500, "error", locale);
    } finally {
      land(null);
      release();
    }
  });
  return app;
}
