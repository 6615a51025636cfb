// Mapping an uploaded file (the commissioner): which column feeds which field, and the theme and area values
// of the mapped columns with what each will become, for the commissioner to change before starting.
import type { Tx } from "~/db/database.server";
import {
  importFields,
  type ColumnMapping,
  type ImportField,
  type ValueChoice,
} from "~/features/evidence-io/evidence-forms";
import { matchValue, type NamedValue } from "~/features/evidence-io/import/value-match";
import type { ImportRecord } from "~/features/evidence-io/import-records.server";
import { VALUES_KEPT } from "~/features/evidence-io/import-limits.server";

export type MappingResult =
  { status: "saved" } | { status: "invalid"; errors: Partial<Record<ImportField | "form", string>> };

/** Saves which column feeds which field; every column must be one of the file's and title is required. */
export async function saveColumnMapping({
  tx,
  upload,
  mapping,
  publish,
}: {
  tx: Tx;
  upload: ImportRecord;
  mapping: ColumnMapping;
  publish: boolean;
}): Promise<MappingResult> {
  const errors: Partial<Record<ImportField | "form", string>> = {};
  if (upload.status !== "uploaded")
    return { status: "invalid", errors: { form: "This file has already been imported." } };
  const headings = upload.columns.map((column) => column.name);
  const used = new Map<string, ImportField>();
  for (const field of importFields) {
    const column = mapping[field];
    if (!column) continue;
    if (!headings.includes(column)) errors[field] = "Choose one of the file’s columns";
    else if (used.has(column))
      errors[field] = `The column “${column}” already feeds another field: choose another column`;
    else used.set(column, field);
    const summary = upload.columns.find((candidate) => candidate.name === column);
    if ((field === "theme" || field === "area") && summary?.more) {
      errors[field] =
        `The column “${column}” has more than ${VALUES_KEPT} different values, too many for ${field === "theme" ? "themes" : "areas"}: choose another column or none`;
    }
  }
  if (!mapping.title) errors.title = "Choose the column that holds each need’s title";
  if (Object.keys(errors).length) return { status: "invalid", errors };
  await tx
    .updateTable("private.imports")
    .set({ mapping: JSON.stringify(mapping), publish })
    .where("id", "=", upload.id)
    .execute();
  return { status: "saved" };
}

/**
 * The theme and area values of the mapped columns, with what each will become unless changed: the existing
 * theme or area it matches (`matchValue`: case, spacing, punctuation and simple plurals aside, English or Welsh
 * name), else a new one. A value that fits two equally well gets no choice (`null`) and names the candidates,
 * so the commissioner decides.
 */
export async function getValueChoices({ tx, upload }: { tx: Tx; upload: ImportRecord }) {
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes")
      .select(["id", "name", "name_cy"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    tx
      .selectFrom("consultation_areas")
      .select(["id", "name", "name_cy"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
  ]);
  const fieldValues = (field: "theme" | "area", existing: NamedValue[]) => {
    const column = upload.mapping[field];
    const summary = column ? upload.columns.find((candidate) => candidate.name === column) : undefined;
    if (!summary) return null;
    const saved = upload.value_mapping[field] ?? {};
    return {
      column: summary.name,
      blank: summary.blank,
      values: summary.values.map(({ value, count }) => {
        const found = matchValue(value, existing);
        const proposed: ValueChoice | null =
          found.status === "matched"
            ? { id: found.id }
            : found.status === "ambiguous"
              ? null
              : { create: value.slice(0, 120) };
        return {
          value,
          count,
          match: found.status === "matched" ? found.how : found.status,
          ...(found.status === "ambiguous"
            ? { candidates: found.candidates.map((candidate) => candidate.name) }
            : {}),
          choice: saved[value] ?? proposed,
        };
      }),
    };
  };
  return { themes, areas, theme: fieldValues("theme", themes), area: fieldValues("area", areas) };
}

export type ValueChoices = Awaited<ReturnType<typeof getValueChoices>>;
