// Load: residents posting needs through the real journey (plain form posts, as without JavaScript) while
// readers browse, against the production server on a fresh database. Every need the server acknowledged
// (the done page with its reference) must be stored exactly once, retried submits must not duplicate, and
// nothing may answer 5xx. Each resident's first need goes through every question page; later ones refill
// the draft in the database and send the final post (see Resident in tests/support/load.ts).
// Sizes: LOAD_NEEDS (300), LOAD_RESIDENTS (20), LOAD_READERS (50) and LOAD_READER_PAUSE_MS (250), each
// reader's pause between pages; the full size is LOAD_NEEDS=5000 LOAD_RESIDENTS=50 LOAD_READERS=200.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { killLeftoverApps, startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  createLoadConsultation,
  needTitle,
  postConcurrently,
  readWhile,
  Resident,
  Tally,
  Visitor,
  type LoadConsultation,
  type Posted,
} from "../support/load";

// npm test runs a size that fits CI's time on 2 cores; the figures are LOAD_NEEDS=5000
// LOAD_RESIDENTS=50 LOAD_READERS=200 (see the README: on a busy machine that many clients meet 503s).
const NEEDS = Number(process.env.LOAD_NEEDS ?? 300);
const RESIDENTS = Number(process.env.LOAD_RESIDENTS ?? 20);
const READERS = Number(process.env.LOAD_READERS ?? 50);
// A reader looks at a page for a moment before opening the next, as people do.
const READER_PAUSE_MS = Number(process.env.LOAD_READER_PAUSE_MS ?? 250);
const SESSION_SECRET = "a-load-test-secret-that-is-long-enough-for-the-check";

afterEach(() => killLeftoverApps());

describe("residents posting needs while others read", () => {
  let database: TestDatabase;
  let app: AppProcess;
  let consultation: LoadConsultation;
  beforeAll(async () => {
    database = await createTestDatabase();
    consultation = await createLoadConsultation(database.admin);
    // Every resident here posts from one address and far more than a person would: the app's own setting
    // widens every rate limit for the run (production keeps its defaults).
    app = await startApp({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      LOG_LEVEL: "error",
      RATE_LIMIT_SCALE: String(Math.max(1, Math.ceil(NEEDS / 50))),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.destroy();
  });

  it(
    `stores each of ${NEEDS} acknowledged needs exactly once, with ${RESIDENTS} residents and ${READERS} readers, and never fails`,
    // Ten minutes, or LOAD_TIMEOUT_MS for a larger run (on 2 cores shared with other work, about 3 s a need).
    { timeout: Number(process.env.LOAD_TIMEOUT_MS ?? 600_000) },
    async () => {
      const started = performance.now();
      const tally = new Tally();
      const acknowledged: Posted[] = [];
      const refused: string[] = [];
      const residents = Array.from(
        { length: RESIDENTS },
        () => new Resident(new Visitor(app.url, tally.record), database.admin, consultation),
      );
      const posting = postConcurrently(RESIDENTS, NEEDS, async (resident, count) => {
        const title = needTitle(resident, count);
        // One in ten submits is sent twice at once and then a third time, as a double tap and a resend do;
        // one in five gives a contact email.
        const posted = await residents[resident]!.post(title, {
          retry: count % 10 === 0,
          email: count % 5 === 0 ? `resident${count}@example.test` : undefined,
        });
        if (posted) acknowledged.push(posted);
        else refused.push(title);
      });
      // A line a minute, so a run cut short by its time limit still tells how far it got and how fast.
      const report = (what: string) =>
        [
          `Load ${what}: ${NEEDS} needs, ${RESIDENTS} residents, ${READERS} readers, ${((performance.now() - started) / 1000).toFixed(0)} s`,
          `  ${acknowledged.length} needs acknowledged (${(acknowledged.length / ((performance.now() - started) / 1000)).toFixed(2)}/s), ${tally.count(() => true)} answers`,
          `  form posts: ${tally.latency("post")}`,
          `  page views (GET): ${tally.latency("read")}`,
          `  answers by status: ${JSON.stringify(Object.fromEntries(tally.statuses))}`,
        ].join("\n");
      const progress = setInterval(() => console.log(report("progress")), 60_000);
      onTestFinished(() => clearInterval(progress));
      const reads = await readWhile(
        app.url,
        READERS,
        consultation,
        acknowledged,
        posting,
        tally.record,
        READER_PAUSE_MS,
      );
      await posting.catch((error: unknown) => {
        throw new Error(`${String(error)}\nThe app said:\n${app.output().slice(-4_000)}`, { cause: error });
      });
      console.log(`${report("finished")}\n  ${reads} pages read by readers`);

      expect(tally.serverErrors.slice(0, 5)).toEqual([]);
      expect(refused.slice(0, 5), "every need posted was acknowledged").toEqual([]);
      expect(acknowledged).toHaveLength(NEEDS);
      expect(reads).toBeGreaterThan(0);
      // Readers only open needs that were acknowledged and published, so every read found its page.
      expect(tally.count((status) => status === 404)).toBe(0);

      const stored = await database.admin
        .selectFrom("needs")
        .innerJoin("private.need_private_details as details", "details.need_id", "needs.id")
        .select(["needs.reference", "details.original_title", "details.contact_email", "needs.status"])
        .where("needs.consultation_id", "=", consultation.consultationId)
        .execute();
      const byReference = new Map(stored.map((row) => [row.reference, row]));
      expect(stored).toHaveLength(NEEDS);
      expect(byReference.size).toBe(NEEDS);
      for (const { reference, title } of acknowledged) {
        expect(byReference.get(reference)?.original_title, reference).toBe(title);
      }
      expect(new Set(stored.map((row) => row.original_title)).size, "no title stored twice").toBe(NEEDS);
      expect(stored.every((row) => row.status === "published")).toBe(true);
      expect(stored.filter((row) => row.contact_email).length).toBe(Math.ceil(NEEDS / 5));
    },
  );
});
