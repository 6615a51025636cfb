import zlib from "node:zlib";

/**
 * A shared page compressed once, for every response that puts its own nonce and CSRF token in.
 *
 * Compressing a page is most of what serving a kept one costs (a brief citing 5,000 needs is 300 kB), yet each
 * response differs from the next only in two short values. So the text between the stand-ins is compressed once,
 * each piece as a deflate stream of its own ending on a byte boundary (a full flush, which also forgets what came
 * before, so no piece refers back into text that will differ); a response puts its values between them as stored
 * (uncompressed) blocks, ends with an empty final block and wraps it all as gzip (RFC 1951, RFC 1952).
 */
export interface Precompressed {
  /** Text (as bytes, for the checksum, and compressed), or the name of the value that goes there. */
  parts: ({ raw: Buffer; deflated: Buffer } | "nonce" | "csrfToken")[];
}

export function precompress(body: string, placeholders: { nonce: string; csrfToken: string }): Precompressed {
  const parts: Precompressed["parts"] = [];
  const pattern = new RegExp(`${placeholders.nonce}|${placeholders.csrfToken}`, "g");
  let from = 0;
  const addText = (text: string) => {
    if (!text) return;
    const raw = Buffer.from(text);
    parts.push({ raw, deflated: zlib.deflateRawSync(raw, { finishFlush: zlib.constants.Z_FULL_FLUSH }) });
  };
  for (const match of body.matchAll(pattern)) {
    addText(body.slice(from, match.index));
    parts.push(match[0] === placeholders.nonce ? "nonce" : "csrfToken");
    from = match.index + match[0].length;
  }
  addText(body.slice(from));
  return { parts };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** An empty stored block marked final. */
const LAST_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/** A stored (uncompressed), not final, deflate block: at most 65,535 bytes, which a nonce or a token is. */
function storedBlock(bytes: Buffer): Buffer {
  const length = bytes.length;
  return Buffer.concat([
    Buffer.from([0x00, length & 0xff, length >> 8, ~length & 0xff, (~length >> 8) & 0xff]),
    bytes,
  ]);
}

/** The gzip of the page with these values put in, without making the page's text again. */
export function gzipWith(page: Precompressed, values: { nonce: string; csrfToken: string }): Buffer {
  const raw = { nonce: Buffer.from(values.nonce), csrfToken: Buffer.from(values.csrfToken) };
  const stored = { nonce: storedBlock(raw.nonce), csrfToken: storedBlock(raw.csrfToken) };
  let crc = 0;
  let length = 0;
  const blocks = page.parts.map((part) => {
    const bytes = typeof part === "string" ? raw[part] : part.raw;
    crc = zlib.crc32(bytes, crc);
    length += bytes.length;
    return typeof part === "string" ? stored[part] : part.deflated;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...blocks, LAST_BLOCK, trailer]);
}

/** Bytes a kept page's compressed form holds. */
export function precompressedSize(page: Precompressed): number {
  return page.parts.reduce(
    (sum, part) => sum + (typeof part === "string" ? 0 : part.raw.length + part.deflated.length),
    0,
  );
}
