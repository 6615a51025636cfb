// Community groups and their proposals against a real database, acting as each person through asRequest
// exactly as the app's requests do: row-level security and the guard triggers must refuse what the pages
// never offer, and every refusal must leave nothing stored.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import {
  groupSchema,
  proposalSchema,
  type GroupInput,
  type ProposalInput,
} from "~/features/partners/partner-forms";
import {
  attempt,
  getCommunityGroupPage,
  listCommunityGroups,
  registerCommunityGroup,
  setCommunityGroupVerification,
  updateCommunityGroup,
} from "~/features/partners/community-groups.server";
import {
  answerQuestion,
  askQuestion,
  changeProposalStatus,
  createProposal,
  getProposalPage,
  listProposalsAnsweringNeed,
  notifyGroupOfQuestion,
  searchNeedsForProposal,
  setThreadPublic,
  supportProposal,
  updateProposal,
} from "~/features/partners/proposals.server";
import { listConsultationProposals } from "~/features/partners/workspace-proposals.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { readUnsubscribeToken, sendNotification, unsubscribe } from "~/platform/notifications.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let db: TestDatabase;
type Person = f.TestUser;
const people: Record<string, Person> = {};
const ids: Record<string, string> = {};
const slugs: Record<string, string> = {};

const signer = createSigner("groups-test-secret-long-enough-to-sign");
const as = <T>(who: Person | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(db.app, f.claimsFor(who) as Claims, work);

const groupInput = (overrides: Record<string, unknown> = {}): GroupInput =>
  groupSchema.parse({
    name: "Northtown Lunch Club",
    legalForm: "charity",
    registrationNumber: "1123456",
    areaOfBenefit: "Northtown and the Eastfield estate",
    themes: ["food", "networks"],
    description: "A weekly lunch club for older people.",
    contactEmail: "hello@lunch.example",
    website: "",
    ...overrides,
  });

const proposalInput = (needs: string[], overrides: Record<string, unknown> = {}): ProposalInput =>
  proposalSchema.parse({
    title: "Warm Welcome lunch club",
    needs,
    whatWeWouldDo: "A weekly lunch club in the church hall.",
    whoBenefits: "Older people living alone",
    beneficiaries: "40",
    outcomes: "Fewer people alone in winter.",
    volunteers: "6",
    matchFunding: "2500",
    costMin: "10000",
    costMax: "15000",
    preferredRoute: "grant",
    routeReason: "We already run it.",
    ...overrides,
  });

async function proposalRow(id: string) {
  return db.admin.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirst();
}

beforeAll(async () => {
  db = await createTestDatabase();
  const a = db.admin;
  for (const name of [
    "commissioner",
    "commissionerInGroupA",
    "groupAAdmin",
    "groupAMember",
    "groupBAdmin",
    "resident",
  ]) {
    people[name] = await f.createUser(a);
  }
  people.anonymous = await f.createUser(a, { anonymous: true });
  const council = await f.createOrganisation(a, { name: "Eastshire Council" });
  const groupA = await f.createCommunityGroup(a, {
    name: "Group A",
    themes: ["food"],
    area_of_benefit: "Northtown",
  });
  const groupB = await f.createCommunityGroup(a, {
    name: "Group B",
    themes: ["housing"],
    area_of_benefit: "Southville",
  });
  Object.assign(ids, { council: council.id, groupA: groupA.id, groupB: groupB.id });
  Object.assign(slugs, { groupA: groupA.slug, groupB: groupB.slug });
  await f.addMember(a, { organisation_id: council.id, user_id: people.commissioner!.id, role: "admin" });
  await f.addMember(a, {
    organisation_id: council.id,
    user_id: people.commissionerInGroupA!.id,
    role: "member",
  });
  await f.addMember(a, { organisation_id: groupA.id, user_id: people.groupAAdmin!.id, role: "admin" });
  await f.addMember(a, { organisation_id: groupA.id, user_id: people.groupAMember!.id, role: "member" });
  await f.addMember(a, {
    organisation_id: groupA.id,
    user_id: people.commissionerInGroupA!.id,
    role: "member",
  });
  await f.addMember(a, { organisation_id: groupB.id, user_id: people.groupBAdmin!.id, role: "admin" });

  const open = await f.createConsultation(a, { organisation_id: council.id });
  const other = await f.createConsultation(a, { organisation_id: council.id });
  const closed = await f.createConsultation(a, {
    organisation_id: council.id,
    status: "closed",
    opens_at: f.daysFromNow(-30),
    closes_at: f.daysFromNow(-1),
  });
  Object.assign(ids, { open: open.id, other: other.id });
  Object.assign(slugs, { open: open.slug, other: other.slug, closed: closed.slug });
  const need = (consultation: string, title: string, status: "published" | "received" = "published") =>
    f.createNeed(a, {
      consultation_id: consultation,
      title,
      status,
      published_at: status === "published" ? new Date() : null,
    });
  ids.warm = (await need(open.id, "Somewhere warm to meet in winter")).id;
  ids.lunch = (await need(open.id, "A hot lunch for older people")).id;
  ids.unpublished = (await need(open.id, "A bench by the bus stop", "received")).id;
  ids.elsewhere = (await need(other.id, "Lunch club in another consultation")).id;

  const proposalB = await f.createProposal(a, {
    consultation_id: open.id,
    organisation_id: groupB.id,
    title: "Group B's proposal",
    status: "submitted",
  });
  await f.linkProposalNeed(a, { proposal_id: proposalB.id, need_id: ids.warm!, consultation_id: open.id });
  ids.proposalB = proposalB.id;
});

afterAll(async () => {
  await db?.destroy();
});

describe("registering a group", () => {
  it("stores the group, its founder as admin and its private contact together", async () => {
    const result = await as(people.resident!, (tx) =>
      registerCommunityGroup({ tx, userId: people.resident!.id, input: groupInput() }),
    );
    expect(result).toEqual({ status: "registered", slug: "northtown-lunch-club" });
    const group = await db.admin
      .selectFrom("organisations")
      .selectAll()
      .where("slug", "=", "northtown-lunch-club")
      .executeTakeFirstOrThrow();
    expect(group).toMatchObject({
      kind: "community_group",
      legal_form: "charity",
      registration_number: "1123456",
      themes: ["food", "networks"],
      verified_at: null,
    });
    expect(
      await db.admin
        .selectFrom("memberships")
        .select(["user_id", "role"])
        .where("organisation_id", "=", group.id)
        .execute(),
    ).toEqual([{ user_id: people.resident!.id, role: "admin" }]);
    const contact = await db.admin
      .selectFrom("private.organisation_contacts")
      .select("contact_email")
      .where("organisation_id", "=", group.id)
      .executeTakeFirst();
    expect(contact?.contact_email).toBe("hello@lunch.example");
  });

  it("gives a second group of the same name its own address", async () => {
    const result = await as(people.groupBAdmin!, (tx) =>
      registerCommunityGroup({ tx, userId: people.groupBAdmin!.id, input: groupInput() }),
    );
    expect(result).toEqual({ status: "registered", slug: "northtown-lunch-club-2" });
  });

  it("refuses an anonymous resident and stores nothing", async () => {
    const before = await db.admin
      .selectFrom("organisations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const result = await as(people.anonymous!, (tx) =>
      registerCommunityGroup({ tx, userId: people.anonymous!.id, input: groupInput({ name: "Sneaky" }) }),
    );
    expect(result.status).toBe("refused");
    const after = await db.admin
      .selectFrom("organisations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("the directory", () => {
  it("finds groups by area and by theme", async () => {
    const byArea = await as(null, (tx) => listCommunityGroups({ tx, query: { area: "southv", page: 1 } }));
    expect(byArea.groups.map((group) => group.name)).toEqual(["Group B"]);
    const byTheme = await as(null, (tx) => listCommunityGroups({ tx, query: { theme: "food", page: 1 } }));
    expect(byTheme.groups.map((group) => group.name)).toContain("Group A");
    expect(byTheme.groups.map((group) => group.name)).not.toContain("Group B");
    const byWords = await as(null, (tx) => listCommunityGroups({ tx, query: { q: "lunch", page: 1 } }));
    expect(byWords.groups.map((group) => group.slug)).toEqual(
      expect.arrayContaining(["northtown-lunch-club"]),
    );
  });
});

describe("changing a group", () => {
  it("lets its admin change the profile and the contact", async () => {
    const result = await as(people.groupAAdmin!, (tx) =>
      updateCommunityGroup({
        tx,
        slug: slugs.groupA!,
        input: groupInput({ name: "Group A", contactEmail: "a@group.example", themes: ["food"] }),
      }),
    );
    expect(result).toEqual({ status: "saved" });
    expect(
      (
        await db.admin
          .selectFrom("organisations")
          .select("description")
          .where("id", "=", ids.groupA!)
          .executeTakeFirstOrThrow()
      ).description,
    ).toBe("A weekly lunch club for older people.");
  });

  it("is refused by the database for a member who is not an admin, and for a commissioner, changing nothing", async () => {
    for (const who of [people.groupAMember!, people.commissioner!, people.groupBAdmin!]) {
      const result = await as(who, (tx) =>
        updateCommunityGroup({
          tx,
          slug: slugs.groupA!,
          input: groupInput({ name: "Taken over", contactEmail: "evil@example.test" }),
        }),
      );
      expect(result).toEqual({ status: "not-admin" });
    }
    const group = await db.admin
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", ids.groupA!)
      .executeTakeFirstOrThrow();
    expect(group.name).toBe("Group A");
    const contact = await db.admin
      .selectFrom("private.organisation_contacts")
      .select("contact_email")
      .where("organisation_id", "=", ids.groupA!)
      .executeTakeFirstOrThrow();
    expect(contact.contact_email).toBe("a@group.example");
    // Not only through the model: a direct update by a plain member touches no row.
    const direct = await as(people.groupAMember!, (tx) =>
      tx
        .updateTable("organisations")
        .set({ name: "Direct" })
        .where("id", "=", ids.groupA!)
        .executeTakeFirst(),
    );
    expect(direct.numUpdatedRows).toBe(0n);
  });
});

describe("verification", () => {
  it("a group cannot verify itself, whoever asks", async () => {
    expect(
      await as(people.groupAAdmin!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.groupAAdmin!.id,
          verifierId: ids.groupA!,
        }),
      ),
    ).toEqual({
      status: "own-group",
    });
    // A commissioner who also belongs to the group cannot verify it for their council either.
    expect(
      await as(people.commissionerInGroupA!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.commissionerInGroupA!.id,
          verifierId: ids.council!,
        }),
      ),
    ).toEqual({ status: "own-group" });
    // Nor can its admin claim a council's verification.
    expect(
      await as(people.groupAAdmin!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.groupAAdmin!.id,
          verifierId: ids.council!,
        }),
      ),
    ).toEqual({
      status: "own-group",
    });
    // The database itself refuses, not only the model: raw updates as the group's admin.
    for (const verifier of [ids.groupA!, ids.council!]) {
      await expect(
        as(people.groupAAdmin!, (tx) =>
          tx
            .updateTable("organisations")
            .set({ verified_by_organisation_id: verifier })
            .where("id", "=", ids.groupA!)
            .execute(),
        ),
      ).rejects.toThrow(/verify/);
    }
    const group = await db.admin
      .selectFrom("organisations")
      .select(["verified_by_organisation_id", "verified_at"])
      .where("id", "=", ids.groupA!)
      .executeTakeFirstOrThrow();
    expect(group).toEqual({ verified_by_organisation_id: null, verified_at: null });
  });

  it("refuses someone who is not a commissioner", async () => {
    expect(
      await as(people.groupBAdmin!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.groupBAdmin!.id,
          verifierId: ids.council!,
        }),
      ),
    ).toEqual({
      status: "not-commissioner",
    });
  });

  it("lets a commissioner of another organisation verify the group, and the database records when", async () => {
    expect(
      await as(people.commissioner!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.commissioner!.id,
          verifierId: ids.council!,
        }),
      ),
    ).toEqual({
      status: "verified",
    });
    const group = await db.admin
      .selectFrom("organisations")
      .select(["verified_by_organisation_id", "verified_at"])
      .where("id", "=", ids.groupA!)
      .executeTakeFirstOrThrow();
    expect(group.verified_by_organisation_id).toBe(ids.council);
    expect(Date.now() - group.verified_at!.getTime()).toBeLessThan(60_000);
    // The group's admin cannot remove it either.
    expect(
      await as(people.groupAAdmin!, (tx) =>
        setCommunityGroupVerification({
          tx,
          slug: slugs.groupA!,
          userId: people.groupAAdmin!.id,
          verifierId: null,
        }),
      ),
    ).toEqual({
      status: "own-group",
    });
  });

  it("belongs to the organisation that verified: another cannot take it over or withdraw it; both changes are audited", async () => {
    const a = db.admin;
    const otherCouncil = await f.createOrganisation(a, { name: "Westshire Council" });
    const otherCommissioner = await f.createUser(a);
    await f.addMember(a, { organisation_id: otherCouncil.id, user_id: otherCommissioner.id, role: "member" });
    const group = await f.createCommunityGroup(a, { name: "Group Verified Elsewhere" });
    const verify = (person: Person, verifierId: string | null) =>
      as(person, (tx) =>
        setCommunityGroupVerification({ tx, slug: group.slug, userId: person.id, verifierId }),
      );
    const verifier = async () =>
      (
        await a
          .selectFrom("organisations")
          .select("verified_by_organisation_id")
          .where("id", "=", group.id)
          .executeTakeFirstOrThrow()
      ).verified_by_organisation_id;
    const audited = () =>
      a
        .selectFrom("private.audit_log")
        .select(["action", "actor_id", "organisation_id"])
        .where("subject_id", "=", group.id)
        .orderBy("id")
        .execute();

    expect(await verify(otherCommissioner, otherCouncil.id)).toEqual({ status: "verified" });
    expect(await verify(people.commissioner!, ids.council!)).toEqual({ status: "verified-by-another" });
    expect(await verify(people.commissioner!, null)).toEqual({ status: "verified-by-another" });
    // The database refuses, not only the model.
    await expect(
      as(people.commissioner!, (tx) =>
        tx
          .updateTable("organisations")
          .set({ verified_by_organisation_id: ids.council! })
          .where("id", "=", group.id)
          .execute(),
      ),
    ).rejects.toThrow(/verified by another organisation/);
    await expect(
      as(people.commissioner!, (tx) =>
        tx
          .updateTable("organisations")
          .set({ verified_by_organisation_id: null })
          .where("id", "=", group.id)
          .execute(),
      ),
    ).rejects.toThrow(/verified by another organisation/);
    expect(await verifier()).toBe(otherCouncil.id);

    // The verifier withdraws its own verification; then the group is anyone's to verify.
    expect(await verify(otherCommissioner, null)).toEqual({ status: "unverified" });
    expect(await verify(people.commissioner!, ids.council!)).toEqual({ status: "verified" });
    expect(await verifier()).toBe(ids.council);
    expect(await audited()).toEqual([
      { action: "organisation.verified", actor_id: otherCommissioner.id, organisation_id: otherCouncil.id },
      { action: "organisation.unverified", actor_id: otherCommissioner.id, organisation_id: otherCouncil.id },
      { action: "organisation.verified", actor_id: people.commissioner!.id, organisation_id: ids.council },
    ]);
  });
});

describe("proposing", () => {
  it("refuses an unknown or closed consultation", async () => {
    const input = proposalInput([ids.warm!]);
    const propose = (slug: string) =>
      as(people.groupAAdmin!, (tx) =>
        createProposal({
          tx,
          userId: people.groupAAdmin!.id,
          groupId: ids.groupA!,
          consultationSlug: slug,
          input,
          submit: true,
        }),
      );
    expect(await propose("no-such-consultation")).toEqual({ status: "consultation-not-found" });
    expect(await propose(slugs.closed!)).toEqual({ status: "consultation-closed" });
  });

  it("refuses needs from another consultation or not yet published, storing nothing", async () => {
    const before = await db.admin
      .selectFrom("proposals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    for (const bad of [ids.elsewhere!, ids.unpublished!]) {
      const result = await as(people.groupAAdmin!, (tx) =>
        createProposal({
          tx,
          userId: people.groupAAdmin!.id,
          groupId: ids.groupA!,
          consultationSlug: slugs.open!,
          input: proposalInput([ids.warm!, bad]),
          submit: true,
        }),
      );
      expect(result).toEqual({ status: "needs-invalid", invalid: [bad] });
    }
    // Straight to the database: the composite foreign key refuses a need of another consultation.
    const direct = await as(people.groupAAdmin!, (tx) =>
      attempt(tx, async () => {
        const proposal = await tx
          .insertInto("proposals")
          .values({
            consultation_id: ids.open!,
            organisation_id: ids.groupA!,
            title: "Half a proposal",
            created_by: people.groupAAdmin!.id,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("proposal_needs")
          .values({ proposal_id: proposal.id, need_id: ids.elsewhere!, consultation_id: ids.open! })
          .execute();
      }),
    );
    expect(direct).toMatchObject({ ok: false, refusal: { code: "23503" } });
    const after = await db.admin
      .selectFrom("proposals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a member who is not an admin, and negative numbers even if they got past the form", async () => {
    const result = await as(people.groupAMember!, (tx) =>
      createProposal({
        tx,
        userId: people.groupAMember!.id,
        groupId: ids.groupA!,
        consultationSlug: slugs.open!,
        input: proposalInput([ids.warm!]),
        submit: true,
      }),
    );
    expect(result).toEqual({ status: "not-admin" });
    await expect(
      as(people.groupAAdmin!, (tx) =>
        tx
          .insertInto("proposals")
          .values({
            consultation_id: ids.open!,
            organisation_id: ids.groupA!,
            title: "Negative",
            volunteers: -1,
            created_by: people.groupAAdmin!.id,
          })
          .execute(),
      ),
    ).rejects.toThrow(/proposals_volunteers_check/);
    await expect(
      as(people.groupAAdmin!, (tx) =>
        tx
          .insertInto("proposals")
          .values({
            consultation_id: ids.open!,
            organisation_id: ids.groupA!,
            title: "Backwards",
            cost_min_pence: 20,
            cost_max_pence: 10,
            created_by: people.groupAAdmin!.id,
          })
          .execute(),
      ),
    ).rejects.toThrow(/proposals_cost_range/);
  });

  it("lets an admin propose against two needs of the consultation, found by search", async () => {
    const found = await as(people.groupAAdmin!, (tx) =>
      searchNeedsForProposal({ tx, consultationId: ids.open!, q: "lunch" }),
    );
    expect(found.map((need) => need.id)).toEqual([ids.lunch]);
    const result = await as(people.groupAAdmin!, (tx) =>
      createProposal({
        tx,
        userId: people.groupAAdmin!.id,
        groupId: ids.groupA!,
        consultationSlug: slugs.open!,
        input: proposalInput([ids.warm!, ids.lunch!]),
        submit: false,
      }),
    );
    expect(result.status).toBe("created");
    ids.proposalA = (result as { id: string }).id;
    expect(await proposalRow(ids.proposalA)).toMatchObject({
      status: "draft",
      match_funding_pence: 250_000,
      cost_min_pence: 1_000_000,
      volunteers: 6,
    });
    const linked = await db.admin
      .selectFrom("proposal_needs")
      .select("need_id")
      .where("proposal_id", "=", ids.proposalA)
      .execute();
    expect(linked.map((row) => row.need_id).sort()).toEqual([ids.warm, ids.lunch].sort());
    // A draft is the group's alone.
    expect(await as(null, (tx) => getProposalPage({ tx, id: ids.proposalA!, userId: null }))).toBeNull();
    expect(
      await as(people.groupAAdmin!, (tx) =>
        changeProposalStatus({ tx, id: ids.proposalA!, to: "submitted" }),
      ),
    ).toEqual({ status: "changed" });
    expect(await as(null, (tx) => listProposalsAnsweringNeed({ tx, needId: ids.lunch! }))).toMatchObject([
      { id: ids.proposalA, group_name: "Group A" },
    ]);
  });
});

describe("group A's members cannot edit group B's proposals", () => {
  it("through the model: every change is refused and nothing changes", async () => {
    const before = await proposalRow(ids.proposalB!);
    for (const who of [people.groupAAdmin!, people.groupAMember!]) {
      const edit = await as(who, (tx) =>
        updateProposal({
          tx,
          id: ids.proposalB!,
          userId: who.id,
          version: before!.version,
          input: proposalInput([ids.warm!], { title: "Taken over" }),
        }),
      );
      expect(edit).toEqual({ status: "not-admin" });
      expect(
        await as(who, (tx) => changeProposalStatus({ tx, id: ids.proposalB!, to: "withdrawn" })),
      ).toEqual({ status: "not-allowed" });
    }
    expect(await proposalRow(ids.proposalB!)).toEqual(before);
  });

  it("straight to the database: updates touch no row, needs cannot be linked, drafts cannot be deleted", async () => {
    for (const who of [people.groupAAdmin!, people.groupAMember!]) {
      const update = await as(who, (tx) =>
        tx
          .updateTable("proposals")
          .set({ title: "Taken over" })
          .where("id", "=", ids.proposalB!)
          .executeTakeFirst(),
      );
      expect(update.numUpdatedRows).toBe(0n);
      await expect(
        as(who, (tx) =>
          tx
            .insertInto("proposal_needs")
            .values({ proposal_id: ids.proposalB!, need_id: ids.lunch!, consultation_id: ids.open! })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      const removed = await as(who, (tx) =>
        tx.deleteFrom("proposal_needs").where("proposal_id", "=", ids.proposalB!).executeTakeFirst(),
      );
      expect(removed.numDeletedRows).toBe(0n);
    }
    expect((await proposalRow(ids.proposalB!))?.title).toBe("Group B's proposal");
  });

  it("while group B's own admin can", async () => {
    const before = await proposalRow(ids.proposalB!);
    const edit = await as(people.groupBAdmin!, (tx) =>
      updateProposal({
        tx,
        id: ids.proposalB!,
        userId: people.groupBAdmin!.id,
        version: before!.version,
        input: proposalInput([ids.warm!, ids.lunch!], { title: "Group B's better proposal" }),
      }),
    );
    expect(edit).toEqual({ status: "saved" });
    // The same form opened before that save is now out of date.
    const stale = await as(people.groupBAdmin!, (tx) =>
      updateProposal({
        tx,
        id: ids.proposalB!,
        userId: people.groupBAdmin!.id,
        version: before!.version,
        input: proposalInput([ids.warm!], { title: "Old tab" }),
      }),
    );
    expect(stale).toEqual({ status: "stale" });
    expect((await proposalRow(ids.proposalB!))?.title).toBe("Group B's better proposal");
  });
});

describe("questions, answers and supports", () => {
  it("a commissioner asks, a member answers, the public sees the thread once the commissioner publishes it", async () => {
    expect(
      await as(people.commissioner!, (tx) =>
        askQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.commissioner!.id,
          body: "Are your volunteers DBS checked?",
          isPublic: false,
        }),
      ),
    ).toMatchObject({
      status: "posted",
    });
    const asked = await as(people.commissioner!, (tx) =>
      getProposalPage({ tx, id: ids.proposalA!, userId: people.commissioner!.id }),
    );
    const questionId = asked!.questions[0]!.id;
    expect(asked!.viewer.isCommissioner).toBe(true);
    // Group members (not only admins) answer; nobody else can, or even sees the private question.
    expect(
      await as(people.groupBAdmin!, (tx) =>
        answerQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.groupBAdmin!.id,
          questionId,
          body: "Not ours",
        }),
      ),
    ).toEqual({
      status: "not-found",
    });
    await expect(
      as(people.groupBAdmin!, (tx) =>
        tx
          .insertInto("proposal_messages")
          .values({
            proposal_id: ids.proposalA!,
            consultation_id: ids.open!,
            kind: "answer",
            in_reply_to: questionId,
            author_id: people.groupBAdmin!.id,
            author_organisation_id: ids.groupB!,
            body: "Not ours",
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const waiting = async () =>
      (await as(people.groupAMember!, (tx) =>
        getCommunityGroupPage({ tx, slug: slugs.groupA!, userId: people.groupAMember!.id }),
      ))!.proposals.find((proposal) => proposal.id === ids.proposalA)!.unanswered;
    expect(await waiting()).toBe(1);
    expect(
      await as(people.groupAMember!, (tx) =>
        answerQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.groupAMember!.id,
          questionId,
          body: "Yes, all six.",
        }),
      ),
    ).toEqual({
      status: "posted",
      public: false,
    });
    expect(await waiting()).toBe(0);
    expect(
      await as(people.groupAMember!, (tx) =>
        askQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.groupAMember!.id,
          body: "Self-serving question",
          isPublic: true,
        }),
      ),
    ).toEqual({
      status: "not-allowed",
    });
    expect(
      (await as(null, (tx) => getProposalPage({ tx, id: ids.proposalA!, userId: null })))!.questions,
    ).toEqual([]);
    expect(
      await as(people.groupAAdmin!, (tx) =>
        setThreadPublic({ tx, id: ids.proposalA!, questionId, isPublic: true }),
      ),
    ).toEqual({ status: "not-allowed" });
    expect(
      await as(people.commissioner!, (tx) =>
        setThreadPublic({ tx, id: ids.proposalA!, questionId, isPublic: true }),
      ),
    ).toEqual({ status: "changed" });
    const publicView = await as(null, (tx) => getProposalPage({ tx, id: ids.proposalA!, userId: null }));
    expect(publicView!.questions).toMatchObject([
      { body: "Are your volunteers DBS checked?", answers: [{ body: "Yes, all six." }] },
    ]);
  });

  it("every member of the group is emailed a question, with a link to answer and one to stop these emails", async () => {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void sent.push(email), mailbox: null };
    const notify = (questionId: string) =>
      notifyGroupOfQuestion({
        db: db.app,
        mailer,
        signer,
        appUrl: "https://groundswell.example",
        questionId,
      });
    const asked = await as(people.commissioner!, (tx) =>
      askQuestion({
        tx,
        id: ids.proposalA!,
        userId: people.commissioner!.id,
        body: "Who holds the keys to the hall?",
        isPublic: false,
      }),
    );
    if (asked.status !== "posted") throw new Error(`not asked: ${asked.status}`);

    expect(await notify(asked.questionId)).toEqual({ sent: 3, unsubscribed: 0, failed: 0 });
    const groupA = [people.groupAAdmin!, people.groupAMember!, people.commissionerInGroupA!]
      .map((person) => person.email!)
      .sort();
    expect(sent.map((email) => email.to).sort()).toEqual(groupA);
    const email = sent.find((one) => one.to === people.groupAMember!.email)!;
    expect(email.subject).toBe("Eastshire Council asked a question about “Warm Welcome lunch club”");
    expect(email.text).toContain("Who holds the keys to the hall?");
    expect(email.text).toContain(
      `https://groundswell.example/proposals/${ids.proposalA}#question-${asked.questionId}`,
    );
    expect(email.text).toContain("because you are a member of Group A");
    const token = /\/unsubscribe\?token=(\S+)/.exec(email.text)![1]!;
    const subscription = readUnsubscribeToken(signer, decodeURIComponent(token));
    expect(subscription).toEqual({ email: people.groupAMember!.email, topic: "proposal_questions" });

    // The member stops these emails; the others still get them, and other notifications still reach the member.
    await unsubscribe({ db: db.app, ...subscription! });
    sent.length = 0;
    expect(await notify(asked.questionId)).toEqual({ sent: 2, unsubscribed: 1, failed: 0 });
    expect(sent.map((one) => one.to)).not.toContain(people.groupAMember!.email);
    expect(
      await sendNotification({
        db: db.app,
        mailer,
        signer,
        appUrl: "https://groundswell.example",
        to: people.groupAMember!.email!,
        topic: "need_updates",
        subject: "Update",
        text: "News.",
      }),
    ).toBe("sent");

    // An answer is not a question: nobody is emailed about it.
    sent.length = 0;
    const answer = await db.admin
      .selectFrom("proposal_messages")
      .select("id")
      .where("proposal_id", "=", ids.proposalA!)
      .where("kind", "=", "answer")
      .executeTakeFirstOrThrow();
    expect(await notify(answer.id)).toEqual({ sent: 0, unsubscribed: 0, failed: 0 });
    expect(sent).toEqual([]);

    // An address the mail server refuses does not keep the question from the others.
    const refusing: Mailer = {
      send: async (one) => {
        if (one.to === people.groupAAdmin!.email) throw new Error("mailbox unavailable");
        sent.push(one);
      },
      mailbox: null,
    };
    const errors = console.error;
    console.error = () => undefined;
    try {
      expect(
        await notifyGroupOfQuestion({
          db: db.app,
          mailer: refusing,
          signer,
          appUrl: "https://groundswell.example",
          questionId: asked.questionId,
        }),
      ).toEqual({
        sent: 1,
        unsubscribed: 1,
        failed: 1,
      });
    } finally {
      console.error = errors;
    }
    expect(sent.map((one) => one.to)).toEqual([people.commissionerInGroupA!.email]);
  });

  it("the consultation's commissioners list its proposals with the needs each answers and the questions waiting; other organisations cannot", async () => {
    const draft = await f.createProposal(db.admin, {
      consultation_id: ids.open!,
      organisation_id: ids.groupA!,
      title: "Still a draft",
      status: "draft",
    });
    const linked = (proposalId: string) =>
      db.admin
        .selectFrom("proposal_needs as pn")
        .innerJoin("needs as n", "n.id", "pn.need_id")
        .select(["n.reference", "n.title"])
        .where("pn.proposal_id", "=", proposalId)
        .orderBy("n.reference")
        .execute();
    const list = await as(people.commissioner!, (tx) =>
      listConsultationProposals({ tx, consultationId: ids.open! }),
    );
    expect(list.more).toBe(false);
    // Group A's proposal waits for an answer to "Who holds the keys to the hall?", so it comes first; drafts stay with their group.
    expect(list.proposals.map((proposal) => proposal.id)).toEqual([ids.proposalA, ids.proposalB]);
    expect(list.proposals[0]).toMatchObject({
      title: "Warm Welcome lunch club",
      group_name: "Group A",
      status: "submitted",
      questions_waiting: 1,
    });
    expect(list.proposals[0]!.needs).toHaveLength(2);
    expect(list.proposals[0]!.needs).toEqual(await linked(ids.proposalA!));
    expect(list.proposals[1]).toMatchObject({
      group_name: "Group B",
      questions_waiting: 0,
      needs: await linked(ids.proposalB!),
    });
    expect(list.proposals.map((proposal) => proposal.id)).not.toContain(draft.id);

    const elsewhere = await f.createOrganisation(db.admin, { name: "Westshire Council" });
    const stranger = await f.createUser(db.admin);
    await f.addMember(db.admin, { organisation_id: elsewhere.id, user_id: stranger.id, role: "admin" });
    // Another organisation's commissioner is refused the page, and row-level security hides the private questions anyway.
    const refused = await as(stranger, (tx) =>
      requireCommissionedConsultation({ tx, slug: slugs.open! }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    const seen = await as(stranger, (tx) => listConsultationProposals({ tx, consultationId: ids.open! }));
    expect(seen.proposals.map((proposal) => proposal.questions_waiting)).toEqual([0, 0]);
    await db.admin.deleteFrom("proposals").where("id", "=", draft.id).execute();
  });

  it("a resident supports a submitted proposal once; a draft cannot be supported", async () => {
    expect(
      await as(people.anonymous!, (tx) =>
        supportProposal({ tx, id: ids.proposalA!, userId: people.anonymous!.id }),
      ),
    ).toEqual({ status: "added" });
    expect(
      await as(people.anonymous!, (tx) =>
        supportProposal({ tx, id: ids.proposalA!, userId: people.anonymous!.id }),
      ),
    ).toEqual({ status: "already" });
    expect((await proposalRow(ids.proposalA!))?.support_count).toBe(1);
    const draft = await f.createProposal(db.admin, {
      consultation_id: ids.open!,
      organisation_id: ids.groupA!,
      status: "draft",
    });
    expect(
      await as(people.resident!, (tx) => supportProposal({ tx, id: draft.id, userId: people.resident!.id })),
    ).toEqual({ status: "not-open" });
  });

  it("an answer to a public question is public at once and visitors read it; an answer to a private one is not", async () => {
    const asked = await as(people.commissioner!, (tx) =>
      askQuestion({
        tx,
        id: ids.proposalA!,
        userId: people.commissioner!.id,
        body: "Which days would the club meet?",
        isPublic: true,
      }),
    );
    if (asked.status !== "posted") throw new Error(`not asked: ${asked.status}`);
    const publicQuestion = asked.questionId;
    expect(
      await as(people.groupAMember!, (tx) =>
        answerQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.groupAMember!.id,
          questionId: publicQuestion,
          body: "Tuesdays and Fridays.",
        }),
      ),
    ).toEqual({ status: "posted", public: true });
    const visitorSees = await as(null, (tx) => getProposalPage({ tx, id: ids.proposalA!, userId: null }));
    expect(visitorSees!.questions.find((question) => question.id === publicQuestion)).toMatchObject({
      public: true,
      answers: [{ body: "Tuesdays and Fridays.", public: true }],
    });

    const privateAsked = await as(people.commissioner!, (tx) =>
      askQuestion({
        tx,
        id: ids.proposalA!,
        userId: people.commissioner!.id,
        body: "What is your safeguarding lead's name?",
        isPublic: false,
      }),
    );
    if (privateAsked.status !== "posted") throw new Error(`not asked: ${privateAsked.status}`);
    const privateQuestion = privateAsked.questionId;
    expect(
      await as(people.groupAAdmin!, (tx) =>
        answerQuestion({
          tx,
          id: ids.proposalA!,
          userId: people.groupAAdmin!.id,
          questionId: privateQuestion,
          body: "Sam Jones.",
        }),
      ),
    ).toEqual({ status: "posted", public: false });
    // Visitors read the public thread's rows straight from the table too, and nothing of the private one.
    const visible = await as(null, (tx) =>
      tx.selectFrom("proposal_messages").select(["body"]).where("proposal_id", "=", ids.proposalA!).execute(),
    );
    expect(visible.map((row) => row.body)).toContain("Tuesdays and Fridays.");
    expect(visible.map((row) => row.body)).not.toContain("Sam Jones.");
    expect(visible.map((row) => row.body)).not.toContain("What is your safeguarding lead's name?");

    // Nobody writes an answer more or less public than its question, nor one that answers no question of the proposal.
    const forged = (inReplyTo: string | null, isPublic: boolean) =>
      as(people.groupAMember!, (tx) =>
        tx
          .insertInto("proposal_messages")
          .values({
            proposal_id: ids.proposalA!,
            consultation_id: ids.open!,
            kind: "answer",
            in_reply_to: inReplyTo,
            author_id: people.groupAMember!.id,
            author_organisation_id: ids.groupA!,
            body: "Forged",
            public: isPublic,
          })
          .execute(),
      );
    await expect(forged(privateQuestion, true)).rejects.toThrow(/row-level security/);
    await expect(forged(publicQuestion, false)).rejects.toThrow(/row-level security/);
    await expect(forged(null, false)).rejects.toThrow(/row-level security/);
    const forgedRows = await db.admin
      .selectFrom("proposal_messages")
      .select("id")
      .where("body", "=", "Forged")
      .execute();
    expect(forgedRows).toEqual([]);

    // Making the public thread private again takes its answer with it.
    expect(
      await as(people.commissioner!, (tx) =>
        setThreadPublic({ tx, id: ids.proposalA!, questionId: publicQuestion, isPublic: false }),
      ),
    ).toEqual({ status: "changed" });
    const afterwards = await as(null, (tx) => getProposalPage({ tx, id: ids.proposalA!, userId: null }));
    expect(afterwards!.questions.map((question) => question.id)).not.toContain(publicQuestion);
  });

  it("the group that made a proposal cannot support it, whoever of its members asks; other people can", async () => {
    const before = (await proposalRow(ids.proposalA!))!.support_count;
    for (const member of [people.groupAMember!, people.groupAAdmin!]) {
      expect(
        await as(member, (tx) => supportProposal({ tx, id: ids.proposalA!, userId: member.id })),
      ).toEqual({ status: "own-group" });
      await expect(
        as(member, (tx) =>
          tx
            .insertInto("proposal_supports")
            .values({ proposal_id: ids.proposalA!, user_id: member.id })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
    }
    expect((await proposalRow(ids.proposalA!))!.support_count).toBe(before);
    expect(
      await as(people.groupBAdmin!, (tx) =>
        supportProposal({ tx, id: ids.proposalA!, userId: people.groupBAdmin!.id }),
      ),
    ).toEqual({ status: "added" });
    expect((await proposalRow(ids.proposalA!))!.support_count).toBe(before + 1);
  });

  it("once a commissioner reviews it, the group can only withdraw", async () => {
    expect(
      await as(people.groupAAdmin!, (tx) =>
        changeProposalStatus({ tx, id: ids.proposalA!, to: "under_review" }),
      ),
    ).toEqual({ status: "not-allowed" });
    expect(
      await as(people.commissioner!, (tx) =>
        changeProposalStatus({ tx, id: ids.proposalA!, to: "under_review" }),
      ),
    ).toEqual({ status: "changed" });
    const row = await proposalRow(ids.proposalA!);
    expect(row?.status).toBe("under_review");
    const edit = await as(people.groupAAdmin!, (tx) =>
      updateProposal({
        tx,
        id: ids.proposalA!,
        userId: people.groupAAdmin!.id,
        version: row!.version,
        input: proposalInput([ids.warm!], { title: "Changed under review" }),
      }),
    );
    expect(edit).toEqual({ status: "not-editable" });
    expect(
      await as(people.groupAAdmin!, (tx) =>
        changeProposalStatus({ tx, id: ids.proposalA!, to: "withdrawn" }),
      ),
    ).toEqual({ status: "changed" });
    expect(
      await as(null, (tx) =>
        sql<{
          n: number;
        }>`select count(*)::int as n from public.proposals where id = ${ids.proposalA!}`.execute(tx),
      ),
    ).toMatchObject({
      rows: [{ n: 0 }],
    });
  });
});
