// Uploading a file to import through the real server, as a signed-in commissioner's browser would post it: a
// file over the 50 MB limit is answered 413 with a clear message and leaves nothing behind; a body far over
// it is refused before it is read. A workbook made to unpack far beyond its size is refused from its zip's
// own directory, or while it is counted, before exceljs holds any of it.
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { repeated, workbookEntries, zip } from "../support/zip";

const SESSION_SECRET = "a-test-secret-that-is-long-enough-for-the-check";
const sign = (text: string) => createHmac("sha256", SESSION_SECRET).update(text).digest("base64url");

let testDb: TestDatabase;
let app: AppProcess;
let slug: string;
let consultationId: string;
let cookie: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  slug = consultation.slug;
  consultationId = consultation.id;
  const commissioner = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: commissioner.id,
    role: "admin",
  });
  const session = await f.createSession(testDb.admin, { user_id: commissioner.id });
  cookie = `gs_session=${session.id}.${sign(`session:${session.id}`)}; gs_csrf=test-seed`;
  app = await startApp({ DATABASE_URL: testDb.appUrl, SESSION_SECRET, LOG_LEVEL: "error" });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await testDb?.destroy();
});

function post(file: Buffer, name: string, type = "text/csv") {
  const form = new FormData();
  form.append("csrf", sign("csrf:test-seed"));
  form.append("file", new Blob([new Uint8Array(file)], { type }), name);
  return fetch(`${app.url}/workspace/c/${slug}/import`, {
    method: "POST",
    body: form,
    headers: { cookie },
    redirect: "manual",
  });
}

const importsLeft = async () =>
  Number(
    (
      await testDb.admin
        .selectFrom("private.imports")
        .select(sql<number>`count(*)`.as("n"))
        .where("consultation_id", "=", consultationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const MiB = 1024 * 1024;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The server process's peak resident memory so far (VmHWM), in bytes. */
function peakMemory(): number {
  const status = fs.readFileSync(`/proc/${app.child.pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

/** Writing 5 to clear_refs resets the peak to what is resident now, so earlier tests' peaks hide nothing. */
function resetPeakMemory() {
  fs.writeFileSync(`/proc/${app.child.pid}/clear_refs`, "5");
}

describe("the upload limit", { timeout: 180_000 }, () => {
  it("stores a small file and goes on to mapping", async () => {
    const response = await post(
      Buffer.from("title,detail\nA bench by the pond,Nowhere to sit\n"),
      "needs.csv",
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(
      new RegExp(`^/workspace/c/${slug}/import/[0-9a-f-]{36}$`),
    );
    expect(await importsLeft()).toBe(1);
  });

  it("stores a CSV of nearly 50 MB and goes on to mapping, its memory bounded", async () => {
    const row = (n: number) =>
      `Need ${n},"A bench by the pond, number ${n}: nowhere to sit on the way to the shops"\n`;
    const rows = ["title,detail\n"];
    let size = rows[0]!.length;
    for (let n = 1; size < 49 * MiB; n += 1) {
      rows.push(row(n));
      size += rows.at(-1)!.length;
    }
    resetPeakMemory();
    const before = peakMemory();
    const file = Buffer.from(rows.join(""));
    const response = await post(file, "big.csv");
    // Pieces in flight and garbage not yet collected, never the file held over and over.
    expect(peakMemory() - before).toBeLessThan(3 * file.length);
    expect(response.status).toBe(302);
    expect(await importsLeft()).toBe(2);
  });

  it("answers a file over 50 MB with 413 and a message beside the field, keeping nothing", async () => {
    const response = await post(Buffer.alloc(50 * 1024 * 1024 + 10, "a"), "huge.csv");
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain("The selected file must be smaller than 50 MB");
    expect(page).toContain("govuk-error-summary");
    expect(await importsLeft()).toBe(2);
  });

  it("refuses a body far over the limit before reading it", async () => {
    const response = await post(Buffer.alloc(56 * 1024 * 1024, "a"), "enormous.csv");
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("That was too large to send");
    expect(await importsLeft()).toBe(2);
  });
});

/** Uploads a workbook that must be refused; returns the page and how far the server's peak memory rose. */
async function refusedWorkbook(file: Buffer) {
  resetPeakMemory();
  const before = peakMemory();
  const response = await post(file, "needs.xlsx", XLSX);
  const page = await response.text();
  return { status: response.status, page, rise: peakMemory() - before };
}

const inlineCell = (pieces: Iterable<Buffer | string>) => [
  `<row r="1"><c r="A1" t="inlineStr"><is><t>`,
  ...pieces,
  `</t></is></c></row>`,
  `<row r="2"><c r="A2" t="inlineStr"><is><t>A bench by the pond</t></is></c></row>`,
];

/** Shared strings of random a's and b's, which pack only about seven to one, in pieces of about 1 MiB. */
function* randomStrings(totalBytes: number): Generator<string> {
  const letters = Buffer.alloc(1000);
  for (let made = 0; made < totalBytes;) {
    let piece = "";
    while (piece.length < MiB) {
      const bits = randomBytes(letters.length / 8);
      for (let i = 0; i < letters.length; i += 1) letters[i] = bits[i >> 3]! & (1 << (i & 7)) ? 0x61 : 0x62;
      piece += `<si><t>${letters.toString("latin1")}</t></si>`;
    }
    made += piece.length;
    yield piece;
  }
}

describe("workbooks made to unpack beyond their size", { timeout: 180_000 }, () => {
  it("refuses a zip bomb from its directory, with the message beside the file field", async () => {
    const bomb = await zip(workbookEntries({ sheetRows: inlineCell(repeated("a".repeat(MiB), 256)) }));
    expect(bomb.length).toBeLessThan(2 * MiB);
    const refused = await refusedWorkbook(bomb);
    expect(refused.rise).toBeLessThan(64 * MiB);
    expect(refused.status).toBe(400);
    expect(refused.page).toContain("unpacks to more than 200 times its size");
    expect(refused.page).toMatch(/class="govuk-error-message"[^>]*>.*unpacks to more than/s);
    expect(await importsLeft()).toBe(2);
  });

  it("refuses a zip whose entries unpack to more than they declare, counting as it inflates", async () => {
    const liar = await zip(
      workbookEntries({ sheetRows: inlineCell(repeated("a".repeat(MiB), 256)), sheetSize: MiB }),
    );
    const refused = await refusedWorkbook(liar);
    expect(refused.rise).toBeLessThan(64 * MiB);
    expect(refused.status).toBe(400);
    expect(refused.page).toContain("unpacks to more than it says it holds");
  });

  it("refuses a shared-text table too large to hold, though it packs no better than real text", async () => {
    const huge = await zip(
      workbookEntries({
        sheetRows: [
          `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`,
        ],
        sharedStrings: randomStrings(120 * MiB),
      }),
    );
    expect(huge.length).toBeLessThan(50 * MiB);
    const refused = await refusedWorkbook(huge);
    expect(refused.rise).toBeLessThan(64 * MiB);
    expect(refused.status).toBe(400);
    expect(refused.page).toContain("holds more than 100 MB of text");
  });
});

describe("a consultation that has reported", { timeout: 60_000 }, () => {
  it("takes no file and no need entered for a resident: the pages say why, and nothing is stored", async () => {
    const owner = await testDb.admin
      .selectFrom("consultations")
      .select("organisation_id")
      .where("id", "=", consultationId)
      .executeTakeFirstOrThrow();
    const reported = await f.createConsultation(testDb.admin, {
      organisation_id: owner.organisation_id,
      status: "reported",
      opens_at: f.daysFromNow(-60),
      closes_at: f.daysFromNow(-10),
    });
    const why =
      "This consultation has reported: its brief is published, so the needs behind it cannot change.";
    const page = (path: string) =>
      fetch(`${app.url}/workspace/c/${reported.slug}${path}`, { headers: { cookie } });

    for (const path of ["/import", "/assisted"]) {
      const html = await (await page(path)).text();
      expect([path, html.includes(why), html.includes('<form method="post"')]).toEqual([path, true, false]);
    }

    const form = new FormData();
    form.append("csrf", sign("csrf:test-seed"));
    form.append("file", new Blob(["title\nA late paper form\n"], { type: "text/csv" }), "late.csv");
    const upload = await fetch(`${app.url}/workspace/c/${reported.slug}/import`, {
      method: "POST",
      body: form,
      headers: { cookie },
      redirect: "manual",
    });
    expect(upload.status).toBe(409);
    const refusal = await upload.text();
    expect(refusal).toContain(
      `${why} Start a new consultation for needs that arrive now. Nothing was added.`,
    );
    expect(refusal).toContain('href="#reported"');

    const entered = await fetch(`${app.url}/workspace/c/${reported.slug}/assisted`, {
      method: "POST",
      body: new URLSearchParams({
        csrf: sign("csrf:test-seed"),
        channel: "phone",
        consent: "yes",
        title: "A need phoned in after the report",
        publish: "yes",
      }),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(entered.status).toBe(409);
    expect(await entered.text()).toContain("Nothing was added.");

    const stored = await testDb.admin
      .selectFrom("private.imports")
      .select("id")
      .where("consultation_id", "=", reported.id)
      .execute();
    const needs = await testDb.admin
      .selectFrom("needs")
      .select("id")
      .where("consultation_id", "=", reported.id)
      .execute();
    expect([stored.length, needs.length]).toEqual([0, 0]);
  });
});
