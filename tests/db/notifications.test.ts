// Notification emails carry an unsubscribe link that works without signing in, and are never sent to an
// address that unsubscribed from their topic (or from everything).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "~/lib/i18n";
import { readUnsubscribeToken, sendNotification, unsubscribe } from "~/platform/notifications.server";
import { notifyGroupOfQuestion } from "~/features/partners/proposals.server";
import { createMailer, type Mailer, type OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { parseEmail } from "../e2e/support/mail";
import * as f from "../support/factories";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.destroy());

const signer = createSigner("notifications-test-secret-long-enough");

describe("notification emails", () => {
  it("carry a signed unsubscribe link, and stop once the person follows it", async () => {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    const to = `${f.unique("resident")}@example.test`;
    const notify = () =>
      sendNotification({
        db: testDb.app,
        mailer,
        signer,
        appUrl: "https://groundswell.example",
        to,
        topic: "need_updates",
        subject: "Your need was published",
        text: "It is public now.",
      });

    expect(await notify()).toBe("sent");
    const link = /https:\/\/groundswell\.example\/unsubscribe\?token=(\S+)/.exec(sent[0]!.text);
    expect(link).not.toBeNull();
    expect(sent[0]!.headers).toEqual({
      "List-Unsubscribe": `<${link![0]}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    const subscription = readUnsubscribeToken(signer, decodeURIComponent(link![1]!));
    expect(subscription).toEqual({ email: to, topic: "need_updates" });
    expect(readUnsubscribeToken(signer, decodeURIComponent(link![1]!).replace(/.$/, "x"))).toBeNull();

    await unsubscribe({ db: testDb.app, ...subscription! });
    await unsubscribe({ db: testDb.app, ...subscription! });
    expect(await notify()).toBe("unsubscribed");
    expect(sent).toHaveLength(1);
    expect(
      await sendNotification({
        db: testDb.app,
        mailer,
        signer,
        appUrl: "https://groundswell.example",
        to,
        topic: "brief_published",
        subject: "A brief",
        text: "Published.",
      }),
    ).toBe("sent");
  });

  it("stop for every topic after unsubscribing from all", async () => {
    const mailer: Mailer = { send: async () => undefined, mailbox: null };
    const to = `${f.unique("quiet")}@example.test`;
    await unsubscribe({ db: testDb.app, email: to.toUpperCase(), topic: "all" });
    expect(
      await sendNotification({
        db: testDb.app,
        mailer,
        signer,
        appUrl: "https://groundswell.example",
        to,
        topic: "brief_published",
        subject: "A brief",
        text: "Published.",
      }),
    ).toBe("unsubscribed");
  });

  it("are in the email's language down to the footer: a Welsh email's unsubscribe words are Welsh and its link opens the page in Welsh", async () => {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    const to = `${f.unique("cymraeg")}@example.test`;
    const base = {
      db: testDb.app,
      mailer,
      signer,
      appUrl: "https://groundswell.example",
      to,
      topic: "brief_published" as const,
    };
    expect(
      await sendNotification({
        ...base,
        subject: "Wedi’i gyhoeddi",
        text: "Mae briff wedi’i gyhoeddi.",
        locale: "cy",
      }),
    ).toBe("sent");
    expect(await sendNotification({ ...base, subject: "Published", text: "A brief is published." })).toBe(
      "sent",
    );
    const [welsh, english] = sent;

    expect(welsh!.text).toContain(
      "Rydych chi’n cael yr e-bost hwn am i chi ofyn am newyddion ar Groundswell.\nI atal y negeseuon e-bost hyn, agorwch:\n",
    );
    expect(welsh!.text).not.toMatch(/You get this email|To stop these emails/);
    const welshLink = /https:\/\/groundswell\.example\/unsubscribe\?token=([^&\s]+)&lang=cy\n/.exec(
      welsh!.text,
    );
    expect(welshLink).not.toBeNull();
    expect(welsh!.headers).toEqual({
      "List-Unsubscribe": `<${welshLink![0].trim()}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(readUnsubscribeToken(signer, decodeURIComponent(welshLink![1]!))).toEqual({
      email: to,
      topic: "brief_published",
    });

    expect(english!.text).toContain(
      "You get this email because you asked for updates on Groundswell.\nTo stop these emails, open:\n",
    );
    expect(english!.text).not.toContain("lang=");
    expect(english!.text).not.toContain("Rydych chi’n cael");
  });

  it("say why in the words the caller gives, translated with the footer", async () => {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    const to = `${f.unique("member")}@example.test`;
    await sendNotification({
      db: testDb.app,
      mailer,
      signer,
      appUrl: "https://groundswell.example",
      to,
      topic: "proposal_questions",
      subject: "A question",
      text: "Answer it.",
      locale: "cy",
      reason: translator("cy")("email.notification.reason.member", { group: "Bwyd Warren" }),
    });
    expect(sent[0]!.text).toContain("Rydych chi’n cael yr e-bost hwn am eich bod yn aelod o Bwyd Warren.");
  });

  it("carry what people typed as plain text only, with every subject on one line", async () => {
    const council = await f.createOrganisation(testDb.admin, { name: "Eastshire Council" });
    const group = await f.createOrganisation(testDb.admin, {
      kind: "community_group",
      name: "Food <b>Bank</b>",
    });
    const member = await f.createUser(testDb.admin, { email: `${f.unique("member")}@example.test` });
    await f.addMember(testDb.admin, { organisation_id: group.id, user_id: member.id, role: "member" });
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: council.id });
    const title =
      '<a href="https://evil.example">click</a>\r\nBcc: victim@evil.example\r\n\r\n</p><img src=x onerror=alert(1)>';
    const proposal = await f.createProposal(testDb.admin, {
      consultation_id: consultation.id,
      organisation_id: group.id,
      title,
    });
    const question = await f.createProposalMessage(testDb.admin, {
      proposal_id: proposal.id,
      consultation_id: consultation.id,
      author_organisation_id: council.id,
      body: "</p><script>alert(1)</script>\nSee [here](https://evil.example)",
    });
    const captureDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-notifications-"));
    const log: string[] = [];
    const mailer = createMailer({
      from: "Groundswell <hello@groundswell.example>",
      captureDir,
      devMailbox: true,
      log: (line) => log.push(line),
    });
    try {
      expect(
        await notifyGroupOfQuestion({
          db: testDb.app,
          mailer,
          signer,
          appUrl: "https://groundswell.example",
          questionId: question.id,
        }),
      ).toEqual({
        sent: 1,
        unsubscribed: 0,
        failed: 0,
      });
      const [file] = fs.readdirSync(captureDir).filter((name) => name.endsWith(".eml"));
      const raw = fs.readFileSync(path.join(captureDir, file!), "utf8");
      const email = parseEmail(path.join(captureDir, file!));
      // Plain text is shown as typed and never run: no HTML part for markup to land in.
      expect(email.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(raw).not.toContain("text/html");
      expect(Object.keys(email.headers)).not.toContain("bcc");
      const oneLineTitle =
        '<a href="https://evil.example">click</a> Bcc: victim@evil.example </p><img src=x onerror=alert(1)>';
      expect(email.subject).toBe(`Eastshire Council asked a question about “${oneLineTitle}”`);
      expect(email.text).toContain("</p><script>alert(1)</script>");

      // The server log (where emails go without SMTP) and the development mailbox show the same one line.
      const [, , subjectLine, blank] = log[0]!.split("\n");
      expect(subjectLine).toBe(`Subject: ${email.subject}`);
      expect(blank).toBe("");
      expect(mailer.mailbox!.list()[0]!.subject).toBe(email.subject);
    } finally {
      fs.rmSync(captureDir, { recursive: true, force: true });
    }
  });
});
