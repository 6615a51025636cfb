// What a published brief keeps of each statement's check-back with the community (in the engagement record,
// optional: briefs published before it have none), and how the exports write it. Pure, shared by the brief
// document, the exports and the open API. Public fields only: counts and the statement's texts, never who.
import { markdownBlock, markdownInline } from "~/lib/markdown";
import { compareTexts, comparisonText } from "./check-back-forms";

export interface SnapshotCheckBack {
  statementId: string;
  statementTitle: string;
  openedAt: string;
  closedAt: string;
  takingPart: number;
  saidRight: number;
  saidNotRight: number;
  saidMissing: number;
  titleAtOpening: string;
  bodyAtOpening: string;
  /** The text agreed after the check-back (null only for a statement not agreed). */
  bodyAgreed: string | null;
  titleAgreed: string | null;
  /** The commissioner's note of what changed. */
  changeNote: string | null;
}

const day = (value: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  }).format(new Date(value));
const people = (count: number) => `${count.toLocaleString("en-GB")} ${count === 1 ? "person" : "people"}`;

/** "Open for comment from 1 March to 14 March 2027: 12 people took part; 8 said it was right, …". */
export function checkBackSentence(checkBack: SnapshotCheckBack): string {
  return (
    `Open for comment from ${day(checkBack.openedAt)} to ${day(checkBack.closedAt)}: ${people(checkBack.takingPart)} took part; ` +
    `${people(checkBack.saidRight)} said it was right, ${people(checkBack.saidNotRight)} said it was not right, ` +
    `and ${people(checkBack.saidMissing)} said something was missing.`
  );
}

/** What changed between the text people were shown and the text agreed, as plain text with marks. */
export function checkBackChangeText(checkBack: SnapshotCheckBack): string {
  if (checkBack.bodyAgreed === null) return "Not agreed yet.";
  const changes = compareTexts(checkBack.bodyAtOpening, checkBack.bodyAgreed);
  const retitled =
    checkBack.titleAgreed !== null && checkBack.titleAgreed !== checkBack.titleAtOpening
      ? `Title changed from “${checkBack.titleAtOpening}”. `
      : "";
  if (!changes.some((change) => change.kind !== "same"))
    return `${retitled}The text was not changed after the check-back.`;
  return `${retitled}${comparisonText(changes)}`;
}

/** The Markdown section of the engagement record: one paragraph per statement checked back. */
export function checkBackMarkdown(checkBacks: SnapshotCheckBack[] | undefined): string[] {
  if (!checkBacks?.length) return [];
  const lines = ["### Checked back with the community", ""];
  for (const checkBack of checkBacks) {
    lines.push(
      `**${markdownInline(checkBack.statementTitle)}:** ${markdownInline(checkBackSentence(checkBack))}`,
      "",
    );
    lines.push(`What changed (taken out in [- -], added in {+ +}):`, "");
    lines.push(markdownBlock(checkBackChangeText(checkBack)), "");
    if (checkBack.changeNote) lines.push(`Why: ${markdownInline(checkBack.changeNote)}`, "");
  }
  return lines;
}

export const CHECK_BACK_CSV_COLUMNS = [
  "check_back_took_part",
  "check_back_said_right",
  "check_back_said_not_right",
  "check_back_said_missing",
  "check_back_what_changed",
] as const;

/** The evidence pack's check-back columns for a row of a statement (empty when it was not checked back). */
export function checkBackCsvValues(
  checkBacks: SnapshotCheckBack[] | undefined,
  statementId: string,
): Record<(typeof CHECK_BACK_CSV_COLUMNS)[number], string | number> {
  const checkBack = checkBacks?.find((candidate) => candidate.statementId === statementId);
  return {
    check_back_took_part: checkBack ? checkBack.takingPart : "",
    check_back_said_right: checkBack ? checkBack.saidRight : "",
    check_back_said_not_right: checkBack ? checkBack.saidNotRight : "",
    check_back_said_missing: checkBack ? checkBack.saidMissing : "",
    check_back_what_changed: checkBack
      ? [checkBackChangeText(checkBack), checkBack.changeNote ? `Why: ${checkBack.changeNote}` : ""]
          .filter(Boolean)
          .join("\n")
      : "",
  };
}

/** The check-backs a stored snapshot holds (none for a brief published before they existed). */
export function checkBacksOf(snapshot: unknown): SnapshotCheckBack[] {
  const engagement = (snapshot as { engagement?: { checkBacks?: unknown } } | null)?.engagement;
  return Array.isArray(engagement?.checkBacks) ? (engagement.checkBacks as SnapshotCheckBack[]) : [];
}
