// A post written to the socket by hand, as a stranger's client would: it goes on sending until the server
// answers or hangs up, and counts how much the server let it send.
import http from "node:http";

export interface RawPostResult {
  status: number;
  body: string;
  connection: string | undefined;
  /** Bytes of the body the server let the client hand to the socket before it answered or hung up. */
  written: number;
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
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered: Omit<RawPostResult, "written"> | null = null;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      request.destroy();
      if (answered) resolve({ ...answered, written });
      else reject(error ?? new Error(`No answer after ${written} bytes`));
    };
    const request = http.request(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(length === undefined ? { "transfer-encoding": "chunked" } : { "content-length": String(length) }),
        ...headers,
      },
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", () => {
        answered = { status: response.statusCode!, body, connection: response.headers.connection };
        finish();
      });
      response.on("error", finish);
    });
    request.on("error", finish);
    request.on("close", () => finish());
    const filler = Buffer.alloc(256 * 1024, "a");
    const pump = () => {
      if (finished) return;
      if (written === 0) {
        request.write(head);
        written += head.length;
      }
      while (!finished && written < total) {
        const piece = filler.subarray(0, Math.min(filler.length, total - written));
        written += piece.length;
        if (!request.write(piece)) return void request.once("drain", pump);
      }
      if (!finished) request.end();
    };
    pump();
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
