// The workspace's form rules that need no database: London days across the clock changes, the lifecycle
// table, and the explorer's filters read from an address.
import { describe, expect, it } from "vitest";
import { canTransition } from "~/features/consultations/consultation-lifecycle";
import {
  consultationSchema,
  endOfLondonDay,
  londonCloseDay,
  londonDay,
  parseDay,
  startOfLondonDay,
} from "~/features/consultations/consultation-forms";
import { filterParams, parseExplorerQuery } from "~/features/needs/explorer-query";

describe("London days", () => {
  it("open at midnight UK time and close at the end of the day, in winter and in summer", () => {
    expect(startOfLondonDay(parseDay("2027-01-15")!).toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(startOfLondonDay(parseDay("2027-07-15")!).toISOString()).toBe("2027-07-14T23:00:00.000Z");
    // The clocks go forward on 28 March 2027: that day has 23 hours.
    expect(endOfLondonDay(parseDay("2027-03-28")!).toISOString()).toBe("2027-03-28T23:00:00.000Z");
    expect(londonDay(startOfLondonDay(parseDay("2027-07-15")!))).toBe("2027-07-15");
    expect(londonCloseDay(endOfLondonDay(parseDay("2027-10-31")!))).toBe("2027-10-31");
  });

  it("accept ISO and UK day formats and refuse days that do not exist", () => {
    expect(parseDay("1/3/2027")).toEqual({ year: 2027, month: 3, day: 1 });
    expect(parseDay("2027-02-29")).toBeNull();
    expect(parseDay("31/04/2027")).toBeNull();
    expect(parseDay("tomorrow")).toBeNull();
  });
});

describe("the consultation form", () => {
  const base = {
    title: "Warm spaces",
    slug: "warm-spaces",
    place: "",
    summary: "",
    whyWeAsk: "",
    whatHappensNext: "",
    moderation: "before_publication",
  };

  it("refuses a close day before the open day, one date without the other, and addresses that are not slugs", () => {
    const errors = (values: Record<string, string>) =>
      Object.fromEntries(
        (consultationSchema.safeParse({ ...base, ...values }).error?.issues ?? []).map((issue) => [
          issue.path[0],
          issue.message,
        ]),
      );
    expect(errors({ opens: "2027-03-02", closes: "2027-03-01" })).toEqual({
      closes: "The close date must be the same as or after the open date",
    });
    expect(errors({ opens: "2027-03-02", closes: "" })).toEqual({
      closes: "Enter a close date as well as an open date",
    });
    expect(errors({ opens: "", closes: "", slug: "Warm Spaces!" }).slug).toMatch(
      /only use letters, numbers and single hyphens/,
    );
    expect(errors({ opens: "2027-03-01", closes: "2027-03-01" })).toEqual({});
  });

  it("reads populations as whole numbers, with thousands separators", () => {
    const parsed = consultationSchema.parse({
      ...base,
      opens: "",
      closes: "",
      population_older_people: "12,000",
      population_carers: "",
    });
    expect(parsed.populations).toEqual({ older_people: 12000 });
    expect(
      consultationSchema.safeParse({ ...base, opens: "", closes: "", population_carers: "1.5" }).success,
    ).toBe(false);
  });
});

describe("the lifecycle", () => {
  it("has the moves the database allows and no others", () => {
    expect(canTransition("draft", "open")).toBe(true);
    expect(canTransition("closed", "open")).toBe(true);
    expect(canTransition("open", "draft")).toBe(false);
    expect(canTransition("draft", "closed")).toBe(false);
    expect(canTransition("reported", "analysing")).toBe(false);
  });
});

describe("explorer filters from the address", () => {
  it("keep what makes sense, drop the rest and report bad dates", () => {
    const { filters, page, errors } = parseExplorerQuery(
      new URLSearchParams(
        "q=bins&group=carers&seriousness=9&status=nonsense&photo=yes&from=2027-02-30&sort=relevance&page=-3",
      ),
    );
    expect(filters).toEqual({ q: "bins", group: "carers", photo: "yes", sort: "relevance" });
    expect(page).toBe(1);
    expect(errors).toEqual({ from: "The ‘from’ date must be a real date, like 2027-03-01" });
    expect(parseExplorerQuery(new URLSearchParams("sort=relevance")).filters.sort).toBe("newest");
    expect(filterParams(filters, { page: 2 }).toString()).toBe(
      "q=bins&group=carers&photo=yes&sort=relevance&page=2",
    );
  });
});
