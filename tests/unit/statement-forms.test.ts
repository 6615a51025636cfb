// The needs statement form's rules and the extractive first draft, without a database.
import { describe, expect, it } from "vitest";
import {
  draftStatementText,
  parseReferences,
  quoteText,
  statementSchema,
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

describe("the first draft", () => {
  it("says who, where, what, how serious, when, and quotes the needs' own words", () => {
    const text = draftStatementText(
      {
        needs: 3,
        people: 5,
        supports: 4,
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
      },
      ["Warm spaces"],
    );
    expect(text).toBe(
      "5 people in Northtown and Southside report “Warm spaces” (3 needs, 4 “me too” supports). " +
        "Most affected: older people (3 of 3 needs) and carers (1 of 3 needs). " +
        "2 of 3 needs were rated serious (4 or 5 out of 5). " +
        "Raised between 5 January 2026 and 1 March 2026. " +
        "In their words: “There is nowhere warm.” (GS-7K3M2Q).",
    );
  });

  it("is empty without needs, and cuts long quotes at a word", () => {
    expect(
      draftStatementText(
        {
          needs: 0,
          people: 0,
          supports: 0,
          areas: [],
          groups: [],
          seriousness: { 4: 0, 5: 0 },
          first: null,
          last: null,
          quotes: [],
        },
        [],
      ),
    ).toBe("");
    const cut = quoteText({ title: "", description: "word ".repeat(100) }, 20);
    expect(cut).toBe("word word word word…");
  });
});
