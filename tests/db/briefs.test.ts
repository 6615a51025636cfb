// The commission brief against a real database: composing (statements in order, another organisation's
// statement refused), publishing (refusals, the frozen snapshot, the consultation reported, the need trail,
// recipients who consented), later changes flagged beside the frozen figures, and audited exports.
import { sql } from "kysely";
import { micromark } from "micromark";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClaims, asRequest, type Tx } from "~/db/database.server";
import { briefSchema } from "~/features/briefs/brief-forms";
import { isBriefSnapshot } from "~/features/briefs/brief-snapshot";
import { exportBriefVersion } from "~/features/briefs/brief-exports.server";
import {
  changeBriefStatements,
  getBriefComposer,
  getOrStartBrief,
  updateBrief,
} from "~/features/briefs/brief-compose.server";
import { notifyBriefPublished, publishBrief } from "~/features/briefs/brief-publish.server";
import { currentFigureChanges, getPublishedBrief } from "~/features/briefs/published-briefs.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { eraseMyData, getNeedPage } from "~/features/needs/needs.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { unzip } from "../support/unzip";

let testDb: TestDatabase;
let org1: Awaited<ReturnType<typeof f.createOrganisation>>;
let org2: Awaited<ReturnType<typeof f.createOrganisation>>;
let commissioner: f.TestUser;
let otherCommissioner: f.TestUser;

const as = <T>(user: f.TestUser, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);
const APP_URL = "https://groundswell.example";

beforeAll(async () => {
  testDb = await createTestDatabase();
  org1 = await f.createOrganisation(testDb.admin, { name: "Northtown Council" });
  org2 = await f.createOrganisation(testDb.admin);
  [commissioner, otherCommissioner] = await Promise.all([
    f.createUser(testDb.admin),
    f.createUser(testDb.admin),
  ]);
  await f.addMember(testDb.admin, { organisation_id: org1.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(testDb.admin, { organisation_id: org2.id, user_id: otherCommissioner.id, role: "admin" });
});

afterAll(async () => {
  await testDb?.destroy();
});

/** A consultation in analysis with one agreed statement of `needs` published needs (the first quoted). */
async function world({ needs = 3, status = "analysing" as const } = {}) {
  const db = testDb.admin;
  const consultation = await f.createConsultation(db, { organisation_id: org1.id, status });
  const area = await f.createArea(db, { consultation_id: consultation.id, name: "Northtown" });
  const statement = await f.createStatement(db, {
    consultation_id: consultation.id,
    status: "agreed",
    created_by: commissioner.id,
  });
  const authors: f.TestUser[] = [];
  const needRows = [];
  for (let index = 0; index < needs; index += 1) {
    const author = await f.createUser(db);
    authors.push(author);
    const need = await f.createNeed(db, {
      consultation_id: consultation.id,
      status: "published",
      author_id: author.id,
      area_id: area.id,
      title: `Nowhere warm to meet ${index}`,
    });
    needRows.push(need);
    await f.createNeedPrivateDetails(db, {
      need_id: need.id,
      consultation_id: consultation.id,
      contact_email: index === 0 ? `Resident${index}@Example.test` : `quiet${index}@example.test`,
      contact_consent: index === 0,
      contact_consented_at: index === 0 ? new Date() : null,
    });
    await f.linkStatementNeed(db, {
      statement_id: statement.id,
      need_id: need.id,
      consultation_id: consultation.id,
      quoted: index === 0,
      added_by: commissioner.id,
    });
  }
  const context = await as(commissioner, (tx) =>
    requireCommissionedConsultation({ tx, slug: consultation.slug }),
  );
  return { consultation, context, statement, needs: needRows, authors, area };
}

async function composed(w: Awaited<ReturnType<typeof world>>) {
  const brief = await as(commissioner, (tx) =>
    getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
  );
  const added = await as(commissioner, (tx) =>
    changeBriefStatements({
      tx,
      briefId: brief.id,
      consultationId: w.consultation.id,
      statementId: w.statement.id,
      intent: "add",
      version: brief.version,
    }),
  );
  expect(added.status).toBe("added");
  return { brief, version: (added as { version: number }).version };
}

describe("composing a brief", () => {
  it("keeps the statements in the order the commissioner sets", async () => {
    const w = await world({ needs: 1 });
    const second = await f.createStatement(testDb.admin, {
      consultation_id: w.consultation.id,
      status: "agreed",
      title: "Second",
    });
    const { brief, version } = await composed(w);
    const added = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: second.id,
        intent: "add",
        version,
      }),
    );
    const moved = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: second.id,
        intent: "up",
        version: (added as { version: number }).version,
      }),
    );
    expect(moved.status).toBe("moved");
    const composer = await as(commissioner, (tx) =>
      getBriefComposer({ tx, consultation: w.context, userId: commissioner.id }),
    );
    expect(composer.statements.map((statement) => statement.title)).toEqual(["Second", w.statement.title]);
    // A stale version (another commissioner moved first) changes nothing.
    const stale = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: second.id,
        intent: "remove",
        version,
      }),
    );
    expect(stale.status).toBe("conflict");
  });

  it("refuses a statement from another organisation's consultation", async () => {
    const w = await world({ needs: 1 });
    const theirs = await f.createConsultation(testDb.admin, {
      organisation_id: org2.id,
      status: "analysing",
    });
    const foreign = await f.createStatement(testDb.admin, { consultation_id: theirs.id, status: "agreed" });
    const brief = await as(commissioner, (tx) =>
      getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
    );
    const result = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: foreign.id,
        intent: "add",
        version: brief.version,
      }),
    );
    expect(result.status).toBe("other-consultation");
    const rows = await testDb.admin
      .selectFrom("brief_statements")
      .select("statement_id")
      .where("brief_id", "=", brief.id)
      .execute();
    expect(rows).toEqual([]);
    // Nor can the other organisation's commissioner see or touch this brief.
    const seen = await as(otherCommissioner, (tx) =>
      tx.selectFrom("briefs").select("id").where("id", "=", brief.id).execute(),
    );
    expect(seen).toEqual([]);
  });

  it("refuses a save over someone else's newer save, keeping theirs", async () => {
    const w = await world({ needs: 1 });
    const brief = await as(commissioner, (tx) =>
      getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
    );
    const form = (purpose: string) =>
      briefSchema.parse({
        title: "Warm spaces",
        purpose,
        budgetMin: "",
        budgetMax: "",
        timeline: "",
        engagementNotes: "",
        version: String(brief.version),
      });
    expect(
      (await as(commissioner, (tx) => updateBrief({ tx, briefId: brief.id, input: form("First") }))).status,
    ).toBe("saved");
    const second = await as(commissioner, (tx) =>
      updateBrief({ tx, briefId: brief.id, input: form("Second") }),
    );
    expect(second.status).toBe("conflict");
    expect(second.status === "conflict" && second.current.purpose).toBe("First");
  });
});

describe("publishing", () => {
  it("refuses a brief with no statements, with a draft statement, or while the consultation is open", async () => {
    const w = await world({ needs: 1 });
    const brief = await as(commissioner, (tx) =>
      getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
    );
    const publish = (version: number, context = w.context) =>
      as(commissioner, (tx) =>
        publishBrief({
          tx,
          consultation: context,
          briefId: brief.id,
          version,
          changeNote: null,
          userId: commissioner.id,
        }),
      );
    expect(await publish(brief.version)).toEqual({ status: "blocked", blocker: { kind: "no-statements" } });

    const draft = await f.createStatement(testDb.admin, {
      consultation_id: w.consultation.id,
      status: "draft",
      title: "Still a draft",
    });
    const added = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: draft.id,
        intent: "add",
        version: brief.version,
      }),
    );
    const refused = await publish((added as { version: number }).version);
    expect(refused).toEqual({
      status: "blocked",
      blocker: { kind: "draft-statements", titles: ["Still a draft"] },
    });
    await testDb.admin
      .updateTable("needs_statements")
      .set({ status: "agreed" })
      .where("id", "=", draft.id)
      .execute();
    expect(await publish((added as { version: number }).version, { ...w.context, status: "open" })).toEqual({
      status: "blocked",
      blocker: { kind: "consultation-open", status: "open" },
    });
    expect(
      await testDb.admin.selectFrom("brief_versions").select("id").where("brief_id", "=", brief.id).execute(),
    ).toEqual([]);
  });

  it("freezes figures and quotes, reports the consultation, puts the brief in each need's trail and finds who consented", async () => {
    const w = await world({ needs: 3 });
    await f.createSupport(testDb.admin, {
      need_id: w.needs[1]!.id,
      user_id: w.authors[0]!.id,
      consultation_id: w.consultation.id,
    });
    const { brief, version } = await composed(w);
    const result = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: "First version",
        userId: commissioner.id,
      }),
    );
    expect(result.status).toBe("published");
    if (result.status !== "published") return;
    expect(result.versionNumber).toBe(1);
    expect(result.recipients).toEqual([{ email: "resident0@example.test", locale: "en" }]);

    const stored = await testDb.admin
      .selectFrom("brief_versions")
      .selectAll()
      .where("brief_id", "=", brief.id)
      .executeTakeFirstOrThrow();
    expect(isBriefSnapshot(stored.snapshot)).toBe(true);
    const snapshot = stored.snapshot as unknown as import("~/features/briefs/brief-snapshot").BriefSnapshot;
    expect(snapshot.statements[0]!.evidence).toMatchObject({ needs: 3, people: 3, supports: 1 });
    expect(snapshot.statements[0]!.evidence.quotes).toEqual([
      { reference: w.needs[0]!.reference, text: expect.stringContaining("Nowhere warm to meet 0") },
    ]);
    expect([...snapshot.need_ids].sort()).toEqual(w.needs.map((need) => need.id).sort());
    expect(JSON.stringify(snapshot)).not.toMatch(/example\.test/);

    const consultation = await testDb.admin
      .selectFrom("consultations")
      .select("status")
      .where("id", "=", w.consultation.id)
      .executeTakeFirstOrThrow();
    expect(consultation.status).toBe("reported");
    const page = await asRequest(testDb.app, anonClaims, (tx) =>
      getNeedPage({ tx, reference: w.needs[2]!.reference, userId: null }),
    );
    expect(page?.trail.briefs.map((entry) => entry.title)).toEqual([brief.title]);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select("action")
      .where("consultation_id", "=", w.consultation.id)
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["brief.published", "consultation.status_changed"]),
    );

    // Anyone reads the published version; nothing has changed yet.
    const published = await asRequest(testDb.app, anonClaims, (tx) =>
      getPublishedBrief({ tx, consultationSlug: w.consultation.slug }),
    );
    expect(published?.version.versionNumber).toBe(1);
    expect(
      await asRequest(testDb.app, anonClaims, (tx) =>
        currentFigureChanges({ tx, snapshot: published!.version.snapshot }),
      ),
    ).toEqual([]);
  });

  it("emails each resident who consented in the language they wrote their need in, footer and all", async () => {
    const w = await world({ needs: 3 });
    // Resident 0 wrote in Welsh; resident 1 (English) consents too; resident 2 did not consent.
    await testDb.admin
      .updateTable("needs")
      .set({ language: "cy" })
      .where("id", "=", w.needs[0]!.id)
      .execute();
    await testDb.admin
      .updateTable("needs")
      .set({ language: "en" })
      .where("id", "=", w.needs[1]!.id)
      .execute();
    await testDb.admin
      .updateTable("private.need_private_details")
      .set({
        contact_consent: true,
        contact_consented_at: new Date(),
        contact_email: "resident1@example.test",
      })
      .where("need_id", "=", w.needs[1]!.id)
      .execute();
    const { brief, version } = await composed(w);
    const result = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    if (result.status !== "published") throw new Error(result.status);
    expect(result.recipients).toEqual([
      { email: "resident0@example.test", locale: "cy" },
      { email: "resident1@example.test", locale: "en" },
    ]);
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    const count = await notifyBriefPublished({
      db: testDb.app,
      mailer,
      signer: createSigner("briefs-test-secret-long-enough"),
      appUrl: "https://groundswell.example",
      recipients: result.recipients,
      needIds: result.snapshot.need_ids,
      title: "Warm spaces",
      path: "/briefs/x/v/1",
    });
    expect(count).toBe(2);
    const welsh = sent.find((email) => email.to === "resident0@example.test")!;
    expect(welsh.subject).toBe("Wedi’i gyhoeddi: Warm spaces");
    expect(welsh.text).toContain("bellach yn rhan o friff comisiynu sydd wedi’i gyhoeddi, “Warm spaces”.");
    expect(welsh.text).toContain("https://groundswell.example/briefs/x/v/1");
    expect(welsh.text).toContain(
      "Rydych chi’n cael yr e-bost hwn am i chi ofyn am newyddion ar Groundswell.\nI atal y negeseuon e-bost hyn, agorwch:",
    );
    expect(welsh.text).toMatch(/\/unsubscribe\?token=\S+&lang=cy\n/);
    expect(welsh.text).not.toMatch(/You get this email|Published/);
    const english = sent.find((email) => email.to === "resident1@example.test")!;
    expect(english.subject).toBe("Published: Warm spaces");
    expect(english.text).toContain(
      "You get this email because you asked for updates on Groundswell.\nTo stop these emails, open:",
    );
    expect(english.text).not.toContain("Rydych chi");
  });

  it("a resident who also follows their cited need hears of the brief once, as its follower", async () => {
    const w = await world({ needs: 2 });
    const follow = await testDb.admin
      .insertInto("private.need_followers")
      .values({
        need_id: w.needs[0]!.id,
        consultation_id: w.context.id,
        email: "RESIDENT0@example.test",
        confirmed_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { brief, version } = await composed(w);
    const result = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    if (result.status !== "published") throw new Error(result.status);
    expect(result.recipients.map((row) => row.email)).toContain("resident0@example.test");
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    await notifyBriefPublished({
      db: testDb.app,
      mailer,
      signer: createSigner("briefs-test-secret-long-enough"),
      appUrl: "https://groundswell.example",
      recipients: result.recipients,
      needIds: result.snapshot.need_ids,
      title: "Warm spaces",
      path: "/briefs/x/v/1",
    });
    expect(sent.map((email) => email.to)).not.toContain("resident0@example.test");
    // The follower's own update about the brief is queued instead.
    const queued = await testDb.admin
      .selectFrom("private.jobs")
      .select("payload")
      .where("kind", "=", "notification")
      .where(sql<boolean>`payload->>'event' = 'brief_published'`)
      .where(sql<boolean>`payload->>'follow_id' = ${follow.id}`)
      .execute();
    expect(queued).toHaveLength(1);
  });

  it("editing after publishing makes a new draft; the next publication is version 2 and version 1 stays as it was", async () => {
    const w = await world({ needs: 2 });
    const { brief, version } = await composed(w);
    await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    const reported = await as(commissioner, (tx) =>
      requireCommissionedConsultation({ tx, slug: w.consultation.slug }),
    );
    let composer = await as(commissioner, (tx) =>
      getBriefComposer({ tx, consultation: reported, userId: commissioner.id }),
    );
    expect(composer.unpublishedChanges).toBe(false);
    const input = briefSchema.parse({
      title: "Warm spaces, revised",
      purpose: "Revised purpose",
      budgetMin: "1000",
      budgetMax: "5000",
      timeline: "",
      engagementNotes: "",
      version: String(composer.brief.version),
    });
    expect((await as(commissioner, (tx) => updateBrief({ tx, briefId: brief.id, input }))).status).toBe(
      "saved",
    );
    composer = await as(commissioner, (tx) =>
      getBriefComposer({ tx, consultation: reported, userId: commissioner.id }),
    );
    expect(composer.unpublishedChanges).toBe(true);
    const second = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: reported,
        briefId: brief.id,
        version: composer.brief.version,
        changeNote: "Budget added",
        userId: commissioner.id,
      }),
    );
    expect(second.status === "published" && second.versionNumber).toBe(2);
    const first = await asRequest(testDb.app, anonClaims, (tx) =>
      getPublishedBrief({ tx, briefId: brief.id, versionNumber: 1 }),
    );
    expect(first?.version.snapshot.title).not.toBe("Warm spaces, revised");
    expect(first?.versions.map((item) => [item.versionNumber, item.changeNote])).toEqual([
      [1, null],
      [2, "Budget added"],
    ]);
    // A published version cannot be edited, even by its publisher.
    await expect(
      as(commissioner, (tx) =>
        tx
          .updateTable("brief_versions")
          .set({ change_note: "rewritten" })
          .where("brief_id", "=", brief.id)
          .execute(),
      ),
    ).rejects.toThrow();
  });

  it("the public cannot read a brief that was never published", async () => {
    const w = await world({ needs: 1 });
    const brief = await as(commissioner, (tx) =>
      getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
    );
    expect(
      await asRequest(testDb.app, anonClaims, (tx) => getPublishedBrief({ tx, briefId: brief.id })),
    ).toBeNull();
    expect(
      await asRequest(testDb.app, anonClaims, (tx) =>
        getPublishedBrief({ tx, consultationSlug: w.consultation.slug }),
      ),
    ).toBeNull();
  });
});

describe("after publication", () => {
  it("a later erasure leaves the snapshot intact and flags the changed figures", async () => {
    const w = await world({ needs: 2 });
    const supporter = await f.createUser(testDb.admin);
    await f.createSupport(testDb.admin, {
      need_id: w.needs[0]!.id,
      user_id: supporter.id,
      consultation_id: w.consultation.id,
    });
    const { brief, version } = await composed(w);
    await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    const before = await testDb.admin
      .selectFrom("brief_versions")
      .select("snapshot")
      .where("brief_id", "=", brief.id)
      .executeTakeFirstOrThrow();

    // The supporter and one author erase their data; the cited need stays, unlinked.
    await as(supporter, (tx) => eraseMyData({ tx }));
    await as(w.authors[1]!, (tx) => eraseMyData({ tx }));
    const kept = await testDb.admin
      .selectFrom("needs")
      .select(["author_id", "status"])
      .where("id", "=", w.needs[1]!.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ author_id: null, status: "published" });

    const after = await testDb.admin
      .selectFrom("brief_versions")
      .select("snapshot")
      .where("brief_id", "=", brief.id)
      .executeTakeFirstOrThrow();
    expect(after.snapshot).toEqual(before.snapshot);
    const published = await asRequest(testDb.app, anonClaims, (tx) =>
      getPublishedBrief({ tx, briefId: brief.id }),
    );
    expect(published!.version.snapshot.statements[0]!.evidence).toMatchObject({
      needs: 2,
      people: 3,
      supports: 1,
    });
    const changes = await asRequest(testDb.app, anonClaims, (tx) =>
      currentFigureChanges({ tx, snapshot: published!.version.snapshot }),
    );
    expect(changes).toEqual([{ statementId: w.statement.id, now: { needs: 2, people: 2, supports: 0 } }]);

    // Moderation afterwards: a hidden need drops out of the current figures too.
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Off topic" })
      .where("id", "=", w.needs[0]!.id)
      .execute();
    const hidden = await asRequest(testDb.app, anonClaims, (tx) =>
      currentFigureChanges({ tx, snapshot: published!.version.snapshot }),
    );
    expect(hidden[0]!.now).toMatchObject({ needs: 1 });
  });

  it("exports what people typed as inert text: no Markdown structure, no DOCX link or broken XML", async () => {
    const w = await world({ needs: 1 });
    const link = '<a href="https://evil.example">click</a> [me](https://evil.example)';
    const hostile =
      "</p><img src=x onerror=alert(1)>\n# Injected heading\n- injected item\n![image](https://evil.example/x.png)\n> quoted\n\u0001\u000b|end|";
    await testDb.admin
      .updateTable("needs")
      .set({ title: link, description: hostile })
      .where("id", "=", w.needs[0]!.id)
      .execute();
    await testDb.admin
      .updateTable("needs_statements")
      .set({ title: `# ${link}`, body: hostile, population_affected: `1. ${link}\n## second line` })
      .where("id", "=", w.statement.id)
      .execute();
    // The organisation's name as a commissioner could type it when registering (the snapshot takes it from here).
    const organisationName = "Northtown Council";
    const context = {
      ...w.context,
      organisation_name: `=HYPERLINK("https://evil.example") { PAGE } *${organisationName}*`,
    };
    const { brief } = await composed(w);
    const { version } = await testDb.admin
      .updateTable("briefs")
      .set({ title: `${link} ##`, purpose: hostile, timeline: hostile })
      .where("id", "=", brief.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    const published = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    expect(published.status).toBe("published");
    const exported = async (format: "docx" | "md") => {
      const result = await as(commissioner, (tx) =>
        exportBriefVersion({ tx, consultation: w.context, briefId: brief.id, format, appUrl: APP_URL }),
      );
      if (result.status !== "exported") throw new Error(`not exported: ${format}`);
      return result.file.body;
    };

    // Rendered by a CommonMark parser, the only links are the brief's own and the headings are the brief's own.
    const html = micromark(String(await exported("md")), { allowDangerousHtml: true });
    expect(
      [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]!.slice(0, APP_URL.length)),
    ).toEqual([APP_URL, APP_URL]);
    expect(html).not.toMatch(
      /<img|<script|<blockquote>\s*<p>quoted|<li>injected|<h\d>Injected|<h\d>second line/,
    );
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // The organisation's name is its words, not emphasis or a link.
    expect(html).toContain(`=HYPERLINK(&quot;https://evil.example&quot;) { PAGE } *${organisationName}*`);
    expect(html).not.toMatch(/<em>|<strong>[^<]*evil/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain(
      `<h1>${"&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; [me](https://evil.example) ##"}</h1>`,
    );

    const docx = unzip(Buffer.from(await exported("docx")));
    const documentXml = docx.get("word/document.xml")!.toString("utf8");
    const relationships = docx.get("word/_rels/document.xml.rels")!.toString("utf8");
    expect(relationships).not.toContain("evil.example");
    expect(documentXml).toContain("&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;");
    expect(documentXml).not.toMatch(/<img|<a href/);
    // Typed text goes in text runs, never in field codes Word would run (a HYPERLINK or a PAGE field).
    expect(documentXml).not.toMatch(/<w:fldSimple|<w:instrText|<w:fldChar/);
    expect(documentXml).toContain(
      `=HYPERLINK(&quot;https://evil.example&quot;) { PAGE } *${organisationName}*`,
    );
    // Characters XML 1.0 forbids would make Word refuse to open the file.
    expect(documentXml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  });

  it("exports a published version as DOCX, Markdown and an evidence pack, each in the audit log", async () => {
    const w = await world({ needs: 2 });
    const { brief, version } = await composed(w);
    await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    const exported = async (format: "docx" | "md" | "csv") => {
      const result = await as(commissioner, (tx) =>
        exportBriefVersion({
          tx,
          consultation: w.context,
          briefId: brief.id,
          format,
          appUrl: APP_URL,
          ip: "203.0.113.9",
        }),
      );
      if (result.status !== "exported") throw new Error(`not exported: ${format}`);
      return result.file;
    };
    const docx = await exported("docx");
    expect(Buffer.isBuffer(docx.body) && docx.body.subarray(0, 2).toString()).toBe("PK");
    const markdown = String((await exported("md")).body);
    expect(markdown).toContain(`# ${brief.title}`);
    expect(markdown).toContain(`[${w.needs[0]!.reference}](${APP_URL}/needs/${w.needs[0]!.reference})`);
    const csv = String((await exported("csv")).body);
    expect(csv.split("\r\n")[0]).toContain("statement_position,statement,reference");
    expect(csv).toContain(w.needs[1]!.reference);
    expect(csv).not.toMatch(/example\.test/);

    const actions = await sql<{ action: string; ip: string | null }>`
      select action, host(ip) as ip from private.audit_log where consultation_id = ${w.consultation.id} and action like 'export.%' order by id`.execute(
      testDb.admin,
    );
    expect(actions.rows).toEqual([
      { action: "export.brief_docx", ip: "203.0.113.9" },
      { action: "export.brief_md", ip: "203.0.113.9" },
      { action: "export.brief_csv", ip: "203.0.113.9" },
    ]);
    // Another organisation's commissioner is turned away by the guard, and the database would refuse the
    // audit entry (so the export) even without it.
    await expect(
      as(otherCommissioner, (tx) => requireCommissionedConsultation({ tx, slug: w.consultation.slug })),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      as(otherCommissioner, (tx) =>
        exportBriefVersion({ tx, consultation: w.context, briefId: brief.id, format: "md", appUrl: APP_URL }),
      ),
    ).rejects.toThrow();
  });
});
