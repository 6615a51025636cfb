// What experts say, against a real database, as the workspace and the expert's page call it: who may invite
// whom (nothing stored when refused), who reads the invitations, the draft and the contributions at each stage
// (draft: the commissioners and the expert; agreed: everyone), the expert bound to the invited address, the
// consent to be named, withdrawal, and the audit log of both sides.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { expertContributionSchema, expertInvitationSchema } from "~/features/statements/expert-forms";
import {
  acceptExpertInvitation,
  findExpertInvitation,
  getStatementForExpert,
  getWorkspaceExperts,
  inviteExpert,
  listExpertContributions,
  listExpertInvitations,
  saveExpertContribution,
  withdrawExpertInvitation,
} from "~/features/statements/expert-contributions.server";
import { getPublicStatement } from "~/features/statements/statements.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let colleague: f.TestUser;
let otherCommissioner: f.TestUser;
let expert: f.TestUser;
let stranger: f.TestUser;
let org: Awaited<ReturnType<typeof f.createOrganisation>>;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let statement: Awaited<ReturnType<typeof f.createStatement>>;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);

async function draftWithEvidence() {
  const draft = await f.createStatement(testDb.admin, { consultation_id: consultation.id });
  const need = await f.createNeed(testDb.admin, { consultation_id: consultation.id, status: "published" });
  await f.linkStatementNeed(testDb.admin, {
    statement_id: draft.id,
    need_id: need.id,
    consultation_id: consultation.id,
    quoted: true,
  });
  return draft;
}

const invite = (statementId: string, email: string, by = commissioner) =>
  as(by, (tx) =>
    inviteExpert({
      tx,
      consultation,
      statementId,
      email,
      role: "Public-health analyst",
      message: "Does the JSNA agree?",
      invitedBy: by.id,
    }),
  );

const invitationCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from private.expert_invitations`.execute(testDb.admin))
    .rows[0]!.n;

const contribution = (values: Partial<Record<string, unknown>> = {}) =>
  expertContributionSchema.parse({
    body: "Our JSNA shows the same gap: 40% of over-75s in Northtown live alone.",
    name: "Dr Ann Jones",
    role: "Public-health analyst",
    organisation: "Northshire Public Health",
    ...values,
  });

async function contribute(user: f.TestUser, token: string, values: Partial<Record<string, unknown>> = {}) {
  return as(user, async (tx) => {
    const invitation = (await findExpertInvitation({ tx, token }))!;
    return saveExpertContribution({ tx, invitation, userId: user.id, ...contribution(values) });
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  org = await f.createOrganisation(db);
  const otherOrg = await f.createOrganisation(db);
  [commissioner, colleague, otherCommissioner, expert, stranger] = await Promise.all([
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db, { email: `Expert-${f.unique("x")}@Example.test` }),
    f.createUser(db),
  ]);
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(db, { organisation_id: org.id, user_id: colleague.id, role: "member" });
  await f.addMember(db, { organisation_id: otherOrg.id, user_id: otherCommissioner.id, role: "admin" });
  consultation = await f.createConsultation(db, { organisation_id: org.id });
  statement = await draftWithEvidence();
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("inviting an expert", () => {
  it("checks the form: a valid address and a role, the address in lower case", () => {
    expect(expertInvitationSchema.safeParse({ email: "not an address", role: "Analyst" }).success).toBe(
      false,
    );
    expect(expertInvitationSchema.safeParse({ email: "a@b.test", role: " " }).success).toBe(false);
    expect(expertInvitationSchema.parse({ email: " Ann@Example.TEST ", role: "Analyst" })).toEqual({
      email: "ann@example.test",
      role: "Analyst",
      message: "",
    });
  });

  it("refuses a member of the commissioning organisation, a second live invitation and another organisation, storing nothing", async () => {
    const before = await invitationCount();
    expect(await invite(statement.id, colleague.email!.toUpperCase())).toEqual({ status: "already-member" });
    const first = await invite(statement.id, expert.email!);
    expect(first.status).toBe("invited");
    expect(await invite(statement.id, expert.email!)).toEqual({ status: "already-invited" });
    // Another organisation's commissioner does not see the statement at all.
    expect(await invite(statement.id, "someone@example.test", otherCommissioner)).toEqual({
      status: "not-found",
    });
    expect(await invitationCount()).toBe(before + 1);
    // The database refuses a member even when the app's check is bypassed.
    await expect(
      as(commissioner, (tx) =>
        tx
          .insertInto("private.expert_invitations")
          .values({
            consultation_id: consultation.id,
            statement_id: statement.id,
            email: colleague.email!.toLowerCase(),
            role: "Colleague",
            token_hash: "0".repeat(64),
            invited_by: commissioner.id,
          })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("refuses an agreed statement", async () => {
    const agreed = await f.createStatement(testDb.admin, {
      consultation_id: consultation.id,
      status: "agreed",
      agreed_at: new Date(),
    });
    expect(await invite(agreed.id, "late@example.test")).toEqual({ status: "not-draft" });
  });
});

describe("who reads what at each stage", () => {
  let token: string;
  let invitationId: string;
  let draft: Awaited<ReturnType<typeof f.createStatement>>;

  beforeAll(async () => {
    draft = await draftWithEvidence();
    // Before the invitation the expert does not read the draft.
    expect(await as(expert, (tx) => getStatementForExpert({ tx, statementId: draft.id }))).toBeNull();
    const result = await invite(draft.id, expert.email!);
    if (result.status !== "invited") throw new Error(result.status);
    token = result.token;
    invitationId = result.invitationId;
  });

  it("whoever holds the link sees what it invites to; only the invited address reads the draft", async () => {
    const seen = await as(null, (tx) => findExpertInvitation({ tx, token }));
    expect(seen).toMatchObject({
      statementId: draft.id,
      email: expert.email!.toLowerCase(),
      acceptedAt: null,
    });
    expect(await as(null, (tx) => getStatementForExpert({ tx, statementId: draft.id }))).toBeNull();
    expect(await as(stranger, (tx) => getStatementForExpert({ tx, statementId: draft.id }))).toBeNull();
    const read = await as(expert, (tx) => getStatementForExpert({ tx, statementId: draft.id }));
    expect(read?.statement.title).toBe(draft.title);
    // The evidence is counted for the expert as for the commissioners.
    expect(read?.evidence).toMatchObject({ needs: 1, people: 1 });
    expect(read?.evidence.quotes).toHaveLength(1);
    expect(read?.needs).toHaveLength(1);
  });

  it("invitations are read by the commissioners and the invitee only", async () => {
    const count = (user: f.TestUser | null) =>
      as(user, async (tx) =>
        user
          ? (
              await tx
                .selectFrom("private.expert_invitations")
                .select("id")
                .where("id", "=", invitationId)
                .execute()
            ).length
          : 0,
      );
    expect(await count(commissioner)).toBe(1);
    expect(await count(colleague)).toBe(1);
    expect(await count(expert)).toBe(1);
    expect(await count(stranger)).toBe(0);
    expect(await count(otherCommissioner)).toBe(0);
    await expect(
      as(null, (tx) => tx.selectFrom("private.expert_invitations").select("id").execute()),
    ).rejects.toThrow(/permission denied/);
  });

  it("only the invitee accepts, and only after accepting contributes", async () => {
    expect(
      await as(stranger, (tx) => acceptExpertInvitation({ tx, invitationId, userId: stranger.id })),
    ).toEqual({
      status: "refused",
    });
    expect(await contribute(expert, token)).toEqual({ status: "closed" });
    expect(await as(expert, (tx) => acceptExpertInvitation({ tx, invitationId, userId: expert.id }))).toEqual(
      {
        status: "accepted",
      },
    );
    // A commissioner cannot accept in the expert's place, nor the expert withdraw.
    await expect(
      as(commissioner, (tx) =>
        tx
          .updateTable("private.expert_invitations")
          .set({ expert_name: "Forged" })
          .where("id", "=", invitationId)
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      as(expert, (tx) =>
        tx
          .updateTable("private.expert_invitations")
          .set({ withdrawn_at: new Date(), withdrawn_by: expert.id })
          .where("id", "=", invitationId)
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("a draft's contribution is read by its commissioners and its author, not by anyone else", async () => {
    expect(await contribute(expert, token, { consent: "yes" })).toEqual({ status: "saved", created: true });
    // Someone else signed in cannot write one under the expert's invitation.
    await expect(contribute(stranger, token)).resolves.toEqual({ status: "closed" });
    const seenBy = (user: f.TestUser | null) =>
      as(user, (tx) => listExpertContributions({ tx, statementIds: [draft.id] }));
    expect(await seenBy(commissioner)).toHaveLength(1);
    expect(await seenBy(expert)).toHaveLength(1);
    expect(await seenBy(null)).toHaveLength(0);
    expect(await seenBy(stranger)).toHaveLength(0);
    expect(await seenBy(otherCommissioner)).toHaveLength(0);
    const [shown] = await seenBy(commissioner);
    expect(shown).toMatchObject({
      name: "Dr Ann Jones",
      role: "Public-health analyst",
      organisation: "Northshire Public Health",
    });
    const workspace = await as(commissioner, (tx) => getWorkspaceExperts({ tx, statementId: draft.id }));
    expect(workspace.invitations[0]).toMatchObject({ state: "contributed", expertName: "Dr Ann Jones" });
  });

  it("without consent the public row holds neither name nor organisation; the commissioners still know who", async () => {
    expect(await contribute(expert, token, { consent: undefined, body: "Edited: the JSNA agrees." })).toEqual(
      {
        status: "saved",
        created: false,
      },
    );
    const row = await testDb.admin
      .selectFrom("expert_contributions")
      .select(["name", "organisation", "named", "version", "body"])
      .where("invitation_id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: null,
      organisation: null,
      named: false,
      version: 2,
      body: "Edited: the JSNA agrees.",
    });
    const workspace = await as(commissioner, (tx) => getWorkspaceExperts({ tx, statementId: draft.id }));
    expect(workspace.contributions[0]?.author).toContain("Dr Ann Jones");
    await contribute(expert, token, { consent: "yes" });
  });

  it("while the community checks the draft back, everyone reads it with the draft", async () => {
    await testDb.admin
      .insertInto("statement_check_backs")
      .values({
        statement_id: draft.id,
        consultation_id: consultation.id,
        closes_at: new Date(Date.now() + 7 * 86_400_000),
        title_at_opening: "",
        body_at_opening: "",
      })
      .execute();
    for (const user of [null, stranger, otherCommissioner]) {
      expect(await as(user, (tx) => listExpertContributions({ tx, statementIds: [draft.id] }))).toHaveLength(
        1,
      );
    }
    const page = await as(null, (tx) => getPublicStatement({ tx, statementId: draft.id }));
    expect(page?.experts).toEqual([
      expect.objectContaining({ name: "Dr Ann Jones", role: "Public-health analyst" }),
    ]);
  });

  it("once agreed, everyone reads it and the expert can no longer change it", async () => {
    await testDb.admin
      .updateTable("needs_statements")
      .set({ status: "agreed", agreed_at: new Date() })
      .where("id", "=", draft.id)
      .execute();
    for (const user of [null, stranger, otherCommissioner, expert, commissioner]) {
      expect(await as(user, (tx) => listExpertContributions({ tx, statementIds: [draft.id] }))).toHaveLength(
        1,
      );
    }
    const page = await as(null, (tx) => getPublicStatement({ tx, statementId: draft.id }));
    expect(page?.experts).toEqual([
      expect.objectContaining({ name: "Dr Ann Jones", organisation: "Northshire Public Health" }),
    ]);
    expect(await contribute(expert, token, { body: "Too late" })).toEqual({ status: "closed" });
    expect(
      (
        await testDb.admin
          .selectFrom("expert_contributions")
          .select("body")
          .where("invitation_id", "=", invitationId)
          .executeTakeFirstOrThrow()
      ).body,
    ).not.toBe("Too late");
  });

  it("the expert's changes and the commissioners' are in the audit log", async () => {
    const { rows } = await sql<{ action: string; actor_id: string }>`
      select action, actor_id from private.audit_log
       where consultation_id = ${consultation.id} and action like 'expert.%' order by id`.execute(
      testDb.admin,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: "expert.invited", actor_id: commissioner.id },
        { action: "expert.invitation_accepted", actor_id: expert.id },
        { action: "expert.contributed", actor_id: expert.id },
        { action: "expert.contribution_updated", actor_id: expert.id },
      ]),
    );
  });
});

describe("withdrawing an invitation", () => {
  it("takes the draft from the expert and the contribution from every public place", async () => {
    const draft = await draftWithEvidence();
    const result = await invite(draft.id, expert.email!);
    if (result.status !== "invited") throw new Error(result.status);
    await as(expert, (tx) =>
      acceptExpertInvitation({ tx, invitationId: result.invitationId, userId: expert.id }),
    );
    await contribute(expert, result.token, { consent: "yes" });
    expect(
      await as(commissioner, (tx) =>
        withdrawExpertInvitation({
          tx,
          consultation,
          statementId: draft.id,
          invitationId: result.invitationId,
          userId: commissioner.id,
        }),
      ),
    ).toEqual({ status: "withdrawn" });
    expect(await as(expert, (tx) => getStatementForExpert({ tx, statementId: draft.id }))).toBeNull();
    expect(await contribute(expert, result.token)).toEqual({ status: "closed" });
    await testDb.admin
      .updateTable("needs_statements")
      .set({ status: "agreed", agreed_at: new Date() })
      .where("id", "=", draft.id)
      .execute();
    expect(await as(null, (tx) => listExpertContributions({ tx, statementIds: [draft.id] }))).toHaveLength(0);
    const invitations = await as(commissioner, (tx) => listExpertInvitations({ tx, statementId: draft.id }));
    expect(invitations.map((invitation) => invitation.state)).toEqual(["withdrawn"]);
    // Withdrawn, the same address may be invited again.
    await testDb.admin
      .updateTable("needs_statements")
      .set({ status: "draft", agreed_at: null })
      .where("id", "=", draft.id)
      .execute();
    expect((await invite(draft.id, expert.email!)).status).toBe("invited");
  });
});
