// The check-back with the community: the resident's answer (zod/mini, messages are catalogue keys), the
// check-back's state, and the readable comparison of the text shown at opening with the text agreed. Shared
// with the browser: no server code here. The commissioners' forms: check-back-workspace-forms.ts.
import * as z from "zod/mini";
import type { CheckBackChoice } from "~/db/schema";
import type { MessageKey } from "~/locales/en";

export const checkBackChoices = [
  "right",
  "not_right",
  "missing",
] as const satisfies readonly CheckBackChoice[];
export const CHECK_BACK_LIMITS = { comment: 2000, note: 2000, days: 90 } as const;

const key = (message: MessageKey) => ({ error: message });

/** A resident's answer: one of the three choices, and an optional comment. */
export const checkBackAnswerSchema = z.object({
  choice: z.enum(checkBackChoices, key("checkBack.choice.required")),
  comment: z._default(
    z.optional(
      z.string().check(z.trim(), z.maxLength(CHECK_BACK_LIMITS.comment, key("checkBack.comment.tooLong"))),
    ),
    "",
  ),
});
export type CheckBackAnswerInput = z.output<typeof checkBackAnswerSchema>;
export const checkBackAnswerFields = ["choice", "comment"] as const;

/** open: answers taken; closed: no more answers, not yet agreed; agreed: the statement was agreed since. */
export type CheckBackState = "open" | "closed" | "agreed";
export function checkBackState(
  checkBack: { closes_at: string | Date; closed_at: string | Date | null; agreed_at: string | Date | null },
  now = new Date(),
): CheckBackState {
  if (checkBack.agreed_at) return "agreed";
  if (checkBack.closed_at || new Date(checkBack.closes_at) <= now) return "closed";
  return "open";
}

/** When answers stopped (or stop): closed early, or the closing time. */
export const checkBackEnd = (checkBack: { closes_at: string | Date; closed_at: string | Date | null }) =>
  checkBack.closed_at ?? checkBack.closes_at;

export type TextChange = { kind: "same" | "added" | "removed"; text: string };

const MAX_COMPARED_WORDS = 3000;

/**
 * A word-by-word comparison of two texts (the longest common run of words kept, the rest marked removed or
 * added), for a reader to see what changed. Very long texts beyond the common start and end are shown as one
 * removal and one addition rather than compared word by word.
 */
export function compareTexts(before: string, after: string): TextChange[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle: TextChange[] = [];
  if (midA.length * midB.length > MAX_COMPARED_WORDS * MAX_COMPARED_WORDS || !midA.length || !midB.length) {
    if (midA.length) middle.push({ kind: "removed", text: midA.join("") });
    if (midB.length) middle.push({ kind: "added", text: midB.join("") });
  } else {
    // lengths[i][j]: the longest common run of midA[i..] and midB[j..].
    const lengths = Array.from({ length: midA.length + 1 }, () => new Uint16Array(midB.length + 1));
    for (let i = midA.length - 1; i >= 0; i--)
      for (let j = midB.length - 1; j >= 0; j--)
        lengths[i]![j] =
          midA[i] === midB[j]
            ? lengths[i + 1]![j + 1]! + 1
            : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        middle.push({ kind: "same", text: midA[i]! });
        i++;
        j++;
      } else if (i < midA.length && (j >= midB.length || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
        middle.push({ kind: "removed", text: midA[i]! });
        i++;
      } else {
        middle.push({ kind: "added", text: midB[j]! });
        j++;
      }
    }
  }
  const parts: TextChange[] = [
    { kind: "same", text: a.slice(0, start).join("") },
    ...middle,
    { kind: "same", text: a.slice(endA).join("") },
  ];
  // Runs of one kind joined, so the reader sees phrases rather than words.
  const merged: TextChange[] = [];
  for (const part of parts) {
    if (!part.text) continue;
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

/** The comparison as plain text: [-removed-] and {+added+}, for Markdown, DOCX and CSV. */
export function comparisonText(changes: TextChange[]): string {
  return changes
    .map((change) =>
      change.kind === "same"
        ? change.text
        : change.kind === "added"
          ? `{+${change.text}+}`
          : `[-${change.text}-]`,
    )
    .join("");
}
