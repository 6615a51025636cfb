// The sign-in limits against the running server, with clients told apart as behind a load balancer: a
// stranger asking for someone's codes from one client cannot lock the owner out of signing in from another.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEmail } from "../e2e/support/mail";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { browserWithoutJs } from "../support/http-client";

let database: TestDatabase;
let app: AppProcess;
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-sign-in-limits-"));

beforeAll(async () => {
  database = await createTestDatabase();
  // Behind one proxy hop the client address is the one X-Forwarded-For names, as a load balancer sets it.
  app = await startApp({
    DATABASE_URL: database.appUrl,
    SESSION_SECRET: "sign-in-limits-test-secret-long-enough-for-the-check",
    MAIL_CAPTURE_DIR: mailDir,
    TRUST_PROXY: "1",
    RATE_LIMIT_SCALE: "1",
  });
});
afterAll(async () => {
  await app.stop();
  await database.destroy();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

function emailsTo(address: string) {
  return fs
    .readdirSync(mailDir)
    .filter((file) => file.endsWith(".eml"))
    .sort()
    .map((file) => parseEmail(path.join(mailDir, file)))
    .filter((email) => email.to === address);
}

const fromClient = (address: string) =>
  browserWithoutJs(app.url, { headers: { "x-forwarded-for": address } });

describe("a stranger asking for someone else's sign-in codes", () => {
  it("uses up only their own client's requests: the owner, from their own network, still gets a code and signs in", async () => {
    const email = "owner@northtown.example";
    const stranger = fromClient("198.51.100.66");
    await stranger.get("/sign-in");
    for (let request = 0; request < 5; request++) {
      expect((await stranger.post("/sign-in?index", { email, redirectTo: "/account" })).status).toBe(302);
    }
    const refused = await stranger.post("/sign-in?index", { email, redirectTo: "/account" });
    expect(refused.status).toBe(429);
    // What happened and how long to wait, in the error summary and beside the field.
    const wait = /Wait \d+ (?:seconds?|minutes?), then try again\./;
    expect(/class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.html)?.[0]).toMatch(wait);
    expect(/<p id="email-error" class="govuk-error-message">[\s\S]*?<\/p>/.exec(refused.html)?.[0]).toMatch(
      wait,
    );

    const owner = fromClient("203.0.113.5");
    await owner.get("/sign-in");
    expect(await owner.post("/sign-in?index", { email, redirectTo: "/account" })).toMatchObject({
      status: 302,
      location: "/sign-in/code",
    });
    const sent = emailsTo(email);
    expect(sent).toHaveLength(6);
    const code = /^(\d{6}) is your Groundswell sign-in code$/.exec(sent.at(-1)!.subject)![1]!;
    await owner.get("/sign-in/code");
    expect((await owner.post("/sign-in/code", { intent: "verify", code })).location).toBe("/account");

    expect((await stranger.post("/sign-in?index", { email, redirectTo: "/account" })).status).toBe(429);
    expect(emailsTo(email)).toHaveLength(6);
  });
});
