// Imports: needs brought into a consultation from CSV and XLSX files.
//
// Upload (a commissioner, row-level security applies): the file is stored in 1 MiB pieces and read once to
// check it is a CSV or XLSX we can read, and to learn its headings, first rows and the values of each column.
// Mapping (the commissioner again): which column feeds which field, and what each theme and area value becomes.
// Import (the named job "import", as the service role): the file is streamed row by row and its needs are
// inserted 1,000 at a time in one transaction, so a file either imports (rows with errors skipped and
// reported) or changes nothing. The command line runs the same `importNeeds` on a file on disk.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { sql } from "kysely";
import { asService, type Db, type Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import { importFields, type ColumnMapping, type ImportField, type ValueChoice } from "~/features/evidence-io/evidence-forms";
import { recordAudit } from "~/platform/audit.server";
import { kickWorker, runJobNow, type JobHandler } from "~/platform/jobs.server";
import { guessMapping, parseRow, resolveColumns, uniqueHeadings, valueKey, type RowNeed } from "~/features/evidence-io/import/fields";
import {
  examineFile,
  FileRefused,
  readRecords,
  type ByteSource,
  type Delimiter,
  type FileShape,
  type Progress,
} from "~/features/evidence-io/import/read.server";

export { FileRefused } from "~/features/evidence-io/import/read.server";

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** Files with at most this many rows import while the commissioner waits; larger ones in the background. */
export const INLINE_ROWS = 2_000;
const BATCH_ROWS = 1_000;
/** Rows of problems kept in a report (every problem is still counted by reason). */
const PROBLEMS_KEPT = 1_000;
const REASONS_KEPT = 200;
/** Distinct values remembered per column at upload: a theme or area column with more is not a category. */
export const VALUES_KEPT = 100;
const PREVIEW_ROWS = 5;
const MAX_COLUMNS = 500;
/** At most this many themes (or areas) may be created by one import. */
const MAX_CREATED = 100;

// Reading a stored or local file -------------------------------------------------------------------------------

/** An uploaded file, read back piece by piece (through `tx` while it is being uploaded, else `db`). */
export function storedSource(importId: string, via: { tx: Tx } | { db: Db }): ByteSource {
  const read = (seq: number) => {
    const query = (tx: Tx) =>
      tx
        .selectFrom("private.import_chunks")
        .select("data")
        .where("import_id", "=", importId)
        .where("seq", "=", seq)
        .executeTakeFirst();
    return "tx" in via ? query(via.tx) : asService(via.db, query);
  };
  return async function* () {
    for (let seq = 0; ; seq += 1) {
      const chunk = await read(seq);
      if (!chunk) return;
      yield chunk.data;
    }
  };
}

/** A file on disk, read in 1 MiB pieces. */
export function fileSource(path: string): ByteSource {
  return async function* () {
    const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      stream.destroy();
    }
  };
}

// Upload and analysis --------------------------------------------------------------------------------------------

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

// Looking at imports ---------------------------------------------------------------------------------------------

export async function listImports({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return tx
    .selectFrom("private.imports as i")
    .leftJoin("profiles as p", "p.id", "i.created_by")
    .leftJoin("private.jobs as j", "j.id", "i.job_id")
    .select([
      "i.id",
      "i.file_name",
      "i.via",
      "i.status",
      "i.row_count",
      "i.imported",
      "i.skipped",
      "i.duplicates",
      "i.flagged",
      "i.created_at",
      "i.finished_at",
      "p.display_name as uploaded_by",
      "j.progress",
    ])
    .where("i.consultation_id", "=", consultationId)
    .orderBy("i.created_at", "desc")
    .limit(50)
    .execute();
}

export async function getImport({
  tx,
  consultationId,
  importId,
}: {
  tx: Tx;
  consultationId: string;
  importId: string;
}) {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
  const row = await tx
    .selectFrom("private.imports as i")
    .leftJoin("private.jobs as j", "j.id", "i.job_id")
    .select([
      "i.id",
      "i.consultation_id",
      "i.via",
      "i.file_name",
      "i.file_size",
      "i.format",
      "i.encoding",
      "i.delimiter",
      "i.columns",
      "i.preview",
      "i.row_count",
      "i.mapping",
      "i.value_mapping",
      "i.publish",
      "i.status",
      "i.job_id",
      "i.imported",
      "i.skipped",
      "i.duplicates",
      "i.flagged",
      "i.report",
      "i.error",
      "i.created_at",
      "i.finished_at",
      "j.progress",
      "j.status as job_status",
      "j.locked_until",
    ])
    .where("i.id", "=", importId)
    .where("i.consultation_id", "=", consultationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...row,
    columns: row.columns as unknown as ColumnSummary[],
    preview: row.preview as unknown as string[][],
    mapping: row.mapping as ColumnMapping,
    value_mapping: row.value_mapping as unknown as ValueMapping,
    report: row.report as unknown as ImportReport | null,
  };
}

export type ImportRecord = NonNullable<Awaited<ReturnType<typeof getImport>>>;

// Mapping ---------------------------------------------------------------------------------------------------------

export type { ValueChoice };
export type ValueMapping = Partial<Record<"theme" | "area", Record<string, ValueChoice>>>;

export type MappingResult =
  { status: "saved" } | { status: "invalid"; errors: Partial<Record<ImportField | "form", string>> };

/** Saves which column feeds which field; every column must be one of the file's and title is required. */
export async function saveColumnMapping({
  tx,
  upload,
  mapping,
  publish,
}: {
  tx: Tx;
  upload: ImportRecord;
  mapping: ColumnMapping;
  publish: boolean;
}): Promise<MappingResult> {
  const errors: Partial<Record<ImportField | "form", string>> = {};
  if (upload.status !== "uploaded")
    return { status: "invalid", errors: { form: "This file has already been imported." } };
  const headings = upload.columns.map((column) => column.name);
  const used = new Map<string, ImportField>();
  for (const field of importFields) {
    const column = mapping[field];
    if (!column) continue;
    if (!headings.includes(column)) errors[field] = "Choose one of the file’s columns";
    else if (used.has(column))
      errors[field] = `The column “${column}” already feeds another field: choose another column`;
    else used.set(column, field);
    const summary = upload.columns.find((candidate) => candidate.name === column);
    if ((field === "theme" || field === "area") && summary?.more) {
      errors[field] =
        `The column “${column}” has more than ${VALUES_KEPT} different values, too many for ${field === "theme" ? "themes" : "areas"}: choose another column or none`;
    }
  }
  if (!mapping.title) errors.title = "Choose the column that holds each need’s title";
  if (Object.keys(errors).length) return { status: "invalid", errors };
  await tx
    .updateTable("private.imports")
    .set({ mapping: JSON.stringify(mapping), publish })
    .where("id", "=", upload.id)
    .execute();
  return { status: "saved" };
}

/** The theme and area values of the mapped columns, with what each will become unless changed. */
export async function getValueChoices({ tx, upload }: { tx: Tx; upload: ImportRecord }) {
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes")
      .select(["id", "name"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    tx
      .selectFrom("consultation_areas")
      .select(["id", "name"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
  ]);
  const fieldValues = (field: "theme" | "area", existing: { id: string; name: string }[]) => {
    const column = upload.mapping[field];
    const summary = column ? upload.columns.find((candidate) => candidate.name === column) : undefined;
    if (!summary) return null;
    const byName = new Map(existing.map((item) => [valueKey(item.name), item.id]));
    const saved = upload.value_mapping[field] ?? {};
    return {
      column: summary.name,
      blank: summary.blank,
      values: summary.values.map(({ value, count }) => {
        const match = byName.get(valueKey(value));
        const choice: ValueChoice = saved[value] ?? (match ? { id: match } : { create: value.slice(0, 120) });
        return { value, count, matched: Boolean(match), choice };
      }),
    };
  };
  return { themes, areas, theme: fieldValues("theme", themes), area: fieldValues("area", areas) };
}

export type ValueChoices = Awaited<ReturnType<typeof getValueChoices>>;

// Starting an import -------------------------------------------------------------------------------------------

export type StartResult =
  { status: "queued"; jobId: string; inline: boolean } | { status: "already-started" };

/**
 * The commissioner confirms: the value mapping is saved, the upload queued and its job created, in the
 * commissioner's own transaction (row-level security), with an audit entry naming them.
 */
export async function startImport({
  tx,
  upload,
  organisationId,
  values,
  ip,
}: {
  tx: Tx;
  upload: ImportRecord;
  organisationId: string;
  values: ValueMapping;
  ip?: string | null;
}): Promise<StartResult> {
  if (upload.status !== "uploaded") return { status: "already-started" };
  const job = await tx
    .insertInto("private.jobs")
    .values({
      kind: "import",
      payload: JSON.stringify({ import_id: upload.id }),
      consultation_id: upload.consultation_id,
      created_by: sql<string>`auth.uid()`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable("private.imports")
    .set({ value_mapping: JSON.stringify(values), status: "queued", job_id: job.id })
    .where("id", "=", upload.id)
    .where("status", "=", "uploaded")
    .returning("id")
    .executeTakeFirst();
  if (!updated) return { status: "already-started" };
  await recordAudit({
    tx,
    organisationId,
    consultationId: upload.consultation_id,
    action: "import.started",
    targetType: "imports",
    targetId: upload.id,
    detail: {
      file: upload.file_name,
      rows: upload.row_count,
      mapping: upload.mapping as JsonObject,
      publish: upload.publish,
    },
    ip,
  });
  return { status: "queued", jobId: job.id, inline: (upload.row_count ?? 0) <= INLINE_ROWS };
}

/** Throws away an upload that has not been imported (its stored file goes with it). */
export async function discardImport({ tx, upload }: { tx: Tx; upload: ImportRecord }): Promise<boolean> {
  const deleted = await tx
    .deleteFrom("private.imports")
    .where("id", "=", upload.id)
    .where("status", "in", ["uploaded", "refused"])
    .returning("id")
    .executeTakeFirst();
  return Boolean(deleted);
}

// The import itself (service role) -------------------------------------------------------------------------------

export interface ImportProblem {
  row: number;
  reason: string;
}

export interface FlaggedRow {
  row: number;
  reference: string;
  duplicateOf: string;
}

export interface ImportReport {
  problems: ImportProblem[];
  reasons: Record<string, number>;
  flagged: FlaggedRow[];
  createdThemes: string[];
  createdAreas: string[];
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportOutcome {
  imported: number;
  skipped: number;
  duplicates: number;
  flagged: number;
  rows: number;
  report: ImportReport;
}

export interface ImportOptions {
  tx: Tx;
  consultationId: string;
  source: ByteSource;
  shape: FileShape;
  /** Total bytes of the source, for progress. */
  size: number;
  fileName: string;
  mapping: ColumnMapping;
  values?: ValueMapping;
  /** Create a theme (area) for a value no theme (area) is named after, instead of skipping the row. */
  createUnknown?: { theme?: boolean; area?: boolean };
  publish: boolean;
  onProgress?: (done: number, counts: { rows: number; imported: number }) => Promise<void> | void;
  now?: Date;
}

/** The reason a row was skipped, without its specifics, for counting problems of the same kind. */
function reasonKind(reason: string): string {
  return reason.replace(/“[^”]*”/g, "“…”").replace(/-?\d+(\.\d+)?/g, "N");
}

/**
 * A consultation's themes (or areas) as an import sees them: each value of the file leads to an existing one,
 * to none, or to one to create, created only when a row that is actually imported needs it (a file imported
 * again adds nothing, not even its themes).
 */
interface Lookup {
  values: Map<string, string | null | { create: string }>;
  byName: Map<string, string>;
  created: string[];
  nextPosition: number;
}

/**
 * Imports the needs of one file into the consultation, inside `tx` (the service role's transaction, which the
 * caller commits). Throws FileRefused for a problem with the file itself; the caller's rollback then leaves
 * everything as it was.
 */
export async function importNeeds(options: ImportOptions): Promise<ImportOutcome> {
  const { tx, consultationId, mapping, publish } = options;
  const started = performance.now();
  const now = options.now ?? new Date();
  // Two imports into one consultation at once would both find an external id absent, then both add it.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`import:${consultationId}`}, 0))`.execute(tx);
  const lookups = {
    theme: await loadLookup(tx, "consultation_themes", consultationId),
    area: await loadLookup(tx, "consultation_areas", consultationId),
  };
  for (const field of ["theme", "area"] as const) {
    for (const [value, choice] of Object.entries(options.values?.[field] ?? {})) {
      lookups[field].values.set(valueKey(value), resolveChoice(field, lookups[field], choice));
    }
  }

  const progress: Progress = { bytes: 0 };
  let indexes: Partial<Record<ImportField, number>> | null = null;
  let rows = 0;
  let imported = 0;
  let skipped = 0;
  let duplicates = 0;
  let flagged = 0;
  const problems: ImportProblem[] = [];
  const reasons: Record<string, number> = {};
  const flaggedRows: FlaggedRow[] = [];
  let batch: BatchRow[] = [];
  const batchIds = new Set<string>();

  const problem = (row: number, reason: string) => {
    skipped += 1;
    if (problems.length < PROBLEMS_KEPT) problems.push({ row, reason });
    const kind = reasonKind(reason);
    if (kind in reasons || Object.keys(reasons).length < REASONS_KEPT)
      reasons[kind] = (reasons[kind] ?? 0) + 1;
    else reasons["other problems"] = (reasons["other problems"] ?? 0) + 1;
  };

  // The database writes one batch while the next is read and checked here: on a two-core machine the two
  // overlap. Batches are chained, so each one's duplicate checks see every batch before it.
  let writing: Promise<void> = Promise.resolve();
  const write = async (rowsToWrite: typeof batch, readSoFar: number, bytesSoFar: number) => {
    const result = await insertBatch({
      tx,
      consultationId,
      fileName: options.fileName,
      publish,
      batch: rowsToWrite,
      idOf: (field, key) => idOf(tx, field, consultationId, lookups[field], key),
    });
    imported += result.inserted;
    duplicates += result.duplicates;
    flagged += result.flagged.length;
    for (const row of result.flagged) if (flaggedRows.length < PROBLEMS_KEPT) flaggedRows.push(row);
    await options.onProgress?.(Math.min(1, bytesSoFar / Math.max(1, options.size)), {
      rows: readSoFar,
      imported,
    });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    batchIds.clear();
    await writing;
    writing = write(full, rows, progress.bytes);
    // Its failure is met at the next `await writing`; until then it must not count as unhandled.
    writing.catch(() => undefined);
  };

  try {
    await readAll();
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  await flush();
  await writing;
  const seconds = (performance.now() - started) / 1000;
  return {
    imported,
    skipped,
    duplicates,
    flagged,
    rows,
    report: {
      problems,
      reasons,
      flagged: flaggedRows,
      createdThemes: lookups.theme.created,
      createdAreas: lookups.area.created,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)),
    },
  };

  async function readAll() {
    for await (const record of readRecords(options.source, { ...options.shape, progress })) {
      if (!indexes) {
        const headings = uniqueHeadings(record);
        const resolved = resolveColumns(headings, mapping);
        if ("missing" in resolved) {
          const list = resolved.missing.map(({ field, column }) => `“${column}” (for ${field})`).join(", ");
          throw new FileRefused(
            `The file has no column ${list}. Its columns are: ${headings.map((heading) => `“${heading}”`).join(", ")}.`,
          );
        }
        indexes = resolved.indexes;
        continue;
      }
      rows += 1;
      const parsed = parseRow(record, indexes, now);
      if ("error" in parsed) {
        problem(rows, parsed.error);
        continue;
      }
      const need = parsed.need;
      const theme = resolveValue("theme", lookups.theme, need.themeValue, options.createUnknown?.theme);
      if ("error" in theme) {
        problem(rows, theme.error);
        continue;
      }
      const area = resolveValue("area", lookups.area, need.areaValue, options.createUnknown?.area);
      if ("error" in area) {
        problem(rows, area.error);
        continue;
      }
      if (need.externalId) {
        if (batchIds.has(need.externalId)) {
          duplicates += 1;
          continue;
        }
        batchIds.add(need.externalId);
      }
      batch.push({ row: rows, need, themeKey: theme.key, areaKey: area.key });
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (!indexes) throw new FileRefused("The file has no rows: not even a heading row.");
    if (rows === 0) throw new FileRefused("The file has a heading row but no rows of needs under it.");
  }
}

async function loadLookup(
  tx: Tx,
  table: "consultation_themes" | "consultation_areas",
  consultationId: string,
): Promise<Lookup> {
  const rows = await tx
    .selectFrom(table)
    .select(["id", "name", "position"])
    .where("consultation_id", "=", consultationId)
    .execute();
  return {
    values: new Map(rows.map((row) => [valueKey(row.name), row.id])),
    byName: new Map(rows.map((row) => [valueKey(row.name), row.id])),
    created: [],
    nextPosition: rows.reduce((max, row) => Math.max(max, row.position + 1), 0),
  };
}

function resolveChoice(
  field: "theme" | "area",
  lookup: Lookup,
  choice: ValueChoice,
): string | null | { create: string } {
  if ("none" in choice) return null;
  if ("create" in choice) {
    const name = choice.create.replace(/\s+/g, " ").trim().slice(0, 120);
    if (!name) return null;
    return lookup.byName.get(valueKey(name)) ?? { create: name };
  }
  if (![...lookup.byName.values()].includes(choice.id)) {
    throw new FileRefused(
      `A ${field} chosen for the file’s values is no longer one of the consultation’s: map the values again.`,
    );
  }
  return choice.id;
}

/** The key a row's theme (or area) value is known by, or why the row cannot be imported. */
function resolveValue(
  field: "theme" | "area",
  lookup: Lookup,
  value: string | null,
  create: boolean | undefined,
): { key: string | null } | { error: string } {
  if (!value) return { key: null };
  const key = valueKey(value);
  if (lookup.values.has(key)) return { key };
  if (create && value.length <= 120) {
    lookup.values.set(key, lookup.byName.get(key) ?? { create: value });
    return { key };
  }
  return {
    error:
      value.length > 120
        ? `the ${field} “${value.slice(0, 40)}…” is longer than 120 characters`
        : `the ${field} “${value}” is not one of this consultation’s ${field === "theme" ? "themes" : "areas"} and nobody mapped it`,
  };
}

/** The id a value leads to, creating the theme (or area) the first time an imported row needs it. */
async function idOf(
  tx: Tx,
  field: "theme" | "area",
  consultationId: string,
  lookup: Lookup,
  key: string | null,
): Promise<string | null> {
  if (key === null) return null;
  const entry = lookup.values.get(key);
  if (entry === undefined || entry === null || typeof entry === "string") return entry ?? null;
  const nameKey = valueKey(entry.create);
  let id = lookup.byName.get(nameKey);
  if (!id) {
    if (lookup.created.length >= MAX_CREATED) {
      throw new FileRefused(
        `The file would create more than ${MAX_CREATED} ${field === "theme" ? "themes" : "areas"}: check that the right column is mapped to ${field}.`,
      );
    }
    const table = field === "theme" ? "consultation_themes" : "consultation_areas";
    const row = await tx
      .insertInto(table)
      .values({ consultation_id: consultationId, name: entry.create, position: lookup.nextPosition })
      .returning("id")
      .executeTakeFirstOrThrow();
    id = row.id;
    lookup.nextPosition += 1;
    lookup.created.push(entry.create);
    lookup.byName.set(nameKey, id);
  }
  lookup.values.set(key, id);
  return id;
}

interface BatchRow {
  row: number;
  need: RowNeed;
  themeKey: string | null;
  areaKey: string | null;
}

const REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * References for new needs (GS-7K3M2Q), as private.new_need_reference() makes them, but for a whole batch at
 * once: that function looks each one up in turn, which was a fifth of the cost of inserting imported needs.
 */
async function freshReferences(tx: Tx, count: number): Promise<string[]> {
  const references = new Set<string>();
  const make = () => {
    const bytes = randomBytes(6);
    let reference = "GS-";
    for (const byte of bytes) reference += REFERENCE_ALPHABET[byte % 32];
    return reference;
  };
  while (references.size < count) references.add(make());
  for (;;) {
    const taken = await tx
      .selectFrom("needs")
      .select("reference")
      .where("reference", "=", sql<string>`any(${[...references]}::text[])`)
      .execute();
    if (taken.length === 0) return [...references];
    for (const { reference } of taken) {
      references.delete(reference);
      let fresh = make();
      while (references.has(fresh)) fresh = make();
      references.add(fresh);
    }
  }
}

async function insertBatch({
  tx,
  consultationId,
  fileName,
  publish,
  batch,
  idOf,
}: {
  tx: Tx;
  consultationId: string;
  fileName: string;
  publish: boolean;
  batch: BatchRow[];
  idOf: (field: "theme" | "area", key: string | null) => Promise<string | null>;
}): Promise<{ inserted: number; duplicates: number; flagged: FlaggedRow[] }> {
  // Re-importing a file adds nothing: ids already in the consultation (from earlier files or batches) are skipped.
  const externalIds = batch.flatMap((item) => (item.need.externalId ? [item.need.externalId] : []));
  let duplicates = 0;
  let rows = batch;
  if (externalIds.length) {
    const existing = await tx
      .selectFrom("private.need_private_details")
      .select("external_id")
      .where("consultation_id", "=", consultationId)
      .where("external_id", "=", sql<string>`any(${externalIds}::text[])`)
      .execute();
    const known = new Set(existing.map((row) => row.external_id));
    rows = batch.filter((item) => !(item.need.externalId && known.has(item.need.externalId)));
    duplicates = batch.length - rows.length;
  }
  if (rows.length === 0) return { inserted: 0, duplicates, flagged: [] };
  const themeIds: (string | null)[] = [];
  const areaIds: (string | null)[] = [];
  for (const item of rows) {
    themeIds.push(await idOf("theme", item.themeKey));
    areaIds.push(await idOf("area", item.areaKey));
  }
  const ids = rows.map(() => randomUUID());
  const references = await freshReferences(tx, rows.length);
  const column = <T>(pick: (item: (typeof rows)[number]) => T) => rows.map(pick);
  const decimal = (value: number | null) => (value === null ? null : String(value));
  // unnest() of one array per column: one statement and a handful of parameters for 1,000 rows.
  await sql`
    insert into public.needs (id, reference, consultation_id, theme_id, area_id, title, description, lat, lng, affected_groups,
                              affected_other, seriousness, status, source, created_at)
    select r.id, r.reference, ${consultationId}::uuid, r.theme_id, r.area_id, r.title, r.description, r.lat, r.lng,
           r.affected::text[]::public.affected_groups, r.affected_other, r.seriousness, ${publish ? "published" : "received"},
           'import', coalesce(r.created_at, now())
      from unnest(${ids}::uuid[], ${references}::text[], ${themeIds}::uuid[], ${areaIds}::uuid[],
                  ${column((item) => item.need.title)}::text[], ${column((item) => item.need.description)}::text[],
                  ${column((item) => decimal(item.need.lat))}::numeric[], ${column((item) => decimal(item.need.lng))}::numeric[],
                  ${column((item) => `{${item.need.affectedGroups.join(",")}}`)}::text[], ${column((item) => item.need.affectedOther)}::text[],
                  ${column((item) => item.need.seriousness)}::smallint[], ${column((item) => item.need.createdAt?.toISOString() ?? null)}::timestamptz[])
        as r(id, reference, theme_id, area_id, title, description, lat, lng, affected, affected_other, seriousness, created_at)`.execute(
    tx,
  );
  await sql`
    insert into private.need_private_details (need_id, consultation_id, original_title, original_description, exact_lat,
                                              exact_lng, import_file, import_row, external_id)
    select r.need_id, ${consultationId}::uuid, r.original_title, r.original_description, r.exact_lat, r.exact_lng,
           ${fileName}, r.import_row, r.external_id
      from unnest(${ids}::uuid[], ${column((item) => item.need.originalTitle)}::text[],
                  ${column((item) => item.need.originalDescription)}::text[],
                  ${column((item) => decimal(item.need.exactLat))}::numeric[], ${column((item) => decimal(item.need.exactLng))}::numeric[],
                  ${column((item) => item.row)}::int[], ${column((item) => item.need.externalId)}::text[])
        as r(need_id, original_title, original_description, exact_lat, exact_lng, import_row, external_id)`.execute(
    tx,
  );
  const flagged = await flagLikelyDuplicates({
    tx,
    consultationId,
    fileName,
    ids,
    rows: rows.map((item) => item.row),
  });
  return { inserted: rows.length, duplicates, flagged };
}

/**
 * A need whose words match one already in the consultation (or an earlier row of the same file) is flagged
 * for a commissioner to review: needs are linked, never merged away, so it is imported all the same.
 */
async function flagLikelyDuplicates({
  tx,
  consultationId,
  fileName,
  ids,
  rows,
}: {
  tx: Tx;
  consultationId: string;
  fileName: string;
  ids: string[];
  rows: number[];
}): Promise<FlaggedRow[]> {
  // Set-based, in one statement: each distinct key of the batch is looked up once among the needs that were
  // there before the batch (the batch's own rows left out), and a row whose key an earlier row of the batch
  // has is a duplicate of the earliest such row. (A lookup per row that checked the rest of the batch for
  // each candidate cost a millisecond a row on a consultation of 100,000 needs.)
  const { rows: found } = await sql<{ id: string; row: number; reference: string; duplicate_of: string }>`
    with batch as materialized (
      select b.id, b.row, n.reference, private.need_text_key(n.title, n.description) as key
        from unnest(${ids}::uuid[], ${rows}::int[]) as b(id, row)
        join public.needs n on n.id = b.id),
    firsts as materialized (
      select distinct on (key) key, reference as first_reference, row as first_row
        from batch order by key, row),
    earlier as materialized (
      select f.key, f.first_reference, f.first_row,
             (select o.reference from public.needs o
               where o.consultation_id = ${consultationId}::uuid
                 and private.need_text_key(o.title, o.description) = f.key
                 and o.id <> all(${ids}::uuid[])
               limit 1) as existing
        from firsts f),
    found as materialized (
      select b.id, b.row, b.reference, coalesce(e.existing, e.first_reference) as duplicate_of
        from batch b join earlier e on e.key = b.key
       where e.existing is not null or b.row > e.first_row),
    flagged as (
      insert into public.flags (consultation_id, need_id, reason, details)
      select ${consultationId}::uuid, f.id, 'other',
             'Likely duplicate of ' || f.duplicate_of || ': the same words. Imported from '
               || ${fileName.slice(0, 200)} || ', row ' || f.row || '.'
        from found f)
    select id, row, reference, duplicate_of from found order by row`.execute(tx);
  return found.map((item) => ({ row: item.row, reference: item.reference, duplicateOf: item.duplicate_of }));
}

// The job ----------------------------------------------------------------------------------------------------------

/** The import job: the stored file imported in one service-role transaction, or refused, or failed. */
const importJob: JobHandler = {
  kind: "import",
  async run(db, job, progress) {
    const importId = String(job.payload.import_id ?? "");
    const upload = await asService(db, (tx) =>
      tx
        .selectFrom("private.imports as i")
        .innerJoin("consultations as c", "c.id", "i.consultation_id")
        .select([
          "i.id",
          "i.consultation_id",
          "i.file_name",
          "i.file_size",
          "i.format",
          "i.encoding",
          "i.delimiter",
          "i.mapping",
          "i.value_mapping",
          "i.publish",
          "i.created_by",
          "c.organisation_id",
        ])
        .where("i.id", "=", importId)
        .executeTakeFirst(),
    );
    if (!upload) return { discarded: "The upload was discarded before it was imported." };
    await asService(db, (tx) =>
      tx.updateTable("private.imports").set({ status: "running" }).where("id", "=", upload.id).execute(),
    );
    try {
      const outcome = await asService(db, async (tx) => {
        const result = await importNeeds({
          tx,
          consultationId: upload.consultation_id,
          source: storedSource(upload.id, { db }),
          shape: {
            format: upload.format,
            encoding: upload.encoding,
            delimiter: upload.delimiter as Delimiter | null,
          },
          size: upload.file_size,
          fileName: upload.file_name,
          mapping: upload.mapping as ColumnMapping,
          values: upload.value_mapping as unknown as ValueMapping,
          publish: upload.publish,
          onProgress: progress,
        });
        await completeImport({
          tx,
          importId: upload.id,
          organisationId: upload.organisation_id,
          consultationId: upload.consultation_id,
          fileName: upload.file_name,
          startedBy: upload.created_by,
          outcome: result,
        });
        return result;
      });
      return countsOf(outcome);
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      await refuseImport({ db, importId: upload.id, message: error.message });
      return { refused: error.message };
    }
  },
  async failed(db, job, message, final) {
    await asService(db, (tx) =>
      tx
        .updateTable("private.imports")
        .set(
          final
            ? { status: "failed", error: `The import stopped: ${message}`.slice(0, 2000), finished_at: sql`now()` }
            : { status: "queued" },
        )
        .where("id", "=", String(job.payload.import_id ?? ""))
        .execute(),
    );
  },
};

export function countsOf(outcome: ImportOutcome): JsonObject {
  return {
    imported: outcome.imported,
    skipped: outcome.skipped,
    duplicates: outcome.duplicates,
    flagged: outcome.flagged,
    rows: outcome.rows,
  };
}

/** Records a finished import on its row and in the audit log, in the import's own transaction. */
export async function completeImport({
  tx,
  importId,
  organisationId,
  consultationId,
  fileName,
  startedBy,
  outcome,
  via = "upload",
}: {
  tx: Tx;
  importId: string;
  organisationId: string;
  consultationId: string;
  fileName: string;
  startedBy: string | null;
  outcome: ImportOutcome;
  via?: "upload" | "command_line";
}) {
  await tx
    .updateTable("private.imports")
    .set({
      status: "done",
      imported: outcome.imported,
      skipped: outcome.skipped,
      duplicates: outcome.duplicates,
      flagged: outcome.flagged,
      row_count: outcome.rows,
      report: JSON.stringify(outcome.report),
      finished_at: sql`now()`,
    })
    .where("id", "=", importId)
    .execute();
  await tx.deleteFrom("private.import_chunks").where("import_id", "=", importId).execute();
  await recordAudit({
    tx,
    organisationId,
    consultationId,
    action: "import.completed",
    targetType: "imports",
    targetId: importId,
    detail: {
      file: fileName,
      via,
      started_by: startedBy,
      ...countsOf(outcome),
      seconds: outcome.report.seconds,
    },
  });
}

/** The file itself was refused: nothing was imported; say why. */
export async function refuseImport({ db, importId, message }: { db: Db; importId: string; message: string }) {
  await asService(db, async (tx) => {
    await tx
      .updateTable("private.imports")
      .set({ status: "refused", error: message.slice(0, 2000), finished_at: sql`now()` })
      .where("id", "=", importId)
      .execute();
    await tx.deleteFrom("private.import_chunks").where("import_id", "=", importId).execute();
  });
}

/** The consultation the command line imports into, looked up by slug as the service role. */
export async function findConsultationForImport({ db, slug }: { db: Db; slug: string }) {
  return asService(db, (tx) =>
    tx.selectFrom("consultations").select(["id", "organisation_id", "title"]).where("slug", "=", slug).executeTakeFirst(),
  );
}

/**
 * Records a command-line import: refused at once when the file could not be read (`refusal`), else running
 * with the file's shape and the mapping given. Returns the import's id.
 */
export async function recordCommandLineImport({
  db,
  consultationId,
  fileName,
  fileSize,
  file,
}: {
  db: Db;
  consultationId: string;
  fileName: string;
  fileSize: number;
  file: { refusal: string } | { shape: FileShape; mapping: ColumnMapping; publish: boolean };
}): Promise<string> {
  const common = { consultation_id: consultationId, via: "command_line" as const, file_name: fileName, file_size: fileSize };
  const values =
    "refusal" in file
      ? { ...common, format: "csv" as const, status: "refused" as const, error: file.refusal.slice(0, 2000), finished_at: new Date() }
      : {
          ...common,
          format: file.shape.format,
          encoding: file.shape.encoding,
          delimiter: file.shape.delimiter,
          mapping: JSON.stringify(file.mapping),
          publish: file.publish,
          status: "running" as const,
        };
  const row = await asService(db, (tx) => tx.insertInto("private.imports").values(values).returning("id").executeTakeFirstOrThrow());
  return row.id;
}

/** An import that broke for a reason other than its file: marked failed with the error, for the workspace's list. */
export async function failImport({ db, importId, message }: { db: Db; importId: string; message: string }) {
  await asService(db, (tx) =>
    tx
      .updateTable("private.imports")
      .set({ status: "failed", error: message.slice(0, 2000), finished_at: new Date() })
      .where("id", "=", importId)
      .execute(),
  );
}

/** Runs one import job now, in this request (small files), if nobody else has claimed it. */
export async function runImportJobNow({ db, jobId }: { db: Db; jobId: string }): Promise<void> {
  await runJobNow(db, importJob, jobId);
}

/**
 * Makes sure this process works through the queued import jobs (one at a time). Called when a job is queued
 * and whenever someone looks at an import that waits, so a job left by a stopped instance is picked up.
 */
export function kickImportWorker(db: Db, log?: (line: string) => void): Promise<void> {
  return kickWorker(db, importJob, log);
}
