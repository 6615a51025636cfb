// The forms of imports, assisted entry and exports: one zod schema per form, read by the actions
// (the authority). Shared with the browser, so no server code here. Workspace pages are in English.
import { z } from "zod";
import { affectedGroups } from "~/db/schema";

// What an imported row can carry: the fields the mapping pages offer and the import job fills.
export const importFields = [
  "title",
  "description",
  "theme",
  "area",
  "affected",
  "seriousness",
  "lat",
  "lng",
  "created_at",
  "external_id",
] as const;
export type ImportField = (typeof importFields)[number];
/** Which column (by its heading) feeds which field. Only title is required. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const fieldLabels: Record<ImportField, string> = {
  title: "Title",
  description: "Description",
  theme: "Theme",
  area: "Area",
  affected: "Who is affected",
  seriousness: "How serious (1 to 5)",
  lat: "Latitude",
  lng: "Longitude",
  created_at: "Date posted",
  external_id: "Id in the other system",
};

export const fieldHints: Record<ImportField, string> = {
  title:
    "Required. Titles longer than 200 characters are shortened; the whole text is kept in the description.",
  description: "The need in the resident's own words.",
  theme: "You choose what each value becomes on the next page.",
  area: "You choose what each value becomes on the next page.",
  affected:
    "Groups separated by commas: children and young people, older people, disabled people, carers, people on low incomes, everyone. Anything else is kept as “other”.",
  seriousness: "A whole number from 1 (a little) to 5 (very).",
  lat: "Decimal degrees (WGS84), for example 51.4655.",
  lng: "Decimal degrees (WGS84), for example -0.0208.",
  created_at:
    "ISO 8601 (2024-03-05 or 2024-03-05T14:30:00Z) or dd/mm/yyyy; times without a zone are UK time.",
  external_id: "Re-importing a file adds nothing for ids already imported into this consultation.",
};

const columnChoice = z.string().trim().max(200).optional().default("");
const columnShape = Object.fromEntries(importFields.map((field) => [field, columnChoice])) as Record<
  ImportField,
  typeof columnChoice
>;

/** Which column feeds which field ("" for none), and whether the needs are published at once. */
export const columnMappingSchema = z.object({
  ...columnShape,
  publish: z.enum(["yes", "no"], { error: "Choose whether to publish the imported needs now" }),
});

export function mappingOf(values: Partial<Record<ImportField, string>>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of importFields) if (values[field]) mapping[field] = values[field];
  return mapping;
}

export const assistedFields = [
  "channel",
  "consent",
  "title",
  "description",
  "theme",
  "area",
  "place",
  "affected",
  "affectedOther",
  "seriousness",
  "email",
  "emailConsent",
  "publish",
] as const;

const optionalNumber = (name: string, limit: number) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .refine(
      (value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit),
      `${name} must be a number from −${limit} to ${limit}`,
    )
    .transform((value) => (value === "" ? null : Number(value)));

/** A need typed in for a resident met in person or on the phone. */
export const assistedNeedSchema = z
  .object({
    channel: z.enum(["in_person", "phone"], { error: "Choose how you met the resident" }),
    consent: z.literal("yes", { error: "Confirm the resident agreed to you entering their need for them" }),
    title: z
      .string()
      .trim()
      .min(1, "Enter the need in a few words")
      .max(200, "The need must be 200 characters or fewer"),
    description: z
      .string()
      .trim()
      .max(10_000, "The details must be 10,000 characters or fewer")
      .optional()
      .default(""),
    theme: z.string().trim().optional().default(""),
    area: z.string().trim().optional().default(""),
    place: z.string().trim().max(300, "The place must be 300 characters or fewer").optional().default(""),
    affected: z.array(z.enum(affectedGroups)).optional().default([]),
    affectedOther: z
      .string()
      .trim()
      .max(200, "Who else is affected must be 200 characters or fewer")
      .optional()
      .default(""),
    seriousness: z.enum(["", "1", "2", "3", "4", "5"]).optional().default(""),
    lat: optionalNumber("Latitude", 90),
    lng: optionalNumber("Longitude", 180),
    email: z
      .string()
      .trim()
      .max(320, "The email address must be 320 characters or fewer")
      .refine(
        (value) => value === "" || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value),
        "Enter an email address in the right format, like name@example.com",
      )
      .optional()
      .default(""),
    emailConsent: z.string().optional().default(""),
    publish: z.enum(["yes", "no"], { error: "Choose whether to publish the need now" }),
  })
  // Checks across fields run even when other fields have problems, so one submission reports every problem.
  .check(
    z.superRefine(
      (value, ctx) => {
        if (typeof value.email === "string" && value.email && value.emailConsent !== "yes") {
          ctx.addIssue({
            code: "custom",
            path: ["emailConsent"],
            message:
              "Confirm the resident agreed to be emailed about their need, or leave the email address empty",
          });
        }
        const lat = typeof value.lat === "number" ? value.lat : null;
        const lng = typeof value.lng === "number" ? value.lng : null;
        if ((lat === null) !== (lng === null)) {
          ctx.addIssue({
            code: "custom",
            path: [lat === null ? "lat" : "lng"],
            message: "Enter both latitude and longitude, or neither",
          });
        }
        if (Array.isArray(value.affected) && value.affected.includes("other") && !value.affectedOther) {
          ctx.addIssue({ code: "custom", path: ["affectedOther"], message: "Say who else is affected" });
        }
      },
      { when: () => true },
    ),
  );

/** What one theme or area value of an imported file becomes: an existing one, a new one of that name, or nothing. */
export type ValueChoice = { id: string } | { create: string } | { none: true };

/** Form value for a choice: a theme or area id, "create" or "none". */
export function choiceValue(choice: ValueChoice): string {
  return "id" in choice ? choice.id : "create" in choice ? "create" : "none";
}

export const exportDatasets = ["needs", "groups", "statements", "briefs", "open-data"] as const;
export type ExportDataset = (typeof exportDatasets)[number];
export const exportFormats = ["csv", "json"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportSchema = z.object({
  dataset: z.enum(exportDatasets),
  format: z.enum(exportFormats),
});
