// The needs statement form's rules and the extractive first draft, in English and Welsh, without a database.
import "~/lib/i18n.server";
import { describe, expect, it } from "vitest";
import {
  draftStatementText,
  isUntouchedDraft,
  isWholeArea,
  parseReferences,
  quoteText,
  residentWords,
  statementSchema,
  type DraftEvidence,
} from "~/features/statements/statement-forms";

const form = (values: Record<string, unknown> = {}) => ({
  title: "Evening buses",
  body: "",
  population: "",
  seriousness: "",
  dimensions: [],
  needs: [],
  quoted: [],
  proposals: [],
  addReferences: "",
  group: "",
  version: "",
  ...values,
});
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe("the statement form", () => {
  it("tells an empty title and no needs together", () => {
    const result = statementSchema.safeParse(form({ title: " " }));
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["title", "needs"]);
  });

  it("accepts needs typed as references alone, and keeps only quotes of the statement's own needs", () => {
    const parsed = statementSchema.parse(
      form({
        addReferences: "gs-7k3m2q; GS-ABCDEF gs-7k3m2q",
        needs: [id(1)],
        quoted: [id(1), id(2)],
        seriousness: "3",
      }),
    );
    expect(parsed.references).toEqual(["GS-7K3M2Q", "GS-ABCDEF"]);
    expect(parsed.quoted).toEqual([id(1)]);
    expect(parsed.seriousness).toBe(3);
    // A new statement's form carries no version.
    const { version: _none, ...fresh } = form({ addReferences: "GS-7K3M2Q" });
    expect(statementSchema.parse(fresh).references).toEqual(["GS-7K3M2Q"]);
  });

  it("refuses what is not a reference or not a seriousness", () => {
    expect(parseReferences("GS-7K3M2Q, hello")).toBeNull();
    const result = statementSchema.safeParse(
      form({ needs: [id(1)], addReferences: "GS-ILOU00", seriousness: "6" }),
    );
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual([
      "addReferences",
      "seriousness",
    ]);
  });
});

const evidence = (values: Partial<DraftEvidence> = {}): DraftEvidence => ({
  needs: 3,
  people: 5,
  supports: 4,
  areas: [],
  groups: [],
  seriousness: { 4: 0, 5: 0 },
  first: null,
  last: null,
  quotes: [],
  ...values,
});
const areas = (...names: (string | null)[]) => names.map((name) => ({ name, needs: 1 }));
const english = (values: Partial<DraftEvidence>, title = "Dangerous roads") =>
  draftStatementText(evidence(values), { title, locale: "en" });
const welsh = (values: Partial<DraftEvidence>, title = "Ffyrdd peryglus") =>
  draftStatementText(evidence(values), { title, locale: "cy" });
const headline = (text: string) => text.slice(0, text.indexOf(").") + 2);

describe("the first draft", () => {
  it("says who, where, what, how serious, when, and quotes the needs' own words", () => {
    const text = draftStatementText(
      evidence({
        areas: [
          { name: "Northtown", needs: 2 },
          { name: "Southside", needs: 1 },
          { name: null, needs: 1 },
        ],
        groups: [
          { group: "older_people", needs: 3 },
          { group: "everyone", needs: 2 },
          { group: "carers", needs: 1 },
        ],
        seriousness: { 4: 1, 5: 1 },
        first: "2026-01-05T10:00:00Z",
        last: "2026-03-01T10:00:00Z",
        quotes: [{ reference: "GS-7K3M2Q", title: "Cold", description: "There is nowhere   warm." }],
      }),
      { title: "Warm spaces", needTitles: ["Cold"], locale: "en" },
    );
    expect(text).toBe(
      "5 people in Northtown and Southside report “Warm spaces” (3 needs, 4 “me too” supports). " +
        "Most affected: older people (3 of 3 needs) and carers (1 of 3 needs). " +
        "2 of 3 needs were rated serious (4 or 5 out of 5). " +
        "Raised between 5 January 2026 and 1 March 2026. " +
        "In their words: “Cold: There is nowhere warm.” (GS-7K3M2Q).",
    );
  });

  it("says what people report with the statement's title, else the most supported needs' titles", () => {
    const draft = (title: string, needTitles: string[] = []) =>
      headline(
        draftStatementText(evidence({ people: 1, needs: 1, supports: 1 }), {
          title,
          needTitles,
          locale: "en",
        }),
      );
    expect(draft(" Dangerous roads ", ["Speeding on Elm Road", "No crossing"])).toBe(
      "1 person across the whole area reports “Dangerous roads” (1 need, 1 “me too” support).",
    );
    expect(draft("", ["Speeding on Elm Road", "No crossing", "Potholes"])).toBe(
      "1 person across the whole area reports “Speeding on Elm Road” and “No crossing” (1 need, 1 “me too” support).",
    );
    expect(draft("")).toBe("1 person across the whole area reports this need (1 need, 1 “me too” support).");
  });

  it("names one, two, three and more places in a sentence, and the whole area when no need names a place or the area is the whole", () => {
    const where = (...names: (string | null)[]) => headline(english({ areas: areas(...names) }));
    expect(where("Lewisham Central")).toBe(
      "5 people in Lewisham Central report “Dangerous roads” (3 needs, 4 “me too” supports).",
    );
    expect(where("Lewisham Central", "Bellingham", null)).toMatch(
      /^5 people in Lewisham Central and Bellingham report/,
    );
    expect(where("A", "B", "C")).toMatch(/^5 people in A, B and C report/);
    expect(where("A", "B", "C", "D")).toMatch(/^5 people in A, B, C and 1 more area report/);
    expect(where("A", "B", "C", "D", "E")).toMatch(/^5 people in A, B, C and 2 more areas report/);
    expect(where()).toMatch(/^5 people across the whole area report “Dangerous roads”/);
    expect(where(null)).toMatch(/^5 people across the whole area report/);
    expect(where("Across the whole area")).toMatch(/^5 people across the whole area report/);
    expect(where("Borough-wide", null)).toMatch(/^5 people across the whole area report/);
    expect(where("Bellingham", "Across the whole area")).toMatch(
      /^5 people in Bellingham, and across the whole area report/,
    );
    expect(isWholeArea("All areas")).toBe(true);
    expect(isWholeArea("Wholesale market")).toBe(false);
    expect(isWholeArea("Widecombe")).toBe(false);
  });

  it("is written in Welsh on a Welsh page: places, counts, dates and quotes", () => {
    const text = welsh({
      people: 282,
      needs: 95,
      supports: 8527,
      areas: areas("Lewisham Central", "Bellingham"),
      groups: [{ group: "older_people", needs: 40 }],
      seriousness: { 4: 20, 5: 10 },
      first: "2026-01-05T10:00:00Z",
      last: "2026-03-01T10:00:00Z",
      quotes: [{ reference: "GS-7K3M2Q", title: "Ffordd beryglus", description: "Ffordd beryglus" }],
    });
    expect(text).toBe(
      "Mae 282 o bobl yn Lewisham Central a Bellingham yn sôn am “Ffyrdd peryglus” (95 o anghenion, 8,527 “fi hefyd”). " +
        "Yn cael eu heffeithio fwyaf: pobl hŷn (40 allan o 95 o anghenion). " +
        "Cafodd 30 allan o 95 o anghenion eu graddio’n ddifrifol (4 neu 5 allan o 5). " +
        "Codwyd rhwng 5 Ionawr 2026 a 1 Mawrth 2026. " +
        "Yn eu geiriau eu hunain: “Ffordd beryglus” (GS-7K3M2Q).",
    );
    const where = (...names: (string | null)[]) => headline(welsh({ people: 3, areas: areas(...names) }));
    expect(where("A", "B", "C", "D", "E")).toMatch(/^Mae 3 pherson yn A, B, C a 2 ardal arall yn sôn am/);
    expect(where("Bangor", "Abertawe")).toMatch(/^Mae 3 pherson yn Bangor ac Abertawe yn sôn am/);
    expect(welsh({}, "")).toMatch(/^Mae 5 o bobl ar draws yr ardal gyfan yn sôn am yr angen hwn/);
    expect(
      draftStatementText(evidence(), { title: "", needTitles: ["Bysiau", "Ysgol"], locale: "cy" }),
    ).toContain("yn sôn am “Bysiau” ac “Ysgol” (");
    expect(where()).toMatch(/^Mae 3 pherson ar draws yr ardal gyfan yn sôn am “Ffyrdd peryglus”/);
    expect(where("Across the whole area")).toMatch(/^Mae 3 pherson ar draws yr ardal gyfan/);
    expect(headline(welsh({ people: 2, areas: areas("Bangor") }))).toMatch(
      /^Mae 2 berson yn Bangor yn sôn am/,
    );
  });

  it("formats numbers in the page's language", () => {
    const big = { people: 8527, needs: 1204, supports: 12345, areas: areas("Bellingham") };
    expect(headline(english(big))).toBe(
      "8,527 people in Bellingham report “Dangerous roads” (1,204 needs, 12,345 “me too” supports).",
    );
    expect(headline(welsh(big))).toBe(
      "Mae 8,527 o bobl yn Bellingham yn sôn am “Ffyrdd peryglus” (1,204 o anghenion, 12,345 “fi hefyd”).",
    );
  });

  it("quotes every need chosen, each once, however its title and description repeat each other", () => {
    const quotes = [
      { reference: "GS-AAAAAA", title: "No bus after six", description: "No bus after six" },
      {
        reference: "GS-BBBBBB",
        title: "Buses stop early",
        description: "Buses stop early. The last one leaves at 6pm.",
      },
      { reference: "GS-CCCCCC", title: "Sunday buses", description: "There are no buses on Sundays at all." },
      {
        reference: "GS-DDDDDD",
        title: "Library closes at four on weekdays",
        description: "Library closes at four",
      },
      { reference: "GS-EEEEEE", title: "Cold hall", description: "" },
      { reference: "GS-FFFFFF", title: "Bus shelter", description: "We need a bus shelter on Elm Road." },
    ];
    const text = english({ quotes });
    expect(text).toContain(
      "In their words: “No bus after six” (GS-AAAAAA); " +
        "“Buses stop early. The last one leaves at 6pm.” (GS-BBBBBB); " +
        "“Sunday buses: There are no buses on Sundays at all.” (GS-CCCCCC); " +
        "“Library closes at four on weekdays” (GS-DDDDDD); " +
        "“Cold hall” (GS-EEEEEE); " +
        "“We need a bus shelter on Elm Road.” (GS-FFFFFF).",
    );
    for (const quote of quotes) expect(text.split(quote.reference)).toHaveLength(2);
    expect(residentWords({ title: "No bus after six", description: "No bus after six." })).toBe(
      "No bus after six.",
    );
  });

  it("is empty without needs, and cuts long quotes at a word", () => {
    expect(
      draftStatementText(evidence({ needs: 0, people: 0, supports: 0 }), { title: "Any", locale: "en" }),
    ).toBe("");
    const cut = quoteText({ title: "", description: "word ".repeat(100) }, 20);
    expect(cut).toBe("word word word word…");
    const long = english({
      quotes: [{ reference: "GS-AAAAAA", title: "Long", description: "word ".repeat(100) }],
    });
    expect(long).toMatch(/“Long: word( word)+…” \(GS-AAAAAA\)\.$/);
  });

  it("tells a draft left as it was from one the commissioner edited", () => {
    expect(isUntouchedDraft("5 people report it.", "5 people report it.\r\n")).toBe(true);
    expect(isUntouchedDraft("5 people report it. And more.", "5 people report it.")).toBe(false);
    expect(isUntouchedDraft("", null)).toBe(false);
    expect(statementSchema.parse(form({ needs: [id(1)], drafted: "" })).drafted).toBeNull();
    expect(statementSchema.parse(form({ needs: [id(1)], drafted: "Drafted." })).drafted).toBe("Drafted.");
  });
});
