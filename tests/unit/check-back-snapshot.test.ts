// What a published brief says of a statement's check-back: the comparison of the text people were shown with
// the text agreed, and the check-back in the Markdown export and the evidence pack's columns.
import { describe, expect, it } from "vitest";
import { briefMarkdown, SNAPSHOT_SCHEMA, type BriefSnapshot } from "~/features/briefs/brief-snapshot";
import { checkBackState, compareTexts, comparisonText } from "~/features/statements/check-back-forms";
import {
  checkBackCsvValues,
  checkBacksOf,
  type SnapshotCheckBack,
} from "~/features/statements/check-back-snapshot";

const checkBack: SnapshotCheckBack = {
  statementId: "7d7f6c1e-5b0a-4c53-9f59-8a3c1f9f6b11",
  statementTitle: "Older people have nowhere warm to meet",
  openedAt: "2027-03-01T10:00:00.000Z",
  closedAt: "2027-03-14T23:59:59.000Z",
  takingPart: 12,
  saidRight: 8,
  saidNotRight: 1,
  saidMissing: 3,
  titleAtOpening: "Older people have nowhere warm to meet",
  bodyAtOpening: "Older people in Riverside have nowhere warm to meet.",
  titleAgreed: "Older people have nowhere warm to meet",
  bodyAgreed: "Older and disabled people in Riverside have nowhere warm to meet in winter.",
  changeNote: "People told us it is winter that matters.",
};

describe("comparing the text at opening with the text agreed", () => {
  it("marks what was added and taken out, word by word", () => {
    expect(comparisonText(compareTexts("the cat sat on the mat", "the dog sat on the mat"))).toBe(
      "the [-cat-]{+dog+} sat on the mat",
    );
    expect(comparisonText(compareTexts(checkBack.bodyAtOpening, checkBack.bodyAgreed!))).toBe(
      "Older {+and disabled +}people in Riverside have nowhere warm to [-meet.-]{+meet in winter.+}",
    );
    expect(compareTexts("same text", "same text")).toEqual([{ kind: "same", text: "same text" }]);
    expect(compareTexts("", "new")).toEqual([{ kind: "added", text: "new" }]);
  });

  it("names the state from the dates", () => {
    const now = new Date("2027-03-10T00:00:00Z");
    const base = { closes_at: "2027-03-15T00:00:00Z", closed_at: null, agreed_at: null };
    expect(checkBackState(base, now)).toBe("open");
    expect(checkBackState({ ...base, closed_at: "2027-03-05T00:00:00Z" }, now)).toBe("closed");
    expect(checkBackState({ ...base, closes_at: "2027-03-09T00:00:00Z" }, now)).toBe("closed");
    expect(checkBackState({ ...base, agreed_at: "2027-03-09T00:00:00Z" }, now)).toBe("agreed");
  });
});

describe("the check-back in a published brief", () => {
  const snapshot = {
    schema: SNAPSHOT_SCHEMA,
    title: "Warm spaces brief",
    consultation: { slug: "northtown", title: "Northtown needs", organisation: "Northtown Council" },
    purpose: "Warm places.",
    statements: [],
    need_ids: [],
    publicValue: {},
    budget: { minPence: null, maxPence: null },
    timeline: null,
    engagement: {
      needs: 3,
      people: 3,
      supports: 0,
      areas: [],
      affectedGroups: [],
      communityGroups: [],
      missing: [],
      notes: null,
      checkBacks: [checkBack],
    },
    route: { answers: {}, recommended: null, chosen: null, reason: null },
    relationalAgreement: null,
    briefVersion: 1,
    publishedAt: "2027-04-01T10:00:00.000Z",
  } as unknown as BriefSnapshot;

  it("is in the Markdown export's engagement record", () => {
    const markdown = briefMarkdown(snapshot, { appUrl: "https://gs.example", versionNumber: 1 });
    expect(markdown).toContain("### Checked back with the community");
    expect(markdown).toContain(
      "12 people took part; 8 people said it was right, 1 person said it was not right",
    );
    // Escaped, so the marks show as written rather than as Markdown.
    expect(markdown).toContain("\\{+and disabled +\\}");
    expect(markdown).toContain("Why: People told us it is winter that matters.");
  });

  it("is left out for a brief published before check-backs existed", () => {
    const older = { ...snapshot, engagement: { ...snapshot.engagement, checkBacks: undefined } };
    expect(briefMarkdown(older, { appUrl: "https://gs.example", versionNumber: 1 })).not.toContain(
      "Checked back",
    );
    expect(checkBacksOf(older)).toEqual([]);
    expect(checkBacksOf(snapshot)).toEqual([checkBack]);
  });

  it("fills the evidence pack's check-back columns of the statement's rows only", () => {
    expect(checkBackCsvValues([checkBack], checkBack.statementId)).toMatchObject({
      check_back_took_part: 12,
      check_back_said_right: 8,
      check_back_said_not_right: 1,
      check_back_said_missing: 3,
    });
    expect(checkBackCsvValues([checkBack], checkBack.statementId).check_back_what_changed).toContain(
      "Why: People told us it is winter that matters.",
    );
    expect(checkBackCsvValues([checkBack], "another")).toMatchObject({ check_back_took_part: "" });
  });
});
