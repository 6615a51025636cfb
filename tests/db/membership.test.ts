// Organisations, invitations and memberships as the pages drive them: every case runs as the person
// acting, under row-level security, and checks through the superuser connection that a refusal changed
// nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims } from "~/db/database.server";
import {
  acceptInvitation,
  findInvitationByToken,
  hashInvitationToken,
  newInvitationToken,
} from "~/features/identity/invitations.server";
import {
  changeMemberRole,
  createCommissionerOrganisation,
  inviteMember,
  listMembers,
  listPendingInvitations,
  removeMember,
  slugFor,
} from "~/features/identity/organisations.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.destroy());

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

async function organisationWith(
  roles: ("admin" | "member")[],
  kind: "commissioner" | "community_group" = "commissioner",
) {
  const organisation =
    kind === "commissioner"
      ? await f.createOrganisation(testDb.admin)
      : await f.createCommunityGroup(testDb.admin);
  const people: f.TestUser[] = [];
  for (const role of roles) {
    const person = await f.createUser(testDb.admin);
    await f.addMember(testDb.admin, { organisation_id: organisation.id, user_id: person.id, role });
    people.push(person);
  }
  return { organisation, people };
}

const countRows = async (table: "memberships" | "private.invitations", organisationId: string) =>
  (
    await testDb.admin
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow()
  ).n;

describe("invitations", () => {
  it("an admin invites by email; the invitee accepts once, as themselves, and the audit log says who did what", async () => {
    const {
      organisation,
      people: [admin],
    } = await organisationWith(["admin"]);
    const invitee = await f.createUser(testDb.admin, { email: `${f.unique("invitee")}@example.test` });
    const invitation = await as(admin!, (tx) =>
      inviteMember({
        tx,
        organisationId: organisation.id,
        email: invitee.email!.toUpperCase(),
        role: "member",
        invitedBy: admin!.id,
      }),
    );
    if (invitation.status !== "invited") throw new Error("not invited");
    const stored = await testDb.admin
      .selectFrom("private.invitations")
      .selectAll()
      .where("organisation_id", "=", organisation.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashInvitationToken(invitation.token));
    expect(stored.token_hash).not.toContain(invitation.token);
    expect(stored.email).toBe(invitee.email);
    expect(new Date(stored.expires_at).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 60 * 60 * 1000);

    const anonymousView = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      findInvitationByToken({ tx, token: invitation.token }),
    );
    expect(anonymousView).toMatchObject({
      organisationName: organisation.name,
      email: invitee.email,
      state: "pending",
      role: "member",
    });

    const accepted = await as(invitee, (tx) =>
      acceptInvitation({ tx, token: invitation.token, userId: invitee.id, email: invitee.email! }),
    );
    expect(accepted.status).toBe("accepted");
    expect(
      await testDb.admin
        .selectFrom("memberships")
        .select(["user_id", "role", "added_by"])
        .where("organisation_id", "=", organisation.id)
        .where("user_id", "=", invitee.id)
        .execute(),
    ).toEqual([{ user_id: invitee.id, role: "member", added_by: invitee.id }]);
    const again = await as(invitee, (tx) =>
      acceptInvitation({ tx, token: invitation.token, userId: invitee.id, email: invitee.email! }),
    );
    expect(again).toMatchObject({ status: "not-pending", invitation: { state: "accepted" } });

    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_id", "actor_role"])
      .where("organisation_id", "=", organisation.id)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "invitation.created", actor_id: admin!.id, actor_role: "authenticated" },
      { action: "membership.added", actor_id: invitee.id, actor_role: "authenticated" },
      { action: "invitation.accepted", actor_id: invitee.id, actor_role: "authenticated" },
    ]);
  });

  it("cannot be accepted after it expires, by someone with another email, or by an anonymous resident", async () => {
    const {
      organisation,
      people: [admin],
    } = await organisationWith(["admin"]);
    const invitee = await f.createUser(testDb.admin, { email: `${f.unique("late")}@example.test` });
    const token = newInvitationToken();
    await f.createInvitation(testDb.admin, {
      organisation_id: organisation.id,
      email: invitee.email!,
      token_hash: hashInvitationToken(token),
      invited_by: admin!.id,
    });

    const stranger = await f.createUser(testDb.admin);
    expect(
      (
        await as(stranger, (tx) =>
          acceptInvitation({ tx, token, userId: stranger.id, email: stranger.email! }),
        )
      ).status,
    ).toBe("wrong-email");
    // Even bypassing the app's own check, Postgres refuses a membership the invitation does not cover.
    await expect(
      as(stranger, (tx) =>
        tx
          .insertInto("memberships")
          .values({ organisation_id: organisation.id, user_id: stranger.id, role: "member" })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const anonymous = await f.createUser(testDb.admin, { anonymous: true });
    const anonymousClaims: Claims = { ...f.claimsFor(anonymous), email: invitee.email } as Claims;
    await expect(
      asRequest(testDb.app, anonymousClaims, (tx) =>
        tx
          .insertInto("memberships")
          .values({ organisation_id: organisation.id, user_id: anonymous.id, role: "member" })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    await sql`update private.invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' where organisation_id = ${organisation.id}`.execute(
      testDb.admin,
    );
    expect(
      await as(invitee, (tx) => acceptInvitation({ tx, token, userId: invitee.id, email: invitee.email! })),
    ).toMatchObject({
      status: "not-pending",
      invitation: { state: "expired" },
    });
    expect(await countRows("memberships", organisation.id)).toBe(1);
  });

  it("a commissioner of one organisation cannot invite into another: row-level security refuses it", async () => {
    const {
      organisation: org1,
      people: [admin1],
    } = await organisationWith(["admin"]);
    const { organisation: org2 } = await organisationWith(["admin"]);
    await expect(
      as(admin1!, (tx) =>
        inviteMember({
          tx,
          organisationId: org2.id,
          email: "someone@example.test",
          role: "admin",
          invitedBy: admin1!.id,
        }),
      ),
    ).rejects.toMatchObject({ code: "42501", message: expect.stringMatching(/row-level security/) });
    expect(await countRows("private.invitations", org2.id)).toBe(0);
    expect(await as(admin1!, (tx) => listPendingInvitations({ tx, organisationId: org2.id }))).toEqual([]);
    expect(await as(admin1!, (tx) => listMembers({ tx, organisationId: org2.id }))).toEqual([]);
    expect(await as(admin1!, (tx) => listMembers({ tx, organisationId: org1.id }))).toHaveLength(1);
  });

  it("a member who is not an admin cannot invite either", async () => {
    const {
      organisation,
      people: [, member],
    } = await organisationWith(["admin", "member"]);
    await expect(
      as(member!, (tx) =>
        inviteMember({
          tx,
          organisationId: organisation.id,
          email: "friend@example.test",
          role: "member",
          invitedBy: member!.id,
        }),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await countRows("private.invitations", organisation.id)).toBe(0);
  });

  it("inviting the same address again replaces the pending invitation; a member is not invited again", async () => {
    const {
      organisation,
      people: [admin, member],
    } = await organisationWith(["admin", "member"]);
    const email = `${f.unique("twice")}@example.test`;
    const first = await as(admin!, (tx) =>
      inviteMember({ tx, organisationId: organisation.id, email, role: "member", invitedBy: admin!.id }),
    );
    const second = await as(admin!, (tx) =>
      inviteMember({ tx, organisationId: organisation.id, email, role: "admin", invitedBy: admin!.id }),
    );
    const pending = await as(admin!, (tx) => listPendingInvitations({ tx, organisationId: organisation.id }));
    expect(pending).toMatchObject([{ email, role: "admin" }]);
    if (first.status !== "invited" || second.status !== "invited") throw new Error("not invited");
    expect(
      await asRequest(testDb.app, { role: "anon" }, (tx) =>
        findInvitationByToken({ tx, token: first.token }),
      ),
    ).toMatchObject({ state: "revoked" });
    expect(
      await as(admin!, (tx) =>
        inviteMember({
          tx,
          organisationId: organisation.id,
          email: member!.email!,
          role: "member",
          invitedBy: admin!.id,
        }),
      ),
    ).toEqual({
      status: "already-member",
    });
  });

  it("an unknown or malformed token finds nothing", async () => {
    expect(
      await asRequest(testDb.app, { role: "anon" }, (tx) =>
        findInvitationByToken({ tx, token: newInvitationToken() }),
      ),
    ).toBeNull();
    expect(
      await asRequest(testDb.app, { role: "anon" }, (tx) =>
        findInvitationByToken({ tx, token: "x'; drop table memberships; --" }),
      ),
    ).toBeNull();
  });
});

describe("the last admin", () => {
  it("cannot be removed or demoted while other members remain; another admin first makes it possible", async () => {
    const {
      organisation,
      people: [admin, member],
    } = await organisationWith(["admin", "member"]);
    await expect(
      as(admin!, (tx) => removeMember({ tx, organisationId: organisation.id, userId: admin!.id })),
    ).rejects.toMatchObject({ code: "GS001" });
    await expect(
      as(admin!, (tx) =>
        changeMemberRole({ tx, organisationId: organisation.id, userId: admin!.id, role: "member" }),
      ),
    ).rejects.toMatchObject({
      code: "GS001",
    });
    expect(
      await as(member!, (tx) => removeMember({ tx, organisationId: organisation.id, userId: admin!.id })),
    ).toEqual({ status: "not-allowed" });
    expect(
      await as(member!, (tx) =>
        changeMemberRole({ tx, organisationId: organisation.id, userId: member!.id, role: "admin" }),
      ),
    ).toEqual({
      status: "not-allowed",
    });
    expect(
      await testDb.admin
        .selectFrom("memberships")
        .select(["user_id", "role"])
        .where("organisation_id", "=", organisation.id)
        .orderBy("role")
        .execute(),
    ).toEqual([
      { user_id: admin!.id, role: "admin" },
      { user_id: member!.id, role: "member" },
    ]);

    expect(
      await as(admin!, (tx) =>
        changeMemberRole({ tx, organisationId: organisation.id, userId: member!.id, role: "admin" }),
      ),
    ).toEqual({ status: "done" });
    expect(
      await as(admin!, (tx) => removeMember({ tx, organisationId: organisation.id, userId: admin!.id })),
    ).toEqual({ status: "done" });
    const actions = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "details"])
      .where("organisation_id", "=", organisation.id)
      .orderBy("id")
      .execute();
    expect(actions).toEqual([
      {
        action: "membership.role_changed",
        details: { user_id: member!.id, role: "admin", previous_role: "member" },
      },
      { action: "membership.removed", details: { user_id: admin!.id, role: "admin" } },
    ]);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const {
      organisation,
      people: [a, b],
    } = await organisationWith(["admin", "admin", "member"]);
    const results = await Promise.allSettled([
      as(a!, (tx) =>
        changeMemberRole({ tx, organisationId: organisation.id, userId: b!.id, role: "member" }),
      ),
      as(b!, (tx) =>
        changeMemberRole({ tx, organisationId: organisation.id, userId: a!.id, role: "member" }),
      ),
    ]);
    const admins = await testDb.admin
      .selectFrom("memberships")
      .select("user_id")
      .where("organisation_id", "=", organisation.id)
      .where("role", "=", "admin")
      .execute();
    expect(admins).toHaveLength(1);
    expect(
      results.filter(
        (result) => result.status === "rejected" || (result.value as { status: string }).status !== "done",
      ),
    ).toHaveLength(1);
  });

  it("does not stop the organisation itself being deleted, nor the last person of all leaving", async () => {
    const {
      organisation,
      people: [only],
    } = await organisationWith(["admin"], "community_group");
    expect(
      await as(only!, (tx) => removeMember({ tx, organisationId: organisation.id, userId: only!.id })),
    ).toEqual({ status: "done" });
    const { organisation: other } = await organisationWith(["admin", "member"]);
    await testDb.admin.deleteFrom("organisations").where("id", "=", other.id).execute();
    expect(await countRows("memberships", other.id)).toBe(0);
  });
});

describe("a removed member", () => {
  it("loses access at their very next request: Postgres reads memberships live", async () => {
    const {
      organisation,
      people: [admin, commissioner],
    } = await organisationWith(["admin", "member"]);
    const draft = await f.createConsultation(testDb.admin, {
      organisation_id: organisation.id,
      status: "draft",
    });
    const seeDraft = () =>
      as(commissioner!, (tx) =>
        tx.selectFrom("consultations").select("id").where("id", "=", draft.id).execute(),
      );
    expect(await seeDraft()).toHaveLength(1);
    expect(
      await as(admin!, (tx) =>
        removeMember({ tx, organisationId: organisation.id, userId: commissioner!.id }),
      ),
    ).toEqual({ status: "done" });
    expect(await seeDraft()).toHaveLength(0);
    await expect(
      as(commissioner!, (tx) =>
        tx
          .updateTable("consultations")
          .set({ title: "Taken over" })
          .where("id", "=", draft.id)
          .executeTakeFirstOrThrow(),
      ),
    ).resolves.toMatchObject({ numUpdatedRows: 0n });
  });
});

describe("platform admins", () => {
  it("register commissioning organisations with a free web address and invite their first admin; nobody else can", async () => {
    const platformAdmin = await f.createUser(testDb.admin);
    await f.makePlatformAdmin(testDb.admin, platformAdmin.id);
    const first = await as(platformAdmin, (tx) =>
      createCommissionerOrganisation({ tx, name: "Eastshire County Council", createdBy: platformAdmin.id }),
    );
    const second = await as(platformAdmin, (tx) =>
      createCommissionerOrganisation({ tx, name: "Eastshire  County Council!", createdBy: platformAdmin.id }),
    );
    expect(first.slug).toBe("eastshire-county-council");
    expect(second.slug).toBe("eastshire-county-council-2");
    const invitation = await as(platformAdmin, (tx) =>
      inviteMember({
        tx,
        organisationId: first.id,
        email: "head@eastshire.example",
        role: "admin",
        invitedBy: platformAdmin.id,
      }),
    );
    expect(invitation.status).toBe("invited");

    const commissioner = await f.createUser(testDb.admin);
    await expect(
      as(commissioner, (tx) =>
        createCommissionerOrganisation({ tx, name: "Rogue Council", createdBy: commissioner.id }),
      ),
    ).rejects.toMatchObject({
      code: "42501",
    });
    expect(slugFor("Bro Morgannwg & Côte")).toBe("bro-morgannwg-and-cote");
  });
});
