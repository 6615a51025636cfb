// Getting everything out: a consultation's needs, groups, statements and briefs as CSV or JSON for
// its own commissioners, with every field they may read (row-level security decides: the private details of
// needs only reach the owning commissioners), and the open-data export with personal data removed. Every
// export is written to the audit log in the same transaction that reads the data.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { ExportDataset, ExportFormat } from "~/features/evidence-io/evidence-forms";
import { recordAudit } from "~/platform/audit.server";
import {
  getPublicConsultation,
  licences,
  openDataPackage,
  openNeedRow,
  openNeedSchema,
  type LicenceId,
} from "~/features/evidence-io/open-data.server";

export interface ExportFile {
  body: string;
  contentType: string;
  filename: string;
  rows: number;
}

/** A CSV cell: quoted when it must be, and formula-looking text defused so spreadsheets show it as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? value.join("; ")
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(","));
  // A byte-order mark so that Excel reads the file as UTF-8.
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const NEED_COLUMNS = [
  "reference",
  "status",
  "source",
  "title",
  "description",
  "original_title",
  "original_description",
  "theme",
  "area",
  "place",
  "original_place",
  "lat",
  "lng",
  "exact_lat",
  "exact_lng",
  "affected_groups",
  "affected_other",
  "people_estimate",
  "seriousness",
  "urgency",
  "support_count",
  "has_photo",
  "moderation_reason",
  "contact_email",
  "assisted_channel",
  "assisted_consent_at",
  "import_file",
  "import_row",
  "external_id",
  "created_at",
  "published_at",
];

/** Every need of the consultation with its private details, in keyset pages of 5,000. */
async function fullNeeds(tx: Tx, consultationId: string) {
  const rows: Record<string, unknown>[] = [];
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const since: { at: Date; id: string } | null = after;
    const page: ({ id: string; created_at: Date } & Record<string, unknown>)[] = await tx
      .selectFrom("needs as n")
      .leftJoin("private.need_private_details as d", "d.need_id", "n.id")
      .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
      .leftJoin("consultation_areas as a", "a.id", "n.area_id")
      .select([
        "n.id",
        "n.reference",
        "n.status",
        "n.source",
        "n.title",
        "n.description",
        "d.original_title",
        "d.original_description",
        "t.name as theme",
        "a.name as area",
        "n.place_text as place",
        "d.original_place_text as original_place",
        "n.lat",
        "n.lng",
        "d.exact_lat",
        "d.exact_lng",
        "n.affected_groups",
        "n.affected_other",
        "n.people_estimate",
        "n.seriousness",
        "n.urgency",
        "n.support_count",
        "n.has_photo",
        "n.moderation_reason",
        // Contact details only where the resident agreed to be contacted about the need.
        sql<string | null>`case when d.contact_consent then d.contact_email end`.as("contact_email"),
        "d.assisted_channel",
        "d.assisted_consent_at",
        "d.import_file",
        "d.import_row",
        "d.external_id",
        "n.created_at",
        "n.published_at",
      ])
      .where("n.consultation_id", "=", consultationId)
      .$if(since !== null, (qb) =>
        qb.where(sql<boolean>`(n.created_at, n.id) > (${since!.at}, ${since!.id}::uuid)`),
      )
      .orderBy("n.created_at")
      .orderBy("n.id")
      .limit(5_000)
      .execute();
    rows.push(...page);
    if (page.length < 5_000) return rows;
    const last: { created_at: Date; id: string } = page[page.length - 1]!;
    after = { at: last.created_at, id: last.id };
  }
}

async function groupsOf(tx: Tx, consultationId: string) {
  return tx
    .selectFrom("need_groups as g")
    .select([
      "g.id",
      "g.label",
      "g.status",
      "g.terms",
      "g.run_id",
      "g.created_at",
      "g.status_changed_at",
      (eb) =>
        eb
          .selectFrom("need_group_members as m")
          .innerJoin("needs as n", "n.id", "m.need_id")
          .select(sql<string[]>`coalesce(array_agg(n.reference order by n.reference), '{}')`.as("refs"))
          .whereRef("m.group_id", "=", "g.id")
          .as("need_references"),
    ])
    .where("g.consultation_id", "=", consultationId)
    .orderBy("g.created_at")
    .execute();
}

async function statementsOf(tx: Tx, consultationId: string) {
  return tx
    .selectFrom("needs_statements as s")
    .leftJoin("need_groups as g", "g.id", "s.group_id")
    .select([
      "s.id",
      "s.title",
      "s.body",
      "s.status",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "g.label as group",
      "s.agreed_at",
      "s.created_at",
      (eb) =>
        eb
          .selectFrom("statement_needs as sn")
          .innerJoin("needs as n", "n.id", "sn.need_id")
          .select(sql<string[]>`coalesce(array_agg(n.reference order by n.reference), '{}')`.as("refs"))
          .whereRef("sn.statement_id", "=", "s.id")
          .as("need_references"),
    ])
    .where("s.consultation_id", "=", consultationId)
    .orderBy("s.created_at")
    .execute();
}

async function briefsOf(tx: Tx, consultationId: string) {
  const [briefs, versions] = await Promise.all([
    tx
      .selectFrom("briefs")
      .select([
        "id",
        "title",
        "status",
        "purpose",
        "public_value",
        "budget_min_pence",
        "budget_max_pence",
        "timeline",
        "engagement_notes",
        "recommended_route",
        "chosen_route",
        "chosen_route_reason",
        "relational_agreement",
        "created_at",
        "updated_at",
        "version",
      ])
      .where("consultation_id", "=", consultationId)
      .orderBy("created_at")
      .execute(),
    tx
      .selectFrom("brief_versions")
      .select(["id", "brief_id", "version_number", "snapshot", "change_note", "published_at"])
      .where("consultation_id", "=", consultationId)
      .orderBy("published_at")
      .execute(),
  ]);
  return briefs.map((brief) => ({
    ...brief,
    published_versions: versions.filter((version) => version.brief_id === brief.id),
  }));
}

export type ExportResult = { status: "exported"; file: ExportFile } | { status: "not-reported" };

/**
 * One export of the consultation for its commissioners, recorded in the audit log (export.<dataset>_<format>).
 * The open-data export is of reported consultations only, with personal data removed.
 */
export async function exportConsultation({
  tx,
  consultation,
  dataset,
  format,
  licence,
  appUrl,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; slug: string; status: string; organisation_id: string };
  dataset: ExportDataset;
  format: ExportFormat;
  licence: LicenceId;
  appUrl: string;
  ip?: string | null;
}): Promise<ExportResult> {
  const day = new Date().toISOString().slice(0, 10);
  const filename = `${consultation.slug}-${dataset}-${day}.${format}`;
  let file: ExportFile;
  if (dataset === "open-data") {
    if (consultation.status !== "reported") return { status: "not-reported" };
    const published = await getPublicConsultation({ tx, slug: consultation.slug });
    if (!published) return { status: "not-reported" };
    file = await openDataFile({ tx, consultation: published, format, licence, appUrl });
  } else {
    const rows: Record<string, unknown>[] =
      dataset === "needs"
        ? await fullNeeds(tx, consultation.id)
        : dataset === "groups"
          ? await groupsOf(tx, consultation.id)
          : dataset === "statements"
            ? await statementsOf(tx, consultation.id)
            : await briefsOf(tx, consultation.id);
    const columns = dataset === "needs" ? NEED_COLUMNS : Object.keys(rows[0] ?? {});
    file =
      format === "csv"
        ? { body: toCsv(columns, rows), contentType: "text/csv; charset=utf-8", filename, rows: rows.length }
        : {
            body: JSON.stringify(
              {
                consultation: consultation.slug,
                dataset,
                exported_at: new Date().toISOString(),
                [dataset]: rows.map((row) => (dataset === "needs" ? withoutId(row) : row)),
              },
              null,
              1,
            ),
            contentType: "application/json; charset=utf-8",
            filename,
            rows: rows.length,
          };
  }
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: `export.${dataset.replace("-", "_")}_${format}`,
    targetType: "consultations",
    targetId: consultation.id,
    detail: { rows: file.rows, format, ...(dataset === "open-data" ? { licence } : {}) },
    ip,
  });
  return { status: "exported", file };
}

function withoutId(row: Record<string, unknown>) {
  const { id: _id, ...rest } = row;
  return rest;
}

/** The open data as a file: the data package (JSON), or its needs as CSV (the licence goes in a Link header). */
export async function openDataFile({
  tx,
  consultation,
  format,
  licence,
  appUrl,
}: {
  tx: Tx;
  consultation: Awaited<ReturnType<typeof getPublicConsultation>> & object;
  format: ExportFormat;
  licence: LicenceId;
  appUrl: string;
}): Promise<ExportFile> {
  const day = new Date().toISOString().slice(0, 10);
  const dataPackage = await openDataPackage({ tx, consultation, licence, appUrl });
  const needs = dataPackage.resources[0]!.data as ReturnType<typeof openNeedRow>[];
  if (format === "json") {
    return {
      body: JSON.stringify(dataPackage, null, 1),
      contentType: "application/json; charset=utf-8",
      filename: `${consultation.slug}-open-data-${day}.json`,
      rows: needs.length,
    };
  }
  return {
    // The same schema as the package's needs: its fields as columns, lists as JSON arrays.
    body: toCsv(
      openNeedSchema.fields.map((column) => column.name),
      needs.map((need) => ({ ...need, affected_groups: JSON.stringify(need.affected_groups) })),
    ),
    contentType: "text/csv; charset=utf-8",
    filename: `${consultation.slug}-open-data-needs-${day}.csv`,
    rows: needs.length,
  };
}

/** Response headers naming the licence of open data (RFC 8288 link relation "license"). */
export function licenceLink(licence: LicenceId): string {
  return `<${licences[licence].path}>; rel="license"; title="${licences[licence].title}"`;
}
