// Notification emails carry an unsubscribe link that works without signing in, and are never sent to an
// address that unsubscribed from their topic (or from everything).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUnsubscribeToken, sendNotification, unsubscribe } from "~/models/notifications.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
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
      sendNotification({ db: testDb.app, mailer, signer, appUrl: "https://groundswell.example", to, topic: "need_updates", subject: "Your need was published", text: "It is public now." });

    expect(await notify()).toBe("sent");
    const link = /https:\/\/groundswell\.example\/unsubscribe\?token=(\S+)/.exec(sent[0]!.text);
    expect(link).not.toBeNull();
    expect(sent[0]!.headers).toEqual({ "List-Unsubscribe": `<${link![0]}>` });
    const subscription = readUnsubscribeToken(signer, decodeURIComponent(link![1]!));
    expect(subscription).toEqual({ email: to, topic: "need_updates" });
    expect(readUnsubscribeToken(signer, decodeURIComponent(link![1]!).replace(/.$/, "x"))).toBeNull();

    await unsubscribe({ db: testDb.app, ...subscription! });
    await unsubscribe({ db: testDb.app, ...subscription! });
    expect(await notify()).toBe("unsubscribed");
    expect(sent).toHaveLength(1);
    expect(
      await sendNotification({ db: testDb.app, mailer, signer, appUrl: "https://groundswell.example", to, topic: "brief_published", subject: "A brief", text: "Published." }),
    ).toBe("sent");
  });

  it("stop for every topic after unsubscribing from all", async () => {
    const mailer: Mailer = { send: async () => undefined, mailbox: null };
    const to = `${f.unique("quiet")}@example.test`;
    await unsubscribe({ db: testDb.app, email: to.toUpperCase(), topic: "all" });
    expect(
      await sendNotification({ db: testDb.app, mailer, signer, appUrl: "https://groundswell.example", to, topic: "brief_published", subject: "A brief", text: "Published." }),
    ).toBe("unsubscribed");
  });
});
