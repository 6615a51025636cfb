import { sql } from "kysely";
import { asService, readInOneTrip, type Claims, type Db, type Tx } from "~/db/database.server";
import type { PreferredRoute, ProposalStatus } from "~/db/schema";
import { needQuery, textSearch } from "~/lib/text-search.server";
import { translator } from "~/lib/i18n";
import { isEditable, type ProposalInput } from "~/features/partners/partner-forms";
import { acceptingState } from "~/features/consultations/consultations.server";
import { attempt, roleIn } from "~/features/partners/community-groups.server";
import { sendNotification } from "~/platform/notifications.server";
import type { AppLoadContext } from "@remix-run/node";
import { isUuid } from "~/lib/params";

// The request's mailer and signer (app/server), as the load context carries them.
type Mailer = AppLoadContext["mailer"];
type Signer = AppLoadContext["signer"];

// Proposals: a community group's offer of a service answering needs of one consultation. Lifecycle (the
// check constraint and comments in the SQL are the reference):
//   draft → submitted → under_review, and the group may withdraw a submitted or reviewed proposal;
//   the group's admins edit it until a commissioner starts reviewing it; drafts can be deleted.
// Row-level security and the proposals guard trigger enforce all of it; these functions explain refusals.

/** A consultation as the proposal form needs it, with whether it takes proposals now. */
export async function getConsultationForProposals({ tx, slug }: { tx: Tx; slug: string }) {
  const consultation = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.id",
      "c.slug",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.organisation_id",
      "o.name as organisation_name",
    ])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
  return consultation ? { ...consultation, accepting: acceptingState(consultation) } : null;
}

/** The community groups the requester is an admin of: those they may propose for. */
export async function listAdministeredGroups({ tx, userId }: { tx: Tx; userId: string }) {
  return tx
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["o.id", "o.name", "o.slug"])
    .where("m.user_id", "=", userId)
    .where("m.role", "=", "admin")
    .where("o.kind", "=", "community_group")
    .orderBy("o.name")
    .execute();
}

export interface NeedChoice {
  id: string;
  reference: string;
  title: string;
  support_count: number;
}

const NEED_SEARCH_LIMIT = 10;

/** Published needs of the consultation matching the words typed, best first (most supported when equal). */
export async function searchNeedsForProposal({
  tx,
  consultationId,
  q,
  exclude = [],
}: {
  tx: Tx;
  consultationId: string;
  q: string;
  exclude?: string[];
}): Promise<NeedChoice[]> {
  const words = q.trim();
  if (!words) return [];
  const search = textSearch(words);
  const query = search ? needQuery(search, "n") : sql`null::tsquery`;
  const matches = sql<boolean>`(n.search @@ ${query} or n.title ilike ${`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} or n.reference = ${words.toUpperCase()})`;
  return tx
    .selectFrom("needs as n")
    .select(["n.id", "n.reference", "n.title", "n.support_count"])
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published")
    .where(matches)
    .$if(exclude.length > 0, (qb) => qb.where("n.id", "not in", exclude))
    .orderBy(sql`ts_rank(n.search, ${query})`, "desc")
    .orderBy("n.support_count", "desc")
    .orderBy("n.reference")
    .limit(NEED_SEARCH_LIMIT)
    .execute();
}

/** The chosen needs that really are published needs of this consultation (anything else is left out). */
export async function findChosenNeeds({
  tx,
  consultationId,
  ids,
  alreadyLinked = [],
}: {
  tx: Tx;
  consultationId: string;
  ids: string[];
  /** Needs the proposal answers already stay choosable even if hidden since. */
  alreadyLinked?: string[];
}): Promise<NeedChoice[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom("needs as n")
    .select(["n.id", "n.reference", "n.title", "n.support_count"])
    .where("n.consultation_id", "=", consultationId)
    .where("n.id", "in", ids)
    .where((eb) =>
      alreadyLinked.length
        ? eb.or([eb("n.status", "=", "published"), eb("n.id", "in", alreadyLinked)])
        : eb("n.status", "=", "published"),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/**
 * What the form's need picker shows after a post: the needs chosen so far (as far as they are needs of this
 * consultation) and, when the person searched, the matching needs not yet chosen.
 */
export async function needChoicesFor({
  tx,
  consultationId,
  chosenIds,
  searchQuery,
  alreadyLinked = [],
}: {
  tx: Tx;
  consultationId: string;
  chosenIds: string[];
  searchQuery: string;
  alreadyLinked?: string[];
}) {
  const ids = chosenIds.filter((id) => isUuid(id)).slice(0, 50);
  const chosen = await findChosenNeeds({ tx, consultationId, ids, alreadyLinked });
  const results = searchQuery.trim()
    ? await searchNeedsForProposal({
        tx,
        consultationId,
        q: searchQuery.slice(0, 200),
        exclude: chosen.map((need) => need.id),
      })
    : [];
  return { chosen, results };
}

function proposalColumns(input: ProposalInput) {
  return {
    title: input.title,
    what_we_would_do: input.whatWeWouldDo,
    who_benefits: input.whoBenefits,
    beneficiaries_count: input.beneficiaries,
    outcomes: input.outcomes,
    volunteers: input.volunteers,
    volunteer_hours: input.volunteerHours,
    premises: input.premises || null,
    match_funding_pence: input.matchFunding,
    relationships: input.relationships || null,
    lived_experience: input.livedExperience || null,
    cost_min_pence: input.costMin,
    cost_max_pence: input.costMax,
    partners: input.partners || null,
    preferred_route: input.preferredRoute as PreferredRoute,
    route_reason: input.routeReason || null,
  };
}

export type CreateProposalResult =
  | { status: "created"; id: string }
  | { status: "consultation-not-found" }
  | { status: "consultation-closed" }
  | { status: "not-admin" }
  /** Some chosen needs are not published needs of this consultation. */
  | { status: "needs-invalid"; invalid: string[] };

/**
 * A group's admin proposes a service against needs of an open consultation, as a draft or submitted at
 * once. The proposal and its needs are stored together or not at all.
 */
export async function createProposal({
  tx,
  userId,
  groupId,
  consultationSlug,
  input,
  submit,
}: {
  tx: Tx;
  userId: string;
  groupId: string;
  consultationSlug: string;
  input: ProposalInput;
  submit: boolean;
}): Promise<CreateProposalResult> {
  const consultation = await getConsultationForProposals({ tx, slug: consultationSlug });
  if (!consultation) return { status: "consultation-not-found" };
  if (consultation.accepting !== "open") return { status: "consultation-closed" };
  const chosen = await findChosenNeeds({ tx, consultationId: consultation.id, ids: input.needs });
  const invalid = input.needs.filter((id) => !chosen.some((need) => need.id === id));
  if (invalid.length > 0) return { status: "needs-invalid", invalid };

  const result = await attempt(tx, async () => {
    const proposal = await tx
      .insertInto("proposals")
      .values({
        ...proposalColumns(input),
        consultation_id: consultation.id,
        organisation_id: groupId,
        status: submit ? "submitted" : "draft",
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("proposal_needs")
      .values(
        input.needs.map((needId) => ({
          proposal_id: proposal.id,
          need_id: needId,
          consultation_id: consultation.id,
          added_by: userId,
        })),
      )
      .execute();
    return proposal.id;
  });
  if (result.ok) return { status: "created", id: result.value };
  // Row-level security refused the insert: the consultation may have closed a moment ago, else not an admin.
  const again = await getConsultationForProposals({ tx, slug: consultationSlug });
  if (again?.accepting !== "open") return { status: "consultation-closed" };
  if (result.refusal.code === "23503") return { status: "needs-invalid", invalid: input.needs };
  return { status: "not-admin" };
}

async function findProposal(tx: Tx, id: string) {
  return (
    tx
      .selectFrom("proposals as p")
      .innerJoin("organisations as g", "g.id", "p.organisation_id")
      .innerJoin("consultations as c", "c.id", "p.consultation_id")
      // Every column but created_by: a user id, which anonymous visitors may not read.
      .select([
        "p.id",
        "p.consultation_id",
        "p.organisation_id",
        "p.title",
        "p.what_we_would_do",
        "p.who_benefits",
        "p.beneficiaries_count",
        "p.outcomes",
        "p.volunteers",
        "p.volunteer_hours",
        "p.premises",
        "p.match_funding_pence",
        "p.relationships",
        "p.lived_experience",
        "p.cost_min_pence",
        "p.cost_max_pence",
        "p.partners",
        "p.preferred_route",
        "p.route_reason",
        "p.status",
        "p.support_count",
        "p.created_at",
        "p.updated_at",
        "p.submitted_at",
        "p.reviewed_at",
        "p.withdrawn_at",
        "p.version",
      ])
      .select([
        "g.name as group_name",
        "g.slug as group_slug",
        "g.verified_at as group_verified_at",
        "c.slug as consultation_slug",
        "c.title as consultation_title",
        "c.organisation_id as consultation_organisation_id",
        "c.status as consultation_status",
        "c.opens_at as consultation_opens_at",
        "c.closes_at as consultation_closes_at",
      ])
      .where("p.id", "=", id)
      .executeTakeFirst()
  );
}

async function linkedNeeds(tx: Tx, proposalId: string) {
  return tx
    .selectFrom("proposal_needs as pn")
    .innerJoin("needs as n", "n.id", "pn.need_id")
    .select(["n.id", "n.reference", "n.title", "n.support_count", "n.status"])
    .where("pn.proposal_id", "=", proposalId)
    .orderBy("n.support_count", "desc")
    .orderBy("n.reference")
    .execute();
}

/** Whether the requester commissions the consultation (a member of the organisation running it). */
async function commissions(tx: Tx, organisationId: string, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const row = await tx
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select("m.user_id")
    .where("m.organisation_id", "=", organisationId)
    .where("m.user_id", "=", userId)
    .where("o.kind", "=", "commissioner")
    .executeTakeFirst();
  return Boolean(row);
}

const proposalSupportQuery = (proposalId: string) =>
  sql<{ supports: boolean }>`select private.i_support_proposal(${proposalId}::uuid) as supports`;

/** What a proposal's page shows this person of their own, for sharing it with everyone in the same position. */
export async function readPersonalProposalPagePart({
  db,
  claims,
  proposalId,
}: {
  db: Db;
  claims: Claims;
  proposalId: string;
}): Promise<{ supports: boolean }> {
  const [row] = await readInOneTrip(db, claims, proposalSupportQuery(proposalId).compile(db));
  return { supports: row?.supports ?? false };
}

/**
 * The proposal page: the proposal as this visitor may see it, the needs it answers, the question threads
 * they may read, and what they may do (support, ask, answer, publish, review, edit, withdraw).
 */
export async function getProposalPage({ tx, id, userId }: { tx: Tx; id: string; userId: string | null }) {
  const proposal = await findProposal(tx, id);
  if (!proposal) return null;
  const [needs, messages, role, isCommissioner, support] = await Promise.all([
    linkedNeeds(tx, id),
    tx
      .selectFrom("proposal_messages as m")
      .leftJoin("organisations as o", "o.id", "m.author_organisation_id")
      .select([
        "m.id",
        "m.kind",
        "m.in_reply_to",
        "m.body",
        "m.public",
        "m.created_at",
        "m.made_public_at",
        "o.name as organisation_name",
      ])
      .where("m.proposal_id", "=", id)
      .orderBy("m.created_at")
      .orderBy("m.id")
      .execute(),
    roleIn({ tx, organisationId: proposal.organisation_id, userId }),
    commissions(tx, proposal.consultation_organisation_id, userId),
    userId
      ? proposalSupportQuery(id)
          .execute(tx)
          .then((result) => result.rows[0]?.supports ?? false)
      : Promise.resolve(false),
  ]);
  const questions = messages
    .filter((message) => message.kind === "question")
    .map((question) => ({
      ...question,
      answers: messages.filter((message) => message.in_reply_to === question.id),
    }));
  return {
    proposal,
    needs,
    questions,
    viewer: { role, isCommissioner, supports: support },
    consultationAccepting: acceptingState({
      status: proposal.consultation_status,
      opens_at: proposal.consultation_opens_at,
      closes_at: proposal.consultation_closes_at,
    }),
  };
}
export type ProposalPage = NonNullable<Awaited<ReturnType<typeof getProposalPage>>>;

export async function getProposalForEdit({ tx, id, userId }: { tx: Tx; id: string; userId: string }) {
  const proposal = await findProposal(tx, id);
  if (!proposal) return null;
  const [needs, role] = await Promise.all([
    linkedNeeds(tx, id),
    roleIn({ tx, organisationId: proposal.organisation_id, userId }),
  ]);
  return { proposal, needs, role };
}

export type UpdateProposalResult =
  | { status: "saved" }
  | { status: "not-found" }
  | { status: "not-admin" }
  /** Under review or withdrawn: it can no longer be changed. */
  | { status: "not-editable" }
  /** Someone saved it since this form was opened. */
  | { status: "stale" }
  | { status: "needs-invalid"; invalid: string[] };

/** Saves an edit (and the needs it answers) if the proposal is still the version the form was opened on. */
export async function updateProposal({
  tx,
  id,
  userId,
  version,
  input,
}: {
  tx: Tx;
  id: string;
  userId: string;
  version: number;
  input: ProposalInput;
}): Promise<UpdateProposalResult> {
  const current = await findProposal(tx, id);
  if (!current) return { status: "not-found" };
  const linked = (await linkedNeeds(tx, id)).map((need) => need.id);
  const chosen = await findChosenNeeds({
    tx,
    consultationId: current.consultation_id,
    ids: input.needs,
    alreadyLinked: linked,
  });
  const invalid = input.needs.filter((needId) => !chosen.some((need) => need.id === needId));
  if (invalid.length > 0) return { status: "needs-invalid", invalid };

  const result = await attempt(tx, async () => {
    const updated = await tx
      .updateTable("proposals")
      .set(proposalColumns(input))
      .where("id", "=", id)
      .where("version", "=", version)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    const removed = linked.filter((needId) => !input.needs.includes(needId));
    const added = input.needs.filter((needId) => !linked.includes(needId));
    if (removed.length) {
      await tx
        .deleteFrom("proposal_needs")
        .where("proposal_id", "=", id)
        .where("need_id", "in", removed)
        .execute();
    }
    if (added.length) {
      await tx
        .insertInto("proposal_needs")
        .values(
          added.map((needId) => ({
            proposal_id: id,
            need_id: needId,
            consultation_id: current.consultation_id,
            added_by: userId,
          })),
        )
        .execute();
    }
    return true;
  });
  if (result.ok && result.value) return { status: "saved" };
  if (!isEditable(current.status)) return { status: "not-editable" };
  if ((await roleIn({ tx, organisationId: current.organisation_id, userId })) !== "admin")
    return { status: "not-admin" };
  if (current.version !== version) return { status: "stale" };
  return { status: "not-admin" };
}

export type StatusChangeResult =
  | { status: "changed" }
  | { status: "not-found" }
  | { status: "not-allowed" }
  | { status: "consultation-closed" };

const allowedFrom: Record<"submitted" | "withdrawn" | "under_review", ProposalStatus[]> = {
  submitted: ["draft"],
  withdrawn: ["submitted", "under_review"],
  under_review: ["submitted"],
};

/**
 * Moves a proposal on: the group's admins submit a draft (while the consultation is open) or withdraw it;
 * a commissioner of the consultation starts reviewing it. The database decides who may.
 */
export async function changeProposalStatus({
  tx,
  id,
  to,
}: {
  tx: Tx;
  id: string;
  to: "submitted" | "withdrawn" | "under_review";
}): Promise<StatusChangeResult> {
  const current = await findProposal(tx, id);
  if (!current) return { status: "not-found" };
  if (!allowedFrom[to].includes(current.status)) return { status: "not-allowed" };
  if (to === "submitted") {
    const accepting = acceptingState({
      status: current.consultation_status,
      opens_at: current.consultation_opens_at,
      closes_at: current.consultation_closes_at,
    });
    if (accepting !== "open") return { status: "consultation-closed" };
  }
  const result = await attempt(tx, () =>
    tx
      .updateTable("proposals")
      .set({ status: to })
      .where("id", "=", id)
      .where("status", "in", allowedFrom[to])
      .returning("id")
      .executeTakeFirst(),
  );
  return result.ok && result.value ? { status: "changed" } : { status: "not-allowed" };
}

/** A group's admins delete a draft they no longer want (row-level security: drafts only). */
export async function deleteDraftProposal({
  tx,
  id,
}: {
  tx: Tx;
  id: string;
}): Promise<{ status: "deleted" | "not-allowed" }> {
  const result = await attempt(tx, () =>
    tx
      .deleteFrom("proposals")
      .where("id", "=", id)
      .where("status", "=", "draft")
      .returning("id")
      .executeTakeFirst(),
  );
  return result.ok && result.value ? { status: "deleted" } : { status: "not-allowed" };
}

// Supports -----------------------------------------------------------------------------------------------------

export type SupportResult =
  | { status: "added" }
  | { status: "already" }
  | { status: "not-open" }
  /** The person belongs to the group that made the proposal: a group does not support itself. */
  | { status: "own-group" };

/** A resident supports a submitted proposal, once; never a member of the group that proposed it. */
export async function supportProposal({
  tx,
  id,
  userId,
}: {
  tx: Tx;
  id: string;
  userId: string;
}): Promise<SupportResult> {
  const result = await attempt(tx, () =>
    tx
      .insertInto("proposal_supports")
      .values({ proposal_id: id, user_id: userId })
      .onConflict((conflict) => conflict.columns(["proposal_id", "user_id"]).doNothing())
      .returning("proposal_id")
      .executeTakeFirst(),
  );
  if (result.ok) return result.value ? { status: "added" } : { status: "already" };
  // Row-level security refused it: say why, the group's own proposal before one that is not open.
  const proposal = await findProposal(tx, id);
  if (proposal && (await roleIn({ tx, organisationId: proposal.organisation_id, userId })) !== null)
    return { status: "own-group" };
  return { status: "not-open" };
}

export async function withdrawProposalSupport({ tx, id, userId }: { tx: Tx; id: string; userId: string }) {
  await tx
    .deleteFrom("proposal_supports")
    .where("proposal_id", "=", id)
    .where("user_id", "=", userId)
    .execute();
}

// Questions and answers ----------------------------------------------------------------------------------------

export type MessageResult = { status: "posted" } | { status: "not-found" } | { status: "not-allowed" };
export type AnswerResult =
  /** `public`: the question was public, so the answer is too. */
  { status: "posted"; public: boolean } | Exclude<MessageResult, { status: "posted" }>;

/** A commissioner of the consultation asks the group a question, public at once if they choose. */
export async function askQuestion({
  tx,
  id,
  userId,
  body,
  isPublic,
}: {
  tx: Tx;
  id: string;
  userId: string;
  body: string;
  isPublic: boolean;
}): Promise<{ status: "posted"; questionId: string } | Exclude<MessageResult, { status: "posted" }>> {
  const proposal = await findProposal(tx, id);
  if (!proposal) return { status: "not-found" };
  const result = await attempt(tx, () =>
    tx
      .insertInto("proposal_messages")
      .values({
        proposal_id: id,
        consultation_id: proposal.consultation_id,
        kind: "question",
        author_id: userId,
        author_organisation_id: proposal.consultation_organisation_id,
        body,
        public: isPublic,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return result.ok ? { status: "posted", questionId: result.value.id } : { status: "not-allowed" };
}

/**
 * Emails every member of the proposal's group that a commissioner asked a question, with a link to answer
 * and one to stop these emails. Runs as the service role once the question is saved: the members' addresses
 * are not the commissioner's to read.
 */
export async function notifyGroupOfQuestion({
  db,
  mailer,
  signer,
  appUrl,
  questionId,
}: {
  db: Db;
  mailer: Mailer;
  signer: Signer;
  appUrl: string;
  questionId: string;
}): Promise<{ sent: number; unsubscribed: number; failed: number }> {
  const found = await asService(db, async (tx) => {
    const question = await tx
      .selectFrom("proposal_messages as q")
      .innerJoin("proposals as p", "p.id", "q.proposal_id")
      .innerJoin("organisations as g", "g.id", "p.organisation_id")
      .leftJoin("organisations as asker", "asker.id", "q.author_organisation_id")
      .select([
        "q.body",
        "p.id as proposal_id",
        "p.title",
        "g.id as group_id",
        "g.name as group_name",
        "asker.name as asked_by",
      ])
      .where("q.id", "=", questionId)
      .where("q.kind", "=", "question")
      .executeTakeFirst();
    if (!question) return null;
    const members = await tx
      .selectFrom("memberships as m")
      .innerJoin("private.people as u", "u.id", "m.user_id")
      .select("u.email")
      .where("m.organisation_id", "=", question.group_id)
      .where("u.email", "is not", null)
      .where("u.is_anonymous", "=", false)
      .where("u.deleted_at", "is", null)
      .orderBy("u.email")
      .execute();
    return { question, emails: members.map((member) => member.email!) };
  });
  const outcome = { sent: 0, unsubscribed: 0, failed: 0 };
  if (!found) return outcome;
  const { question, emails } = found;
  const askedBy = question.asked_by ?? "A commissioner";
  for (const to of emails) {
    // One address that fails must not keep the question from the others; the question is saved already.
    const result = await sendNotification({
      db,
      mailer,
      signer,
      appUrl,
      to,
      topic: "proposal_questions",
      subject: `${askedBy} asked a question about “${question.title}”`,
      text: [
        `${askedBy} asked ${question.group_name} a question about your proposal “${question.title}”:`,
        "",
        question.body,
        "",
        "Answer it on the proposal’s page (sign in with this email address if asked):",
        `${appUrl}/proposals/${question.proposal_id}#question-${questionId}`,
      ].join("\n"),
      // Nothing records which language each member reads, so the email is in English (the page is bilingual).
      reason: translator("en")("email.notification.reason.member", { group: question.group_name }),
    }).catch((error: unknown) => {
      console.error(
        `Could not email ${to} about question ${questionId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return "failed" as const;
    });
    outcome[result] += 1;
  }
  return outcome;
}

/**
 * A member of the group answers a question. The answer is as public as the question (the database insists):
 * everyone reads the answer to a public question; an answer to a private one waits for a commissioner.
 */
export async function answerQuestion({
  tx,
  id,
  userId,
  questionId,
  body,
}: {
  tx: Tx;
  id: string;
  userId: string;
  questionId: string;
  body: string;
}): Promise<AnswerResult> {
  const proposal = await findProposal(tx, id);
  if (!proposal) return { status: "not-found" };
  const question = await tx
    .selectFrom("proposal_messages")
    .select("id")
    .where("id", "=", questionId)
    .where("proposal_id", "=", id)
    .where("kind", "=", "question")
    .executeTakeFirst();
  if (!question) return { status: "not-found" };
  const result = await attempt(tx, () =>
    tx
      .insertInto("proposal_messages")
      .values({
        proposal_id: id,
        consultation_id: proposal.consultation_id,
        kind: "answer",
        in_reply_to: questionId,
        author_id: userId,
        author_organisation_id: proposal.organisation_id,
        body,
        // Read in the same statement as the policy's check, so a thread published meanwhile cannot refuse it.
        public: sql<boolean>`(select q.public from proposal_messages q where q.id = ${questionId})`,
      })
      .returning("public")
      .executeTakeFirstOrThrow(),
  );
  return result.ok ? { status: "posted", public: result.value.public } : { status: "not-allowed" };
}

/** A commissioner makes a question and its answers public, or private again. */
export async function setThreadPublic({
  tx,
  id,
  questionId,
  isPublic,
}: {
  tx: Tx;
  id: string;
  questionId: string;
  isPublic: boolean;
}): Promise<{ status: "changed" | "not-allowed" }> {
  const result = await attempt(tx, () =>
    tx
      .updateTable("proposal_messages")
      .set({ public: isPublic })
      .where("proposal_id", "=", id)
      .where((eb) => eb.or([eb("id", "=", questionId), eb("in_reply_to", "=", questionId)]))
      .returning("id")
      .execute(),
  );
  return result.ok && result.value.length > 0 ? { status: "changed" } : { status: "not-allowed" };
}

// Need pages ---------------------------------------------------------------------------------------------------

/** The proposals this visitor may see that answer a need: for the need's own page. */
export async function listProposalsAnsweringNeed({ tx, needId }: { tx: Tx; needId: string }) {
  return tx
    .selectFrom("proposal_needs as pn")
    .innerJoin("proposals as p", "p.id", "pn.proposal_id")
    .innerJoin("organisations as g", "g.id", "p.organisation_id")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.support_count",
      "g.name as group_name",
      "g.slug as group_slug",
      "g.verified_at as group_verified_at",
    ])
    .where("pn.need_id", "=", needId)
    .where("p.status", "in", ["submitted", "under_review"])
    .orderBy("p.support_count", "desc")
    .orderBy("p.created_at")
    .limit(50)
    .execute();
}
export type ProposalAnsweringNeed = Awaited<ReturnType<typeof listProposalsAnsweringNeed>>[number];
