// Uploading a file to import (a commissioner, row-level security applies): the file is stored in 1 MiB pieces
// and read once to check it is a CSV or XLSX we can read, and to learn its headings, first rows and the values
// of each column, which the mapping pages then offer.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { guessMapping, uniqueHeadings, valueKey } from "~/features/evidence-io/import/fields";
import {
  examineFile,
  FileRefused,
  readRecords,
  type ByteSource,
  type FileShape,
} from "~/features/evidence-io/import/read.server";
import { storedSource } from "~/features/evidence-io/import-sources.server";
import { CHUNK_BYTES, MAX_UPLOAD_BYTES, VALUES_KEPT } from "~/features/evidence-io/import-limits.server";

const PREVIEW_ROWS = 5;
const MAX_COLUMNS = 500;

export interface ColumnSummary {
  name: string;
  /** Distinct values with their counts, in the order first seen (at most VALUES_KEPT). */
  values: { value: string; count: number }[];
  /** More distinct values than were kept. */
  more: boolean;
  blank: number;
}

export interface Analysis extends FileShape {
  headings: string[];
  preview: string[][];
  rowCount: number;
  columns: ColumnSummary[];
}

/** Reads the whole file once: its shape, headings, first rows and the values of each column. */
export async function analyseFile(source: ByteSource): Promise<Analysis> {
  const shape = await examineFile(source);
  let headings: string[] | null = null;
  const preview: string[][] = [];
  let rowCount = 0;
  let columns: {
    name: string;
    counts: Map<string, { value: string; count: number }>;
    more: boolean;
    blank: number;
  }[] = [];
  for await (const record of readRecords(source, shape)) {
    if (!headings) {
      if (record.length > MAX_COLUMNS)
        throw new FileRefused(`The file has ${record.length} columns; we read at most ${MAX_COLUMNS}.`);
      headings = uniqueHeadings(record);
      columns = headings.map((name) => ({ name, counts: new Map(), more: false, blank: 0 }));
      continue;
    }
    rowCount += 1;
    if (preview.length < PREVIEW_ROWS)
      preview.push(headings.map((_, index) => (record[index] ?? "").slice(0, 200)));
    columns.forEach((column, index) => {
      const value = (record[index] ?? "").replace(/\s+/g, " ").trim();
      if (!value) {
        column.blank += 1;
        return;
      }
      const key = valueKey(value);
      const known = column.counts.get(key);
      if (known) known.count += 1;
      else if (column.counts.size < VALUES_KEPT)
        column.counts.set(key, { value: value.slice(0, 200), count: 1 });
      else column.more = true;
    });
  }
  if (!headings) throw new FileRefused("The file has no rows: not even a heading row.");
  if (rowCount === 0) throw new FileRefused("The file has a heading row but no rows of needs under it.");
  return {
    ...shape,
    headings,
    preview,
    rowCount,
    columns: columns.map((column) => ({
      name: column.name,
      values: [...column.counts.values()],
      more: column.more,
      blank: column.blank,
    })),
  };
}

export type UploadResult =
  | { status: "stored"; importId: string }
  | { status: "no-file" }
  | { status: "too-large"; bytes: number }
  | { status: "refused"; message: string };

class Rollback extends Error {
  constructor(public result: UploadResult) {
    super("rolled back");
  }
}

export interface UploadedFile {
  filename: string;
  data: AsyncIterable<Uint8Array>;
}

/**
 * Stores an uploaded file for the consultation and analyses it, as the commissioner (row-level security).
 * `receive` hands over the file part as it arrives (the route parses the multipart body); a file that is
 * too large, unreadable or not CSV/XLSX leaves nothing behind.
 */
export async function uploadImport({
  tx,
  consultationId,
  userId,
  receive,
}: {
  tx: Tx;
  consultationId: string;
  userId: string;
  receive: (store: (file: UploadedFile) => Promise<void>) => Promise<void>;
}): Promise<UploadResult> {
  await sql`savepoint upload`.execute(tx);
  try {
    const received: { result: UploadResult } = { result: { status: "no-file" } };
    await receive(async (file) => {
      if (received.result.status !== "no-file") {
        for await (const _ of file.data) void _;
        return;
      }
      received.result = await storeFile({ tx, consultationId, userId, file });
    });
    const result = received.result;
    if (result.status !== "stored") throw new Rollback(result);
    const stored = result;
    try {
      const analysis = await analyseFile(storedSource(stored.importId, { tx }));
      await tx
        .updateTable("private.imports")
        .set({
          format: analysis.format,
          encoding: analysis.encoding,
          delimiter: analysis.delimiter,
          columns: JSON.stringify(analysis.columns),
          preview: JSON.stringify(analysis.preview),
          row_count: analysis.rowCount,
          mapping: JSON.stringify(guessMapping(analysis.headings)),
        })
        .where("id", "=", stored.importId)
        .execute();
    } catch (error) {
      if (error instanceof FileRefused) throw new Rollback({ status: "refused", message: error.message });
      throw error;
    }
    await sql`release savepoint upload`.execute(tx);
    return result;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    await sql`rollback to savepoint upload`.execute(tx);
    return error.result;
  }
}

async function storeFile({
  tx,
  consultationId,
  userId,
  file,
}: {
  tx: Tx;
  consultationId: string;
  userId: string;
  file: UploadedFile;
}): Promise<UploadResult> {
  const importId = randomUUID();
  const fileName = file.filename.trim().slice(0, 300);
  if (!fileName) {
    for await (const _ of file.data) void _;
    return { status: "no-file" };
  }
  // The format is checked later from the content; "csv" holds the row's place until then.
  await tx
    .insertInto("private.imports")
    .values({
      id: importId,
      consultation_id: consultationId,
      file_name: fileName,
      file_size: 0,
      format: "csv",
      created_by: userId,
    })
    .execute();
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await tx
      .insertInto("private.import_chunks")
      .values({ import_id: importId, consultation_id: consultationId, seq, data: Buffer.concat(pending) })
      .execute();
    seq += 1;
    pending = [];
    pendingBytes = 0;
  };
  for await (const piece of file.data) {
    size += piece.length;
    // Past the limit the rest is read and dropped, so the browser gets the answer instead of a broken connection.
    if (size > MAX_UPLOAD_BYTES) continue;
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(CHUNK_BYTES - pendingBytes, piece.length - offset);
      pending.push(Buffer.from(piece.subarray(offset, offset + take)));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === CHUNK_BYTES) await flush();
    }
  }
  if (size > MAX_UPLOAD_BYTES) return { status: "too-large", bytes: size };
  if (size === 0) return { status: "refused", message: "The file is empty." };
  await flush();
  await tx.updateTable("private.imports").set({ file_size: size }).where("id", "=", importId).execute();
  return { status: "stored", importId };
}
