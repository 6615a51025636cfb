// Mapping an uploaded file (the commissioner): which column feeds which field, and the theme and area values
// of the mapped columns with what each will become, for the commissioner to change before starting.
import type { Tx } from "~/db/database.server";
import {
  importFields,
  type ColumnMapping,
  type ImportField,
  type ValueChoice,
} from "~/features/evidence-io/evidence-forms";
import { valueKey } from "~/features/evidence-io/import/fields";
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

/** The theme and area values of the mapped columns, with what each will become unless changed. */
export async function getValueChoices({ tx, upload }: { tx: Tx; upload: ImportRecord }) {
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes")
      .select(["id", "name"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    tx
      .selectFrom("consultation_areas")
      .select(["id", "name"])
      .where("consultation_id", "=", upload.consultation_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
  ]);
  const fieldValues = (field: "theme" | "area", existing: { id: string; name: string }[]) => {
    const column = upload.mapping[field];
    const summary = column ? upload.columns.find((candidate) => candidate.name === column) : undefined;
    if (!summary) return null;
    const byName = new Map(existing.map((item) => [valueKey(item.name), item.id]));
    const saved = upload.value_mapping[field] ?? {};
    return {
      column: summary.name,
      blank: summary.blank,
      values: summary.values.map(({ value, count }) => {
        const match = byName.get(valueKey(value));
        const choice: ValueChoice = saved[value] ?? (match ? { id: match } : { create: value.slice(0, 120) });
        return { value, count, matched: Boolean(match), choice };
      }),
    };
  };
  return { themes, areas, theme: fieldValues("theme", themes), area: fieldValues("area", areas) };
}

export type ValueChoices = Awaited<ReturnType<typeof getValueChoices>>;
