// Files of any size sent as they are read: a whole consultation's export streams from one server-side cursor
// inside one transaction (one consistent snapshot, row-level security as the request's role), a batch at a
// time, so the app holds a batch and never the file. The transaction lasts as long as the download: it ends
// when the last byte is queued, when the client goes away, or on an error.
import { asRequest, type Claims, type Db, type Tx } from "~/db/database.server";
import { ClientGone, type FileWriter } from "~/lib/file-writer.server";

export type { FileWriter } from "~/lib/file-writer.server";

/**
 * How long a client may take nothing while the server waits to send more. A public download must not hold a
 * database connection for as long as a client cares to stall (a few stalled downloads would empty the pool):
 * past this the export ends as if the client had gone, and the body errors so the download is cut short.
 */
export const STALL_MS = 60_000;

export interface StreamedFile<Head> {
  head: Head;
  body: ReadableStream<Uint8Array>;
}

/**
 * Opens a file that streams from one transaction as `claims`. `open` runs first and decides the answer: what it
 * throws (a 404, a 403, an ApiError) is thrown here before any byte is sent, as a buffered route would. Then
 * `write` writes the body, and `finish` runs in the same transaction with the count `write` returned, whether
 * the client took the whole file or left (`complete`), so the audit record of a download lands in the
 * transaction that read its rows. An error after the first byte cannot become an error page: it is logged
 * and the body is cut short, so the client sees a truncated download rather than a file that looks whole.
 * A client that takes nothing for `stallMs` is treated as gone, and its download cut short too.
 */
export async function streamFile<Head>({
  db,
  claims,
  signal,
  open,
  write,
  finish,
  settled,
  stallMs = STALL_MS,
  log = (line) => console.error(line),
}: {
  db: Db;
  claims: Claims;
  signal?: AbortSignal;
  open: (tx: Tx) => Promise<Head>;
  write: (tx: Tx, head: Head, out: FileWriter) => Promise<number>;
  finish?: (tx: Tx, head: Head, outcome: { rows: number; complete: boolean }) => Promise<void>;
  /** After the transaction has ended and its connection is back in the pool (work that needs another one). */
  settled?: (head: Head) => Promise<void>;
  stallMs?: number;
  log?: (line: string) => void;
}): Promise<StreamedFile<Head>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let gone = false;
  let stalled = false;
  let wake: (() => void) | null = null;
  const wakeWriter = () => {
    wake?.();
    wake = null;
  };
  const leave = () => {
    gone = true;
    wakeWriter();
  };
  // One chunk queued ahead of the client at most: the writer waits for the reader to pull (backpressure).
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      pull: wakeWriter,
      cancel: leave,
    },
    { highWaterMark: 1 },
  );
  if (signal?.aborted) gone = true;
  signal?.addEventListener("abort", leave, { once: true });
  let rowsQueued = 0;
  const out: FileWriter = {
    async write(text, rows = 0) {
      if (gone) throw new ClientGone();
      if (text) controller.enqueue(encoder.encode(text));
      rowsQueued += rows;
      while (!gone && (controller.desiredSize ?? 0) <= 0) {
        const pulled = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), stallMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        if (!pulled) stalled = gone = true;
      }
      if (gone) throw new ClientGone();
    },
  };

  let started!: (head: Head) => void;
  let failedToStart!: (error: unknown) => void;
  const opened = new Promise<Head>((resolve, reject) => {
    started = resolve;
    failedToStart = reject;
  });
  let isOpen = false;
  let wholeFileWritten = false;
  const run = asRequest(db, claims, async (tx) => {
    const head = await open(tx);
    isOpen = true;
    started(head);
    let rows = 0;
    let complete = false;
    try {
      rows = await write(tx, head, out);
      complete = true;
    } catch (error) {
      if (!(error instanceof ClientGone)) throw error;
      rows = rowsQueued;
    }
    await finish?.(tx, head, { rows, complete });
    wholeFileWritten = complete;
  });
  run.then(
    async () => {
      signal?.removeEventListener("abort", leave);
      const head = await opened;
      await settled?.(head).catch((error: unknown) =>
        log(`After a streamed file: ${error instanceof Error ? error.message : String(error)}`),
      );
      // The end of the body goes last, so a client holding the whole file knows its audit record is written.
      if (wholeFileWritten) controller.close();
      else if (stalled) {
        log(`A streamed file was cut short: the client took nothing for ${stallMs} ms`);
        controller.error(new Error("The client stopped reading"));
      }
    },
    (error: unknown) => {
      signal?.removeEventListener("abort", leave);
      if (!isOpen) return failedToStart(error);
      log(`A streamed file was cut short: ${error instanceof Error ? error.message : String(error)}`);
      try {
        controller.error(error);
      } catch {
        // Already cancelled by the client: nothing is listening.
      }
    },
  );
  return { head: await opened, body };
}
