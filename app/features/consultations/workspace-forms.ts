// The commissioners' workspace forms: one zod schema per form, read by the actions (the authority) and by
// the browser before it posts. Shared with the browser, so no server code here. Workspace pages are for
// commissioners only and are written in English (resident-facing words live in app/locales).
import { z } from "zod";
import {
  affectedGroups,
  consultationStatuses,
  moderationSettings,
  needSources,
  needStatuses,
  publicValueDimensions,
  type AffectedGroup,
  type ConsultationStatus,
  type NeedSource,
  type NeedStatus,
  type PublicValueDimension,
} from "~/db/schema";
import { isUuid } from "~/lib/params";

export const dimensionLabels: Record<PublicValueDimension, string> = {
  food: "Food",
  health: "Health",
  education: "Education",
  income_and_work: "Income and work",
  peace_and_justice: "Peace and justice",
  political_voice: "Political voice",
  social_equity: "Social equity",
  gender_equality: "Gender equality",
  housing: "Housing",
  networks: "Networks",
  energy: "Energy",
  water: "Water",
  ecological_ceiling: "Ecological ceiling (not overshooting it)",
};

export const affectedGroupLabels: Record<AffectedGroup, string> = {
  children_young_people: "Children and young people",
  older_people: "Older people",
  disabled_people: "Disabled people",
  carers: "Carers",
  low_income: "People on low incomes",
  everyone: "Everyone locally",
  other: "Other",
};

export const statusLabels: Record<ConsultationStatus, string> = {
  draft: "Draft",
  open: "Open",
  closed: "Closed",
  analysing: "Analysing",
  reported: "Reported",
};

/**
 * The consultation lifecycle, as the database enforces it (private.consultation_transition_allowed):
 * draft → open → closed → analysing → reported, and closed → open to reopen.
 */
export const consultationTransitions: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  draft: ["open"],
  open: ["closed"],
  closed: ["open", "analysing"],
  analysing: ["reported"],
  reported: [],
};

export function canTransition(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return consultationTransitions[from].includes(to);
}

/** What each move is called on its button. */
export const transitionLabels: Record<ConsultationStatus, string> = {
  draft: "Back to draft",
  open: "Open the consultation",
  closed: "Close the consultation",
  analysing: "Start analysing",
  reported: "Mark as reported",
};

/** The dashboard calls an area or group "missing" when its voices per 1,000 people fall below this share of the overall rate. */
export const MISSING_SHARE = 0.5;

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
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-03-01" (or "1/3/2026") → its parts, or null when it is not a real date. */
export function parseDay(value: string): { year: number; month: number; day: number } | null {
  const trimmed = value.trim();
  const iso = datePattern.exec(trimmed);
  const uk = ukDatePattern.exec(trimmed);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : uk ? [uk[3], uk[2], uk[1]].map(Number) : [];
  if (!year || !month || !day) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
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
  return startOfLondonDay({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() });
}

/** The London day a moment falls on, as YYYY-MM-DD (what a date input shows). */
export function londonDay(value: Date | string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(value),
  );
}

/** The last day a consultation takes needs on: the day before the midnight it closes at. */
export function londonCloseDay(value: Date | string): string {
  return londonDay(new Date(new Date(value).getTime() - 1));
}

const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
/** A field a form may leave out altogether (older forms, scripts): missing is the same as empty. */
const optionalText = (max: number, tooLong: string) =>
  z.preprocess((value) => value ?? "", z.string()).transform((value) => value.trim()).refine((value) => value.length <= max, tooLong);
const optionalWholeNumber = (message: string) =>
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
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "The web address can only use letters, numbers and single hyphens between them, like warm-spaces-2027"),
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
        optionalWholeNumber(`Enter the number of ${affectedGroupLabels[group].toLowerCase()} as a whole number, like 12000`),
      ]),
    ),
    version: z.coerce.number().int().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    const opens = value.opens ? parseDay(value.opens) : null;
    const closes = value.closes ? parseDay(value.closes) : null;
    if (value.opens && !opens) ctx.addIssue({ code: "custom", path: ["opens"], message: "The open date must be a real date, like 2027-03-01" });
    if (value.closes && !closes) ctx.addIssue({ code: "custom", path: ["closes"], message: "The close date must be a real date, like 2027-04-30" });
    if (value.opens && !value.closes) ctx.addIssue({ code: "custom", path: ["closes"], message: "Enter a close date as well as an open date" });
    if (value.closes && !value.opens) ctx.addIssue({ code: "custom", path: ["opens"], message: "Enter an open date as well as a close date" });
    if (opens && closes && endOfLondonDay(closes) <= startOfLondonDay(opens)) {
      ctx.addIssue({ code: "custom", path: ["closes"], message: "The close date must be the same as or after the open date" });
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

export const themeSchema = z.object({
  name: z.string().trim().min(1, "Enter the theme's name").max(120, "The theme's name must be 120 characters or fewer"),
  nameCy: optionalText(120, "The theme's Welsh name must be 120 characters or fewer").optional(),
  description: trimmed(1000, "The description must be 1,000 characters or fewer"),
  dimensions: z
    .array(z.enum(publicValueDimensions, { error: "Choose public-value dimensions from the list" }))
    .min(1, "Choose at least one public-value dimension this theme serves"),
});
export type ThemeInput = z.output<typeof themeSchema>;

const coordinate = (limit: number, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit), message)
    .transform((value) => (value === "" ? null : Number(Number(value).toFixed(5))));

export const areaSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the area's name").max(120, "The area's name must be 120 characters or fewer"),
    nameCy: optionalText(120, "The area's Welsh name must be 120 characters or fewer").optional(),
    lat: coordinate(90, "The latitude must be a number between -90 and 90, like 52.4862"),
    lng: coordinate(180, "The longitude must be a number between -180 and 180, like -1.8904"),
    population: optionalWholeNumber("Enter the population as a whole number, like 8100"),
  })
  .superRefine((value, ctx) => {
    if ((value.lat === null) !== (value.lng === null)) {
      ctx.addIssue({ code: "custom", path: [value.lat === null ? "lat" : "lng"], message: "Enter both the latitude and the longitude of the centre, or neither" });
    }
  });
export type AreaInput = z.output<typeof areaSchema>;

export const statusSchema = z.object({ to: z.enum(consultationStatuses, { error: "Choose a status" }) });

export const reasonSchema = z
  .string()
  .trim()
  .min(1, "Give the reason: the author will see it")
  .max(1000, "The reason must be 1,000 characters or fewer");

/** A hide, for one need or comment. */
export const hideSchema = z.object({ reason: reasonSchema });

/** Redacting part of a post: the words to take out, where, and why. */
export const redactSchema = z.object({
  field: z.enum(["title", "description", "body"], { error: "Choose which text to redact from" }),
  text: z.string().min(1, "Enter the words to redact, exactly as they appear").max(2000, "The words to redact must be 2,000 characters or fewer"),
  reason: reasonSchema,
});

/** Bulk moderation from the explorer. */
export const bulkSchema = z
  .object({
    bulk: z.enum(["publish", "hide"], { error: "Choose what to do with the selected needs" }),
    needs: z.array(z.uuid()).min(1, "Select at least one need").max(200, "Select 200 needs or fewer at a time"),
    reason: z.string().trim().max(1000, "The reason must be 1,000 characters or fewer"),
  })
  .superRefine((value, ctx) => {
    if (value.bulk === "hide" && !value.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the reason for hiding: the authors will see it" });
  });

/** Errors as the GOV.UK error summary lists them, in the page's field order. */
export function summaryOf(errors: Record<string, string> | undefined, order: readonly string[] = []): { field: string; message: string }[] {
  if (!errors) return [];
  const fields = [...order.filter((field) => field in errors), ...Object.keys(errors).filter((field) => !order.includes(field))];
  return fields.map((field) => ({ field, message: errors[field]! }));
}

// The explorer's and the dashboard's filters, read from the address (GET forms, so views can be bookmarked
// and shared). A filter that makes no sense is dropped and reported beside its field.

export const explorerSorts = ["newest", "oldest", "supported", "serious", "relevance"] as const;
export type ExplorerSort = (typeof explorerSorts)[number];
export const sortLabels: Record<ExplorerSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  supported: "Most supported",
  serious: "Most serious",
  relevance: "Best match for the search",
};

export interface ExplorerFilters {
  q?: string;
  theme?: string;
  area?: string;
  group?: AffectedGroup;
  seriousness?: number;
  /** The days as typed (YYYY-MM-DD), for the form. */
  from?: string;
  to?: string;
  /** From the start of `from` to the end of `to`, London time. */
  fromAt?: Date;
  toAt?: Date;
  status?: NeedStatus;
  source?: NeedSource;
  photo?: "yes" | "no";
  grouped?: "yes" | "no";
  flagged?: "yes";
  /** Only the needs behind this needs statement. */
  statement?: string;
  sort: ExplorerSort;
}

export const filterFields = ["q", "theme", "area", "group", "seriousness", "from", "to", "status", "source", "photo", "grouped", "flagged", "statement", "sort"] as const;

const oneOf = <T extends string>(choices: readonly T[], value: string | null): T | undefined =>
  value !== null && (choices as readonly string[]).includes(value) ? (value as T) : undefined;

export function parseExplorerQuery(params: URLSearchParams): { filters: ExplorerFilters; page: number; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const get = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const filters: ExplorerFilters = { sort: oneOf(explorerSorts, get("sort")) ?? "newest" };
  const q = get("q");
  if (q) {
    if (q.length > 200) errors.q = "Search for 200 characters or fewer";
    else filters.q = q;
  }
  const theme = get("theme");
  if (theme && isUuid(theme)) filters.theme = theme;
  const area = get("area");
  if (area && isUuid(area)) filters.area = area;
  filters.group = oneOf(affectedGroups, get("group"));
  const seriousness = Number(get("seriousness"));
  if (Number.isInteger(seriousness) && seriousness >= 1 && seriousness <= 5) filters.seriousness = seriousness;
  filters.status = oneOf(needStatuses, get("status"));
  filters.source = oneOf(needSources, get("source"));
  filters.photo = oneOf(["yes", "no"] as const, get("photo"));
  filters.grouped = oneOf(["yes", "no"] as const, get("grouped"));
  filters.flagged = oneOf(["yes"] as const, get("flagged"));
  const statement = get("statement");
  if (statement && isUuid(statement)) filters.statement = statement;
  const from = get("from");
  const to = get("to");
  const fromDay = from ? parseDay(from) : null;
  const toDay = to ? parseDay(to) : null;
  if (from && !fromDay) errors.from = "The ‘from’ date must be a real date, like 2027-03-01";
  if (to && !toDay) errors.to = "The ‘to’ date must be a real date, like 2027-03-31";
  if (fromDay && toDay && endOfLondonDay(toDay) <= startOfLondonDay(fromDay)) {
    errors.to = "The ‘to’ date must be the same as or after the ‘from’ date";
  } else {
    if (fromDay) Object.assign(filters, { from, fromAt: startOfLondonDay(fromDay) });
    if (toDay) Object.assign(filters, { to, toAt: endOfLondonDay(toDay) });
  }
  if (filters.sort === "relevance" && !filters.q) filters.sort = "newest";
  const page = Number(get("page"));
  return { filters, page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1, errors };
}

/** The filters the view is narrowed by (the sort aside): none means the whole consultation. */
export function givenFilters(filters: Partial<ExplorerFilters>): (typeof filterFields)[number][] {
  return filterFields.filter((field) => field !== "sort" && filters[field] !== undefined && filters[field] !== "");
}

/** The filters as address parameters (for links to other pages of the same view, and to the dashboard). */
export function filterParams(filters: Partial<ExplorerFilters>, extra: Record<string, string | number> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of filterFields) {
    const value = filters[field];
    if (value === undefined || value === null || value === "") continue;
    if (field === "sort" && value === "newest") continue;
    params.set(field, String(value));
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params;
}
