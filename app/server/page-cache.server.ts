import { randomBytes } from "node:crypto";
import pg from "pg";
import { gzipWith, precompress, precompressedSize, type Precompressed } from "./precompressed.server";
import { sharedPageFor, type PageFacts } from "./shared-pages.server";

/**
 * The public pages a visitor without a session sees (the home page and a consultation's page with its list of
 * needs), kept rendered for a few seconds so a busy evening's readers do not each render the same page.
 *
 * - Visitors whose cookies are at most the CSRF seed and the language choice share one page. A resident with a
 *   session shares the page of everyone with the same header and the same personal part (`variant`; see
 *   app/server/shared-pages.server.ts for which pages and who); any other cookie gets the page made for them.
 * - A page is rendered once with stand-ins for the two values that differ per response, the CSP nonce and the
 *   CSRF token; every response replaces them with its own. The stand-ins are random per process, so no text a
 *   resident writes can name them.
 * - A page many ask for at once, when it is not kept, is made once: the others wait for it (`inFlight`).
 * - Freshness: migration 20261127090000 makes every change to what these pages show (consultations, their
 *   organisations, themes, areas and needs) send NOTIFY on CHANNEL when it commits; the cache LISTENs and empties
 *   itself. A page whose rendering began before a change is not kept (the generation check). Without the
 *   listening connection (database restarting) nothing is served from the cache and nothing kept. The time
 *   limit bounds what no row change announces: a consultation passing its closing time.
 */

export const PAGE_CACHE_CHANNEL = "groundswell_public_pages";

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: string;
  /** The page as gzip, when the response may be compressed (see precompressed.server.ts). */
  gzipped?: Buffer;
}

export interface PageCache {
  /** The stand-ins a cacheable page is rendered with. */
  readonly placeholders: { nonce: string; csrfToken: string };
  /** The cache key for a request whose page may be shared, or null when it must be made for this visitor. */
  keyFor(request: {
    method: string;
    path: string;
    url: string;
    host: string;
    locale: string;
    /** Names of the request's cookies other than the CSRF seed, the language choice and the session. */
    personalCookies: string[];
  }): string | null;
  /** The key of the page for a person with a session, from the page's key and what is theirs on it. */
  variant(key: string, personal: unknown): string;
  /**
   * The variant key this session was last given for the page at `key`, if nothing changed since: a person's part
   * of a page changes only with data, which empties this as it empties the pages.
   */
  rememberedVariant(key: string, sessionId: string): string | undefined;
  rememberVariant(key: string, sessionId: string, generation: number, variant: string): void;
  /** What the last rendering of the page at `key` noted for the personal query (shared-pages.server.ts). */
  facts(key: string): PageFacts | undefined;
  noteFacts(key: string, generation: number, facts: PageFacts): void;
  /** The stored page with this response's nonce and token put in (and gzipped, if asked), or null. */
  get(
    key: string,
    values: { nonce: string; csrfToken: string },
    options?: { gzip?: boolean },
  ): CachedPage | null;
  /** Call before rendering; pass the result to set. */
  generation(): number;
  /** Keeps a page rendered with the placeholders, unless the data changed since `generation`. */
  set(key: string, generation: number, page: CachedPage): void;
  /**
   * The page at `key` being made by another request of this process, if one is: what it made (stand-ins in), or
   * null when that request could not keep it. A page emptied by a change while it was made is not passed on.
   */
  inFlight(key: string): Promise<CachedPage | null> | null;
  /** Notes that this request makes the page at `key`; call the result with the page, or null, when done. */
  startFlight(key: string): (page: CachedPage | null) => void;
  /** Forgets every page: this process just changed data (its own writes show at once, before any NOTIFY). */
  invalidate(): void;
  /** Puts this response's values into a page rendered with the placeholders. */
  fill(body: string, values: { nonce: string; csrfToken: string }): string;
  close(): Promise<void>;
}

export interface PageCacheOptions {
  /** Where to LISTEN: a direct (session) connection; a transaction-mode pooler does not pass notifications on. */
  connectionString: string;
  /** How long a page is kept at most. */
  ttlMs: number;
  maxEntries?: number;
  maxBytes?: number;
  /** Waits between attempts to listen again after the connection is lost. */
  retryMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const retryMs = options.retryMs ?? 2_000;
  const stamp = randomBytes(12).toString("hex");
  const placeholders = { nonce: `gsnonce${stamp}`, csrfToken: `gscsrf${stamp}` };
  const entries = new Map<
    string,
    { page: CachedPage; compressed: Precompressed; expires: number; bytes: number }
  >();
  const factsByKey = new Map<string, PageFacts>();
  const variantsByPerson = new Map<string, { variant: string; expires: number }>();
  const flights = new Map<string, Promise<CachedPage | null>>();
  let bytes = 0;
  let generation = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const clear = () => {
    generation += 1;
    entries.clear();
    factsByKey.clear();
    variantsByPerson.clear();
    bytes = 0;
  };
  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  const listen = async () => {
    retry = null;
    if (closed) return;
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: "groundswell page cache",
      connectionTimeoutMillis: 5_000,
    });
    const lost = () => {
      if (client !== next) return;
      client = null;
      listening = false;
      clear();
      next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void listen(), retryMs).unref();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === PAGE_CACHE_CHANNEL) clear();
    });
    try {
      client = next;
      await next.connect();
      await next.query(`listen ${PAGE_CACHE_CHANNEL}`);
      if (client !== next || closed) return;
      // Anything changed while nobody listened is unknown: start empty.
      clear();
      listening = true;
    } catch (error) {
      options.log?.(
        `page cache: not listening (${error instanceof Error ? error.message : String(error)}); pages are made per request until it is`,
      );
      lost();
    }
  };
  void listen();

  const fill = (body: string, values: { nonce: string; csrfToken: string }) =>
    body.split(placeholders.nonce).join(values.nonce).split(placeholders.csrfToken).join(values.csrfToken);

  return {
    placeholders,
    keyFor(request) {
      if (!listening || request.method !== "GET" || !sharedPageFor(request.path)) return null;
      if (request.personalCookies.length > 0) return null;
      // Remix's own data requests (?_data=) answer JSON for client-side navigation; only documents are shared.
      if (/[?&]_data=/.test(request.url)) return null;
      return `${request.locale} ${request.host} ${request.url}`;
    },
    inFlight: (key) => flights.get(key) ?? null,
    startFlight(key) {
      const started = generation;
      let land: (page: CachedPage | null) => void = () => undefined;
      const flight = new Promise<CachedPage | null>((resolve) => (land = resolve));
      flights.set(key, flight);
      return (page) => {
        if (flights.get(key) === flight) flights.delete(key);
        land(listening && started === generation ? page : null);
      };
    },
    variant: (key, personal) => `${key}\u0000${JSON.stringify(personal)}`,
    facts: (key) => factsByKey.get(key),
    rememberedVariant(key, sessionId) {
      const remembered = variantsByPerson.get(`${sessionId} ${key}`);
      if (!remembered || !listening || remembered.expires <= now()) return undefined;
      return remembered.variant;
    },
    rememberVariant(key, sessionId, at, variant) {
      if (!listening || at !== generation) return;
      const name = `${sessionId} ${key}`;
      variantsByPerson.delete(name);
      variantsByPerson.set(name, { variant, expires: now() + options.ttlMs });
      for (const oldest of variantsByPerson.keys()) {
        if (variantsByPerson.size <= 10 * maxEntries) break;
        variantsByPerson.delete(oldest);
      }
    },
    noteFacts(key, at, facts) {
      if (!listening || at !== generation) return;
      // Bounded as the pages are: the facts of pages no longer kept go first.
      factsByKey.delete(key);
      factsByKey.set(key, facts);
      for (const oldest of factsByKey.keys()) {
        if (factsByKey.size <= maxEntries) break;
        factsByKey.delete(oldest);
      }
    },
    get(key, values, { gzip = false } = {}) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (!listening || entry.expires <= now()) {
        forget(key);
        return null;
      }
      // Most recently used last: the oldest goes first when the cache is full.
      entries.delete(key);
      entries.set(key, entry);
      if (gzip) return { ...entry.page, body: "", gzipped: gzipWith(entry.compressed, values) };
      return { ...entry.page, body: fill(entry.page.body, values) };
    },
    generation: () => generation,
    invalidate: clear,
    set(key, at, page) {
      if (!listening || at !== generation) return;
      const size = page.body.length;
      if (size > maxBytes / 4) return;
      forget(key);
      const compressed = precompress(page.body, placeholders);
      const kept = size + precompressedSize(compressed);
      entries.set(key, { page, compressed, expires: now() + options.ttlMs, bytes: kept });
      bytes += kept;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        forget(oldest);
      }
    },
    fill,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      listening = false;
      const current = client;
      client = null;
      entries.clear();
      factsByKey.clear();
      variantsByPerson.clear();
      await current?.end().catch(() => undefined);
    },
  };
}
