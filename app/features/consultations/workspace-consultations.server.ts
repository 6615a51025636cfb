import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { ConsultationStatus } from "~/db/schema";
import { canTransition } from "~/features/consultations/consultation-lifecycle";
import type { ConsultationInput } from "~/features/consultations/consultation-forms";
import type { AreaInput, ThemeInput } from "~/features/consultations/theme-area-forms";
import { recordAudit } from "~/platform/audit.server";
import { copyThemesAndAreas, getTemplate } from "./consultation-templates.server";
import type { CommissionedConsultation } from "./workspace.server";

/**
 * Setting up a consultation: its details, themes and areas, and its moves through the lifecycle. Each
 * function runs in the request's transaction under row-level security, so a commissioner of another
 * organisation changes nothing whatever they send.
 */

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Runs one statement inside a savepoint, so that an expected refusal (a unique slug, a guard trigger) can be
 * reported to the person while the request's transaction carries on.
 */
async function attempt<T>(
  tx: Tx,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: PgError }> {
  await sql`savepoint workspace_attempt`.execute(tx);
  try {
    const value = await work();
    await sql`release savepoint workspace_attempt`.execute(tx);
    return { ok: true, value };
  } catch (error) {
    const pg = error as PgError;
    if (!pg || typeof pg.code !== "string") throw error;
    await sql`rollback to savepoint workspace_attempt`.execute(tx);
    return { ok: false, error: pg };
  }
}

const isSlugTaken = (error: PgError) =>
  error.code === "23505" && error.constraint === "consultations_slug_key";

/**
 * Another consultation of the same organisation for the same place whose dates overlap: residents would
 * not know which one to answer, so the second is refused until its dates or place differ.
 */
async function findOverlap({
  tx,
  organisationId,
  place,
  opensAt,
  closesAt,
  exceptId,
}: {
  tx: Tx;
  organisationId: string;
  place: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  exceptId?: string;
}) {
  if (!place || !opensAt || !closesAt) return null;
  return (
    (await tx
      .selectFrom("consultations")
      .select(["slug", "title", "opens_at", "closes_at"])
      .where("organisation_id", "=", organisationId)
      .where(sql<boolean>`lower(place) = lower(${place})`)
      .where("opens_at", "<", closesAt)
      .where("closes_at", ">", opensAt)
      .$if(Boolean(exceptId), (qb) => qb.where("id", "!=", exceptId!))
      .orderBy("opens_at")
      .executeTakeFirst()) ?? null
  );
}

export type Overlap = NonNullable<Awaited<ReturnType<typeof findOverlap>>>;

export type CreateResult =
  | { status: "created"; slug: string }
  | { status: "slug-taken" }
  | { status: "overlaps"; other: Overlap }
  | { status: "not-allowed" }
  /** The consultation to start from is not one the asker commissions (or no longer exists). */
  | { status: "template-not-found" }
  /** The consultation to start from belongs to another of the asker's organisations. */
  | { status: "template-elsewhere"; organisationName: string };

/**
 * A new draft consultation for one of the asker's organisations; started from an earlier one of the same
 * organisation (startFrom, its slug), it gets copies of that one's themes and areas, in the same transaction.
 */
export async function createConsultation({
  tx,
  userId,
  organisationId,
  input,
  startFrom,
}: {
  tx: Tx;
  userId: string;
  organisationId: string;
  input: ConsultationInput;
  startFrom?: string;
}): Promise<CreateResult> {
  const template = startFrom ? await getTemplate({ tx, slug: startFrom }) : null;
  if (startFrom && !template) return { status: "template-not-found" };
  if (template && template.organisation_id !== organisationId)
    return { status: "template-elsewhere", organisationName: template.organisation_name };
  const other = await findOverlap({
    tx,
    organisationId,
    place: input.place,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
  });
  if (other) return { status: "overlaps", other };
  const inserted = await attempt(tx, () =>
    tx
      .insertInto("consultations")
      .values({
        organisation_id: organisationId,
        slug: input.slug,
        title: input.title,
        place: input.place,
        summary: input.summary,
        why_we_ask: input.whyWeAsk,
        what_happens_next: input.whatHappensNext,
        title_cy: input.titleCy,
        summary_cy: input.summaryCy,
        why_we_ask_cy: input.whyWeAskCy,
        what_happens_next_cy: input.whatHappensNextCy,
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        moderation: input.moderation,
        affected_group_populations: JSON.stringify(input.populations),
        status: "draft",
        created_by: userId,
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow(),
  );
  if (!inserted.ok) {
    if (isSlugTaken(inserted.error)) return { status: "slug-taken" };
    // 42501: the row-level security policy refused an organisation the asker does not commission.
    if (inserted.error.code === "42501") return { status: "not-allowed" };
    throw inserted.error;
  }
  const copied = template
    ? await copyThemesAndAreas({ tx, fromId: template.id, toId: inserted.value.id })
    : null;
  await recordAudit({
    tx,
    organisationId,
    consultationId: inserted.value.id,
    action: "consultation.created",
    targetType: "consultations",
    targetId: inserted.value.id,
    detail: {
      slug: inserted.value.slug,
      ...(template && copied
        ? { started_from: template.slug, themes_copied: copied.themes, areas_copied: copied.areas }
        : {}),
    },
  });
  return { status: "created", slug: inserted.value.slug };
}

const editableColumns = [
  "id",
  "slug",
  "title",
  "place",
  "summary",
  "why_we_ask",
  "what_happens_next",
  "title_cy",
  "summary_cy",
  "why_we_ask_cy",
  "what_happens_next_cy",
  "opens_at",
  "closes_at",
  "moderation",
  "affected_group_populations",
  "status",
  "version",
  "organisation_id",
  "updated_at",
] as const;

/** Everything the setup pages show: the details, themes and areas, with how many needs use each. */
export async function getConsultationSetup({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const consultation = await tx
    .selectFrom("consultations")
    .select(editableColumns)
    .where("id", "=", consultationId)
    .executeTakeFirstOrThrow();
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes as t")
      .select([
        "t.id",
        "t.name",
        "t.name_cy",
        "t.description",
        "t.dimensions",
        "t.position",
        (eb) =>
          eb
            .selectFrom("needs as n")
            .select(eb.fn.countAll<number>().as("n"))
            .whereRef("n.theme_id", "=", "t.id")
            .as("need_count"),
      ])
      .where("t.consultation_id", "=", consultationId)
      .orderBy("t.position")
      .orderBy("t.name")
      .execute(),
    tx
      .selectFrom("consultation_areas as a")
      .select([
        "a.id",
        "a.name",
        "a.name_cy",
        "a.centre_lat",
        "a.centre_lng",
        "a.population",
        "a.position",
        (eb) =>
          eb
            .selectFrom("needs as n")
            .select(eb.fn.countAll<number>().as("n"))
            .whereRef("n.area_id", "=", "a.id")
            .as("need_count"),
      ])
      .where("a.consultation_id", "=", consultationId)
      .orderBy("a.position")
      .orderBy("a.name")
      .execute(),
  ]);
  return { consultation, themes, areas };
}

export type ConsultationDetails = Awaited<ReturnType<typeof getConsultationSetup>>["consultation"];

export type UpdateResult =
  | { status: "saved"; version: number }
  /** Someone else saved since the form was read: nothing was changed; here is what they saved. */
  | { status: "conflict"; current: ConsultationDetails }
  | { status: "slug-taken" }
  | { status: "slug-locked" }
  | { status: "overlaps"; other: Overlap }
  | { status: "needs-dates" }
  | { status: "not-found" };

/**
 * Saves the details form with optimistic concurrency: the update names the version the form was read at,
 * and changes nothing if another commissioner saved in between.
 */
export async function updateConsultation({
  tx,
  consultationId,
  input,
  version,
}: {
  tx: Tx;
  consultationId: string;
  input: ConsultationInput;
  version: number;
}): Promise<UpdateResult> {
  // Public consultations of other organisations are readable; only the owning commissioners' count here.
  const current = await tx
    .selectFrom("consultations")
    .select(editableColumns)
    .where("id", "=", consultationId)
    .where(sql<boolean>`private.commissions_consultation(id)`)
    .executeTakeFirst();
  if (!current) return { status: "not-found" };
  if (current.version !== version) return { status: "conflict", current };
  // Residents have the address once the consultation is out of draft: it stays as it is.
  if (current.status !== "draft" && input.slug !== current.slug) return { status: "slug-locked" };
  if (current.status !== "draft" && (!input.opensAt || !input.closesAt)) return { status: "needs-dates" };
  const other = await findOverlap({
    tx,
    organisationId: current.organisation_id,
    place: input.place,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    exceptId: consultationId,
  });
  if (other) return { status: "overlaps", other };
  const updated = await attempt(tx, () =>
    tx
      .updateTable("consultations")
      .set({
        slug: input.slug,
        title: input.title,
        place: input.place,
        summary: input.summary,
        why_we_ask: input.whyWeAsk,
        what_happens_next: input.whatHappensNext,
        title_cy: input.titleCy,
        summary_cy: input.summaryCy,
        why_we_ask_cy: input.whyWeAskCy,
        what_happens_next_cy: input.whatHappensNextCy,
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        moderation: input.moderation,
        affected_group_populations: JSON.stringify(input.populations),
      })
      .where("id", "=", consultationId)
      .where("version", "=", version)
      .returning("version")
      .executeTakeFirst(),
  );
  if (!updated.ok) {
    if (isSlugTaken(updated.error)) return { status: "slug-taken" };
    throw updated.error;
  }
  if (!updated.value) {
    // The row moved on between the read and the write (a concurrent save won the race).
    const now = await tx
      .selectFrom("consultations")
      .select(editableColumns)
      .where("id", "=", consultationId)
      .executeTakeFirst();
    return now ? { status: "conflict", current: now } : { status: "not-found" };
  }
  await recordAudit({
    tx,
    organisationId: current.organisation_id,
    consultationId,
    action: "consultation.updated",
    targetType: "consultations",
    targetId: consultationId,
    detail: { version: updated.value.version },
  });
  return { status: "saved", version: updated.value.version };
}

export type TransitionResult =
  | { status: "changed"; to: ConsultationStatus }
  | { status: "invalid-transition"; from: ConsultationStatus; to: ConsultationStatus }
  | { status: "not-ready"; problems: string[] }
  | { status: "moved-on" };

/** What stops a consultation from opening (or reopening): dates, a close date to come, themes and areas. */
async function openingProblems(
  tx: Tx,
  consultation: { id: string; opens_at: Date | null; closes_at: Date | null },
) {
  const problems: string[] = [];
  if (!consultation.opens_at || !consultation.closes_at) problems.push("Set the open and close dates.");
  else if (new Date(consultation.closes_at).getTime() <= Date.now())
    problems.push("Set a close date that has not passed yet.");
  const counts = await tx
    .selectFrom("consultations as c")
    .select([
      (eb) =>
        eb
          .selectFrom("consultation_themes as t")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("t.consultation_id", "=", "c.id")
          .as("themes"),
      (eb) =>
        eb
          .selectFrom("consultation_areas as a")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("a.consultation_id", "=", "c.id")
          .as("areas"),
    ])
    .where("c.id", "=", consultation.id)
    .executeTakeFirstOrThrow();
  if (!counts.themes) problems.push("Add at least one theme.");
  if (!counts.areas) problems.push("Add at least one area.");
  return problems;
}

/**
 * Moves the consultation along its lifecycle. The model refuses moves the lifecycle does not have, and the
 * database refuses them again (SQLSTATE GS010), whatever path a change takes.
 */
export async function changeConsultationStatus({
  tx,
  consultation,
  to,
}: {
  tx: Tx;
  consultation: Pick<CommissionedConsultation, "id" | "organisation_id" | "status">;
  to: ConsultationStatus;
}): Promise<TransitionResult> {
  const from = consultation.status as ConsultationStatus;
  if (!canTransition(from, to)) return { status: "invalid-transition", from, to };
  if (to === "open") {
    const row = await tx
      .selectFrom("consultations")
      .select(["id", "opens_at", "closes_at"])
      .where("id", "=", consultation.id)
      .executeTakeFirst();
    if (!row) return { status: "moved-on" };
    const problems = await openingProblems(tx, row);
    if (problems.length) return { status: "not-ready", problems };
  }
  const changed = await attempt(tx, () =>
    tx
      .updateTable("consultations")
      .set({ status: to })
      .where("id", "=", consultation.id)
      // Only from the status the page showed: two commissioners pressing different buttons cannot both win.
      .where("status", "=", from)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!changed.ok) {
    if (changed.error.code === "GS010") return { status: "invalid-transition", from, to };
    throw changed.error;
  }
  if (!changed.value) return { status: "moved-on" };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "consultation.status_changed",
    targetType: "consultations",
    targetId: consultation.id,
    detail: { from, to },
  });
  return { status: "changed", to };
}

// Themes and areas --------------------------------------------------------------------------------------------

const isNameTaken = (error: PgError, constraint: string) =>
  error.code === "23505" && error.constraint === constraint;

export async function addTheme({
  tx,
  consultationId,
  input,
}: {
  tx: Tx;
  consultationId: string;
  input: ThemeInput;
}) {
  const result = await attempt(tx, async () => {
    const { rows } = await sql<{ next: number }>`
      select coalesce(max(position) + 1, 0)::int as next from public.consultation_themes where consultation_id = ${consultationId}`.execute(
      tx,
    );
    return tx
      .insertInto("consultation_themes")
      .values({
        consultation_id: consultationId,
        name: input.name,
        name_cy: input.nameCy || null,
        description: input.description || null,
        dimensions: input.dimensions,
        position: rows[0]?.next ?? 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
  if (!result.ok) {
    if (isNameTaken(result.error, "consultation_themes_consultation_id_name_key"))
      return { status: "name-taken" as const };
    throw result.error;
  }
  return { status: "added" as const, id: result.value.id };
}

export async function updateTheme({
  tx,
  consultationId,
  themeId,
  input,
}: {
  tx: Tx;
  consultationId: string;
  themeId: string;
  input: ThemeInput;
}) {
  const result = await attempt(tx, () =>
    tx
      .updateTable("consultation_themes")
      .set({
        name: input.name,
        name_cy: input.nameCy || null,
        description: input.description || null,
        dimensions: input.dimensions,
      })
      .where("id", "=", themeId)
      .where("consultation_id", "=", consultationId)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!result.ok) {
    if (isNameTaken(result.error, "consultation_themes_consultation_id_name_key"))
      return { status: "name-taken" as const };
    throw result.error;
  }
  return result.value ? { status: "saved" as const } : { status: "not-found" as const };
}

/** A theme needs have been filed under stays: removing it would silently unfile them. */
export async function removeTheme({
  tx,
  consultationId,
  themeId,
}: {
  tx: Tx;
  consultationId: string;
  themeId: string;
}) {
  const used = await tx
    .selectFrom("needs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("theme_id", "=", themeId)
    .executeTakeFirstOrThrow();
  if (used.n > 0) return { status: "in-use" as const, count: used.n };
  const removed = await tx
    .deleteFrom("consultation_themes")
    .where("id", "=", themeId)
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
  return removed.numDeletedRows > 0n ? { status: "removed" as const } : { status: "not-found" as const };
}

export async function addArea({
  tx,
  consultationId,
  input,
}: {
  tx: Tx;
  consultationId: string;
  input: AreaInput;
}) {
  const result = await attempt(tx, async () => {
    const { rows } = await sql<{ next: number }>`
      select coalesce(max(position) + 1, 0)::int as next from public.consultation_areas where consultation_id = ${consultationId}`.execute(
      tx,
    );
    return tx
      .insertInto("consultation_areas")
      .values({
        consultation_id: consultationId,
        name: input.name,
        name_cy: input.nameCy || null,
        centre_lat: input.lat,
        centre_lng: input.lng,
        population: input.population,
        position: rows[0]?.next ?? 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
  if (!result.ok) {
    if (isNameTaken(result.error, "consultation_areas_consultation_id_name_key"))
      return { status: "name-taken" as const };
    throw result.error;
  }
  return { status: "added" as const, id: result.value.id };
}

export async function updateArea({
  tx,
  consultationId,
  areaId,
  input,
}: {
  tx: Tx;
  consultationId: string;
  areaId: string;
  input: AreaInput;
}) {
  const result = await attempt(tx, () =>
    tx
      .updateTable("consultation_areas")
      .set({
        name: input.name,
        name_cy: input.nameCy || null,
        centre_lat: input.lat,
        centre_lng: input.lng,
        population: input.population,
      })
      .where("id", "=", areaId)
      .where("consultation_id", "=", consultationId)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!result.ok) {
    if (isNameTaken(result.error, "consultation_areas_consultation_id_name_key"))
      return { status: "name-taken" as const };
    throw result.error;
  }
  return result.value ? { status: "saved" as const } : { status: "not-found" as const };
}

export async function removeArea({
  tx,
  consultationId,
  areaId,
}: {
  tx: Tx;
  consultationId: string;
  areaId: string;
}) {
  const used = await tx
    .selectFrom("needs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("area_id", "=", areaId)
    .executeTakeFirstOrThrow();
  if (used.n > 0) return { status: "in-use" as const, count: used.n };
  const removed = await tx
    .deleteFrom("consultation_areas")
    .where("id", "=", areaId)
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
  return removed.numDeletedRows > 0n ? { status: "removed" as const } : { status: "not-found" as const };
}
