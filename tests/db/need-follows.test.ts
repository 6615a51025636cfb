// Email to residents about needs: following a need by email (double opt-in, a hashed expiring token, never
// telling whether an address already follows), the updates every confirmed follower gets as the need moves
// on, the acknowledgement of a need posted with an email address and consent, and the queue that sends them
// (a failing mail server delays an email; it loses nothing).
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asRequest, type Claims } from "~/db/database.server";
import {
  confirmNeedFollow,
  readFollowConfirmation,
  requestNeedFollow,
} from "~/features/needs/need-follows.server";
import { notificationJob } from "~/features/needs/need-notifications.server";
import { deleteUnconfirmedFollows } from "~/platform/housekeeping.server";
import { kickWorker } from "~/platform/jobs.server";
import { readUnsubscribeToken, unsubscribe } from "~/platform/notifications.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let organisationId: string;
let commissioner: Claims;
const anon: Claims = { role: "anon" };
const appUrl = "https://groundswell.example";
const signer = createSigner("need-follows-test-secret-long-enough");

let sent: OutgoingEmail[] = [];
let failing = false;
const mailer: Mailer = {
  async send(email) {
    if (failing) throw new Error("connect ECONNREFUSED 127.0.0.1:25");
    sent.push(email);
  },
  mailbox: null,
};
const logged: string[] = [];
/** Sends every queued notification, as the server's worker does. */
const sendQueued = () =>
  kickWorker(
    testDb.app,
    notificationJob({ mailer, signer, appUrl }, (line) => logged.push(line)),
  );

beforeAll(async () => {
  testDb = await createTestDatabase();
  organisationId = (await f.createOrganisation(testDb.admin)).id;
  const person = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, { organisation_id: organisationId, user_id: person.id, role: "admin" });
  commissioner = f.claimsFor(person);
});
afterAll(() => testDb.destroy());
beforeEach(() => {
  sent = [];
  failing = false;
});

async function publishedNeed(values: { title?: string } = {}) {
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisationId });
  const need = await f.createNeed(testDb.admin, {
    consultation_id: consultation.id,
    status: "published",
    ...values,
  });
  return { consultation, need };
}

const follows = (needId: string) =>
  testDb.admin
    .selectFrom("private.need_followers")
    .selectAll()
    .where("need_id", "=", needId)
    .orderBy("created_at")
    .execute();

const queued = (type: string) =>
  testDb.admin
    .selectFrom("private.jobs")
    .select(["id", "payload", "status", "attempts", "error"])
    .where("kind", "=", "notification")
    .where(sql<boolean>`payload ->> 'type' = ${type}`)
    .where("status", "in", ["queued", "running"])
    .execute();

/** Asks to follow, sends the confirmation, and returns the token from the emailed link. */
async function askToFollow(reference: string, email: string, locale: "en" | "cy" = "en") {
  expect(await requestNeedFollow({ db: testDb.app, claims: anon, reference, email, locale })).toEqual({
    status: "requested",
  });
  const before = sent.length;
  await sendQueued();
  const confirmation = sent.slice(before).find((message) => message.to === email);
  expect(confirmation).toBeDefined();
  const link = new RegExp(`${appUrl}/needs/${reference}/follow/confirm\\?token=([A-Za-z0-9_-]+)`).exec(
    confirmation!.text,
  );
  expect(link).not.toBeNull();
  return { token: link![1]!, email: confirmation! };
}

async function follow(reference: string, email: string, locale: "en" | "cy" = "en") {
  const { token } = await askToFollow(reference, email, locale);
  expect(await confirmNeedFollow({ db: testDb.app, reference, token })).toEqual({
    status: "confirmed",
    email,
  });
}

describe("following a need by email", () => {
  it("is a double opt-in: a confirmation email with a token kept only as its hash, that works once and not after it expires", async () => {
    const { need } = await publishedNeed();
    const { token, email } = await askToFollow(need.reference, "Fan@Example.test", "cy");
    expect(email.subject).toBe(`Cadarnhewch eich bod am ddilyn ${need.reference}`);
    expect(email.text).toContain(`&lang=cy`);
    expect(email.text).toContain("7 diwrnod");

    const [pending] = await follows(need.id);
    expect(pending).toMatchObject({ email: "Fan@Example.test", locale: "cy", confirmed_at: null });
    expect(pending!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(pending)).not.toContain(token);
    expect(new Date(pending!.token_expires_at!).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

    // Not active yet: the need moving on sends nothing to a pending follower.
    await asRequest(testDb.app, commissioner, (tx) =>
      tx
        .updateTable("needs")
        .set({ status: "hidden", moderation_reason: "Names a person" })
        .where("id", "=", need.id)
        .execute(),
    );
    expect(await queued("need_update")).toEqual([]);

    expect(await readFollowConfirmation({ db: testDb.app, reference: need.reference, token })).toMatchObject({
      email: "Fan@Example.test",
      reference: need.reference,
    });
    expect(await readFollowConfirmation({ db: testDb.app, reference: "GS-000000", token })).toBeNull();
    expect(await confirmNeedFollow({ db: testDb.app, reference: need.reference, token })).toEqual({
      status: "confirmed",
      email: "Fan@Example.test",
    });
    const [confirmed] = await follows(need.id);
    expect(confirmed!.confirmed_at).not.toBeNull();
    expect(confirmed!.token_hash).toBeNull();
    // Spent.
    expect(await confirmNeedFollow({ db: testDb.app, reference: need.reference, token })).toEqual({
      status: "invalid",
    });

    const other = await publishedNeed();
    const late = await askToFollow(other.need.reference, "late@example.test");
    await testDb.admin
      .updateTable("private.need_followers")
      .set({ token_expires_at: new Date(Date.now() - 1000) })
      .where("need_id", "=", other.need.id)
      .execute();
    expect(
      await confirmNeedFollow({ db: testDb.app, reference: other.need.reference, token: late.token }),
    ).toEqual({ status: "invalid" });
  });

  it("answers the same whether or not the address follows already, and only a pending follow gets a new link", async () => {
    const { need } = await publishedNeed();
    await follow(need.reference, "already@example.test");
    const jobsBefore = await queued("follow_confirmation");
    expect(
      await requestNeedFollow({
        db: testDb.app,
        claims: anon,
        reference: need.reference,
        email: "ALREADY@example.test",
        locale: "en",
      }),
    ).toEqual({ status: "requested" });
    expect(await queued("follow_confirmation")).toEqual(jobsBefore);
    expect(await follows(need.id)).toHaveLength(1);

    // A pending address asking again gets a fresh link; the first one stops working.
    const first = await askToFollow(need.reference, "twice@example.test");
    const second = await askToFollow(need.reference, "twice@example.test");
    expect(second.token).not.toBe(first.token);
    expect(
      await confirmNeedFollow({ db: testDb.app, reference: need.reference, token: first.token }),
    ).toEqual({ status: "invalid" });
    expect(
      (await confirmNeedFollow({ db: testDb.app, reference: need.reference, token: second.token })).status,
    ).toBe("confirmed");
  });

  it("is only offered for a need the asker can see that is still on its way", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisationId });
    const unreviewed = await f.createNeed(testDb.admin, { consultation_id: consultation.id });
    const withdrawn = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      status: "withdrawn",
    });
    for (const need of [unreviewed, withdrawn])
      expect(
        await requestNeedFollow({
          db: testDb.app,
          claims: anon,
          reference: need.reference,
          email: "nosy@example.test",
          locale: "en",
        }),
      ).toEqual({ status: "not-found" });
    expect(await follows(unreviewed.id)).toEqual([]);
  });

  it("deletes follows nobody confirmed a while after they were asked for", async () => {
    const { need } = await publishedNeed();
    await follow(need.reference, "kept@example.test");
    await askToFollow(need.reference, "stale@example.test");
    await askToFollow(need.reference, "fresh@example.test");
    await testDb.admin
      .updateTable("private.need_followers")
      .set({ created_at: new Date(Date.now() - 15 * 24 * 3600_000) })
      .where("need_id", "=", need.id)
      .where("email", "in", ["stale@example.test", "kept@example.test"])
      .execute();
    expect(await deleteUnconfirmedFollows({ db: testDb.app })).toBeGreaterThanOrEqual(1);
    expect((await follows(need.id)).map((row) => row.email).sort()).toEqual([
      "fresh@example.test",
      "kept@example.test",
    ]);
  });
});

describe("updates to followers", () => {
  it("tell every confirmed follower, in their language, each step of what became of the need, until they unsubscribe in one click", async () => {
    const { consultation, need } = await publishedNeed({ title: "No bus after 7pm" });
    await follow(need.reference, "en@example.test", "en");
    await follow(need.reference, "cy@example.test", "cy");
    await askToFollow(need.reference, "pending@example.test");
    // Back in the moderation queue (a change that tells nobody), so that publishing it is news.
    await testDb.admin.updateTable("needs").set({ status: "received" }).where("id", "=", need.id).execute();
    const updates = async () => {
      sent = [];
      await sendQueued();
      return Object.fromEntries(sent.map((email) => [email.to, email]));
    };
    const as = (work: Parameters<typeof asRequest>[2]) => asRequest(testDb.app, commissioner, work);

    // Moderation: published.
    await as((tx) =>
      tx.updateTable("needs").set({ status: "published" }).where("id", "=", need.id).execute(),
    );
    let got = await updates();
    expect(Object.keys(got).sort()).toEqual(["cy@example.test", "en@example.test"]);
    expect(got["en@example.test"]!.subject).toBe(`Update on ${need.reference}: No bus after 7pm`);
    expect(got["en@example.test"]!.text).toContain("It has been checked and published");
    expect(got["en@example.test"]!.text).toContain(`${appUrl}/needs/${need.reference}\n`);
    expect(got["en@example.test"]!.text).toContain("you chose to follow this need on Groundswell");
    expect(got["cy@example.test"]!.subject).toBe(`Newyddion am ${need.reference}: No bus after 7pm`);
    expect(got["cy@example.test"]!.text).toContain("Mae wedi’i wirio a’i gyhoeddi");
    const unsubscribeLink = /<(https:\/\/groundswell\.example\/unsubscribe\?token=[^>]+)>/.exec(
      got["en@example.test"]!.headers!["List-Unsubscribe"]!,
    );
    expect(unsubscribeLink).not.toBeNull();
    expect(got["en@example.test"]!.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(got["en@example.test"]!.text).toContain(unsubscribeLink![1]);

    // A grouping run's suggestion is not news; a commissioner's group is.
    const run = await f.createGroupingRun(testDb.admin, { consultation_id: consultation.id });
    const suggestion = await f.createNeedGroup(testDb.admin, {
      consultation_id: consultation.id,
      run_id: run.id,
      status: "suggested",
      label: "evening buses",
    });
    await f.addNeedToGroup(testDb.admin, {
      group_id: suggestion.id,
      need_id: need.id,
      consultation_id: consultation.id,
      origin: "suggested",
    });
    expect(await updates()).toEqual({});
    await as((tx) =>
      tx.updateTable("need_groups").set({ status: "accepted" }).where("id", "=", suggestion.id).execute(),
    );
    got = await updates();
    expect(got["en@example.test"]!.text).toContain(
      "Commissioners have grouped it with similar needs: “evening buses”.",
    );
    expect(got["cy@example.test"]!.text).toContain("wedi’i grwpio gydag anghenion tebyg: “evening buses”");

    // A needs statement agreed.
    const statement = await f.createStatement(testDb.admin, {
      consultation_id: consultation.id,
      title: "People cannot get home by bus in the evening",
    });
    await f.linkStatementNeed(testDb.admin, {
      statement_id: statement.id,
      need_id: need.id,
      consultation_id: consultation.id,
    });
    await as((tx) =>
      tx.updateTable("needs_statements").set({ status: "agreed" }).where("id", "=", statement.id).execute(),
    );
    got = await updates();
    expect(got["en@example.test"]!.text).toContain(
      `It is part of an agreed needs statement, “People cannot get home by bus in the evening”:\n${appUrl}/statements/${statement.id}`,
    );

    // The consultation closes.
    await as((tx) =>
      tx.updateTable("consultations").set({ status: "closed" }).where("id", "=", consultation.id).execute(),
    );
    got = await updates();
    expect(got["en@example.test"]!.text).toContain("The consultation has closed.");

    // One click: the follow ends for this need; the other follower still hears.
    const subscription = readUnsubscribeToken(
      signer,
      new URL(unsubscribeLink![1]!).searchParams.get("token"),
    );
    expect(subscription).toMatchObject({ email: "en@example.test", topic: "followed_needs" });
    await unsubscribe({ db: testDb.app, ...subscription! });
    expect((await follows(need.id)).map((row) => row.email).sort()).toEqual([
      "cy@example.test",
      "pending@example.test",
    ]);

    // A brief citing it is published.
    const brief = await f.createBrief(testDb.admin, { consultation_id: consultation.id });
    await f.createBriefVersion(testDb.admin, {
      brief_id: brief.id,
      consultation_id: consultation.id,
      snapshot: { title: "Evening transport", need_ids: [need.id] },
    });
    got = await updates();
    expect(Object.keys(got)).toEqual(["cy@example.test"]);
    expect(got["cy@example.test"]!.text).toContain(
      `Mae wedi’i ddyfynnu mewn briff comisiynu wedi’i gyhoeddi, “Evening transport”:\n${appUrl}/briefs/${brief.id}/v/1?lang=cy`,
    );
  });
});

describe("the acknowledgement of a posted need", () => {
  it("goes to a resident who gave an email address and consent, in their language, with the reference and a link", async () => {
    const consultation = await f.createConsultation(testDb.admin, {
      organisation_id: organisationId,
      title: "Buses in Northtown",
      title_cy: "Bysiau yn Northtown",
    });
    const need = await f.createNeed(testDb.admin, { consultation_id: consultation.id, language: "cy" });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      contact_email: "poster@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
    });
    const noConsent = await f.createNeed(testDb.admin, { consultation_id: consultation.id });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: noConsent.id,
      consultation_id: consultation.id,
    });
    const assisted = await f.createNeed(testDb.admin, {
      consultation_id: consultation.id,
      source: "assisted",
    });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: assisted.id,
      consultation_id: consultation.id,
      contact_email: "phoned@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
    });
    const jobs = await queued("need_acknowledgement");
    expect(jobs.map((job) => (job.payload as { need_id: string }).need_id)).toEqual([need.id]);
    expect(JSON.stringify(jobs)).not.toContain("poster@example.test");

    await sendQueued();
    expect(sent.map((email) => email.to)).toEqual(["poster@example.test"]);
    const [email] = sent;
    expect(email!.subject).toBe(`Mae eich angen ${need.reference} gennym: ${need.title}`);
    expect(email!.text).toContain("Diolch am bostio angen yn yr ymgynghoriad “Bysiau yn Northtown”.");
    expect(email!.text).toContain(`Cyfeirnod: ${need.reference}`);
    expect(email!.text).toContain("(cymedroli)");
    expect(email!.text).toContain(`${appUrl}/needs/${need.reference}?lang=cy\n`);
    expect(email!.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("waits out a failing mail server: the need stays, the email is tried again and sent", async () => {
    const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisationId });
    const need = await f.createNeed(testDb.admin, { consultation_id: consultation.id });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      contact_email: "patient@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
    });
    failing = true;
    await sendQueued();
    expect(sent).toEqual([]);
    const [job] = await queued("need_acknowledgement");
    expect(job).toMatchObject({ status: "queued", attempts: 1, error: "connect ECONNREFUSED 127.0.0.1:25" });
    expect(logged.some((line) => line.includes("failed, will retry"))).toBe(true);
    expect(
      await testDb.admin.selectFrom("needs").select("id").where("id", "=", need.id).executeTakeFirst(),
    ).toBeDefined();

    failing = false;
    await testDb.admin
      .updateTable("private.jobs")
      .set({ run_after: new Date() })
      .where("id", "=", job!.id)
      .execute();
    await sendQueued();
    expect(sent.map((email) => email.to)).toEqual(["patient@example.test"]);
    expect(await queued("need_acknowledgement")).toEqual([]);
  });
});
