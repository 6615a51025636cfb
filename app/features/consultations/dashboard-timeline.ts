// The dashboard's timeline and chart labels: pure functions the dashboard page runs on the SQL's counts by
// day. Shared with the browser, so no server code here.
import { closedOn } from "./consultation-lifecycle";
import { londonCloseDay, londonDay } from "./consultation-forms";

/** A period longer than this many days is shown by week: a bar a day would be too thin to read. */
export const WEEKLY_AFTER_DAYS = 90;

export interface DayCount {
  /** A London day, YYYY-MM-DD. */
  period: string;
  needs: number;
  supports: number;
}

export interface TimelineBucket {
  /** The first and last London days of the bucket, YYYY-MM-DD (the same for a day). */
  start: string;
  end: string;
  needs: number;
  supports: number;
}

export interface Timeline {
  unit: "day" | "week";
  /** The first and last days shown. */
  from: string;
  to: string;
  buckets: TimelineBucket[];
  /** Needs dated before the period (imported ones may be years older) and after it, counted apart. */
  before: { needs: number; supports: number };
  after: { needs: number; supports: number };
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10);

/**
 * The days the timeline runs over: from the consultation's opening to its close, or to today while it is
 * still open. A consultation with no opening date yet starts at its first need (or today).
 */
export function consultationPeriod(
  consultation: {
    status: string;
    opens_at: Date | string | null;
    closes_at: Date | string | null;
    closed_at: Date | string | null;
  },
  firstNeedDay: string | null,
  now: number = Date.now(),
): { from: string; to: string } {
  const today = londonDay(new Date(now));
  const from = consultation.opens_at ? londonDay(consultation.opens_at) : (firstNeedDay ?? today);
  const closed = closedOn(consultation, now);
  const end = closed ? londonCloseDay(closed) : today;
  const to = end < today ? end : today;
  return { from, to: to < from ? from : to };
}

/**
 * Counts by day laid over the period: one bucket per day, or per week (starting on the opening day) when the
 * period is longer than WEEKLY_AFTER_DAYS; days without needs count as zero, and needs dated outside the
 * period are counted apart rather than stretching the chart.
 */
export function bucketTimeline(days: DayCount[], period: { from: string; to: string }): Timeline {
  const first = dayNumber(period.from);
  const last = dayNumber(period.to);
  const length = last - first + 1;
  const unit = length > WEEKLY_AFTER_DAYS ? "week" : "day";
  const size = unit === "week" ? 7 : 1;
  const buckets: TimelineBucket[] = [];
  for (let start = first; start <= last; start += size) {
    buckets.push({
      start: dayOf(start),
      end: dayOf(Math.min(start + size - 1, last)),
      needs: 0,
      supports: 0,
    });
  }
  const before = { needs: 0, supports: 0 };
  const after = { needs: 0, supports: 0 };
  for (const day of days) {
    const number = dayNumber(day.period);
    if (Number.isNaN(number)) continue;
    const target =
      number < first ? before : number > last ? after : buckets[Math.floor((number - first) / size)]!;
    target.needs += day.needs;
    target.supports += day.supports;
  }
  return { unit, from: period.from, to: period.to, buckets, before, after };
}

/**
 * A need's title short enough for a chart's axis: cut at a word boundary near `max` characters, with an
 * ellipsis. The full title stays in the tooltip and the table.
 */
export function shortTitle(title: string, max = 40): string {
  const text = title.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const head = space >= max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

/**
 * Axis labels for several titles: each shortened, and two that would read alike are told apart by their
 * reference, so no two bars share a label.
 */
export function chartTitles(needs: { title: string; reference: string }[], max = 40): string[] {
  const short = needs.map((need) => shortTitle(need.title, max));
  return short.map((label, index) =>
    short.indexOf(label) !== short.lastIndexOf(label) ? `${label} (${needs[index]!.reference})` : label,
  );
}
