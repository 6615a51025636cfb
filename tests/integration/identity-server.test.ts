// The real server, signing in over HTTP with the code smtp.delivered by SMTP to a real SMTP receiver, and the
// development mailbox that exists only outside production.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { browserWithoutJs } from "../support/http-client";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";

const SESSION_SECRET = "identity-server-test-secret-long-enough-for-the-check";
let database: TestDatabase;
let smtp: SmtpReceiver;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await smtp.close();
  await database.destroy();
});

describe("signing in against the running server", () => {
  it("delivers the code by SMTP from MAIL_FROM, signs in without JavaScript, and makes ADMIN_EMAIL a platform admin", async () => {
    const app = await startApp({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Northtown Groundswell <hello@northtown.example>",
      ADMIN_EMAIL: "Boss@Northtown.example",
    });
    try {
      const browser = browserWithoutJs(app.url);
      await browser.get("/sign-in");
      const asked = await browser.post("/sign-in?index", {
        email: "boss@northtown.example",
        redirectTo: "/account",
      });
      expect(asked).toMatchObject({ status: 302, location: "/sign-in/code" });
      expect(smtp.delivered).toHaveLength(1);
      expect(smtp.delivered[0]!.to).toEqual(["boss@northtown.example"]);
      expect(smtp.delivered[0]!.data).toMatch(/^From: Northtown Groundswell <hello@northtown.example>$/m);
      const code = /^Subject: (\d{6}) is your Groundswell sign-in code$/m.exec(smtp.delivered[0]!.data)![1]!;
      expect(app.output()).not.toContain("======== EMAIL");

      await browser.get("/sign-in/code");
      expect((await browser.post("/sign-in/code", { intent: "verify", code })).location).toBe("/account");
      const account = await browser.get("/account");
      expect(account.status).toBe(200);
      expect(account.html).toContain("boss@northtown.example");
      expect(account.html).toContain('href="/admin/organisations"');
      expect((await browser.get("/admin/organisations")).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe("the development mailbox", () => {
  it("shows the emails sent when DEV_MAILBOX=1 in development, and does not exist in production even then", async () => {
    const development = await startApp({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      DEV_MAILBOX: "1",
      NODE_ENV: "development",
    });
    try {
      const browser = browserWithoutJs(development.url);
      await browser.get("/sign-in");
      await browser.post("/sign-in?index", { email: "dev@example.test", redirectTo: "/account" });
      const mailbox = await browser.get("/dev/mailbox");
      expect(mailbox.status).toBe(200);
      expect(mailbox.html).toMatch(/\d{6} is your Groundswell sign-in code/);
      expect(development.output()).toContain("======== EMAIL (not sent: SMTP_URL is not set) ========");
    } finally {
      await development.stop();
    }
    const production = await startApp({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      DEV_MAILBOX: "1",
      NODE_ENV: "production",
    });
    try {
      expect((await fetch(`${production.url}/dev/mailbox`)).status).toBe(404);
    } finally {
      await production.stop();
    }
  });

  it("is served by `npm start` on the embedded demo database when DEV_MAILBOX=1, and the code page points to it", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-mailbox-"));
    fs.chmodSync(dataDir, 0o755);
    const demo = await startApp({
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      DEV_MAILBOX: "1",
      NODE_ENV: "production",
    });
    try {
      expect(demo.output()).toContain("/dev/mailbox");
      const browser = browserWithoutJs(demo.url);
      await browser.get("/sign-in");
      await browser.post("/sign-in?index", {
        email: "commissioner@demo.groundswell.test",
        redirectTo: "/workspace",
      });
      const codePage = await browser.get("/sign-in/code");
      expect(codePage.html).toContain('href="/dev/mailbox"');
      const mailbox = await browser.get("/dev/mailbox");
      expect(mailbox.status).toBe(200);
      const code = /(\d{6}) is your Groundswell sign-in code/.exec(mailbox.html)![1]!;
      expect((await browser.post("/sign-in/code", { intent: "verify", code })).location).toBe("/workspace");
    } finally {
      await demo.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
