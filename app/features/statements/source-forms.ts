// "What the data says": the form a commissioner cites a source with, shared by the action (the authority) and
// the browser, and how a source's date is written. The endorsement form of community groups is here too. No
// server code: pages import it.
import * as z from "zod/mini";

export const sourceFields = [
  "title",
  "publisher",
  "published",
  "url",
  "figure",
  "measures",
  "licence",
] as const;

export type DatePrecision = "month" | "day";

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1800 &&
    year <= 2200 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * "2024-03", "03/2024", "March 2024" (a month) or "2024-03-15", "15/03/2024", "15 March 2024" (a day) → the
 * first day it stands for and how precise it is; null when it is none of these or no real date.
 */
export function parseSourceDate(value: string): { date: string; precision: DatePrecision } | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, " ");
  let year: number, month: number, day: number | null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(text))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : null];
  } else if ((match = /^(?:(\d{1,2})\/)?(\d{1,2})\/(\d{4})$/.exec(text))) {
    [year, month, day] = [Number(match[3]), Number(match[2]), match[1] ? Number(match[1]) : null];
  } else if ((match = /^(?:(\d{1,2}) )?([a-z]+) (\d{4})$/.exec(text))) {
    const name = match[2] ?? "";
    const index = MONTHS.findIndex((month) => month === name || month.slice(0, 3) === name);
    if (index < 0) return null;
    [year, month, day] = [Number(match[3]), index + 1, match[1] ? Number(match[1]) : null];
  } else return null;
  if (!validDay(year, month, day ?? 1)) return null;
  return { date: `${year}-${pad(month)}-${pad(day ?? 1)}`, precision: day === null ? "month" : "day" };
}

const ENGLISH_MONTHS = MONTHS.map((month) => month[0]!.toUpperCase() + month.slice(1));
// Written out rather than by Intl: browsers' trimmed ICU data has no Welsh month names (see formatDate).
const WELSH_MONTHS = [
  "Ionawr",
  "Chwefror",
  "Mawrth",
  "Ebrill",
  "Mai",
  "Mehefin",
  "Gorffennaf",
  "Awst",
  "Medi",
  "Hydref",
  "Tachwedd",
  "Rhagfyr",
];

/** The date as a person reads it: "March 2024" or "15 March 2024" ("Mawrth 2024" on a Welsh page). */
export function sourceDateText(date: string, precision: DatePrecision, locale: string = "en"): string {
  const [year = 1970, month = 1, day = 1] = date.slice(0, 10).split("-").map(Number);
  const name = (locale === "cy" ? WELSH_MONTHS : ENGLISH_MONTHS)[month - 1] ?? "";
  return precision === "day" ? `${day} ${name} ${year}` : `${name} ${year}`;
}

/** How the form shows a stored date again: "2024-03" or "2024-03-15". */
export function sourceDateInput(date: string, precision: DatePrecision): string {
  return precision === "month" ? date.slice(0, 7) : date.slice(0, 10);
}

/** An absolute http or https address with a host, and nothing else (no javascript:, no ftp:, no spaces). */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const text = (name: string, max: number, required: string | null) =>
  z
    .string()
    .check(
      z.trim(),
      ...(required ? [z.minLength(1, { error: required })] : []),
      z.maxLength(max, { error: `${name} must be ${max.toLocaleString("en-GB")} characters or fewer` }),
    );

export const sourceSchema = z.object({
  title: text("The title", 300, "Enter the title of the dataset or publication"),
  publisher: text("The publisher", 200, "Enter who published it"),
  published: z.string().check(
    z.trim(),
    z.minLength(1, { error: "Enter the date it was published, as a month (2024-03) or a day (2024-03-15)" }),
    z.refine((value) => value === "" || parseSourceDate(value) !== null, {
      error: "Enter a real date, as a month (2024-03 or March 2024) or a day (2024-03-15 or 15 March 2024)",
    }),
  ),
  url: z.string().check(
    z.trim(),
    z.minLength(1, { error: "Enter the link to the source" }),
    z.maxLength(2000, { error: "The link must be 2,000 characters or fewer" }),
    z.refine((value) => value === "" || isHttpUrl(value), {
      error: "Enter a link that starts with http:// or https://",
    }),
  ),
  figure: text("The figure", 500, "Enter the figure you quote from it"),
  measures: text("What it measures", 1000, null),
  licence: text("The licence", 200, null),
});

export type SourceInput = z.output<typeof sourceSchema>;

export const endorsementFields = ["group", "words"] as const;

export const ENDORSEMENT_WORDS_MAX = 1000;

export const endorsementSchema = z.object({
  group: z.string().check(z.trim(), z.minLength(1, { error: "endorsement.group.required" })),
  words: z
    .string()
    .check(z.trim(), z.maxLength(ENDORSEMENT_WORDS_MAX, { error: "endorsement.words.tooLong" })),
});
