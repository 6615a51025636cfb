// Needs statements in the workspace: the form's schema (read by the action, the authority, and usable in the
// browser) and the extractive first draft of a statement's text. Shared with the browser: no server code.
// Workspace pages are for commissioners and written in English; the draft is written in the page's language.
import { z } from "zod";
import { publicValueDimensions, type AffectedGroup } from "~/db/schema";
import { formatDate, translator, type Locale, type Translate } from "~/lib/i18n";
import { isUuid } from "~/lib/params";

/** A need as the statement form lists it. */
export interface NeedRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  support_count: number;
  area_name: string | null;
}

/** The values that are uuids (ids posted in a form or an address), the rest dropped. */
export const uuidsIn = (values: readonly unknown[]): string[] => values.filter(isUuid);

export const statementStatusLabels = { draft: "Draft", agreed: "Agreed" } as const;

const referencePattern = /^GS-[0-9A-HJKMNP-TV-Z]{6}$/;

/** "gs-7k3m2q, GS-ABCDEF" → ["GS-7K3M2Q", "GS-ABCDEF"]; null when one of them is not a reference. */
export function parseReferences(value: string): string[] | null {
  const tokens = value
    .split(/[\s,;]+/)
    .map((token) => token.trim().toUpperCase())
    .filter(Boolean);
  if (!tokens.every((token) => referencePattern.test(token))) return null;
  return [...new Set(tokens)];
}

export const statementFields = [
  "form",
  "title",
  "needs",
  "addReferences",
  "body",
  "population",
  "seriousness",
  "dimensions",
  "proposals",
] as const;

export const statementSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "Enter the statement’s title")
      .max(200, "The title must be 200 characters or fewer"),
    body: z.string().trim().max(20000, "The statement must be 20,000 characters or fewer"),
    population: z.string().trim().max(1000, "Who is affected must be 1,000 characters or fewer"),
    seriousness: z
      .enum(["", "1", "2", "3", "4", "5"], { error: "Choose how serious the need is, from 1 to 5" })
      .transform((value) => (value ? Number(value) : null)),
    dimensions: z.array(
      z.enum(publicValueDimensions, { error: "Choose public-value dimensions from the list" }),
    ),
    needs: z
      .array(z.uuid({ error: "Choose needs from the list" }))
      .max(5000, "A statement can stand on 5,000 needs at most"),
    quoted: z.array(z.uuid({ error: "Choose quotes from the list" })).max(50, "Quote 50 needs or fewer"),
    proposals: z
      .array(z.uuid({ error: "Choose proposals from the list" }))
      .max(200, "Link 200 proposals or fewer"),
    addReferences: z.string().max(2000, "Enter 2,000 characters or fewer of references"),
    /** The text as last drafted for this form, when it was; compared with `body` only (isUntouchedDraft). */
    drafted: z
      .string()
      .optional()
      .transform((value) => value || null),
    group: z.union([z.uuid(), z.literal("")]).transform((value) => value || null),
    version: z
      .string()
      .regex(/^\d*$/, "The form was out of date: reload the page")
      .optional()
      .transform((value) => (value ? Number(value) : null)),
  })
  .superRefine(
    (value, ctx) => {
      const references = typeof value.addReferences === "string" ? parseReferences(value.addReferences) : [];
      if (references === null) {
        ctx.addIssue({
          code: "custom",
          path: ["addReferences"],
          message: "Enter need references like GS-7K3M2Q, separated by commas",
        });
      } else if ((Array.isArray(value.needs) ? value.needs.length : 0) + references.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["needs"],
          message: "Choose at least one need: a statement stands on the needs behind it",
        });
      }
    },
    // Told together with any other problem (an empty title), not after it is fixed.
    { when: () => true },
  )
  .transform(({ addReferences, ...value }) => ({
    ...value,
    references: parseReferences(addReferences) ?? [],
    // A quote is one of the statement's own needs.
    quoted: value.quoted.filter((id) => value.needs.includes(id)),
  }));

export type StatementInput = z.output<typeof statementSchema>;

export const statementListFields = ["needs", "quoted", "proposals", "dimensions"] as const;

// The extractive first draft ---------------------------------------------------------------------------------

export interface DraftEvidence {
  needs: number;
  people: number;
  supports: number;
  areas: { name: string | null; needs: number }[];
  groups: { group: AffectedGroup; needs: number }[];
  seriousness: { 4: number; 5: number };
  first: Date | string | null;
  last: Date | string | null;
  quotes: { reference: string; title: string; description: string }[];
}

/**
 * An area that stands for the whole consultation ("Across the whole area", "Borough-wide", "Pob ardal"):
 * areas carry no flag for it, so its name says so.
 */
const wholeAreaName =
  /\b(whole|entire)\b|\ball (areas|wards)\b|\beverywhere\b|\w-?wide\b|\bardal gyfan\b|\bpob ardal\b/i;
export const isWholeArea = (name: string) => wholeAreaName.test(name);

/** "A", "A and B", "A, B and C" in the locale's words ("A, B ac Abertawe": Welsh "a" is "ac" before a vowel). */
function list(t: Translate, items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  const last = items[items.length - 1]!;
  const values = { rest: items.slice(0, -1).join(", "), last };
  return /^[“‘"'(]*[aeiouyâêîôûŷáéíóúàèìòùäëïöü]/i.test(last)
    ? t("statement.draft.listEndVowel", values)
    : t("statement.draft.listEnd", values);
}

/**
 * Where the people are, as a phrase that reads in the sentence: "in A, B and 2 more areas", "across the whole
 * area" (needs that name no area, or the area standing for all of them), or both. Place names are written as
 * the commissioner named them, never mutated, so they stay recognisable.
 */
function wherePhrase(t: Translate, areas: DraftEvidence["areas"]): string {
  const named = areas.flatMap((area) => (area.name?.trim() ? [area.name.trim()] : []));
  const places = named.filter((name) => !isWholeArea(name));
  if (places.length === 0) return t("statement.draft.wholeArea");
  const shown = places.slice(0, 3);
  const more = places.length - shown.length;
  const listed = list(t, more ? [...shown, t("statement.draft.moreAreas", { count: more })] : shown);
  return places.length < named.length
    ? t("statement.draft.inAndWholeArea", { places: listed })
    : t("statement.draft.in", { places: listed });
}

const comparable = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * A need's words, once: its title and its description ("Title: description"), or only one of them when the
 * other is empty or already says it (the same sentence, or one repeating the other's words in full).
 */
export function residentWords({ title, description }: { title: string; description: string }): string {
  const [shortTitle, fullText] = [title.trim(), description.trim()];
  const [plainTitle, plainText] = [comparable(shortTitle), comparable(fullText)];
  if (!plainText) return shortTitle;
  if (!plainTitle || ` ${plainText} `.includes(` ${plainTitle} `)) return fullText;
  if (` ${plainTitle} `.includes(` ${plainText} `)) return shortTitle;
  return `${shortTitle}: ${fullText}`;
}

/** Text on one line, cut at a word boundary to at most `limit` characters. */
function cutAtWord(text: string, limit: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= limit) return line;
  const cut = line.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)).replace(/[\s,;:.]+$/, "")}…`;
}

/** The first words of a need, cut at a word boundary. */
export function quoteText(quote: { title: string; description: string }, limit = 240): string {
  return cutAtWord(quote.description.trim() || quote.title.trim(), limit);
}

/**
 * A first draft of the statement's text, taken from its evidence and the needs' own words (nothing is
 * invented): "N people in A and B report “title” …; most affected …; in their words: “…”", in the page's
 * language. What they report is the statement's title; without one, the titles of the most supported needs
 * (`needTitles`). Every quote chosen is given, each once.
 */
export function draftStatementText(
  evidence: DraftEvidence,
  { title, needTitles = [], locale }: { title: string; needTitles?: readonly string[]; locale: Locale },
): string {
  if (evidence.needs === 0) return "";
  const t = translator(locale);
  const about = (title.trim() ? [title] : needTitles.slice(0, 2)).map((text) => `“${text.trim()}”`);
  const sentences = [
    t("statement.draft.headline", {
      count: evidence.people,
      where: wherePhrase(t, evidence.areas),
      about: about.length ? list(t, about) : t("statement.draft.thisNeed"),
      needs: t("statement.evidence.count", { count: evidence.needs }),
      supports: t("statement.draft.supports", { count: evidence.supports }),
    }),
  ];
  const groups = evidence.groups
    .filter((group) => group.group !== "everyone" && group.group !== "other")
    .slice(0, 2);
  if (groups.length) {
    const shares = groups.map((group) =>
      t("statement.draft.groupShare", {
        group: t(`affected.${group.group}`).toLowerCase(),
        needs: group.needs,
        count: evidence.needs,
      }),
    );
    sentences.push(t("statement.draft.mostAffected", { groups: list(t, shares) }));
  }
  const serious = evidence.seriousness[4] + evidence.seriousness[5];
  if (serious) sentences.push(t("statement.draft.serious", { serious, count: evidence.needs }));
  if (evidence.first && evidence.last) {
    const first = formatDate(new Date(evidence.first), locale);
    const last = formatDate(new Date(evidence.last), locale);
    sentences.push(
      first === last
        ? t("statement.draft.raisedOn", { date: first })
        : t("statement.draft.raisedBetween", { first, last }),
    );
  }
  if (evidence.quotes.length) {
    const quotes = evidence.quotes.map(
      (quote) => `“${cutAtWord(residentWords(quote), 240)}” (${quote.reference})`,
    );
    sentences.push(t("statement.draft.quotes", { quotes: quotes.join("; ") }));
  }
  return sentences.join(" ");
}

/** The commissioner left the drafted text as it was: saving may draft it afresh from what they chose. */
export function isUntouchedDraft(body: string, drafted: string | null): boolean {
  const plain = (text: string) => text.replace(/\r\n?/g, "\n").trim();
  return drafted !== null && plain(body) === plain(drafted);
}
