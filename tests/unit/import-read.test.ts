// Reading files to import, without a database: formats and encodings detected from the content, quoted
// newlines, empty lines, spreadsheets, and files refused whole with one clear message.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileSource } from "~/features/evidence-io/import-sources.server";
import { analyseFile } from "~/features/evidence-io/import-uploads.server";
import {
  detectDelimiter,
  readRecords,
  sniffFormat,
  type ByteSource,
} from "~/features/evidence-io/import/read.server";

const fixture = (name: string) =>
  fileSource(path.join(import.meta.dirname, "..", "fixtures", "import", name));
const bytes = (...pieces: (string | number[])[]): ByteSource => {
  const buffers = pieces.map((piece) =>
    typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece),
  );
  return async function* () {
    yield* buffers;
  };
};
const refusal = async (source: ByteSource) => {
  try {
    await analyseFile(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the file was not refused");
};

describe("CSV", () => {
  it("reads a FixMyStreet/Open311 export: quoted newlines kept, empty lines left out", async () => {
    const analysis = await analyseFile(fixture("fixmystreet-open311.csv"));
    expect(analysis).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ",", rowCount: 13 });
    expect(analysis.columns.map((column) => column.name).slice(0, 7)).toEqual([
      "service_request_id",
      "requested_datetime",
      "service_name",
      "title",
      "detail",
      "lat",
      "long",
    ]);
    expect(analysis.preview[1]![4]).toBe(
      "The lamp on the path behind the library has been out for a fortnight.\nIt is very dark walking home after 4pm.",
    );
    expect(analysis.columns[2]!.values.find((value) => value.value === "Fly-tipping")).toEqual({
      value: "Fly-tipping",
      count: 2,
    });
  });

  it("detects Windows-1252 (Excel's “CSV” on Windows) and semicolons", async () => {
    const analysis = await analyseFile(fixture("other-platform-windows-1252.csv"));
    expect(analysis).toMatchObject({ encoding: "windows-1252", delimiter: ";", rowCount: 3 });
    expect(analysis.preview[0]![3]).toBe("Café in the park closed all winter");
    expect(analysis.preview[0]![4]).toBe(
      "The café’s closure means nowhere warm to meet – older people used to go every day.",
    );
  });

  it("reads UTF-8 with a byte-order mark without the mark in the first heading", async () => {
    const analysis = await analyseFile(fixture("utf8-bom.csv"));
    expect(analysis).toMatchObject({ encoding: "utf-8-bom", rowCount: 2 });
    expect(analysis.columns[0]!.name).toBe("Reference");
    expect(analysis.preview[0]![2]).toBe("Young people have nowhere to go — the old club shut in 2022.");
  });

  it("reads a UTF-8 character split across two pieces of the file", async () => {
    const euro = [...Buffer.from("€", "utf8")];
    const records = [];
    for await (const record of readRecords(
      bytes("title\nPrice ", euro.slice(0, 1), [...euro.slice(1), 0x0a]),
      { format: "csv", encoding: "utf-8" },
    )) {
      records.push(record);
    }
    expect(records).toEqual([["title"], ["Price €"]]);
  });

  it("finds the delimiter outside quotes", () => {
    expect(detectDelimiter('"a;b",c,d\n1;2;3;4;5')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
  });
});

describe("XLSX", () => {
  it("reads the first worksheet of a paper-survey spreadsheet: dates, rich text, formulas; empty rows left out", async () => {
    const analysis = await analyseFile(fixture("paper-survey.xlsx"));
    expect(analysis).toMatchObject({ format: "xlsx", encoding: null, rowCount: 8 });
    expect(analysis.columns.map((column) => column.name)).toEqual([
      "Form no.",
      "Date received",
      "What is needed?",
      "Tell us more",
      "Ward",
      "Who is affected?",
      "How serious? (1-5)",
      "Entered by",
    ]);
    expect(analysis.preview[0]).toEqual([
      "PS-001",
      "2024-03-04",
      "A bus that runs on Sundays",
      "I can't get to church or see my daughter without a taxi.",
      "Northgate",
      "Older people",
      "4",
      "JT",
    ]);
    const records = [];
    for await (const record of readRecords(fixture("paper-survey.xlsx"), { format: "xlsx" }))
      records.push(record);
    expect(records[6]![2]).toBe("Dropped kerbs everywhere");
    expect(records[6]![6]).toBe("4");
  });
});

describe("files refused whole", () => {
  it("is not CSV or XLSX", async () => {
    expect(await refusal(fixture("not-a-spreadsheet.pdf"))).toMatch(/^This is a PDF, not a CSV or XLSX file/);
    expect(await refusal(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(
      /older Excel file \(\.xls\)/,
    );
    expect(await refusal(bytes("PK\u0003\u0004 not really a zip"))).toMatch(
      /could not be read as an Excel workbook|not an Excel workbook/,
    );
    expect(sniffFormat(Buffer.from("title\n"))).toBe("csv");
  });

  it("is in an encoding we cannot read", async () => {
    expect(await refusal(fixture("unreadable-encoding.csv"))).toMatch(/neither UTF-8 nor Windows-1252/);
    expect(await refusal(bytes([0xff, 0xfe, 0x74, 0x00]))).toMatch(/UTF-16/);
    expect(await refusal(bytes([0x74, 0x00, 0x69, 0x00]))).toMatch(/encoding we cannot read/);
  });

  it("has a quote that never closes, or nothing under its headings", async () => {
    expect(await refusal(fixture("broken-quote.csv"))).toMatch(
      /a quoted value is never closed \(near line \d+\)/,
    );
    expect(await refusal(bytes("title,detail\n\n,,\n"))).toBe(
      "The file has a heading row but no rows of needs under it.",
    );
    expect(await refusal(bytes(""))).toBe("The file is empty.");
  });
});
