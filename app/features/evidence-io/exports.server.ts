// Getting everything out: a consultation's needs, groups, statements and briefs as CSV or JSON for
// its own commissioners, with every field they may read (row-level security decides: the private details of
// needs only reach the owning commissioners), and the open-data export with personal data removed. Every
// export is written to the audit log in the same transaction that reads the data.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { ExportDataset, ExportFormat } from "~/features/evidence-io/evidence-forms";
import { recordAudit } from "~/platform/audit.server";
import { cursorBatches, stringWriter, type FileWriter } from "~/lib/file-writer.server";
import {
  getPublicConsultation,
  licences,
  openDataPackage,
  openNeedRow,
  openNeedSchema,
  publicNeedBatches,
  type LicenceId,
  type PublicConsultation,
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

/** A byte-order mark, so that Excel reads a CSV file as UTF-8. */
export const CSV_BOM = "\uFEFF";

/** The first line of a CSV file: the byte-order mark and the column names. */
export const csvHeader = (columns: string[]) => `${CSV_BOM}${columns.join(",")}\r\n`;

/** Rows of a CSV file, each ended by CRLF, so that a file is its header and its batches of rows in turn. */
export const csvRows = (columns: string[], rows: Record<string, unknown>[]) =>
  rows.map((row) => `${columns.map((column) => csvCell(row[column])).join(",")}\r\n`).join("");

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return csvHeader(columns) + csvRows(columns, rows);
}

/**
 * A JSON document with one list in it, written a batch at a time yet byte for byte what
 * `JSON.stringify({ ...document, [key]: list }, null, 1)` gives: the text around the list, then its items.
 */
export function jsonListWriter(document: Record<string, unknown>, key: string, out: FileWriter) {
  const marker = "\u0000list\u0000";
  const text = JSON.stringify({ ...document, [key]: marker }, null, 1);
  const token = JSON.stringify(marker);
  const at = text.indexOf(token);
  const indent = `${/^ */.exec(text.slice(text.lastIndexOf("\n", at) + 1))![0]} `;
  let count = 0;
  return {
    start: () => out.write(text.slice(0, at)),
    async items(items: unknown[]) {
      let chunk = "";
      for (const item of items) {
        chunk += `${count === 0 ? "[\n" : ",\n"}${indent}${JSON.stringify(item, null, 1).replaceAll("\n", `\n${indent}`)}`;
        count += 1;
      }
      await out.write(chunk, items.length);
    },
    end: () => out.write(`${count === 0 ? "[]" : `\n${indent.slice(1)}]`}${text.slice(at + token.length)}`),
  };
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

/** Every need of the consultation with its private details, oldest first. */
function fullNeedsQuery(tx: Tx, consultationId: string) {
  return tx
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
    .orderBy("n.created_at")
    .orderBy("n.id");
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

/** One export, decided before its first byte: its file's name and type and how to write it, or refused. */
export type ExportPlan =
  | {
      status: "exported";
      contentType: string;
      filename: string;
      /** Writes the file and says how many rows it held. */
      write: (out: FileWriter) => Promise<number>;
    }
  | { status: "not-reported" };

type ExportedConsultation = { id: string; slug: string; status: string; organisation_id: string };

/**
 * What an export of the consultation for its commissioners will be. The needs (and the open data's needs CSV)
 * are written a batch at a time from a cursor, so a file of a million needs streams; groups, statements and
 * briefs are few, and are read whole. The open-data package (JSON) is built whole, since its link resources
 * and `created` time draw on all its needs (see docs/api.md).
 */
export async function planExport({
  tx,
  consultation,
  dataset,
  format,
  licence,
  appUrl,
}: {
  tx: Tx;
  consultation: ExportedConsultation;
  dataset: ExportDataset;
  format: ExportFormat;
  licence: LicenceId;
  appUrl: string;
}): Promise<ExportPlan> {
  const day = new Date().toISOString().slice(0, 10);
  const filename = `${consultation.slug}-${dataset}-${day}.${format}`;
  if (dataset === "open-data") {
    if (consultation.status !== "reported") return { status: "not-reported" };
    const published = await getPublicConsultation({ tx, slug: consultation.slug });
    if (!published) return { status: "not-reported" };
    const file = openDataFile({ tx, consultation: published, format, licence, appUrl });
    return { status: "exported", ...file };
  }
  const contentType = format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  const head = { consultation: consultation.slug, dataset, exported_at: new Date().toISOString() };
  if (dataset === "needs") {
    const write = async (out: FileWriter) => {
      let rows = 0;
      const json = format === "json" ? jsonListWriter(head, dataset, out) : null;
      await (json ? json.start() : out.write(csvHeader(NEED_COLUMNS)));
      for await (const batch of cursorBatches(tx, fullNeedsQuery(tx, consultation.id))) {
        await (json
          ? json.items(batch.map(withoutId))
          : out.write(csvRows(NEED_COLUMNS, batch), batch.length));
        rows += batch.length;
      }
      if (json) await json.end();
      return rows;
    };
    return { status: "exported", contentType, filename, write };
  }
  const write = async (out: FileWriter) => {
    const rows: Record<string, unknown>[] =
      dataset === "groups"
        ? await groupsOf(tx, consultation.id)
        : dataset === "statements"
          ? await statementsOf(tx, consultation.id)
          : await briefsOf(tx, consultation.id);
    await out.write(
      format === "csv"
        ? toCsv(Object.keys(rows[0] ?? {}), rows)
        : JSON.stringify({ ...head, [dataset]: rows }, null, 1),
    );
    return rows.length;
  };
  return { status: "exported", contentType, filename, write };
}

/** The audit record of an export; `complete: false` when the client left before the end of the file. */
export function recordExport({
  tx,
  consultation,
  dataset,
  format,
  licence,
  rows,
  complete = true,
  ip,
}: {
  tx: Tx;
  consultation: ExportedConsultation;
  dataset: ExportDataset;
  format: ExportFormat;
  licence: LicenceId;
  rows: number;
  complete?: boolean;
  ip?: string | null;
}) {
  return recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: `export.${dataset.replace("-", "_")}_${format}`,
    targetType: "consultations",
    targetId: consultation.id,
    detail: {
      rows,
      format,
      ...(dataset === "open-data" ? { licence } : {}),
      ...(complete ? {} : { complete: false }),
    },
    ip,
  });
}

/**
 * One export of the consultation for its commissioners, whole, recorded in the audit log
 * (export.<dataset>_<format>). The download route streams the same bytes (see planExport).
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
  consultation: ExportedConsultation;
  dataset: ExportDataset;
  format: ExportFormat;
  licence: LicenceId;
  appUrl: string;
  ip?: string | null;
}): Promise<ExportResult> {
  const plan = await planExport({ tx, consultation, dataset, format, licence, appUrl });
  if (plan.status === "not-reported") return plan;
  const out = stringWriter();
  const rows = await plan.write(out);
  await recordExport({ tx, consultation, dataset, format, licence, rows, ip });
  return {
    status: "exported",
    file: { body: out.text(), contentType: plan.contentType, filename: plan.filename, rows },
  };
}

function withoutId(row: Record<string, unknown>) {
  const { id: _id, ...rest } = row;
  return rest;
}

/** The columns of the open data's needs CSV: the package's needs schema, field for field. */
const OPEN_DATA_CSV_COLUMNS = openNeedSchema.fields.map((column) => column.name);

/**
 * The open data as a file: the data package (JSON), or its needs as CSV (the licence goes in a Link header).
 * The CSV is written a batch of needs at a time; the package is built whole (its `created` time and link
 * resources draw on every need) and written as one piece.
 */
export function openDataFile({
  tx,
  consultation,
  format,
  licence,
  appUrl,
}: {
  tx: Tx;
  consultation: PublicConsultation;
  format: ExportFormat;
  licence: LicenceId;
  appUrl: string;
}): { contentType: string; filename: string; write: (out: FileWriter) => Promise<number> } {
  const day = new Date().toISOString().slice(0, 10);
  if (format === "json") {
    return {
      contentType: "application/json; charset=utf-8",
      filename: `${consultation.slug}-open-data-${day}.json`,
      async write(out) {
        const dataPackage = await openDataPackage({ tx, consultation, licence, appUrl });
        await out.write(JSON.stringify(dataPackage, null, 1));
        return dataPackage.resources[0]!.data.length;
      },
    };
  }
  return {
    contentType: "text/csv; charset=utf-8",
    filename: `${consultation.slug}-open-data-needs-${day}.csv`,
    async write(out) {
      let rows = 0;
      await out.write(csvHeader(OPEN_DATA_CSV_COLUMNS));
      for await (const needs of publicNeedBatches({ tx, consultationId: consultation.id })) {
        // The same schema as the package's needs: lists as JSON arrays.
        const openRows = needs.map((need) => {
          const row = openNeedRow(need);
          return { ...row, affected_groups: JSON.stringify(row.affected_groups) };
        });
        await out.write(csvRows(OPEN_DATA_CSV_COLUMNS, openRows), needs.length);
        rows += needs.length;
      }
      return rows;
    },
  };
}

/** Response headers naming the licence of open data (RFC 8288 link relation "license"). */
export function licenceLink(licence: LicenceId): string {
  return `<${licences[licence].path}>; rel="license"; title="${licences[licence].title}"`;
}
