// Reading an uploaded or local file as rows of text, streaming: CSV (UTF-8, UTF-8 with a BOM or Windows-1252,
// detected) through csv-parse, XLSX through exceljs's streaming reader. Memory stays flat as the file grows:
// at most one piece of the file, one parsed record and the parser's buffer are held at a time.
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type ExcelJS from "exceljs";
import { checkWorkbookZip } from "./workbook-zip.server";

/** A file that can be read from the start as many times as needed (stored pieces, or a file on disk). */
export type ByteSource = () => AsyncIterable<Uint8Array>;

/** The file itself cannot be imported: the whole file is refused with this message and nothing changes. */
export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileRefused";
  }
}

export type FileFormat = "csv" | "xlsx";
export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252";
export type Delimiter = "," | ";" | "\t" | "|";

export const SAVE_AS_CSV =
  "Save it from your spreadsheet as “CSV UTF-8” or as an Excel workbook (.xlsx) and try again.";

const startsWith = (bytes: Uint8Array, ...prefix: number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);

/** Decides from the first bytes (never the name alone) whether this is an XLSX workbook, a CSV, or neither. */
export function sniffFormat(head: Uint8Array): FileFormat {
  if (head.length === 0) throw new FileRefused("The file is empty.");
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) return "xlsx";
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    throw new FileRefused(`This is an older Excel file (.xls), which we cannot read. ${SAVE_AS_CSV}`);
  }
  if (startsWith(head, 0x25, 0x50, 0x44, 0x46))
    throw new FileRefused(`This is a PDF, not a CSV or XLSX file. ${SAVE_AS_CSV}`);
  if (
    startsWith(head, 0x89, 0x50, 0x4e, 0x47) ||
    startsWith(head, 0xff, 0xd8, 0xff) ||
    startsWith(head, 0x47, 0x49, 0x46)
  ) {
    throw new FileRefused(`This is an image, not a CSV or XLSX file. ${SAVE_AS_CSV}`);
  }
  if (startsWith(head, 0xff, 0xfe) || startsWith(head, 0xfe, 0xff)) {
    throw new FileRefused(`The file is saved as UTF-16 text, an encoding we cannot read. ${SAVE_AS_CSV}`);
  }
  if (head.subarray(0, 65_536).includes(0)) {
    throw new FileRefused(
      `This is not a CSV or XLSX file, or its text is in an encoding we cannot read. ${SAVE_AS_CSV}`,
    );
  }
  return "csv";
}

// Bytes Windows-1252 leaves undefined: text holding them is in some other encoding we would garble.
const UNDEFINED_IN_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/**
 * Reads the whole file once: valid UTF-8 (with or without a byte-order mark) is read as UTF-8; anything
 * else is read as Windows-1252, what Excel on Windows writes for "CSV", unless it holds bytes that
 * encoding cannot mean (then it is refused rather than garbled).
 */
export async function detectEncoding(source: ByteSource): Promise<TextEncoding> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let first = true;
  let bom = false;
  let utf8 = true;
  let undefinedIn1252 = false;
  for await (const chunk of source()) {
    if (first) {
      bom = startsWith(chunk, 0xef, 0xbb, 0xbf);
      first = false;
    }
    if (chunk.includes(0)) {
      throw new FileRefused(
        `The file holds bytes that are not text (it may be binary, or in UTF-16). ${SAVE_AS_CSV}`,
      );
    }
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    // includes() is a native scan: a callback per byte cost seconds on a 25 MB file.
    if (!undefinedIn1252) undefinedIn1252 = UNDEFINED_IN_1252.some((byte) => chunk.includes(byte));
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  if (utf8) return bom ? "utf-8-bom" : "utf-8";
  if (undefinedIn1252) {
    throw new FileRefused(
      `The file's text is neither UTF-8 nor Windows-1252, so we cannot read its letters reliably. ${SAVE_AS_CSV}`,
    );
  }
  return "windows-1252";
}

/** The separator of the heading row: the candidate found most often outside quotes in the first line. */
export function detectDelimiter(firstText: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0, "|": 0 };
  let quoted = false;
  for (const character of firstText) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "\n" || character === "\r")) break;
    else if (!quoted && character in counts) counts[character as Delimiter] += 1;
  }
  let best: Delimiter = ",";
  for (const candidate of [";", "\t", "|"] as const) if (counts[candidate] > counts[best]) best = candidate;
  return best;
}

async function* decodeText(
  source: ByteSource,
  encoding: TextEncoding,
  progress: Progress,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === "windows-1252" ? "windows-1252" : "utf-8", {
    ignoreBOM: false,
  });
  for await (const chunk of source()) {
    progress.bytes += chunk.length;
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** How far through the file the reader is, in bytes of the source read so far. */
export interface Progress {
  bytes: number;
}

export interface ReadOptions {
  format: FileFormat;
  encoding?: TextEncoding | null;
  delimiter?: Delimiter | null;
  progress?: Progress;
}

// A quote never closed would otherwise make one "value" of the rest of the file.
const MAX_RECORD_CHARACTERS = 1_000_000;

async function* csvRecords(
  source: ByteSource,
  encoding: TextEncoding,
  delimiter: Delimiter,
  progress: Progress,
) {
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARACTERS,
  });
  let failure: unknown = null;
  parser.on("error", (error) => (failure = error));
  try {
    // Written and read back synchronously, piece by piece: the records of one piece of text at a time are in
    // memory, and no promise is made per record (piping through the async iterator doubled the CPU cost).
    for await (const text of decodeText(source, encoding, progress)) {
      parser.write(text);
      if (failure) throw failure;
      for (let record = parser.read(); record !== null; record = parser.read()) yield record as string[];
    }
    parser.end();
    for await (const record of parser as AsyncIterable<string[]>) yield record;
    if (failure) throw failure;
  } catch (error) {
    parser.destroy();
    if (error instanceof FileRefused) throw error;
    throw new FileRefused(describeCsvError(error));
  }
}

function describeCsvError(error: unknown): string {
  const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
  const where = lines ? ` (near line ${lines})` : "";
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `The file could not be read as CSV: a quoted value is never closed${where}. Check the quotation marks in that row.`;
    case "CSV_MAX_RECORD_SIZE":
      return `The file could not be read as CSV: one row is longer than a million characters${where}, usually because a quotation mark is not closed.`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `The file could not be read as CSV: a quotation mark is followed by text instead of a separator${where}.`;
    default:
      return `The file could not be read as CSV${where}: ${message ?? String(error)}`;
  }
}

function twoDigits(value: number) {
  return String(value).padStart(2, "0");
}

/** A spreadsheet cell as the text a person sees in it. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    // Excel dates carry no zone; exceljs hands the wall-clock time over as UTC. Keep it as wall-clock text.
    const day = `${value.getUTCFullYear()}-${twoDigits(value.getUTCMonth() + 1)}-${twoDigits(value.getUTCDate())}`;
    const time = value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds();
    return time === 0
      ? day
      : `${day} ${twoDigits(value.getUTCHours())}:${twoDigits(value.getUTCMinutes())}:${twoDigits(value.getUTCSeconds())}`;
  }
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText))
      return value.richText.map((part) => part.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return "";
  }
  return String(value);
}

async function* xlsxRecords(source: ByteSource, progress: Progress) {
  async function* counted() {
    for await (const chunk of source()) {
      progress.bytes += chunk.length;
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }
  // Loaded only for workbooks: it is large, and most imports are CSV.
  const { default: excel } = await import("exceljs");
  const input = Readable.from(counted());
  const workbook = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let sawSheet = false;
  try {
    for await (const sheet of workbook) {
      sawSheet = true;
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        // row.values is 1-based and sparse.
        for (let index = 1; index < values.length; index += 1) cells.push(cellText(values[index]).trim());
        yield cells;
      }
      // Only the first worksheet is imported.
      break;
    }
  } catch (error) {
    if (error instanceof FileRefused) throw error;
    throw new FileRefused(
      `The file could not be read as an Excel workbook (.xlsx): ${error instanceof Error ? error.message : String(error)}. ${SAVE_AS_CSV}`,
    );
  } finally {
    input.destroy();
  }
  if (!sawSheet)
    throw new FileRefused(
      `The file is a zip archive but not an Excel workbook with a worksheet. ${SAVE_AS_CSV}`,
    );
}

/**
 * Every record of the file in order, empty ones left out: for CSV the encoding and delimiter must be known
 * (see detectEncoding; the delimiter is found from the first line when not given).
 */
export async function* readRecords(source: ByteSource, options: ReadOptions): AsyncGenerator<string[]> {
  const progress = options.progress ?? { bytes: 0 };
  const records =
    options.format === "xlsx"
      ? xlsxRecords(source, progress)
      : csvRecords(source, options.encoding ?? "utf-8", options.delimiter ?? ",", progress);
  for await (const record of records) {
    if (record.every((cell) => cell.trim() === "")) continue;
    yield record;
  }
}

/** The first text of a CSV (up to 64 KiB), decoded, for finding its delimiter. */
export async function firstText(source: ByteSource, encoding: TextEncoding): Promise<string> {
  let text = "";
  for await (const piece of decodeText(source, encoding, { bytes: 0 })) {
    text += piece;
    if (text.length >= 65_536 || /[\r\n]/.test(text)) break;
  }
  return text.replace(/^\uFEFF/, "");
}

/** The first bytes of the source, for sniffing its format. */
export async function firstBytes(source: ByteSource, count = 65_536): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source()) {
    pieces.push(chunk);
    length += chunk.length;
    if (length >= count) break;
  }
  return Buffer.concat(pieces).subarray(0, count);
}

export interface FileShape {
  format: FileFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
}

/** Format, encoding and delimiter of a file, or a FileRefused saying why it cannot be imported. */
export async function examineFile(source: ByteSource): Promise<FileShape> {
  const format = sniffFormat(await firstBytes(source));
  if (format === "xlsx") {
    await checkWorkbookZip(source);
    return { format, encoding: null, delimiter: null };
  }
  const encoding = await detectEncoding(source);
  const delimiter = detectDelimiter(await firstText(source, encoding));
  return { format, encoding, delimiter };
}
