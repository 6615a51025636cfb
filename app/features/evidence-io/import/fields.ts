// What an imported row can carry and how each cell becomes a field of a need. Pure functions, shared by the
// workspace's mapping pages (which show the labels and guesses) and the import job (which parses each row).
import { affectedGroups, type AffectedGroup } from "~/db/schema";
import { importFields, type ColumnMapping, type ImportField } from "~/features/evidence-io/evidence-forms";
import { maskPersonalData, roundCoordinate } from "~/features/needs/masking";

/** The names a command-line `--map` uses: the field names, with `affected` for who is affected. */
export function parseMapArgument(argument: string): { mapping: ColumnMapping; problems: string[] } {
  const mapping: ColumnMapping = {};
  const problems: string[] = [];
  for (const part of argument.split(",")) {
    if (!part.trim()) continue;
    const equals = part.indexOf("=");
    const field = (equals < 0 ? part : part.slice(0, equals)).trim() as ImportField;
    const column = equals < 0 ? "" : part.slice(equals + 1).trim();
    if (!importFields.includes(field))
      problems.push(`"${field}" is not a field (fields: ${importFields.join(", ")}).`);
    else if (!column) problems.push(`${field}= needs a column name.`);
    else if (mapping[field]) problems.push(`${field} is mapped twice.`);
    else mapping[field] = column;
  }
  if (!mapping.title && !problems.some((problem) => problem.startsWith("title")))
    problems.push("title=COLUMN is required.");
  return { mapping, problems };
}

const normaliseHeading = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

// Headings seen in FixMyStreet and Open311 exports, survey spreadsheets and other platforms' CSVs.
const headingGuesses: Record<ImportField, string[]> = {
  title: ["title", "subject", "summary", "need", "what is the need", "heading", "issue", "comment title"],
  description: [
    "description",
    "detail",
    "details",
    "comments",
    "comment",
    "text",
    "body",
    "more details",
    "what is needed",
    "notes",
    "response",
    "answer",
  ],
  theme: ["theme", "category", "service name", "service", "topic", "type", "subject area"],
  area: ["area", "ward", "neighbourhood", "neighborhood", "district", "locality", "zone", "parish", "place"],
  affected: ["affected", "who is affected", "affected group", "affected groups", "who", "group affected"],
  seriousness: ["seriousness", "severity", "how serious", "priority", "importance"],
  lat: ["lat", "latitude"],
  lng: ["lng", "long", "lon", "longitude"],
  created_at: [
    "created at",
    "created",
    "date",
    "requested datetime",
    "requested date",
    "submitted",
    "submitted at",
    "timestamp",
    "date received",
    "created utc",
    "date of response",
  ],
  external_id: [
    "external id",
    "id",
    "service request id",
    "reference",
    "ref",
    "form number",
    "response id",
    "comment id",
    "record id",
  ],
};

/** A first mapping from the headings, for the commissioner to check: exact matches of known headings only. */
export function guessMapping(headings: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  const normalised = headings.map(normaliseHeading);
  for (const field of importFields) {
    for (const guess of headingGuesses[field]) {
      const index = normalised.findIndex((heading, i) => heading === guess && !taken.has(headings[i]!));
      if (index >= 0) {
        mapping[field] = headings[index]!;
        taken.add(headings[index]!);
        break;
      }
    }
  }
  return mapping;
}

/**
 * Headings as the mapping refers to them: trimmed, blanks named by their column letter, repeats numbered,
 * so that every column has one unambiguous name.
 */
export function uniqueHeadings(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    let name = cell.replace(/\s+/g, " ").trim().slice(0, 200) || `Column ${columnLetter(index)}`;
    const count = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), count);
    if (count > 1) name = `${name} (${count})`;
    return name;
  });
}

export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The file-level check: every mapped column must be in the heading row (else the whole file is refused). */
export function resolveColumns(
  headings: string[],
  mapping: ColumnMapping,
): { indexes: Partial<Record<ImportField, number>> } | { missing: { field: ImportField; column: string }[] } {
  const indexes: Partial<Record<ImportField, number>> = {};
  const missing: { field: ImportField; column: string }[] = [];
  const exact = new Map(headings.map((heading, index) => [heading, index]));
  const loose = new Map(headings.map((heading, index) => [heading.trim().toLowerCase(), index]));
  for (const field of importFields) {
    const column = mapping[field];
    if (!column) continue;
    const index = exact.get(column) ?? loose.get(column.trim().toLowerCase());
    if (index === undefined) missing.push({ field, column });
    else indexes[field] = index;
  }
  return missing.length ? { missing } : { indexes };
}

// Cells to values ------------------------------------------------------------------------------------------

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 10_000;
export const MAX_EXTERNAL_ID = 200;

/** Cuts text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(" ");
  return `${(space > max * 0.6 ? room.slice(0, space) : room).trimEnd()}…`;
}

const DATE_ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DATE_UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** UK clocks: British Summer Time from 01:00 UTC on the last Sunday of March to the last Sunday of October. */
function lastSundayUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

const londonFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

function londonOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  // The EU rule has held since 1996; older dates ask the time-zone database (slower, rarely needed).
  if (year >= 1996) return utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9) ? 3_600_000 : 0;
  const parts = Object.fromEntries(
    londonFormat.formatToParts(new Date(utcMs)).map((part) => [part.type, Number(part.value)]),
  );
  return (
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) -
    Math.floor(utcMs / 1000) * 1000
  );
}

/** A wall-clock time in the UK as an instant. */
export function fromLondonTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = asUtc - londonOffsetMs(asUtc);
  return new Date(asUtc - londonOffsetMs(first));
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export type Parsed<T> = { value: T } | { error: string };

/** ISO 8601 or dd/mm/yyyy, with an optional time; times without a zone are UK time. */
export function parseDate(text: string, now = new Date()): Parsed<Date | null> {
  const value = text.trim();
  if (!value) return { value: null };
  let date: Date | null = null;
  const iso = DATE_ISO.exec(value);
  const uk = iso ? null : DATE_UK.exec(value);
  if (iso) {
    const [, y, m, d, hh = "0", mm = "0", ss = "0", zone] = iso;
    if (!validDay(+y!, +m!, +d!) || +hh > 23 || +mm > 59 || +ss > 59)
      return { error: `“${value}” is not a real date` };
    if (zone) {
      const offset =
        zone.toUpperCase() === "Z"
          ? 0
          : (zone[0] === "-" ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(-2));
      date = new Date(Date.UTC(+y!, +m! - 1, +d!, +hh, +mm, +ss) - offset * 60_000);
    } else date = fromLondonTime(+y!, +m!, +d!, +hh, +mm, +ss);
  } else if (uk) {
    const [, d, m, y, hh = "0", mm = "0", ss = "0"] = uk;
    if (y!.length === 2)
      return { error: `“${value}” has a two-digit year: write the year in full (dd/mm/yyyy)` };
    if (!validDay(+y!, +m!, +d!) || +hh > 23 || +mm > 59 || +ss > 59) {
      return { error: `“${value}” is not a real date (dates are read as day/month/year)` };
    }
    date = fromLondonTime(+y!, +m!, +d!, +hh, +mm, +ss);
  } else {
    return {
      error: `“${value}” is not a date in a form we read (2024-03-05, 2024-03-05T14:30:00Z or 05/03/2024)`,
    };
  }
  if (date.getTime() > now.getTime() + 24 * 60 * 60 * 1000)
    return { error: `the date ${value} is in the future` };
  if (date.getUTCFullYear() < 1900) return { error: `the date ${value} is before 1900` };
  return { value: date };
}

/** A number in decimal degrees; a decimal comma is accepted (European spreadsheets). */
export function parseCoordinate(text: string, kind: "lat" | "lng"): Parsed<number | null> {
  const value = text.trim();
  if (!value) return { value: null };
  const number = Number(/^-?\d+,\d+$/.test(value) ? value.replace(",", ".") : value);
  const limit = kind === "lat" ? 90 : 180;
  const name = kind === "lat" ? "Latitude" : "Longitude";
  if (!Number.isFinite(number)) return { error: `${name} “${value}” is not a number` };
  if (Math.abs(number) > limit) return { error: `${name} ${value} is out of range (−${limit} to ${limit})` };
  return { value: number };
}

export function parseSeriousness(text: string): Parsed<number | null> {
  const value = text.trim();
  if (!value) return { value: null };
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 5) {
    return { error: `seriousness “${value}” is not a whole number from 1 to 5` };
  }
  return { value: number };
}

const affectedWords: Record<string, AffectedGroup> = {};
for (const [group, words] of Object.entries({
  children_young_people: [
    "children and young people",
    "children",
    "young people",
    "kids",
    "youth",
    "young",
    "teenagers",
    "families with children",
  ],
  older_people: ["older people", "older", "elderly", "elderly people", "pensioners", "seniors"],
  disabled_people: ["disabled people", "disabled", "people with disabilities", "disability", "disabilities"],
  carers: ["carers", "carer", "unpaid carers"],
  low_income: ["people on low incomes", "low income", "low incomes", "people on low income", "poverty"],
  everyone: ["everyone", "everyone locally", "all", "whole community", "everybody", "the community"],
  other: ["other"],
} satisfies Record<AffectedGroup, string[]>)) {
  for (const word of [...words, group, group.replace(/_/g, " ")])
    affectedWords[word] = group as AffectedGroup;
}

/** "Older people; carers" → the groups; words we do not know are kept as "other" in the author's words. */
export function parseAffected(text: string): { groups: AffectedGroup[]; other: string | null } {
  const groups = new Set<AffectedGroup>();
  const others: string[] = [];
  for (const part of text.split(/[,;|/\n]+/)) {
    const word = part.trim();
    if (!word) continue;
    const group = affectedWords[word.toLowerCase().replace(/\s+/g, " ")];
    if (group) groups.add(group);
    else others.push(word);
  }
  if (others.length) groups.add("other");
  return {
    groups: affectedGroups.filter((group) => groups.has(group)),
    other: others.length ? shorten(others.join(", "), 200) : null,
  };
}

/** One row as a need, before its theme and area values are resolved against the consultation. */
export interface RowNeed {
  originalTitle: string;
  originalDescription: string;
  title: string;
  description: string;
  themeValue: string | null;
  areaValue: string | null;
  affectedGroups: AffectedGroup[];
  affectedOther: string | null;
  seriousness: number | null;
  exactLat: number | null;
  exactLng: number | null;
  lat: number | null;
  lng: number | null;
  createdAt: Date | null;
  externalId: string | null;
}

/** Reads one row through the column indexes; a row that cannot become a need gets the reason why. */
export function parseRow(
  cells: string[],
  indexes: Partial<Record<ImportField, number>>,
  now = new Date(),
): { need: RowNeed } | { error: string } {
  const cell = (field: ImportField) => {
    const index = indexes[field];
    return index === undefined ? "" : (cells[index] ?? "");
  };
  let originalTitle = cell("title").trim();
  let originalDescription = cell("description").trim();
  if (!originalTitle) return { error: "the title is empty" };
  if (originalTitle.length > MAX_TITLE) {
    originalDescription = originalDescription ? `${originalTitle}\n\n${originalDescription}` : originalTitle;
    originalTitle = shorten(originalTitle, MAX_TITLE);
  }
  if (originalDescription.length > MAX_DESCRIPTION) {
    return { error: `the description is longer than ${MAX_DESCRIPTION.toLocaleString("en-GB")} characters` };
  }
  const seriousness = parseSeriousness(cell("seriousness"));
  if ("error" in seriousness) return seriousness;
  const lat = parseCoordinate(cell("lat"), "lat");
  if ("error" in lat) return lat;
  const lng = parseCoordinate(cell("lng"), "lng");
  if ("error" in lng) return lng;
  if ((lat.value === null) !== (lng.value === null)) {
    return {
      error: lat.value === null ? "a longitude without a latitude" : "a latitude without a longitude",
    };
  }
  const created = parseDate(cell("created_at"), now);
  if ("error" in created) return created;
  const externalId = cell("external_id").trim();
  if (externalId.length > MAX_EXTERNAL_ID)
    return { error: `the id is longer than ${MAX_EXTERNAL_ID} characters` };
  const affected = parseAffected(cell("affected"));
  const themeValue = cell("theme").replace(/\s+/g, " ").trim();
  const areaValue = cell("area").replace(/\s+/g, " ").trim();
  return {
    need: {
      originalTitle,
      originalDescription,
      // Masking can lengthen text ("[phone number removed]"), so the public copy is fitted again.
      title: shorten(maskPersonalData(originalTitle), MAX_TITLE),
      description: shorten(maskPersonalData(originalDescription), MAX_DESCRIPTION),
      themeValue: themeValue || null,
      areaValue: areaValue || null,
      affectedGroups: affected.groups,
      affectedOther: affected.other ? shorten(maskPersonalData(affected.other), 200) : null,
      seriousness: seriousness.value,
      exactLat: lat.value,
      exactLng: lng.value,
      lat: lat.value === null ? null : roundCoordinate(lat.value),
      lng: lng.value === null ? null : roundCoordinate(lng.value),
      createdAt: created.value,
      externalId: externalId || null,
    },
  };
}

/** The key theme and area values are matched by: case, spacing and punctuation at either end aside. */
export function valueKey(value: string): string {
  return value.replace(/\s+/g, " ").trim().toLowerCase();
}
