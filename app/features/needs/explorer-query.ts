// The needs explorer's and the dashboard's filters, read from the address (GET forms, so views can be
// bookmarked and shared). A filter that makes no sense is dropped and reported beside its field. Shared with
// the browser, so no server code here.
import {
  affectedGroups,
  needSources,
  needStatuses,
  type AffectedGroup,
  type NeedSource,
  type NeedStatus,
} from "~/db/schema";
import { endOfLondonDay, parseDay, startOfLondonDay } from "~/features/consultations/consultation-forms";
import { isUuid } from "~/lib/params";

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

export const filterFields = [
  "q",
  "theme",
  "area",
  "group",
  "seriousness",
  "from",
  "to",
  "status",
  "source",
  "photo",
  "grouped",
  "flagged",
  "statement",
  "sort",
] as const;

const oneOf = <T extends string>(choices: readonly T[], value: string | null): T | undefined =>
  value !== null && (choices as readonly string[]).includes(value) ? (value as T) : undefined;

export function parseExplorerQuery(params: URLSearchParams): {
  filters: ExplorerFilters;
  page: number;
  errors: Record<string, string>;
} {
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
  if (Number.isInteger(seriousness) && seriousness >= 1 && seriousness <= 5)
    filters.seriousness = seriousness;
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
  return filterFields.filter(
    (field) => field !== "sort" && filters[field] !== undefined && filters[field] !== "",
  );
}

/** The filters as address parameters (for links to other pages of the same view, and to the dashboard). */
export function filterParams(
  filters: Partial<ExplorerFilters>,
  extra: Record<string, string | number> = {},
): URLSearchParams {
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
