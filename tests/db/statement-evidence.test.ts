// The evidence of needs statements, computed live from the linked needs as each kind of reader sees it:
// counts, distinct people (authors and supporters once each), supports, areas, affected groups, seriousness,
// date range and quotes; needs taken down by moderation drop out; other organisations see nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import {
  computeNeedsEvidence,
  computeStatementEvidence,
  getStatementEvidence,
} from "~/features/statements/statement-evidence.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let otherCommissioner: f.TestUser;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let north: Awaited<ReturnType<typeof f.createArea>>;
let south: Awaited<ReturnType<typeof f.createArea>>;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const org = await f.createOrganisation(db);
  const otherOrg = await f.createOrganisation(db);
  [commissioner, otherCommissioner] = await Promise.all([f.createUser(db), f.createUser(db)]);
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(db, { organisation_id: otherOrg.id, user_id: otherCommissioner.id, role: "admin" });
  consultation = await f.createConsultation(db, { organisation_id: org.id });
  north = await f.createArea(db, { consultation_id: consultation.id, name: "Northtown" });
  south = await f.createArea(db, { consultation_id: consultation.id, name: "Southside" });
});

afterAll(async () => {
  await testDb?.destroy();
});

/** Three published needs by two residents (one anonymous), one assisted need, supports overlapping authors. */
async function arrange() {
  const db = testDb.admin;
  const c = consultation.id;
  const [ana, anonymous, supporter] = await Promise.all([
    f.createUser(db),
    f.createUser(db, { anonymous: true }),
    f.createUser(db),
  ]);
  const need = (values: Parameters<typeof f.createNeed>[1]) =>
    f.createNeed(db, { status: "published", ...values });
  const first = await need({
    consultation_id: c,
    author_id: ana.id,
    area_id: north.id,
    affected_groups: ["older_people", "carers"],
    seriousness: 4,
    title: "Nowhere warm to meet",
    description: "Since the day centre shut there is nowhere warm.",
    created_at: new Date("2026-01-05T10:00:00Z"),
  });
  const second = await need({
    consultation_id: c,
    author_id: ana.id,
    area_id: north.id,
    affected_groups: ["older_people"],
    seriousness: 5,
    created_at: new Date("2026-02-10T10:00:00Z"),
  });
  const third = await need({
    consultation_id: c,
    author_id: anonymous.id,
    area_id: south.id,
    affected_groups: ["disabled_people"],
    seriousness: null,
    title: "The library has no step-free entrance",
    description: "I cannot get in with my chair.",
    created_at: new Date("2026-03-01T10:00:00Z"),
  });
  const assisted = await need({
    consultation_id: c,
    author_id: null,
    source: "assisted",
    area_id: null,
    affected_groups: ["older_people"],
    seriousness: 4,
    created_at: new Date("2026-02-20T10:00:00Z"),
  });
  const hidden = await need({
    consultation_id: c,
    author_id: (await f.createUser(db)).id,
    area_id: south.id,
    status: "hidden",
    moderation_reason: "Abusive",
    created_at: new Date("2025-12-01T10:00:00Z"),
  });
  const waiting = await need({
    consultation_id: c,
    author_id: (await f.createUser(db)).id,
    status: "received",
  });
  // The supporter backs two needs (one person), and Ana supports the anonymous resident's (already counted).
  for (const [user, target] of [
    [supporter, first],
    [supporter, third],
    [ana, third],
    [anonymous, assisted],
  ] as const) {
    await f.createSupport(db, { need_id: target.id, user_id: user.id, consultation_id: c });
  }
  // A supporter of the hidden need only: not a person behind the statement.
  await f.createSupport(db, { need_id: hidden.id, user_id: (await f.createUser(db)).id, consultation_id: c });
  return { first, second, third, assisted, hidden, waiting, published: [first, second, third, assisted] };
}

async function statementOf(needs: { id: string }[], quoted: string[], status: "draft" | "agreed" = "draft") {
  const statement = await f.createStatement(testDb.admin, {
    consultation_id: consultation.id,
    created_by: commissioner.id,
    status,
  });
  for (const need of needs) {
    await f.linkStatementNeed(testDb.admin, {
      statement_id: statement.id,
      need_id: need.id,
      consultation_id: consultation.id,
      quoted: quoted.includes(need.id),
    });
  }
  return statement;
}

describe("statement evidence", () => {
  it("counts needs, distinct people, supports, areas, groups, seriousness, dates and quotes of published needs only", async () => {
    const needs = await arrange();
    const statement = await statementOf(
      [...needs.published, needs.hidden, needs.waiting],
      [needs.first.id, needs.third.id, needs.hidden.id],
    );

    const evidence = await as(commissioner, (tx) => getStatementEvidence({ tx, statementId: statement.id }));
    expect(evidence.needs).toBe(4);
    // Ana, the anonymous resident, the supporter, and the assisted need's unnamed person.
    expect(evidence.people).toBe(4);
    expect(evidence.supports).toBe(4);
    expect(evidence.areas).toEqual([
      { id: north.id, name: "Northtown", needs: 2 },
      { id: south.id, name: "Southside", needs: 1 },
      { id: null, name: null, needs: 1 },
    ]);
    expect(evidence.groups).toEqual([
      { group: "older_people", needs: 3 },
      { group: "disabled_people", needs: 1 },
      { group: "carers", needs: 1 },
    ]);
    expect(evidence.seriousness).toEqual({ 1: 0, 2: 0, 3: 0, 4: 2, 5: 1, none: 1 });
    expect(evidence.first?.toISOString()).toBe("2026-01-05T10:00:00.000Z");
    expect(evidence.last?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    // The hidden need's quote is dropped with it.
    expect(evidence.quotes).toEqual([
      {
        needId: needs.first.id,
        reference: needs.first.reference,
        title: "Nowhere warm to meet",
        description: "Since the day centre shut there is nowhere warm.",
      },
      {
        needId: needs.third.id,
        reference: needs.third.reference,
        title: "The library has no step-free entrance",
        description: "I cannot get in with my chair.",
      },
    ]);
    expect(evidence.needIds).toEqual([needs.first.id, needs.second.id, needs.assisted.id, needs.third.id]);
    expect(evidence.references).toEqual([
      needs.first.reference,
      needs.second.reference,
      needs.assisted.reference,
      needs.third.reference,
    ]);
    // The commissioner is told about the hidden and the waiting need, which are not counted.
    expect(evidence.notCounted).toBe(2);

    // The same needs picked by hand (before there is a statement) give the same figures.
    const picked = await as(commissioner, (tx) =>
      computeNeedsEvidence({
        tx,
        consultationId: consultation.id,
        needIds: [...needs.published, needs.hidden, needs.waiting].map((need) => need.id),
        quoted: [needs.first.id, needs.third.id],
      }),
    );
    expect(picked).toEqual(evidence);
  });

  it("follows moderation live: a need hidden after the statement was written drops out of every figure", async () => {
    const needs = await arrange();
    const statement = await statementOf(needs.published, [needs.third.id]);
    const before = await as(commissioner, (tx) => getStatementEvidence({ tx, statementId: statement.id }));
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Personal details" })
      .where("id", "=", needs.third.id)
      .execute();
    const after = await as(commissioner, (tx) => getStatementEvidence({ tx, statementId: statement.id }));
    expect(before.needs - after.needs).toBe(1);
    // Everyone behind it is still heard through another need: the anonymous resident supports the assisted one.
    expect(after.people).toBe(before.people);
    expect(after.supports).toBe(before.supports - 2);
    expect(after.areas.find((area) => area.id === south.id)).toBeUndefined();
    expect(after.groups.find((group) => group.group === "disabled_people")).toBeUndefined();
    expect(after.quotes).toEqual([]);
    expect(after.last?.toISOString()).toBe("2026-02-20T10:00:00.000Z");
    expect(after.references).not.toContain(needs.third.reference);
  });

  it("shows an agreed statement's evidence to the public with the same figures, and a draft's to nobody outside", async () => {
    const needs = await arrange();
    const agreed = await statementOf([...needs.published, needs.hidden], [needs.first.id], "agreed");
    const draft = await statementOf(needs.published, []);

    const byCommissioner = await as(commissioner, (tx) =>
      computeStatementEvidence({ tx, statementIds: [agreed.id, draft.id] }),
    );
    const byPublic = await as(null, (tx) =>
      computeStatementEvidence({ tx, statementIds: [agreed.id, draft.id] }),
    );
    const { notCounted, ...publicFigures } = byCommissioner.get(agreed.id)!;
    expect(notCounted).toBe(1);
    // Anonymous readers cannot see supporters, yet get the same count of people.
    expect(byPublic.get(agreed.id)).toEqual({ ...publicFigures, notCounted: 0 });
    expect(byPublic.get(agreed.id)!.people).toBe(4);
    expect(byPublic.get(draft.id)!.needs).toBe(0);
    expect(byPublic.get(draft.id)!.people).toBe(0);
    expect(byCommissioner.get(draft.id)!.needs).toBe(4);

    // Another organisation's commissioner sees neither the draft nor its people.
    const byOther = await as(otherCommissioner, (tx) => getStatementEvidence({ tx, statementId: draft.id }));
    expect(byOther.needs).toBe(0);
    expect(byOther.people).toBe(0);
    const pickedByOther = await as(otherCommissioner, (tx) =>
      computeNeedsEvidence({
        tx,
        consultationId: consultation.id,
        needIds: needs.published.map((need) => need.id),
      }),
    );
    // Published needs are public, but the supporters behind them are not the other organisation's to count.
    expect(pickedByOther.people).toBe(3);
  });

  it("leaves out needs of another consultation from a hand-picked set", async () => {
    const needs = await arrange();
    const elsewhere = await f.createConsultation(testDb.admin, {
      organisation_id: consultation.organisation_id,
    });
    const stranger = await f.createNeed(testDb.admin, { consultation_id: elsewhere.id, status: "published" });
    const evidence = await as(commissioner, (tx) =>
      computeNeedsEvidence({ tx, consultationId: consultation.id, needIds: [needs.first.id, stranger.id] }),
    );
    expect(evidence.needIds).toEqual([needs.first.id]);
    expect(evidence.people).toBe(2);
  });
});
