import { describe, expect, it } from "vitest";
import {
  bucketTimeline,
  chartTitles,
  consultationPeriod,
  shortTitle,
  WEEKLY_AFTER_DAYS,
} from "~/features/consultations/dashboard-timeline";

const day = (period: string, needs: number, supports = 0) => ({ period, needs, supports });

describe("the consultation's period", () => {
  const now = Date.parse("2027-03-10T12:00:00Z");

  it("runs from the opening day to today while the consultation is open", () => {
    const period = consultationPeriod(
      {
        status: "open",
        opens_at: "2027-03-01T00:00:00Z",
        closes_at: "2027-04-01T00:00:00+01:00",
        closed_at: null,
      },
      "2019-01-01",
      now,
    );
    expect(period).toEqual({ from: "2027-03-01", to: "2027-03-10" });
  });

  it("ends on the last day it took needs once closed, not at midnight the day after", () => {
    const period = consultationPeriod(
      {
        status: "closed",
        opens_at: "2027-01-04T00:00:00Z",
        closes_at: null,
        closed_at: "2027-02-01T00:00:00Z",
      },
      null,
      now,
    );
    expect(period).toEqual({ from: "2027-01-04", to: "2027-01-31" });
  });

  it("ends on the planned close when an open consultation is past it", () => {
    const period = consultationPeriod(
      {
        status: "open",
        opens_at: "2027-01-04T00:00:00Z",
        closes_at: "2027-02-01T00:00:00Z",
        closed_at: null,
      },
      null,
      now,
    );
    expect(period.to).toBe("2027-01-31");
  });

  it("starts at the first need, or today, when no opening date is set", () => {
    const draft = { status: "draft", opens_at: null, closes_at: null, closed_at: null };
    expect(consultationPeriod(draft, "2027-03-02", now)).toEqual({ from: "2027-03-02", to: "2027-03-10" });
    expect(consultationPeriod(draft, null, now)).toEqual({ from: "2027-03-10", to: "2027-03-10" });
  });

  it("is one day long, not backwards, before a consultation opens", () => {
    const period = consultationPeriod(
      { status: "draft", opens_at: "2027-04-01T00:00:00+01:00", closes_at: null, closed_at: null },
      null,
      now,
    );
    expect(period).toEqual({ from: "2027-04-01", to: "2027-04-01" });
  });
});

describe("bucketing the timeline", () => {
  it("gives every day of a short period a bucket, empty days as zero", () => {
    const timeline = bucketTimeline([day("2027-03-02", 2, 5), day("2027-03-05", 1)], {
      from: "2027-03-01",
      to: "2027-03-06",
    });
    expect(timeline.unit).toBe("day");
    expect(timeline.buckets.map((bucket) => [bucket.start, bucket.needs, bucket.supports])).toEqual([
      ["2027-03-01", 0, 0],
      ["2027-03-02", 2, 5],
      ["2027-03-03", 0, 0],
      ["2027-03-04", 0, 0],
      ["2027-03-05", 1, 0],
      ["2027-03-06", 0, 0],
    ]);
  });

  it("counts needs dated before the opening apart instead of drawing years of empty chart", () => {
    const timeline = bucketTimeline([day("2019-05-01", 3, 1), day("2027-03-02", 1), day("2027-04-02", 2)], {
      from: "2027-03-01",
      to: "2027-03-03",
    });
    expect(timeline.buckets).toHaveLength(3);
    expect(timeline.buckets[0]!.start).toBe("2027-03-01");
    expect(timeline.buckets.at(-1)!.end).toBe("2027-03-03");
    expect(timeline.before).toEqual({ needs: 3, supports: 1 });
    expect(timeline.after).toEqual({ needs: 2, supports: 0 });
    expect(timeline.buckets.reduce((sum, bucket) => sum + bucket.needs, 0)).toBe(1);
  });

  it("switches to weeks from the opening day when the period is longer than 90 days", () => {
    const exactly = bucketTimeline([], { from: "2027-01-01", to: "2027-03-31" });
    expect(exactly.buckets).toHaveLength(WEEKLY_AFTER_DAYS);
    expect(exactly.unit).toBe("day");

    const long = bucketTimeline(
      [day("2027-01-01", 1), day("2027-01-07", 2), day("2027-01-08", 4), day("2027-04-02", 8)],
      {
        from: "2027-01-01",
        to: "2027-04-02",
      },
    );
    expect(long.unit).toBe("week");
    expect(long.buckets).toHaveLength(14);
    expect(long.buckets[0]).toEqual({ start: "2027-01-01", end: "2027-01-07", needs: 3, supports: 0 });
    expect(long.buckets[1]).toMatchObject({ start: "2027-01-08", needs: 4 });
    // The last week is cut short at the period's end and still holds its day.
    expect(long.buckets.at(-1)).toEqual({ start: "2027-04-02", end: "2027-04-02", needs: 8, supports: 0 });
  });

  it("crosses the clocks going back without losing or doubling a day", () => {
    const timeline = bucketTimeline([day("2026-10-25", 1), day("2026-10-26", 1)], {
      from: "2026-10-24",
      to: "2026-10-27",
    });
    expect(timeline.buckets.map((bucket) => bucket.start)).toEqual([
      "2026-10-24",
      "2026-10-25",
      "2026-10-26",
      "2026-10-27",
    ]);
    expect(timeline.buckets.map((bucket) => bucket.needs)).toEqual([0, 1, 1, 0]);
  });
});

describe("need titles on a chart", () => {
  it("keeps a short title whole and cuts a long one at a word, with an ellipsis", () => {
    expect(shortTitle("Bus to the clinic")).toBe("Bus to the clinic");
    const long = "Somewhere warm and safe for older people to meet in the afternoons, near the bus";
    const short = shortTitle(long, 40);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(short.endsWith("…")).toBe(true);
    expect(long.startsWith(short.slice(0, -1))).toBe(true);
    expect(short).toBe("Somewhere warm and safe for older…");
  });

  it("cuts a title with no spaces inside its length", () => {
    expect(shortTitle("x".repeat(60), 20)).toBe(`${"x".repeat(19)}…`);
  });

  it("tells apart two titles that shorten alike by their references", () => {
    const labels = chartTitles(
      [
        { title: "Street lights on the path to the station are broken at night", reference: "GS-AAAA" },
        { title: "Street lights on the path to the station are too dim in winter", reference: "GS-BBBB" },
        { title: "Dog mess", reference: "GS-CCCC" },
      ],
      30,
    );
    expect(labels[2]).toBe("Dog mess");
    expect(labels[0]).toContain("GS-AAAA");
    expect(labels[1]).toContain("GS-BBBB");
    expect(new Set(labels).size).toBe(3);
  });
});
