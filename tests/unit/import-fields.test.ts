// How one imported cell becomes a field of a need: dates (ISO and dd/mm/yyyy, UK time), coordinates, seriousness,
// who is affected, long titles, masking, and the mapping of columns from headings and from `--map`.
import { describe, expect, it } from "vitest";
import {
  fromLondonTime,
  guessMapping,
  parseAffected,
  parseCoordinate,
  parseDate,
  parseMapArgument,
  parseRow,
  resolveColumns,
  shorten,
  uniqueHeadings,
} from "~/features/evidence-io/import/fields";

const NOW = new Date("2024-06-01T12:00:00Z");
const iso = (text: string) => {
  const parsed = parseDate(text, NOW);
  return "value" in parsed ? (parsed.value?.toISOString() ?? null) : `error: ${parsed.error}`;
};

describe("dates", () => {
  it("reads ISO dates with a zone as given", () => {
    expect(iso("2016-11-15T08:19:25+00:00")).toBe("2016-11-15T08:19:25.000Z");
    expect(iso("2017-06-20T12:23:17+01:00")).toBe("2017-06-20T11:23:17.000Z");
    expect(iso("2024-02-03T10:00:00Z")).toBe("2024-02-03T10:00:00.000Z");
    expect(iso("2018-02-13T05:58:16.471000+00:00")).toBe("2018-02-13T05:58:16.000Z");
  });

  it("reads dates and times without a zone as UK time, in winter and in summer", () => {
    expect(iso("2024-01-15")).toBe("2024-01-15T00:00:00.000Z");
    expect(iso("2023-07-15")).toBe("2023-07-14T23:00:00.000Z");
    expect(iso("2023-07-15 14:30")).toBe("2023-07-15T13:30:00.000Z");
    expect(fromLondonTime(2024, 3, 31, 3, 0).toISOString()).toBe("2024-03-31T02:00:00.000Z");
    expect(fromLondonTime(2024, 10, 27, 0, 30).toISOString()).toBe("2024-10-26T23:30:00.000Z");
    expect(fromLondonTime(1990, 7, 1, 12).toISOString()).toBe("1990-07-01T11:00:00.000Z");
  });

  it("reads dd/mm/yyyy as day first", () => {
    expect(iso("15/03/2023")).toBe("2023-03-15T00:00:00.000Z");
    expect(iso("05/03/2024")).toBe("2024-03-05T00:00:00.000Z");
    expect(iso("12/01/2024 14:30")).toBe("2024-01-12T14:30:00.000Z");
    expect(iso("1.2.2024")).toBe("2024-02-01T00:00:00.000Z");
  });

  it("refuses dates that do not exist, are ambiguous, in the future or unreadable, saying why", () => {
    expect(iso("31/02/2023")).toMatch(/not a real date/);
    expect(iso("04/13/2024")).toMatch(/day\/month\/year/);
    expect(iso("05/03/24")).toMatch(/two-digit year/);
    expect(iso("2030-01-01")).toMatch(/in the future/);
    expect(iso("1850-01-01")).toMatch(/before 1900/);
    expect(iso("last Tuesday")).toMatch(/not a date in a form we read/);
    expect(iso("")).toBeNull();
  });
});

describe("coordinates, seriousness and who is affected", () => {
  it("accepts decimal degrees, with a decimal comma too, and refuses out-of-range values", () => {
    expect(parseCoordinate("51.4621", "lat")).toEqual({ value: 51.4621 });
    expect(parseCoordinate("-0,0371", "lng")).toEqual({ value: -0.0371 });
    expect(parseCoordinate("151.45", "lat")).toEqual({
      error: "Latitude 151.45 is out of range (−90 to 90)",
    });
    expect(parseCoordinate("-181", "lng")).toEqual({ error: "Longitude -181 is out of range (−180 to 180)" });
    expect(parseCoordinate("north", "lat")).toEqual({ error: "Latitude “north” is not a number" });
  });

  it("maps the words people use for groups, keeping the rest as other", () => {
    expect(parseAffected("Children and young people; carers")).toEqual({
      groups: ["children_young_people", "carers"],
      other: null,
    });
    expect(parseAffected("older people, low income, people who live alone")).toEqual({
      groups: ["older_people", "low_income", "other"],
      other: "people who live alone",
    });
    expect(parseAffected("")).toEqual({ groups: [], other: null });
  });
});

describe("a row", () => {
  const headings = ["id", "when", "title", "detail", "lat", "long", "serious"];
  const indexes = { external_id: 0, created_at: 1, title: 2, description: 3, lat: 4, lng: 5, seriousness: 6 };
  const row = (cells: Partial<Record<string, string>>) => headings.map((heading) => cells[heading] ?? "");

  it("becomes a need with masked public text, a rounded public location and the originals kept", () => {
    const parsed = parseRow(
      row({
        id: "A1",
        when: "2023-02-01T09:00:00Z",
        title: "Pothole",
        detail: "Call me on 07700 900123",
        lat: "51.450234",
        long: "-0.015512",
        serious: "4",
      }),
      indexes,
      NOW,
    );
    expect(parsed).toMatchObject({
      need: {
        originalTitle: "Pothole",
        originalDescription: "Call me on 07700 900123",
        title: "Pothole",
        description: "Call me on [phone number removed]",
        exactLat: 51.450234,
        lat: 51.45,
        lng: -0.016,
        seriousness: 4,
        externalId: "A1",
      },
    });
  });

  it("is skipped with a reason when it cannot be a need", () => {
    expect(parseRow(row({ title: " " }), indexes, NOW)).toEqual({ error: "the title is empty" });
    expect(parseRow(row({ title: "x", lat: "51.4" }), indexes, NOW)).toEqual({
      error: "a latitude without a longitude",
    });
    expect(parseRow(row({ title: "x", serious: "7" }), indexes, NOW)).toEqual({
      error: "seriousness “7” is not a whole number from 1 to 5",
    });
    expect(parseRow(row({ title: "x", detail: "y".repeat(10_001) }), indexes, NOW)).toEqual({
      error: "the description is longer than 10,000 characters",
    });
  });

  it("keeps a long title whole in the description and shortens the title at a word", () => {
    const long = `A proper community centre ${"with rooms for everyone ".repeat(10)}`.trim();
    const parsed = parseRow(row({ title: long, detail: "More." }), indexes, NOW);
    if (!("need" in parsed)) throw new Error(parsed.error);
    expect(parsed.need.title.length).toBeLessThanOrEqual(200);
    expect(parsed.need.title.endsWith("…")).toBe(true);
    expect(parsed.need.originalDescription).toBe(`${long}\n\nMore.`);
    expect(shorten("one two three", 8)).toBe("one two…");
  });
});

describe("mapping columns", () => {
  it("guesses FixMyStreet and Open311 headings", () => {
    expect(
      guessMapping([
        "service_request_id",
        "requested_datetime",
        "service_name",
        "title",
        "detail",
        "lat",
        "long",
        "status",
      ]),
    ).toEqual({
      title: "title",
      description: "detail",
      theme: "service_name",
      lat: "lat",
      lng: "long",
      created_at: "requested_datetime",
      external_id: "service_request_id",
    });
  });

  it("names blank and repeated headings so every column can be chosen", () => {
    expect(uniqueHeadings(["Title", "", "title", " Notes  here "])).toEqual([
      "Title",
      "Column B",
      "title (2)",
      "Notes here",
    ]);
  });

  it("refuses a mapped column the file does not have", () => {
    expect(resolveColumns(["title", "detail"], { title: "title", description: "Detail" })).toEqual({
      indexes: { title: 0, description: 1 },
    });
    expect(resolveColumns(["title", "detail"], { title: "subject" })).toEqual({
      missing: [{ field: "title", column: "subject" }],
    });
  });

  it("reads --map and says what is wrong with it", () => {
    expect(parseMapArgument("title=title,description=detail,lat=lat,lng=long")).toEqual({
      mapping: { title: "title", description: "detail", lat: "lat", lng: "long" },
      problems: [],
    });
    expect(parseMapArgument("description=detail,colour=x").problems).toEqual([
      '"colour" is not a field (fields: title, description, theme, area, affected, seriousness, lat, lng, created_at, external_id).',
      "title=COLUMN is required.",
    ]);
  });
});
