// Which of the consultation's themes (or areas) a value in an imported file most likely means. Files are typed
// by hand in other systems: "PARKS", " park ", "Parks & gardens" and "Park and garden" all mean one theme, so
// the values step offers it by default rather than a near-duplicate new one. Pure, so it is unit-tested alone.
import { englishWordForms } from "~/lib/word-forms";

/** A theme or area as the matcher needs it: its English and (optional) Welsh name. */
export interface NamedValue {
  id: string;
  name: string;
  name_cy: string | null;
}

export type ValueMatch =
  /** "same": the name (or Welsh name) but for case, spacing and punctuation; "similar": but for plurals too. */
  | { status: "matched"; id: string; how: "same" | "similar" }
  /** More than one theme or area fits equally well: nothing is chosen, and the candidates say why. */
  | { status: "ambiguous"; candidates: NamedValue[] }
  | { status: "none" };

/** Case, spacing, apostrophes and other punctuation aside; "&" read as "and". */
export function matchingWords(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘`]/g, "")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((word, index) => word === b[index]);
}

/**
 * Word for word the same but for simple English plurals ("bus services" and "bus service"). Each word must be a
 * form of the other both ways, so a word that only looks plural ("news") is not taken for another's plural.
 */
function similarWords(a: string[], b: string[]): boolean {
  return (
    a.length > 0 &&
    a.length === b.length &&
    a.every((word, index) => {
      const other = b[index]!;
      return (
        word === other || (englishWordForms(word).includes(other) && englishWordForms(other).includes(word))
      );
    })
  );
}

/**
 * The theme or area a value means: one whose name or Welsh name is the same but for case, spacing and
 * punctuation; failing that, one that differs only by simple plurals. Two candidates at the same level are
 * ambiguous, and nothing is chosen for the person.
 */
export function matchValue(value: string, existing: readonly NamedValue[]): ValueMatch {
  const words = matchingWords(value);
  const names = existing.map((item) => ({
    item,
    forms: [matchingWords(item.name), ...(item.name_cy ? [matchingWords(item.name_cy)] : [])],
  }));
  for (const [how, fits] of [
    ["same", sameWords],
    ["similar", similarWords],
  ] as const) {
    const candidates = names.filter(({ forms }) => forms.some((form) => fits(words, form)));
    if (candidates.length === 1) return { status: "matched", id: candidates[0]!.item.id, how };
    if (candidates.length > 1) return { status: "ambiguous", candidates: candidates.map(({ item }) => item) };
  }
  return { status: "none" };
}
