// "What experts say" in a published brief's Markdown: cited with the name, role and organisation when the
// expert consented, as "An expert contributor" with the role otherwise, escaped like every typed text, and
// absent from briefs published before contributions existed.
import { describe, expect, it } from "vitest";
import { briefMarkdown, SNAPSHOT_SCHEMA, type BriefSnapshot } from "~/features/briefs/brief-snapshot";
import { expertByline } from "~/features/statements/expert-forms";
import { expertsMarkdown, type SnapshotExpertContribution } from "~/features/statements/expert-snapshot";

const named: SnapshotExpertContribution = {
  id: "x1",
  name: "Dr Ann Jones",
  role: "Public-health analyst",
  organisation: "Northshire Public Health",
  text: "The JSNA agrees.\n\n# Not a heading",
  updatedAt: "2026-12-01T10:00:00.000Z",
};
const unnamed: SnapshotExpertContribution = {
  ...named,
  id: "x2",
  name: null,
  organisation: null,
  text: "Same.",
};

function snapshot(experts?: SnapshotExpertContribution[]): BriefSnapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    title: "Brief",
    consultation: { slug: "c", title: "C", organisation: "Council" },
    purpose: "",
    statements: [
      {
        id: "s1",
        title: "Lonely in winter",
        body: "",
        populationAffected: null,
        seriousness: null,
        dimensions: [],
        evidence: {
          needs: 1,
          people: 1,
          supports: 0,
          areas: [],
          affectedGroups: [],
          first: null,
          last: null,
          quotes: [],
          references: ["GS-AAAAAA"],
        },
        proposals: [],
        ...(experts ? { experts } : {}),
      },
    ],
    need_ids: [],
    publicValue: {},
    budget: { minPence: null, maxPence: null },
    timeline: null,
    engagement: {
      needs: 1,
      people: 1,
      supports: 0,
      areas: [],
      affectedGroups: [],
      communityGroups: [],
      missing: [],
      notes: null,
    },
    route: { answers: {}, recommended: null, chosen: null, reason: null },
    relationalAgreement: null,
    briefVersion: 1,
    publishedAt: "2026-12-02T10:00:00.000Z",
  } as BriefSnapshot;
}

describe("what experts say in a brief", () => {
  it("names the expert only with consent", () => {
    expect(expertByline(named)).toBe("Dr Ann Jones, Public-health analyst, Northshire Public Health");
    expect(expertByline(unnamed)).toBe("An expert contributor, Public-health analyst");
    expect(expertByline({ ...unnamed, organisation: "Leaked" })).toBe(
      "An expert contributor, Public-health analyst",
    );
  });

  it("quotes each contribution in the Markdown, escaped, under its statement", () => {
    const markdown = briefMarkdown(snapshot([named, unnamed]), {
      appUrl: "https://example.test",
      versionNumber: 1,
    });
    expect(markdown).toContain("**What experts say:**");
    expect(markdown).toContain("> “The JSNA agrees.");
    expect(markdown).toContain(
      "> \\# Not a heading” — Dr Ann Jones, Public-health analyst, Northshire Public Health",
    );
    expect(markdown).toContain("> “Same.” — An expert contributor, Public-health analyst");
    expect(markdown.indexOf("What experts say")).toBeLessThan(
      markdown.indexOf("Needs behind this statement"),
    );
  });

  it("leaves the section out of briefs published before contributions existed", () => {
    expect(expertsMarkdown({})).toEqual([]);
    expect(briefMarkdown(snapshot(), { appUrl: "https://example.test", versionNumber: 1 })).not.toContain(
      "What experts say",
    );
  });
});
