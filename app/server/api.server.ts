// The read-only JSON API's HTTP manners: rate limits per client address, strong ETags answered with
// 304 Not Modified, paging parameters checked, errors as JSON, and CORS open to any site (it is public data).
import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { anonClaims, asRequest, type Tx } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { describeWait, hitRateLimit, scaledLimit } from "~/platform/rate-limits.server";
import { decodeCursor, DEFAULT_PAGE, MAX_PAGE } from "~/features/evidence-io/open-data.server";
import { streamFile, type FileWriter, type StreamedFile } from "~/server/streamed-file.server";

const WINDOW_SECONDS = 60;

const baseHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "ETag, Link, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After",
  "X-Content-Type-Options": "nosniff",
};

export function apiError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { status, message } }), {
    status,
    headers: {
      ...baseHeaders,
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A body that is not JSON (a CSV download), with its type and any extra headers. */
export class ApiFile {
  constructor(
    public body: string,
    public contentType: string,
    public headers: Record<string, string> = {},
  ) {}
}

export interface Paging {
  cursor: { at: string; id: string } | null;
  limit: number;
}

/** `?limit=` (1 to 200, default 50) and `?cursor=` (from a previous page's `next`). */
export function readPaging(url: URL): Paging {
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? DEFAULT_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new ApiError(400, `limit must be a whole number from 1 to ${MAX_PAGE}`);
  const cursorText = url.searchParams.get("cursor");
  const cursor = cursorText ? decodeCursor(cursorText) : null;
  if (cursorText && !cursor)
    throw new ApiError(400, "cursor is not one this API gave out: start again without it");
  return { cursor, limit };
}

/** The address of the next page: the same request with the new cursor. */
export function nextLink(url: URL, next: string | null): string | null {
  if (!next) return null;
  const link = new URL(url.pathname + url.search, url.origin);
  link.searchParams.set("cursor", next);
  return link.pathname + link.search;
}

const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Answers one API request: counts it against the client's rate limit, runs `read` as the anon role (so only
 * public data can come back, whoever asks), and sends the body with an ETag, or 304 when the client has it.
 */
export async function apiResponse(
  request: Request,
  context: AppLoadContext,
  read: (tx: Tx, url: URL) => Promise<unknown>,
  { maxAge = 60 }: { maxAge?: number } = {},
): Promise<Response> {
  const admitted = await admit(context);
  if (admitted instanceof Response) return admitted;
  const url = new URL(request.url);
  let result: unknown;
  try {
    // On the read replica when there is one (READ_DATABASE_URL).
    result = await (context.replica
      ? context.replica.read(context.db, anonClaims, (tx) => read(tx, url))
      : asRequest(context.db, anonClaims, (tx) => read(tx, url)));
  } catch (error) {
    return answerToError(error, admitted);
  }
  const file = result instanceof ApiFile ? result : null;
  return cacheableAnswer(request, file ? file.body : JSON.stringify(result), {
    contentType: file?.contentType ?? "application/json; charset=utf-8",
    maxAge,
    headers: { ...admitted, ...(file?.headers ?? {}) },
  });
}

/** Counts a request against its client's rate limit: the RateLimit headers to send, or the 429 answer. */
async function admit(context: AppLoadContext): Promise<Record<string, string> | Response> {
  const env = readEnv();
  const limit = scaledLimit(env.API_RATE_LIMIT_PER_MINUTE, env.RATE_LIMIT_SCALE);
  const hit = await hitRateLimit({
    db: context.db,
    key: `api:address:${context.clientAddress}`,
    limit,
    windowSeconds: WINDOW_SECONDS,
  });
  const limitHeaders = {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(Math.max(0, limit - hit.count)),
    "RateLimit-Reset": String(
      Math.ceil((WINDOW_SECONDS * 1000 - (Date.now() % (WINDOW_SECONDS * 1000))) / 1000),
    ),
  };
  if (!hit.allowed) {
    return apiError(
      429,
      `Too many requests: at most ${limit} a minute. Try again in ${describeWait(hit.retryAfter)}.`,
      {
        ...limitHeaders,
        "Retry-After": String(hit.retryAfter),
      },
    );
  }
  return limitHeaders;
}

function answerToError(error: unknown, limitHeaders: Record<string, string>): Response {
  if (error instanceof ApiError) return apiError(error.status, error.message, limitHeaders);
  if (error instanceof Response && error.status === 503)
    return apiError(503, "The database is unavailable", { ...limitHeaders, "Retry-After": "10" });
  throw error;
}

/** The head of a streamed API file, known before its first byte. */
export interface ApiStreamHead {
  contentType: string;
  headers: Record<string, string>;
}

/**
 * Answers an API request with a file of any size (a whole consultation's CSV), streamed from one anon
 * transaction as it is read (see streamFile). `open` checks the request and may throw ApiError as `read` does
 * for apiResponse. No ETag: a strong one is a digest of the whole body, known only at its end, and nothing
 * cheaper changes exactly when the content does (a "me too" changes a need's row and nothing else), so a
 * client revalidates by downloading again; Cache-Control still lets a shared cache keep it for `maxAge`.
 * `settled` runs after the transaction has ended, with the rows sent and whether the client took them all.
 */
export async function apiStreamResponse<Head extends ApiStreamHead>(
  request: Request,
  context: AppLoadContext,
  {
    open,
    write,
    settled,
  }: {
    open: (tx: Tx, url: URL) => Promise<Head>;
    write: (tx: Tx, head: Head, out: FileWriter) => Promise<number>;
    settled: (head: Head, outcome: { rows: number; complete: boolean }) => Promise<void>;
  },
  { maxAge = 60 }: { maxAge?: number } = {},
): Promise<Response> {
  const admitted = await admit(context);
  if (admitted instanceof Response) return admitted;
  const url = new URL(request.url);
  let file: StreamedFile<Head>;
  let outcome: { rows: number; complete: boolean } | null = null;
  try {
    file = await streamFile({
      db: context.db,
      claims: anonClaims,
      signal: request.signal,
      open: (tx) => open(tx, url),
      write,
      finish: async (_tx, _head, result) => void (outcome = result),
      settled: async (head) => {
        if (outcome) await settled(head, outcome);
      },
    });
  } catch (error) {
    return answerToError(error, admitted);
  }
  return new Response(file.body, {
    status: 200,
    headers: {
      ...baseHeaders,
      ...admitted,
      ...file.head.headers,
      "Content-Type": file.head.contentType,
      "Cache-Control": `public, max-age=${maxAge}`,
      Vary: "Accept-Encoding",
    },
  });
}

/**
 * A publicly cacheable answer: a strong ETag made from the body, so it changes exactly when the content does,
 * and 304 Not Modified when the client already has it. The HTTP layer sets no cookie on such an answer.
 */
export function cacheableAnswer(
  request: Request,
  body: string,
  {
    contentType,
    maxAge,
    headers: extra = {},
  }: { contentType: string; maxAge: number; headers?: Record<string, string> },
): Response {
  const etag = etagOf(body);
  const headers = {
    ...baseHeaders,
    ...extra,
    ETag: etag,
    "Cache-Control": `public, max-age=${maxAge}`,
    Vary: "Accept-Encoding",
  };
  if (matches(request.headers.get("If-None-Match"), etag))
    return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": contentType } });
}

/** The answer to a CORS preflight: any site may read the API, and send If-None-Match to revalidate. */
export const corsPreflightHeaders: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, Accept",
  "Access-Control-Max-Age": "86400",
  "Cache-Control": "public, max-age=86400",
};
