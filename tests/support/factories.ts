// Factories that build valid rows with sensible defaults through a superuser connection (tests only).
// Each takes the columns a test cares about and fills in the rest; each returns the stored row.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Claims } from "~/db/database.server";
import type { Database } from "~/db/schema";

type Db = Kysely<Database>;
type New<T extends keyof Database> = Insertable<Database[T]>;
type Row<T extends keyof Database> = Selectable<Database[T]>;

let sequence = 0;
/** A short token unique within this test process, for slugs, names and emails. */
export function unique(prefix = "x"): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomBytes(3).toString("hex")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const DAY = 24 * 60 * 60 * 1000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

export interface TestUser {
  id: string;
  email: string | null;
  is_anonymous: boolean;
}

export async function createUser(
  db: Db,
  options: { email?: string | null; anonymous?: boolean } = {},
): Promise<TestUser> {
  const anonymous = options.anonymous ?? false;
  const email =
    options.email !== undefined ? options.email : anonymous ? null : `${unique("person")}@example.test`;
  return db
    .insertInto("private.people")
    .values({ id: randomUUID(), email, is_anonymous: anonymous })
    .returning(["id", "email", "is_anonymous"])
    .executeTakeFirstOrThrow();
}

/** The JWT claims a request by this user carries, as Supabase Auth issues them. */
export function claimsFor(user: TestUser | null): Claims {
  if (!user) return { role: "anon" };
  return {
    role: "authenticated",
    aud: "authenticated",
    sub: user.id,
    email: user.email,
    is_anonymous: user.is_anonymous,
  };
}

export async function createOrganisation(
  db: Db,
  values: Partial<New<"organisations">> = {},
): Promise<Row<"organisations">> {
  const slug = values.slug ?? unique("org");
  const kind = values.kind ?? "commissioner";
  return db
    .insertInto("organisations")
    .values({
      kind,
      name: `Organisation ${slug}`,
      slug,
      legal_form: kind === "community_group" ? "charity" : null,
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function createCommunityGroup(db: Db, values: Partial<New<"organisations">> = {}) {
  return createOrganisation(db, {
    kind: "community_group",
    legal_form: "charity",
    area_of_benefit: "Northtown",
    ...values,
  });
}

export async function addMember(db: Db, values: New<"memberships">): Promise<Row<"memberships">> {
  return db.insertInto("memberships").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function setOrganisationContact(
  db: Db,
  organisationId: string,
  email = `${unique("contact")}@example.test`,
) {
  return db
    .insertInto("private.organisation_contacts")
    .values({ organisation_id: organisationId, contact_email: email })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createInvitation(
  db: Db,
  values: Partial<New<"private.invitations">> & { organisation_id: string },
) {
  return db
    .insertInto("private.invitations")
    .values({
      email: `${unique("invitee")}@example.test`,
      token_hash: hashToken(randomUUID()),
      expires_at: daysFromNow(7),
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createProfile(db: Db, values: New<"profiles">) {
  return db.insertInto("profiles").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function makePlatformAdmin(db: Db, userId: string) {
  return db
    .insertInto("private.platform_admins")
    .values({ user_id: userId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An open consultation by default: opened yesterday, closing in a month, moderated before publication. */
export async function createConsultation(
  db: Db,
  values: Partial<New<"consultations">> & { organisation_id: string },
): Promise<Row<"consultations">> {
  const slug = values.slug ?? unique("consultation");
  return db
    .insertInto("consultations")
    .values({
      slug,
      title: `Consultation ${slug}`,
      summary: "What does our neighbourhood need?",
      opens_at: daysFromNow(-1),
      closes_at: daysFromNow(30),
      status: "open",
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTheme(
  db: Db,
  values: Partial<New<"consultation_themes">> & { consultation_id: string },
) {
  return db
    .insertInto("consultation_themes")
    .values({ name: unique("Theme"), dimensions: ["health"], ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createArea(
  db: Db,
  values: Partial<New<"consultation_areas">> & { consultation_id: string },
) {
  return db
    .insertInto("consultation_areas")
    .values({ name: unique("Area"), population: 5000, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A need as a resident posts it: received, from the web. */
export async function createNeed(
  db: Db,
  values: Partial<New<"needs">> & { consultation_id: string },
): Promise<Row<"needs">> {
  return db
    .insertInto("needs")
    .values({
      title: "Somewhere warm for older people to meet",
      description: "The day centre closed and there is nowhere to go in winter.",
      affected_groups: ["older_people"],
      seriousness: 3,
      status: "received",
      source: "web",
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createNeedPrivateDetails(
  db: Db,
  values: Partial<New<"private.need_private_details">> & { need_id: string; consultation_id: string },
) {
  return db
    .insertInto("private.need_private_details")
    .values({ original_title: "Somewhere warm for older people to meet", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createNeedPhoto(
  db: Db,
  values: Partial<New<"private.need_photos">> & { need_id: string; consultation_id: string },
) {
  return db
    .insertInto("private.need_photos")
    .values({
      data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      mime_type: "image/jpeg",
      width: 1,
      height: 1,
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createSupport(db: Db, values: New<"supports">) {
  return db.insertInto("supports").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createComment(
  db: Db,
  values: Partial<New<"comments">> & { need_id: string; consultation_id: string },
) {
  return db
    .insertInto("comments")
    .values({ body: "Me too, my mum has nowhere to go.", status: "received", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCommentOriginal(db: Db, values: New<"private.comment_originals">) {
  return db.insertInto("private.comment_originals").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createFlag(db: Db, values: Partial<New<"flags">> & { consultation_id: string }) {
  return db
    .insertInto("flags")
    .values({ reason: "spam", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createProposal(
  db: Db,
  values: Partial<New<"proposals">> & { consultation_id: string; organisation_id: string },
): Promise<Row<"proposals">> {
  return db
    .insertInto("proposals")
    .values({
      title: "Warm Welcome lunch club",
      what_we_would_do: "A weekly lunch club in the church hall.",
      who_benefits: "Older people living alone",
      beneficiaries_count: 40,
      volunteers: 6,
      volunteer_hours: 600,
      match_funding_pence: 250_000,
      cost_min_pence: 1_000_000,
      cost_max_pence: 1_500_000,
      preferred_route: "grant",
      status: "draft",
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function linkProposalNeed(db: Db, values: New<"proposal_needs">) {
  return db.insertInto("proposal_needs").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createProposalSupport(db: Db, values: New<"proposal_supports">) {
  return db.insertInto("proposal_supports").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createProposalMessage(
  db: Db,
  values: Partial<New<"proposal_messages">> & { proposal_id: string; consultation_id: string },
) {
  return db
    .insertInto("proposal_messages")
    .values({ kind: "question", body: "How many volunteers are DBS checked?", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createGroupingRun(
  db: Db,
  values: Partial<New<"grouping_runs">> & { consultation_id: string },
) {
  return db
    .insertInto("grouping_runs")
    .values({ params: { minGroupSize: 3 }, status: "done", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createNeedGroup(
  db: Db,
  values: Partial<New<"need_groups">> & { consultation_id: string },
) {
  return db
    .insertInto("need_groups")
    .values({ label: "warm spaces, older people", terms: ["warm", "older"], status: "manual", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addNeedToGroup(db: Db, values: New<"need_group_members">) {
  return db.insertInto("need_group_members").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createStatement(
  db: Db,
  values: Partial<New<"needs_statements">> & { consultation_id: string },
) {
  return db
    .insertInto("needs_statements")
    .values({
      title: "Older people lack warm places to meet",
      body: "12 people in Northtown report nowhere warm to meet in winter.",
      dimensions: ["health", "networks"],
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function linkStatementNeed(db: Db, values: New<"statement_needs">) {
  return db.insertInto("statement_needs").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function linkStatementProposal(db: Db, values: New<"statement_proposals">) {
  return db.insertInto("statement_proposals").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createBrief(db: Db, values: Partial<New<"briefs">> & { consultation_id: string }) {
  return db
    .insertInto("briefs")
    .values({
      title: "Warm spaces commission",
      purpose: "Places where older people meet in winter.",
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addBriefStatement(db: Db, values: New<"brief_statements">) {
  return db.insertInto("brief_statements").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function createBriefVersion(
  db: Db,
  values: Partial<New<"brief_versions">> & { brief_id: string; consultation_id: string },
) {
  return db
    .insertInto("brief_versions")
    .values({ version_number: 1, snapshot: { title: "Warm spaces commission", need_ids: [] }, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createSession(db: Db, values: Partial<New<"private.sessions">> & { user_id: string }) {
  return db
    .insertInto("private.sessions")
    .values({ expires_at: daysFromNow(30), user_agent: "Mozilla/5.0 (test)", ip: "192.0.2.1", ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createOneTimeCode(db: Db, values: Partial<New<"private.one_time_codes">> = {}) {
  return db
    .insertInto("private.one_time_codes")
    .values({
      email: `${unique("code")}@example.test`,
      code_hash: hashToken("123456"),
      expires_at: new Date(Date.now() + 10 * 60 * 1000),
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createRateLimitCounter(
  db: Db,
  values: Partial<New<"private.rate_limit_counters">> = {},
) {
  return db
    .insertInto("private.rate_limit_counters")
    .values({ key: unique("post-need:ip:192.0.2.1"), window_start: new Date(), count: 1, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A need being written, with a title so far. */
export async function createNeedDraft(
  db: Db,
  values: Partial<New<"private.need_drafts">> & { user_id: string; consultation_id: string },
) {
  return db
    .insertInto("private.need_drafts")
    .values({ answers: { title: "A bench by the bus stop" }, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createJob(db: Db, values: Partial<New<"private.jobs">> = {}) {
  return db
    .insertInto("private.jobs")
    .values({ kind: "grouping", payload: {}, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function appendAudit(db: Db, values: Partial<New<"private.audit_log">> = {}) {
  return db
    .insertInto("private.audit_log")
    .values({ action: "need.hidden", actor_role: "authenticated", details: {}, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUnsubscribe(
  db: Db,
  values: Partial<New<"private.email_unsubscribes">> & { email: string },
) {
  return db.insertInto("private.email_unsubscribes").values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Moves a consultation to "reported", as publishing its brief does. Needs arrive before that: the database
 * refuses a need for a consultation that has reported, so a test adds them first and reports after.
 */
export async function markReported(db: Kysely<Database>, consultationId: string, reportedAt?: Date) {
  await db
    .updateTable("consultations")
    .set({ status: "reported", ...(reportedAt ? { reported_at: reportedAt } : {}) })
    .where("id", "=", consultationId)
    .execute();
}
