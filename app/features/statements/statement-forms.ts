// Needs statements in the workspace: the form's schema (read by the action, the authority, and usable in the
// browser) and the extractive first draft of a statement's text. Shared with the browser: no server code.
// Workspace pages are for commissioners and written in English.
import { z } from "zod";
import { publicValueDimensions, type AffectedGroup } from "~/db/schema";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
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

// The extractive first draft ----------------------------------------------------------------------------------

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

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * A need's words, once: its title and its description, unless the description already starts with the title
 * (or is empty), when it would say the same sentence twice.
 */
export function residentWords({ title, description }: { title: string; description: string }): string {
  const plain = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const [shortTitle, fullText] = [title.trim(), description.trim()];
  if (!fullText) return shortTitle;
  if (!shortTitle || plain(fullText).startsWith(plain(shortTitle))) return fullText;
  return `${shortTitle}: ${fullText}`;
}

/** The first words of a need, cut at a word boundary. */
export function quoteText(quote: { title: string; description: string }, limit = 240): string {
  const text = (quote.description.trim() || quote.title.trim()).replace(/\s+/g, " ");
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * A first draft of the statement's text, taken from its evidence and the needs' own words (nothing is
 * invented): "N people in A and B report …; most affected …; in their words: “…”". `about` is what they
 * report: the group's label or the titles of the most supported needs.
 */
export function draftStatementText(evidence: DraftEvidence, about: string[]): string {
  if (evidence.needs === 0) return "";
  const named = evidence.areas.filter((area) => area.name);
  const places = named.slice(0, 3).map((area) => area.name!);
  const where = places.length
    ? ` in ${list(places)}${named.length > 3 ? ` and ${named.length - 3} more ${named.length - 3 === 1 ? "area" : "areas"}` : ""}`
    : "";
  const people = `${evidence.people} ${evidence.people === 1 ? "person" : "people"}`;
  const what = about.length ? ` ${list(about.map((title) => `“${title}”`))}` : " this need";
  const counts = `${evidence.needs} ${evidence.needs === 1 ? "need" : "needs"}, ${evidence.supports} “me too” ${evidence.supports === 1 ? "support" : "supports"}`;
  const sentences = [`${people}${where} report${evidence.people === 1 ? "s" : ""}${what} (${counts}).`];
  const groups = evidence.groups
    .filter((group) => group.group !== "everyone" && group.group !== "other")
    .slice(0, 2);
  if (groups.length) {
    sentences.push(
      `Most affected: ${list(groups.map((group) => `${affectedGroupLabels[group.group].toLowerCase()} (${group.needs} of ${evidence.needs} needs)`))}.`,
    );
  }
  const serious = evidence.seriousness[4] + evidence.seriousness[5];
  if (serious)
    sentences.push(
      `${serious} of ${evidence.needs} ${evidence.needs === 1 ? "need was" : "needs were"} rated serious (4 or 5 out of 5).`,
    );
  if (evidence.first && evidence.last) {
    const first = dayFormat.format(new Date(evidence.first));
    const last = dayFormat.format(new Date(evidence.last));
    sentences.push(first === last ? `Raised on ${first}.` : `Raised between ${first} and ${last}.`);
  }
  if (evidence.quotes.length) {
    sentences.push(
      `In their words: ${evidence.quotes.map((quote) => `“${quoteText(quote)}” (${quote.reference})`).join("; ")}.`,
    );
  }
  return sentences.join(" ");
}
