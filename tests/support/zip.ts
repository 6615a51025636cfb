// Writes zip archives (and so XLSX workbooks) for tests, with nothing but node:zlib: entries can be made from
// pieces too large to hold at once, and can declare sizes other than their real ones, as a crafted file would.
import { crc32, createDeflateRaw, constants } from "node:zlib";

export interface ZipEntry {
  name: string;
  /** The entry's content, piece by piece (it may be far larger than memory would comfortably hold). */
  pieces: Iterable<Buffer | string>;
  /** A size to declare instead of the real unpacked one. */
  declaredSize?: number;
}

interface Packed {
  name: Buffer;
  data: Buffer;
  crc: number;
  size: number;
  offset: number;
}

async function deflate(
  pieces: Iterable<Buffer | string>,
): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: constants.Z_BEST_SPEED });
  const out: Buffer[] = [];
  deflater.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve, reject) => deflater.on("end", resolve).on("error", reject));
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    const bytes = typeof piece === "string" ? Buffer.from(piece) : piece;
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once("drain", resolve));
  }
  deflater.end();
  await ended;
  return { data: Buffer.concat(out), crc, size };
}

/** A zip of deflated entries, in the order given. */
export async function zip(entries: ZipEntry[]): Promise<Buffer> {
  const packed: Packed[] = [];
  const body: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, crc, size } = await deflate(entry.pieces);
    const name = Buffer.from(entry.name);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    body.push(local, name, data);
    packed.push({ name, data, crc, size: declared, offset });
    offset += local.length + name.length + data.length;
  }
  const directory: Buffer[] = [];
  for (const entry of packed) {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(entry.name.length, 28);
    header.writeUInt32LE(entry.offset, 42);
    directory.push(header, entry.name);
  }
  const directorySize = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...body, ...directory, end]);
}

function* joined(...parts: Iterable<Buffer | string>[]): Generator<Buffer | string> {
  for (const part of parts) yield* part;
}

/** `count` copies of `piece`, lazily. */
export function* repeated(piece: Buffer | string, count: number): Generator<Buffer | string> {
  for (let i = 0; i < count; i += 1) yield piece;
}

/**
 * The parts of a one-worksheet workbook, around the worksheet's rows and the shared-text table given as
 * pieces: `sheetRows` goes inside <sheetData>, `sharedStrings` inside <sst>.
 */
export function workbookEntries({
  sheetRows,
  sharedStrings = [],
  sheetSize,
  sharedStringsSize,
}: {
  sheetRows: Iterable<Buffer | string>;
  sharedStrings?: Iterable<Buffer | string>;
  sheetSize?: number;
  sharedStringsSize?: number;
}): ZipEntry[] {
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return [
    {
      name: "[Content_Types].xml",
      pieces: [
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      ],
    },
    {
      name: "_rels/.rels",
      pieces: [
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${type}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
    },
    {
      name: "xl/workbook.xml",
      pieces: [
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${relationships}"><sheets><sheet name="Needs" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      pieces: [
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${type}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${type}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ],
    },
    {
      name: "xl/sharedStrings.xml",
      pieces: joined([`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}">`], sharedStrings, [
        `</sst>`,
      ]),
      declaredSize: sharedStringsSize,
    },
    {
      name: "xl/worksheets/sheet1.xml",
      pieces: joined(
        [`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>`],
        sheetRows,
        [`</sheetData></worksheet>`],
      ),
      declaredSize: sheetSize,
    },
  ];
}
