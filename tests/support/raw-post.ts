// A post written to the socket by hand, as a stranger's client would: it goes on sending until the server
// answers or hangs up, and counts how much the server let it send. A plain socket rather than an HTTP
// client: when the server hangs up while the client is still sending, the write fails (EPIPE), and an HTTP
// client would throw away the answer that had already arrived; here reading goes on after writing stops.
import http from "node:http";
import net from "node:net";

export interface RawPostResult {
  /** The answer's status; 0 when the server hung up without a (readable) answer. */
  status: number;
  body: string;
  connection: string | undefined;
  /** Bytes of the body the server let the client hand to the socket before it answered or hung up. */
  written: number;
}

/** Status, headers and body of an HTTP/1.1 answer, once all of it has arrived; null until then. */
function parseAnswer(bytes: Buffer, closed: boolean): Omit<RawPostResult, "written"> | null {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const [statusLine, ...lines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1] ?? 0);
  const headers = new Map(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).trim().toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  let body = bytes.subarray(headEnd + 4);
  const length = headers.get("content-length");
  if (length !== undefined) {
    if (body.length < Number(length)) return null;
    body = body.subarray(0, Number(length));
  } else if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
    const pieces: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) break;
      if (body.length < lineEnd + 2 + size + 2) return null;
      pieces.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(pieces);
  } else if (!closed) {
    return null;
  }
  return { status, body: body.toString("utf8"), connection: headers.get("connection") };
}

/**
 * Posts `head`, then filler bytes up to `total`, as fast as the connection takes them, stopping when the
 * server answers or hangs up. With `length` the body declares its size; without, it is sent chunked.
 */
export function rawPost({
  url,
  head,
  total,
  length,
  headers = {},
}: {
  url: string | URL;
  head: string;
  total: number;
  length?: number;
  headers?: Record<string, string>;
}): Promise<RawPostResult> {
  const target = new URL(url);
  const chunked = length === undefined;
  const requestHead = [
    `POST ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
    "Content-Type: application/x-www-form-urlencoded",
    chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "",
    "",
  ].join("\r\n");
  const frame = (piece: Buffer) =>
    chunked ? [Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")] : [piece];

  return new Promise((resolve) => {
    let written = 0;
    let sending = true;
    let received = Buffer.alloc(0);
    let settled = false;
    const socket = net.connect(Number(target.port), target.hostname);
    const settle = (closed: boolean) => {
      if (settled) return;
      const answer = parseAnswer(received, closed);
      if (!answer && !closed) return;
      settled = true;
      sending = false;
      socket.destroy();
      resolve({ ...(answer ?? { status: 0, body: "", connection: "close" }), written });
    };
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      settle(false);
    });
    // A failed write (EPIPE, ECONNRESET) only ends the sending; what was answered is still read.
    socket.on("error", () => (sending = false));
    socket.on("close", () => settle(true));
    socket.on("end", () => settle(true));

    const filler = Buffer.alloc(256 * 1024, "a");
    const write = (pieces: Buffer[]) => pieces.map((piece) => socket.write(piece)).every(Boolean);
    const pump = () => {
      while (sending && written < total) {
        const piece = filler.subarray(0, Math.min(filler.length, total - written));
        written += piece.length;
        if (!write(frame(piece))) return void socket.once("drain", pump);
      }
      if (sending && chunked) socket.write("0\r\n\r\n");
    };
    socket.once("connect", () => {
      socket.write(requestHead);
      written += head.length;
      if (!write(frame(Buffer.from(head)))) return void socket.once("drain", pump);
      pump();
    });
  });
}

/** A GET with the path sent exactly as written: fetch would resolve "/./" itself before sending. */
export function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    http
      .get({ hostname, port, path }, (response) => {
        response.resume();
        resolve({ status: response.statusCode!, location: response.headers.location });
      })
      .on("error", reject);
  });
}
