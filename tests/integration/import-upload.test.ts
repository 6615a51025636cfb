// Uploading a file to import through the real server, as a signed-in commissioner's browser would post it: a
// file over the 50 MB limit is answered 413 with a clear message and leaves nothing behind; a body far over
// it is refused before it is read.
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

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

function post(file: Buffer, name: string) {
  const form = new FormData();
  form.append("csrf", sign("csrf:test-seed"));
  form.append("file", new Blob([new Uint8Array(file)], { type: "text/csv" }), name);
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

  it("answers a file over 50 MB with 413 and a message beside the field, keeping nothing", async () => {
    const response = await post(Buffer.alloc(50 * 1024 * 1024 + 10, "a"), "huge.csv");
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain("The selected file must be smaller than 50 MB");
    expect(page).toContain("govuk-error-summary");
    expect(await importsLeft()).toBe(1);
  });

  it("refuses a body far over the limit before reading it", async () => {
    const response = await post(Buffer.alloc(56 * 1024 * 1024, "a"), "enormous.csv");
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("That was too large to send");
    expect(await importsLeft()).toBe(1);
  });
});
