// `npm run -s import` as a person runs it: a separate process, stdout holding only the last line, messages on
// stderr, exit code 0 when the file was read and 2 when it was refused; through DATABASE_URL (the app's role)
// and through the DATA_DIR of a running app, or of a stopped one.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const root = path.resolve(import.meta.dirname, "..", "..");
const fixtures = path.join(root, "tests", "fixtures", "import");
const FMS_MAP =
  "title=title,description=detail,theme=service_name,lat=lat,lng=long,created_at=requested_datetime,external_id=service_request_id";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runImport(args: string[], env: Record<string, string>): Promise<Run> {
  // As `npm run -s import` does (see package.json), without npm's own start-up time.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "app", "cli", "import.ts"), ...args],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("the import command with DATABASE_URL", { timeout: 120_000 }, () => {
  let testDb: TestDatabase;
  let slug: string;
  let consultationId: string;
  const env = () => ({ DATABASE_URL: testDb.appUrl });
  const needCount = async () =>
    Number(
      (
        await testDb.admin
          .selectFrom("needs")
          .select(sql<number>`count(*)`.as("n"))
          .where("consultation_id", "=", consultationId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const organisation = await f.createOrganisation(testDb.admin);
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
    slug = consultation.slug;
    consultationId = consultation.id;
    await f.createTheme(testDb.admin, { consultation_id: consultation.id, name: "Fly-tipping" });
  });
  afterAll(() => testDb.destroy());

  it("imports a FixMyStreet export and ends with the counts", async () => {
    const run = await runImport(
      [
        "--consultation",
        slug,
        path.join(fixtures, "fixmystreet-open311.csv"),
        "--map",
        FMS_MAP,
        "--create-themes",
      ],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("imported 9, skipped 3, duplicates 1\n");
    expect(run.stderr).toContain("row 7: Latitude 151.45 is out of range (−90 to 90)");
    expect(run.stderr).toContain("row 8: the title is empty");
    expect(run.stderr).toContain("1 imported needs have the same words as a need already there");
    expect(await needCount()).toBe(9);
    const recorded = await testDb.admin
      .selectFrom("private.imports")
      .select(["via", "status", "imported", "file_name"])
      .where("consultation_id", "=", consultationId)
      .execute();
    expect(recorded).toEqual([
      { via: "command_line", status: "done", imported: 9, file_name: "fixmystreet-open311.csv" },
    ]);
  });

  it("adds nothing when the same file is imported again", async () => {
    const run = await runImport(
      ["--consultation", slug, path.join(fixtures, "fixmystreet-open311.csv"), "--map", FMS_MAP],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("imported 0, skipped 3, duplicates 10\n");
    expect(await needCount()).toBe(9);
  });

  it("imports a paper-survey spreadsheet", async () => {
    const run = await runImport(
      [
        "--consultation",
        slug,
        path.join(fixtures, "paper-survey.xlsx"),
        "--map",
        "title=What is needed?,description=Tell us more,area=Ward,affected=Who is affected?,seriousness=How serious? (1-5),created_at=Date received,external_id=Form no.",
        "--create-areas",
      ],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("imported 6, skipped 2, duplicates 0\n");
    expect(run.stderr).toContain("Areas created: Northgate, Riverside, Hillside");
  });

  it("refuses a consultation that has reported (exit 2), and the database refuses its needs any other way", async () => {
    const organisation = await f.createOrganisation(testDb.admin);
    const reported = await f.createConsultation(testDb.admin, {
      organisation_id: organisation.id,
      status: "analysing",
      opens_at: f.daysFromNow(-60),
      closes_at: f.daysFromNow(-10),
    });
    await f.createNeed(testDb.admin, { consultation_id: reported.id, status: "published" });
    await testDb.admin
      .updateTable("consultations")
      .set({ status: "reported" })
      .where("id", "=", reported.id)
      .execute();
    const count = async () =>
      (
        await testDb.admin
          .selectFrom("needs")
          .select("id")
          .where("consultation_id", "=", reported.id)
          .execute()
      ).length;

    const run = await runImport(
      ["--consultation", reported.slug, path.join(fixtures, "fixmystreet-open311.csv"), "--map", FMS_MAP],
      env(),
    );
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain(
      "Refused: This consultation has reported: its brief is published, so the needs behind it cannot change.",
    );
    expect(run.stderr).toContain("Nothing was added.");
    expect(await count()).toBe(1);

    // A script or a job that began before the report cannot add one either, not even as the superuser.
    await expect(f.createNeed(testDb.admin, { consultation_id: reported.id })).rejects.toThrow(
      /this consultation has reported/,
    );
    const open = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
    const other = await f.createNeed(testDb.admin, { consultation_id: open.id, status: "published" });
    await expect(
      testDb.admin
        .updateTable("needs")
        .set({ consultation_id: reported.id })
        .where("id", "=", other.id)
        .execute(),
    ).rejects.toThrow(/this consultation has reported/);
    expect(await count()).toBe(1);
  });

  it("refuses a broken file whole (exit 2), a column the file lacks, or a PDF, and changes nothing", async () => {
    const before = await needCount();
    const broken = await runImport(
      [
        "--consultation",
        slug,
        path.join(fixtures, "broken-quote.csv"),
        "--map",
        "title=title,description=detail",
      ],
      env(),
    );
    expect(broken).toMatchObject({ code: 2, stdout: "" });
    expect(broken.stderr).toMatch(
      /^Refused: The file could not be read as CSV: a quoted value is never closed \(near line \d+\)\. .*Nothing was imported\.$/m,
    );

    const missing = await runImport(
      [
        "--consultation",
        slug,
        path.join(fixtures, "fixmystreet-open311.csv"),
        "--map",
        "title=title,description=Description",
      ],
      env(),
    );
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toContain("Refused: The file has no column “Description” (for description).");

    const pdf = await runImport(
      ["--consultation", slug, path.join(fixtures, "not-a-spreadsheet.pdf"), "--map", "title=title"],
      env(),
    );
    expect(pdf).toMatchObject({ code: 2, stdout: "" });
    expect(pdf.stderr).toContain("Refused: This is a PDF, not a CSV or XLSX file.");

    const encoding = await runImport(
      ["--consultation", slug, path.join(fixtures, "unreadable-encoding.csv"), "--map", "title=title"],
      env(),
    );
    expect(encoding).toMatchObject({ code: 2, stdout: "" });
    expect(encoding.stderr).toContain("neither UTF-8 nor Windows-1252");
    expect(await needCount()).toBe(before);
    const refused = await testDb.admin
      .selectFrom("private.imports")
      .select("status")
      .where("status", "=", "refused")
      .execute();
    expect(refused).toHaveLength(4);
  });

  it("refuses a bad command with the usage", async () => {
    const noTitle = await runImport(
      ["--consultation", slug, path.join(fixtures, "fixmystreet-open311.csv"), "--map", "description=detail"],
      env(),
    );
    expect(noTitle).toMatchObject({ code: 2, stdout: "" });
    expect(noTitle.stderr).toContain("title=COLUMN is required.");
    expect(noTitle.stderr).toContain("Usage: npm run -s import");
    const unknown = await runImport(
      [
        "--consultation",
        "no-such-consultation",
        path.join(fixtures, "fixmystreet-open311.csv"),
        "--map",
        "title=title",
      ],
      env(),
    );
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain("There is no consultation with the slug “no-such-consultation”.");
  });
});

describe("the import command with DATA_DIR", { timeout: 300_000 }, () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-import-cli-"));
    fs.chmodSync(dataDir, 0o755);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function demoNeedsFromFile(file: string): Promise<number> {
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
      superuserPassword: string;
    };
    const port = Number(
      fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3],
    );
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user: "postgres",
      password: secrets.superuserPassword,
      database: "groundswell",
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from private.need_private_details d join public.consultations c on c.id = d.consultation_id where c.slug = 'bowling-green' and d.import_file = $1",
        [file],
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  }

  it("uses the running app's embedded database, then starts it itself once the app has stopped", async () => {
    const app = await startApp({ DATA_DIR: dataDir, LOG_LEVEL: "error" });
    try {
      const run = await runImport(
        [
          "--consultation",
          "bowling-green",
          path.join(fixtures, "utf8-bom.csv"),
          "--map",
          "title=Need,description=Details,external_id=Reference",
        ],
        { DATA_DIR: dataDir },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe("imported 2, skipped 0, duplicates 0\n");
      expect(await demoNeedsFromFile("utf8-bom.csv")).toBe(2);
    } finally {
      await app.stop();
    }
    const run = await runImport(
      [
        "--consultation",
        "bowling-green",
        path.join(fixtures, "other-platform-windows-1252.csv"),
        "--map",
        "title=subject,description=description,created_at=date,lat=latitude,lng=longitude,external_id=id",
      ],
      { DATA_DIR: dataDir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("imported 3, skipped 0, duplicates 0\n");
    expect(run.stderr).toContain("windows-1252");
    const again = await startApp({ DATA_DIR: dataDir, LOG_LEVEL: "error" });
    try {
      expect(await demoNeedsFromFile("other-platform-windows-1252.csv")).toBe(3);
    } finally {
      await again.stop();
    }
  });
});
