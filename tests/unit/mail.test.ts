// Email delivery (SMTP to a real SMTP receiver, or the server log), the capture folder tests read, the
// development mailbox, and the small helpers of the sign-in pages.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { navigationFor } from "~/lib/navigation";
import { describeUserAgent } from "~/lib/user-agent";
import { describeWait } from "~/platform/rate-limits.server";
import { signInCodeEmail } from "~/server/identity.server";
import { createMailer } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";

describe("the mailer", () => {
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  afterAll(() => smtp.close());

  it("sends by SMTP when SMTP_URL is set, from MAIL_FROM, and logs nothing", async () => {
    const lines: string[] = [];
    const mailer = createMailer({
      from: "Groundswell <hello@groundswell.example>",
      smtpUrl: smtp.url,
      log: (line) => lines.push(line),
    });
    await mailer.send(signInCodeEmail("ana@example.test", "314159"));
    expect(smtp.delivered).toHaveLength(1);
    expect(smtp.delivered[0]).toMatchObject({ from: "hello@groundswell.example", to: ["ana@example.test"] });
    expect(smtp.delivered[0]!.data).toContain("Subject: 314159 is your Groundswell sign-in code");
    expect(lines).toEqual([]);
    expect(mailer.mailbox).toBeNull();
  });

  it("writes each email to the server log as a marked block without SMTP, and to MAIL_CAPTURE_DIR as .eml", async () => {
    const captureDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-mail-"));
    const lines: string[] = [];
    const mailer = createMailer({
      from: "Groundswell <no-reply@groundswell.example>",
      captureDir,
      log: (line) => lines.push(line),
    });
    await mailer.send(signInCodeEmail("bo@example.test", "271828"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^======== EMAIL \(not sent: SMTP_URL is not set\) ========\nTo: bo@example.test\nSubject: 271828 is your/,
    );
    expect(lines[0]).toMatch(/\n======== END OF EMAIL ========$/);
    const files = fs.readdirSync(captureDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d+-[0-9a-f]{8}-bo@example\.test\.eml$/);
    const eml = fs.readFileSync(path.join(captureDir, files[0]!), "utf8");
    expect(eml).toMatch(/^From: Groundswell <no-reply@groundswell.example>$/m);
    expect(eml).toMatch(/^To: bo@example.test$/m);
    expect(eml).toContain("\n271828\n");
    fs.rmSync(captureDir, { recursive: true, force: true });
  });

  it("keeps the last messages for /dev/mailbox only when asked", async () => {
    const mailer = createMailer({ from: "x <x@example.test>", devMailbox: true, log: () => undefined });
    await mailer.send({ to: "a@example.test", subject: "First", text: "one" });
    await mailer.send({ to: "b@example.test", subject: "Second", text: "two" });
    expect(mailer.mailbox!.list().map((email) => email.subject)).toEqual(["Second", "First"]);
  });
});

describe("signed values", () => {
  it("verify only with the same secret and purpose, and refuse any change", () => {
    const signer = createSigner("one-secret-that-is-long-enough-for-this");
    const token = signer.sign("unsubscribe", "ana@example.test");
    expect(signer.verify("unsubscribe", token)).toBe("ana@example.test");
    expect(signer.verify("sign-in-flow", token)).toBeNull();
    expect(createSigner("another-secret-that-is-long-enough-too").verify("unsubscribe", token)).toBeNull();
    const [value, mac] = token.split(".");
    expect(
      signer.verify("unsubscribe", `${Buffer.from("eve@example.test").toString("base64url")}.${mac}`),
    ).toBeNull();
    expect(signer.verify("unsubscribe", value)).toBeNull();
    expect(signer.verify("unsubscribe", undefined)).toBeNull();
  });
});

describe("page helpers", () => {
  it("name devices people recognise", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iPhone");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0",
      ),
    ).toBe("Edge on Windows");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe(
      "Firefox on Linux",
    );
    expect(describeUserAgent(null)).toBe("Unknown browser");
  });

  it("say how long to wait in words", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(61 * 10)).toBe("11 minutes");
    expect(describeWait(3600)).toBe("60 minutes");
    expect(describeWait(3 * 3600)).toBe("3 hours");
  });

  it("show each role its own header links", () => {
    // Other pages add links everyone sees; these are the ones that depend on who is signed in.
    const roleLinks = [
      "Sign in",
      "Your account",
      "Sign out",
      "Organisations",
      "Your organisations",
      "Northtown Council",
    ];
    const texts = (viewer: Parameters<typeof navigationFor>[0]) =>
      navigationFor(viewer, "/")
        .map((link) => link.text)
        .filter((text) => roleLinks.includes(text));
    expect(navigationFor(null, "/")[0]).toEqual({ href: "/", text: "Consultations", current: true });
    expect(texts(null)).toEqual(["Sign in"]);
    expect(texts({ email: null, platformAdmin: false, organisations: [] })).toEqual(["Sign in"]);
    expect(texts({ email: "a@example.test", platformAdmin: false, organisations: [] })).toEqual([
      "Your account",
      "Sign out",
    ]);
    expect(
      texts({
        email: "c@example.test",
        platformAdmin: false,
        organisations: [{ name: "Northtown Council", slug: "northtown" }],
      }),
    ).toEqual(["Northtown Council", "Your account", "Sign out"]);
    expect(
      texts({
        email: "p@example.test",
        platformAdmin: true,
        organisations: [
          { name: "A", slug: "a" },
          { name: "B", slug: "b" },
        ],
      }),
    ).toEqual(["Your organisations", "Organisations", "Your account", "Sign out"]);
  });
});
