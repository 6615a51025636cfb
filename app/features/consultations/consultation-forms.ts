// Setting up a consultation: the details form (new and edit), the London days its dates are picked as, the
// text and number fields the workspace's setup forms share, and the GOV.UK error summary. One zod schema per
// form, read by the actions (the authority) and by the browser before it posts. Shared with the browser, so
// no server code here. Workspace pages are for commissioners only and are written in English.
import { z } from "zod";
import { affectedGroups, moderationSettings, type AffectedGroup } from "~/db/schema";
import { affectedGroupLabels } from "./consultation-lifecycle";

// Dates: commissioners pick days; a consultation opens at the start of its open day and closes at the end
// of its close day, in Europe/London.
const datePattern = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ukDatePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function londonOffsetMinutes(at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-03-01" (or "1/3/2026") → its parts, or null when it is not a real date. */
export function parseDay(value: string): { year: number; month: number; day: number } | null {
  const trimmed = value.trim();
  const iso = datePattern.exec(trimmed);
  const uk = ukDatePattern.exec(trimmed);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]].map(Number)
    : uk
      ? [uk[3], uk[2], uk[1]].map(Number)
      : [];
  if (!year || !month || !day) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  if (year < 2000 || year > 2100) return null;
  return { year, month, day };
}

/** Midnight at the start of the day, London time. */
export function startOfLondonDay(day: { year: number; month: number; day: number }): Date {
  const guess = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60_000);
}

/** Midnight at the end of the day (the start of the next), London time. */
export function endOfLondonDay(day: { year: number; month: number; day: number }): Date {
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return startOfLondonDay({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  });
}

/** The London day a moment falls on, as YYYY-MM-DD (what a date input shows). */
export function londonDay(value: Date | string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(value));
}

/** The last day a consultation takes needs on: the day before the midnight it closes at. */
export function londonCloseDay(value: Date | string): string {
  return londonDay(new Date(new Date(value).getTime() - 1));
}

export const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
/** A field a form may leave out altogether (older forms, scripts): missing is the same as empty. */
export const optionalText = (max: number, tooLong: string) =>
  z
    .preprocess((value) => value ?? "", z.string())
    .transform((value) => value.trim())
    .refine((value) => value.length <= max, tooLong);
export const optionalWholeNumber = (message: string) =>
  z
    .preprocess((value) => value ?? "", z.string())
    .transform((value) => value.trim())
    .transform((value) => value.replaceAll(",", ""))
    .refine((value) => value === "" || (/^\d+$/.test(value) && Number(value) <= 100_000_000), message)
    .transform((value) => (value === "" ? null : Number(value)));

export const consultationFields = [
  "organisationId",
  "title",
  "slug",
  "place",
  "summary",
  "whyWeAsk",
  "whatHappensNext",
  "titleCy",
  "summaryCy",
  "whyWeAskCy",
  "whatHappensNextCy",
  "opens",
  "closes",
  "moderation",
  ...affectedGroups.map((group) => `population_${group}`),
] as const;

/** Consultation details (the setup form): for a new consultation and for editing one. */
export const consultationSchema = z
  .object({
    organisationId: z.string().optional(),
    title: z.string().trim().min(1, "Enter a title").max(200, "The title must be 200 characters or fewer"),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Enter a web address")
      .max(80, "The web address must be 80 characters or fewer")
      .regex(
        /^[a-z0-9]+(-[a-z0-9]+)*$/,
        "The web address can only use letters, numbers and single hyphens between them, like warm-spaces-2027",
      ),
    place: trimmed(200, "The place must be 200 characters or fewer"),
    summary: trimmed(2000, "The summary must be 2,000 characters or fewer"),
    whyWeAsk: trimmed(5000, "Why you ask must be 5,000 characters or fewer"),
    whatHappensNext: trimmed(5000, "What happens next must be 5,000 characters or fewer"),
    // Welsh versions: optional; residents reading in Welsh see the English (marked as such) where one is empty.
    titleCy: optionalText(200, "The Welsh title must be 200 characters or fewer"),
    summaryCy: optionalText(2000, "The Welsh summary must be 2,000 characters or fewer"),
    whyWeAskCy: optionalText(5000, "Why you ask, in Welsh, must be 5,000 characters or fewer"),
    whatHappensNextCy: optionalText(5000, "What happens next, in Welsh, must be 5,000 characters or fewer"),
    opens: z.string().trim(),
    closes: z.string().trim(),
    moderation: z.enum(moderationSettings, { error: "Choose when needs are moderated" }),
    ...Object.fromEntries(
      affectedGroups.map((group) => [
        `population_${group}`,
        optionalWholeNumber(
          `Enter the number of ${affectedGroupLabels[group].toLowerCase()} as a whole number, like 12000`,
        ),
      ]),
    ),
    version: z.coerce.number().int().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    const opens = value.opens ? parseDay(value.opens) : null;
    const closes = value.closes ? parseDay(value.closes) : null;
    if (value.opens && !opens)
      ctx.addIssue({
        code: "custom",
        path: ["opens"],
        message: "The open date must be a real date, like 2027-03-01",
      });
    if (value.closes && !closes)
      ctx.addIssue({
        code: "custom",
        path: ["closes"],
        message: "The close date must be a real date, like 2027-04-30",
      });
    if (value.opens && !value.closes)
      ctx.addIssue({
        code: "custom",
        path: ["closes"],
        message: "Enter a close date as well as an open date",
      });
    if (value.closes && !value.opens)
      ctx.addIssue({
        code: "custom",
        path: ["opens"],
        message: "Enter an open date as well as a close date",
      });
    if (opens && closes && endOfLondonDay(closes) <= startOfLondonDay(opens)) {
      ctx.addIssue({
        code: "custom",
        path: ["closes"],
        message: "The close date must be the same as or after the open date",
      });
    }
  })
  .transform((value) => {
    const opens = value.opens ? parseDay(value.opens) : null;
    const closes = value.closes ? parseDay(value.closes) : null;
    const populations: Partial<Record<AffectedGroup, number>> = {};
    for (const group of affectedGroups) {
      const count = (value as Record<string, unknown>)[`population_${group}`];
      if (typeof count === "number") populations[group] = count;
    }
    return {
      organisationId: value.organisationId,
      title: value.title,
      slug: value.slug,
      place: value.place || null,
      summary: value.summary,
      whyWeAsk: value.whyWeAsk,
      whatHappensNext: value.whatHappensNext,
      titleCy: value.titleCy || null,
      summaryCy: value.summaryCy || null,
      whyWeAskCy: value.whyWeAskCy || null,
      whatHappensNextCy: value.whatHappensNextCy || null,
      opensAt: opens ? startOfLondonDay(opens) : null,
      closesAt: closes ? endOfLondonDay(closes) : null,
      moderation: value.moderation,
      populations,
      version: value.version,
    };
  });
export type ConsultationInput = z.output<typeof consultationSchema>;

/** Errors as the GOV.UK error summary lists them, in the page's field order. */
export function summaryOf(
  errors: Record<string, string> | undefined,
  order: readonly string[] = [],
): { field: string; message: string }[] {
  if (!errors) return [];
  const fields = [
    ...order.filter((field) => field in errors),
    ...Object.keys(errors).filter((field) => !order.includes(field)),
  ];
  return fields.map((field) => ({ field, message: errors[field]! }));
}
