// Files of any size sent as they are read: a whole consultation's export streams from one server-side cursor
// inside one transaction (one consistent snapshot, row-level security as the request's role), a batch at a
// time, so the app holds a batch and never the file. The transaction lasts as long as the download: it ends
// when the last byte is queued, when the client goes away, or on an error.
import { asRequest, type Claims, type Db, type Tx } from "~/db/database.server";
import { ClientGone, type FileWriter } from "~/lib/file-writer.server";

export type { FileWriter } from "~/lib/file-writer.server";

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
 */
export async function streamFile<Head>({
  db,
  claims,
  signal,
  open,
  write,
  finish,
  settled,
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
  log?: (line: string) => void;
}): Promise<StreamedFile<Head>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let gone = false;
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
      while (!gone && (controller.desiredSize ?? 0) <= 0)
        await new Promise<void>((resolve) => (wake = resolve));
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
