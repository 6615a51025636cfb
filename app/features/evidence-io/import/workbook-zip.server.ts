// An XLSX workbook is a zip archive, and a zip can unpack to far more than it weighs: a few megabytes of
// repeated text inflate to gigabytes, and exceljs keeps the whole shared-text table in memory. So before
// exceljs sees a workbook, its zip is read here: the central directory's declared sizes first (refused
// without inflating anything), then every entry inflated and counted, since declared sizes can lie.
// Memory stays at one piece of the file and zlib's window.
import { createInflateRaw } from "node:zlib";
import { FileRefused, SAVE_AS_CSV, type ByteSource } from "./read.server";

const MiB = 1024 * 1024;

export const WORKBOOK_LIMITS = {
  /** Files inside the zip: a worksheet, its parts and styles are a few dozen. */
  entries: 10_000,
  /** Everything unpacked together: about twenty times a 50 MB upload of ordinary worksheets. */
  unpackedBytes: 1024 * MiB,
  /** The shared-text table, which exceljs holds whole in memory while reading the worksheet. */
  sharedStringsBytes: 100 * MiB,
  /** Worksheet XML packs about ten to one; a hundred times more is a zip made to overload. */
  ratio: 200,
  /** Entries smaller than this unpacked are not held to the ratio (tiny parts pack oddly). */
  ratioFromBytes: 10 * MiB,
};

const SHARED_STRINGS = "xl/sharedStrings.xml";
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** The end record (22 bytes) with the longest comment a zip may carry. */
const TAIL_BYTES = 22 + 0xffff;
const MAX_DIRECTORY_BYTES = 4 * MiB;

interface Entry {
  name: string;
  method: number;
  flags: number;
  packed: number;
  unpacked: number;
  offset: number;
}

const notAZip = () =>
  new FileRefused(
    `The file is not a zip archive we can read, so not an Excel workbook (.xlsx). ${SAVE_AS_CSV}`,
  );
const overload = (why: string) =>
  new FileRefused(
    `The workbook ${why}, more than we can read. Split it into smaller workbooks or CSV files and import them one at a time.`,
  );

/** Reads a source from the start in exact amounts, one piece of the file held at a time. */
class Cursor {
  private pieces: AsyncIterator<Uint8Array>;
  private buffer = Buffer.alloc(0);
  /** Offset in the file of the buffer's first byte. */
  position = 0;

  constructor(source: ByteSource) {
    this.pieces = source()[Symbol.asyncIterator]();
  }

  private async fill(bytes: number) {
    while (this.buffer.length < bytes) {
      const { value, done } = await this.pieces.next();
      if (done) throw notAZip();
      this.buffer = Buffer.concat([this.buffer, value]);
    }
  }

  async take(bytes: number): Promise<Buffer> {
    await this.fill(bytes);
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    this.position += bytes;
    return taken;
  }

  async peek(bytes: number): Promise<Buffer> {
    await this.fill(bytes);
    return this.buffer.subarray(0, bytes);
  }

  /** The next `bytes` of the file, in the pieces they arrive in. */
  async *pass(bytes: number): AsyncGenerator<Buffer> {
    let left = bytes;
    while (left > 0) {
      if (this.buffer.length === 0) await this.fill(1);
      const piece = await this.take(Math.min(left, this.buffer.length));
      left -= piece.length;
      yield piece;
    }
  }

  async finish() {
    await this.pieces.return?.();
  }
}

/** The last bytes of the source (the end record and, usually, the directory) and its whole length. */
async function tail(source: ByteSource, keep: number): Promise<{ bytes: Buffer; length: number }> {
  const pieces: Uint8Array[] = [];
  let held = 0;
  let length = 0;
  for await (const piece of source()) {
    length += piece.length;
    pieces.push(piece);
    held += piece.length;
    while (held - pieces[0]!.length >= keep) held -= pieces.shift()!.length;
  }
  const bytes = Buffer.concat(pieces);
  return { bytes: bytes.subarray(Math.max(0, bytes.length - keep)), length };
}

async function directory(source: ByteSource): Promise<{ entries: Entry[]; start: number }> {
  const { bytes: end, length } = await tail(source, TAIL_BYTES + MAX_DIRECTORY_BYTES);
  let at = -1;
  for (let i = end.length - 22; i >= Math.max(0, end.length - TAIL_BYTES); i -= 1) {
    if (end.readUInt32LE(i) === END_OF_DIRECTORY) {
      at = i;
      break;
    }
  }
  if (at < 0) throw notAZip();
  const count = end.readUInt16LE(at + 10);
  const size = end.readUInt32LE(at + 12);
  const start = end.readUInt32LE(at + 16);
  // Zip64 marks its sizes with all ones: a workbook that needs it is far beyond our limits anyway.
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff)
    throw overload("is too large when unpacked");
  if (count > WORKBOOK_LIMITS.entries)
    throw overload(`holds ${count.toLocaleString("en-GB")} files inside it`);
  if (size > MAX_DIRECTORY_BYTES) throw overload("holds too many files inside it");
  if (at < size || start + size !== length - (end.length - at)) throw notAZip();
  const listing = end.subarray(at - size, at);
  const entries: Entry[] = [];
  for (let i = 0; entries.length < count;) {
    if (i + 46 > listing.length || listing.readUInt32LE(i) !== DIRECTORY_ENTRY) throw notAZip();
    const nameLength = listing.readUInt16LE(i + 28);
    const otherLength = listing.readUInt16LE(i + 30) + listing.readUInt16LE(i + 32);
    entries.push({
      flags: listing.readUInt16LE(i + 8),
      method: listing.readUInt16LE(i + 10),
      packed: listing.readUInt32LE(i + 20),
      unpacked: listing.readUInt32LE(i + 24),
      offset: listing.readUInt32LE(i + 42),
      name: listing.toString("utf8", i + 46, i + 46 + nameLength),
    });
    i += 46 + nameLength + otherLength;
  }
  return { entries, start };
}

function checkDeclared(entries: Entry[]) {
  let total = 0;
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw notAZip();
    if (entry.packed === 0xffffffff || entry.unpacked === 0xffffffff)
      throw overload("is too large when unpacked");
    total += entry.unpacked;
    if (entry.name === SHARED_STRINGS && entry.unpacked > WORKBOOK_LIMITS.sharedStringsBytes)
      throw overload(`holds more than ${WORKBOOK_LIMITS.sharedStringsBytes / MiB} MB of text`);
    if (
      entry.unpacked > WORKBOOK_LIMITS.ratioFromBytes &&
      entry.unpacked > entry.packed * WORKBOOK_LIMITS.ratio
    )
      throw overload(
        `unpacks to more than ${WORKBOOK_LIMITS.ratio} times its size, which no real worksheet does`,
      );
  }
  if (total > WORKBOOK_LIMITS.unpackedBytes)
    throw overload(`is too large when unpacked (more than ${WORKBOOK_LIMITS.unpackedBytes / MiB / 1024} GB)`);
}

/** Inflates one entry's data, counting what comes out: never more than it declared. */
async function inflateCounted(pieces: AsyncIterable<Buffer>, entry: Entry) {
  if (entry.method === 0) {
    for await (const _ of pieces) void _;
    if (entry.packed !== entry.unpacked) throw notAZip();
    return;
  }
  const inflater = createInflateRaw();
  let out = 0;
  let failure = null as Error | null;
  inflater.on("data", (chunk: Buffer) => {
    out += chunk.length;
    if (out > entry.unpacked && !failure) {
      failure = overload("unpacks to more than it says it holds");
      inflater.destroy();
    }
  });
  inflater.on("error", (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => {
    inflater.once("end", resolve);
    inflater.once("close", resolve);
  });
  for await (const piece of pieces) {
    if (failure) break;
    if (!inflater.write(piece))
      await new Promise<void>((resolve) => {
        inflater.once("drain", resolve);
        inflater.once("close", resolve);
      });
  }
  if (!failure) inflater.end();
  await ended;
  if (failure instanceof FileRefused) throw failure;
  if (failure || out !== entry.unpacked) throw notAZip();
}

/**
 * Refuses a workbook whose zip would unpack beyond WORKBOOK_LIMITS, or whose entries are not laid out as
 * its directory says (a streaming reader such as exceljs's would see other files than the ones checked).
 */
export async function checkWorkbookZip(source: ByteSource): Promise<void> {
  const { entries, start } = await directory(source);
  checkDeclared(entries);
  const cursor = new Cursor(source);
  try {
    for (const entry of [...entries].sort((a, b) => a.offset - b.offset)) {
      if (entry.offset !== cursor.position) throw notAZip();
      const header = await cursor.take(30);
      if (header.readUInt32LE(0) !== LOCAL_HEADER) throw notAZip();
      await cursor.take(header.readUInt16LE(26) + header.readUInt16LE(28));
      await inflateCounted(cursor.pass(entry.packed), entry);
      if (entry.flags & 0x08) {
        const signed = (await cursor.peek(4)).readUInt32LE(0) === DATA_DESCRIPTOR;
        await cursor.take(signed ? 16 : 12);
      }
    }
    if (cursor.position !== start) throw notAZip();
  } finally {
    await cursor.finish();
  }
}
