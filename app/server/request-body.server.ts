// Request bodies are read only as the route consumes them, and never past the route's limit, whatever the
// headers say: a chunked body has no Content-Length to refuse up front, so the bytes themselves are counted.
// See docs/decisions/0011-bounded-request-bodies.md.
import type { IncomingMessage } from "node:http";
import { MAX_UPLOAD_BYTES } from "~/features/evidence-io/import-limits.server";
import { PHOTO_MAX_BYTES } from "~/features/needs/photos.server";
import { CSRF_FIELD } from "./csrf.server";

const MiB = 1024 * 1024;

/**
 * Any form post. The longest a person can fill in, a brief with every field at its maximum (about 110,000
 * characters), is about 1.3 MB URL-encoded even if every character takes four bytes of UTF-8.
 */
export const FORM_BODY_BYTES = 2 * MiB;

// Uploads get a little more than their file's own limit, so a file just over it gets the form's message
// beside the field rather than a bare page.
const uploadLimits: { path: RegExp; bytes: number }[] = [
  { path: /^\/c\/[^/]+\/needs\/new\/photo\/?$/, bytes: PHOTO_MAX_BYTES + MiB },
  { path: /^\/needs\/[^/]+\/edit\/?$/, bytes: PHOTO_MAX_BYTES + MiB },
  { path: /^\/workspace\/c\/[^/]+\/import\/?$/, bytes: MAX_UPLOAD_BYTES + 5 * MiB },
];

/** The largest body accepted at this path, in bytes. */
export function bodyLimitFor(path: string): number {
  return uploadLimits.find((limit) => limit.path.test(path))?.bytes ?? FORM_BODY_BYTES;
}

export class BodyTooLarge extends Error {
  constructor() {
    super("The request body is larger than this address accepts");
    this.name = "BodyTooLarge";
  }
}

export interface LimitedBody {
  /** The body as the route reads it: it errors with BodyTooLarge once more than the limit has arrived. */
  readonly stream: ReadableStream<Uint8Array>;
  /** At least the first `bytes` of the body (fewer if it is shorter), kept for `stream` to give again. */
  peek(bytes: number): Promise<Buffer>;
  /** More than the limit arrived: the answer is 413, whatever the route made of it. */
  readonly tooLarge: boolean;
  /** Reads and drops what follows, up to `bytes` more, so the sender is reading when it is told. */
  discard(bytes: number): Promise<void>;
}

/**
 * The body of `req`, pulled from the socket only when asked for. Nothing reads ahead, so a sender that goes
 * on past the limit is held back by TCP, not buffered.
 */
export function limitedBody(req: IncomingMessage, limit: number): LimitedBody {
  const source = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const held: Buffer[] = [];
  let heldBytes = 0;
  let received = 0;
  let tooLarge = false;
  const next = async (): Promise<Buffer | null> => {
    if (tooLarge) throw new BodyTooLarge();
    const { value, done } = await source.next();
    if (done) return null;
    received += value.length;
    if (received > limit) {
      tooLarge = true;
      throw new BodyTooLarge();
    }
    return value;
  };
  return {
    stream: new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const chunk = held.shift() ?? (await next());
          if (chunk) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    ),
    async peek(bytes) {
      while (heldBytes < bytes) {
        const chunk = await next();
        if (!chunk) break;
        held.push(chunk);
        heldBytes += chunk.length;
      }
      return Buffer.concat(held);
    },
    get tooLarge() {
      return tooLarge;
    },
    async discard(bytes) {
      held.length = 0;
      for (let dropped = 0; dropped <= bytes;) {
        const { value, done } = await source.next();
        if (done) return;
        dropped += value.length;
      }
    },
  };
}

/** PostForm puts the token first, so it is always within this much of the start of a form's body. */
const TOKEN_WITHIN_BYTES = 16 * 1024;

/**
 * The CSRF token a form sent, read from the start of its body (URL-encoded or multipart) without reading the
 * rest, which stays for the route. Null when the body does not begin with it.
 */
export function csrfTokenInBody(contentType: string, body: LimitedBody): Promise<string | null> {
  return fieldAtStartOfBody(contentType, body, CSRF_FIELD);
}

/**
 * An RFC 8058 one-click unsubscribe: a mail program POSTs `List-Unsubscribe=One-Click` to the link in the
 * List-Unsubscribe header, with no cookie and so no CSRF token. The link's signed token is the authority (it
 * names one address and topic, and only its recipient has it), so no CSRF token is asked for there.
 */
export async function isOneClickUnsubscribe(
  method: string,
  path: string,
  contentType: string,
  body: LimitedBody,
): Promise<boolean> {
  if (method !== "POST" || path !== "/unsubscribe") return false;
  return (await fieldAtStartOfBody(contentType, body, "List-Unsubscribe")) === "One-Click";
}

async function fieldAtStartOfBody(
  contentType: string,
  body: LimitedBody,
  field: string,
): Promise<string | null> {
  const multipart = /^multipart\/form-data\s*;.*boundary="?([^";]+)"?/i.exec(contentType);
  if (!multipart && !/^application\/x-www-form-urlencoded/i.test(contentType)) return null;
  const head = (await body.peek(TOKEN_WITHIN_BYTES)).subarray(0, TOKEN_WITHIN_BYTES).toString("latin1");
  if (!multipart) {
    // Only pairs ended by "&" are whole, unless the entire body is here.
    const whole = head.length < TOKEN_WITHIN_BYTES ? head : head.slice(0, head.lastIndexOf("&") + 1);
    return new URLSearchParams(whole).get(field);
  }
  const delimiter = `--${multipart[1]}`;
  const parts = head.split(delimiter);
  // The text before the first delimiter is the preamble, and the text after the last one may be cut off.
  for (const part of parts.slice(1, -1)) {
    const end = part.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const headers = part.slice(0, end);
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (name === field && !/filename=/i.test(headers)) return part.slice(end + 4).replace(/\r\n$/, "");
  }
  return null;
}
