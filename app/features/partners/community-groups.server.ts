import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { LegalForm, PublicValueDimension } from "~/db/schema";
import { textSearch } from "~/lib/text-search.server";
import type { GroupInput } from "~/features/partners/partner-forms";

// Community groups: the directory, registration, the public page, editing and verification. Row-level
// security and the guard trigger on organisations decide who may change what; these functions turn the
// database's refusals into tagged results the pages explain.

/** A database error the caller expects and explains (not a fault): SQLSTATE and message. */
export interface Refusal {
  code: string;
  message: string;
}

const EXPECTED_REFUSALS = new Set([
  "42501", // insufficient_privilege: row-level security, a column grant or a guard trigger said no
  "23514", // check_violation: a check constraint or a guard trigger
  "23505", // unique_violation
  "23503", // foreign_key_violation: e.g. a need from another consultation
  "GS001", // the last-admin guard
]);

/**
 * Runs one use case's writes inside a savepoint: on a refusal everything it wrote is rolled back (nothing
 * partial is stored) and the transaction stays usable to find out why; unexpected errors still throw.
 */
export async function attempt<T>(
  tx: Tx,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; refusal: Refusal }> {
  await sql`savepoint use_case`.execute(tx);
  try {
    const value = await work();
    await sql`release savepoint use_case`.execute(tx);
    return { ok: true, value };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code || !EXPECTED_REFUSALS.has(code)) throw error;
    await sql`rollback to savepoint use_case`.execute(tx);
    return { ok: false, refusal: { code, message: (error as Error).message } };
  }
}

/** "Warren Food Co-operative" → "warren-food-co-operative". */
export function slugFor(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "group";
}

// The directory ------------------------------------------------------------------------------------------------

export const GROUPS_PAGE_SIZE = 20;

export interface CommunityGroupListQuery {
  q?: string;
  area?: string;
  theme?: PublicValueDimension;
  page: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Community groups, verified ones first, searchable by words, area of benefit and theme. */
export async function listCommunityGroups({ tx, query }: { tx: Tx; query: CommunityGroupListQuery }) {
  let base = tx.selectFrom("organisations as o").where("o.kind", "=", "community_group");
  if (query.q) {
    // Groups' words have no language of their own: English forms only.
    const search = textSearch(query.q);
    base = base.where(search ? sql<boolean>`o.search @@ ${search.english}` : sql<boolean>`false`);
  }
  if (query.area) base = base.where(sql<boolean>`o.area_of_benefit ilike ${`%${escapeLike(query.area)}%`}`);
  if (query.theme) base = base.where(sql<boolean>`o.themes::text[] @> array[${query.theme}]::text[]`);

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const groups = await base
    .leftJoin("organisations as v", "v.id", "o.verified_by_organisation_id")
    .select([
      "o.name",
      "o.slug",
      "o.legal_form",
      "o.area_of_benefit",
      "o.description",
      "o.themes",
      "o.verified_at",
      "v.name as verifier_name",
      // Row-level security leaves only the proposals this visitor may see in the count.
      sql<number>`(select count(*)::int from public.proposals p
                    where p.organisation_id = o.id and p.status in ('submitted', 'under_review'))`.as(
        "proposal_count",
      ),
    ])
    .orderBy(sql`o.verified_at is null`)
    .orderBy("o.name")
    .orderBy("o.id")
    .limit(GROUPS_PAGE_SIZE)
    .offset((query.page - 1) * GROUPS_PAGE_SIZE)
    .execute();
  return { total, pages: Math.max(1, Math.ceil(total / GROUPS_PAGE_SIZE)), groups };
}

// Registration -------------------------------------------------------------------------------------------------

export type RegisterResult = { status: "registered"; slug: string } | { status: "refused"; refusal: Refusal };

/** Addresses under /groups that are pages of their own, not groups. */
const RESERVED_SLUGS = ["new"];

async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = slugFor(name);
  const rows = await tx
    .selectFrom("organisations")
    .select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
    .execute();
  const taken = new Set([...RESERVED_SLUGS, ...rows.map((row) => row.slug)]);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Registers a community group: the organisation, its founder as first admin and its private contact, in one
 * savepoint (all or nothing). Row-level security lets only a person with an account found a group.
 */
export async function registerCommunityGroup({
  tx,
  userId,
  input,
}: {
  tx: Tx;
  userId: string;
  input: GroupInput;
}): Promise<RegisterResult> {
  const slug = await freeSlug(tx, input.name);
  const result = await attempt(tx, async () => {
    const group = await tx
      .insertInto("organisations")
      .values({
        kind: "community_group",
        name: input.name,
        slug,
        legal_form: input.legalForm,
        registration_number: input.registrationNumber || null,
        area_of_benefit: input.areaOfBenefit,
        description: input.description,
        website: input.website || null,
        themes: input.themes as PublicValueDimension[],
        created_by: userId,
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("memberships")
      .values({ organisation_id: group.id, user_id: userId, role: "admin", added_by: userId })
      .execute();
    await tx
      .insertInto("private.organisation_contacts")
      .values({ organisation_id: group.id, contact_email: input.contactEmail })
      .execute();
    return group;
  });
  return result.ok
    ? { status: "registered", slug: result.value.slug }
    : { status: "refused", refusal: result.refusal };
}

// The public page ----------------------------------------------------------------------------------------------

async function findGroup(tx: Tx, slug: string) {
  return tx
    .selectFrom("organisations as o")
    .leftJoin("organisations as v", "v.id", "o.verified_by_organisation_id")
    .select([
      "o.id",
      "o.name",
      "o.slug",
      "o.legal_form",
      "o.registration_number",
      "o.area_of_benefit",
      "o.description",
      "o.website",
      "o.themes",
      "o.verified_at",
      "o.verified_by_organisation_id",
      "v.name as verifier_name",
      "v.slug as verifier_slug",
    ])
    .where("o.slug", "=", slug)
    .where("o.kind", "=", "community_group")
    .executeTakeFirst();
}

/** The requester's role in an organisation, if they belong to it (row-level security: members see members). */
export async function roleIn({
  tx,
  organisationId,
  userId,
}: {
  tx: Tx;
  organisationId: string;
  userId: string | null;
}) {
  if (!userId) return null;
  const row = await tx
    .selectFrom("memberships")
    .select("role")
    .where("organisation_id", "=", organisationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** The commissioning organisations the requester belongs to: those they may verify groups for. */
export async function listCommissioningOrganisations({ tx, userId }: { tx: Tx; userId: string | null }) {
  if (!userId) return [];
  return tx
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["o.id", "o.name", "o.slug"])
    .where("m.user_id", "=", userId)
    .where("o.kind", "=", "commissioner")
    .orderBy("o.name")
    .execute();
}

/** Consultations taking proposals now: open, and between their dates. */
export async function listOpenConsultations({ tx }: { tx: Tx }) {
  return tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select(["c.slug", "c.title", "c.closes_at", "o.name as organisation_name"])
    .where("c.status", "=", "open")
    .where("c.opens_at", "<=", sql<Date>`now()`)
    .where("c.closes_at", ">", sql<Date>`now()`)
    .orderBy("c.closes_at")
    .limit(50)
    .execute();
}

/** How many questions on the proposal `p` (as the asker may read them) nobody in the group has answered yet. */
export const unansweredQuestions = sql<number>`(select count(*)::int from public.proposal_messages q
  where q.proposal_id = p.id and q.kind = 'question'
    and not exists (select 1 from public.proposal_messages a where a.in_reply_to = q.id))`;

/**
 * A group's page: its profile and verification, the proposals this visitor may see (members also see drafts
 * and withdrawn ones), the needs its public proposals answer, and what the visitor may do here.
 */
export async function getCommunityGroupPage({
  tx,
  slug,
  userId,
}: {
  tx: Tx;
  slug: string;
  userId: string | null;
}) {
  const group = await findGroup(tx, slug);
  if (!group) return null;
  const [role, contact, proposals, needs, commissioning] = await Promise.all([
    roleIn({ tx, organisationId: group.id, userId }),
    // A visitor without a session queries as anon, which may not even look at contacts.
    userId
      ? tx
          .selectFrom("private.organisation_contacts")
          .select("contact_email")
          .where("organisation_id", "=", group.id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    tx
      .selectFrom("proposals as p")
      .innerJoin("consultations as c", "c.id", "p.consultation_id")
      .select([
        "p.id",
        "p.title",
        "p.status",
        "p.support_count",
        "p.updated_at",
        "c.title as consultation_title",
        "c.slug as consultation_slug",
        // Questions the visitor may read that nobody in the group has answered yet (shown to members).
        unansweredQuestions.as("unanswered"),
      ])
      .where("p.organisation_id", "=", group.id)
      .orderBy("p.updated_at", "desc")
      .limit(200)
      .execute(),
    tx
      .selectFrom("proposal_needs as pn")
      .innerJoin("proposals as p", "p.id", "pn.proposal_id")
      .innerJoin("needs as n", "n.id", "pn.need_id")
      .select(["n.reference", "n.title", "n.support_count"])
      .distinct()
      .where("p.organisation_id", "=", group.id)
      .where("p.status", "in", ["submitted", "under_review"])
      .orderBy("n.support_count", "desc")
      .orderBy("n.reference")
      .limit(200)
      .execute(),
    listCommissioningOrganisations({ tx, userId }),
  ]);
  return {
    group,
    role,
    contactEmail: contact?.contact_email ?? null,
    proposals,
    needs,
    /** Organisations the visitor could verify this group for (the database has the last word). */
    commissioning,
  };
}
export type CommunityGroupPage = NonNullable<Awaited<ReturnType<typeof getCommunityGroupPage>>>;

// Editing ------------------------------------------------------------------------------------------------------

export async function getCommunityGroupForEdit({
  tx,
  slug,
  userId,
}: {
  tx: Tx;
  slug: string;
  userId: string;
}) {
  const group = await findGroup(tx, slug);
  if (!group) return null;
  const [role, contact] = await Promise.all([
    roleIn({ tx, organisationId: group.id, userId }),
    // A visitor without a session queries as anon, which may not even look at contacts.
    userId
      ? tx
          .selectFrom("private.organisation_contacts")
          .select("contact_email")
          .where("organisation_id", "=", group.id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return { group, role, contactEmail: contact?.contact_email ?? "" };
}

export type UpdateCommunityGroupResult =
  { status: "saved" } | { status: "not-found" } | { status: "not-admin" };

/**
 * Saves a group's profile and contact together. Only its admins may (row-level security filters everyone
 * else out; the guard trigger refuses commissioners, who may only verify): a refusal changes nothing.
 */
export async function updateCommunityGroup({
  tx,
  slug,
  input,
}: {
  tx: Tx;
  slug: string;
  input: GroupInput;
}): Promise<UpdateCommunityGroupResult> {
  const group = await findGroup(tx, slug);
  if (!group) return { status: "not-found" };
  const result = await attempt(tx, async () => {
    const updated = await tx
      .updateTable("organisations")
      .set({
        name: input.name,
        legal_form: input.legalForm as LegalForm,
        registration_number: input.registrationNumber || null,
        area_of_benefit: input.areaOfBenefit,
        description: input.description,
        website: input.website || null,
        themes: input.themes as PublicValueDimension[],
      })
      .where("id", "=", group.id)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    const contact = await tx
      .updateTable("private.organisation_contacts")
      .set({ contact_email: input.contactEmail })
      .where("organisation_id", "=", group.id)
      .returning("organisation_id")
      .executeTakeFirst();
    if (!contact) {
      await tx
        .insertInto("private.organisation_contacts")
        .values({ organisation_id: group.id, contact_email: input.contactEmail })
        .execute();
    }
    return true;
  });
  if (result.ok && result.value) return { status: "saved" };
  return { status: "not-admin" };
}

// Verification -------------------------------------------------------------------------------------------------

export type VerifyResult =
  | { status: "verified" | "unverified" }
  | { status: "not-found" }
  /** The requester belongs to the group: a group never verifies itself. */
  | { status: "own-group" }
  /** The verifying organisation is not a commissioning organisation the requester belongs to. */
  | { status: "not-commissioner" }
  /** Another organisation verified the group: only it may change or withdraw its verification. */
  | { status: "verified-by-another" };

/**
 * A commissioning organisation marks a group verified after its own checks (or withdraws its verification).
 * The database refuses a group verifying itself, a member of the group, anyone who is not a commissioner of
 * the verifying organisation, and anyone taking over or withdrawing another organisation's verification; it
 * records when, and audits both.
 */
export async function setCommunityGroupVerification({
  tx,
  slug,
  userId,
  verifierId,
}: {
  tx: Tx;
  slug: string;
  userId: string;
  /** null withdraws the verification. */
  verifierId: string | null;
}): Promise<VerifyResult> {
  const group = await findGroup(tx, slug);
  if (!group) return { status: "not-found" };
  const result = await attempt(tx, () =>
    tx
      .updateTable("organisations")
      .set({ verified_by_organisation_id: verifierId })
      .where("id", "=", group.id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (result.ok && result.value) return { status: verifierId ? "verified" : "unverified" };
  if (verifierId === group.id || (await roleIn({ tx, organisationId: group.id, userId })))
    return { status: "own-group" };
  const verifiedBy = group.verified_by_organisation_id;
  if (verifiedBy && verifiedBy !== verifierId) {
    const mine = await listCommissioningOrganisations({ tx, userId });
    if (!mine.some((organisation) => organisation.id === verifiedBy))
      return { status: "verified-by-another" };
  }
  return { status: "not-commissioner" };
}
