// A search as SQL: the words typed (app/lib/word-forms.ts) become tsquery expressions built in the database
// from parameters (each word and its forms), never from the user's text spliced into SQL or tsquery syntax.
import { sql, type RawBuilder } from "kysely";
import type { Tx } from "~/db/database.server";
import { parseSearch, type ParsedSearch, type SearchTerm } from "~/lib/word-forms";

type Tsquery = RawBuilder<unknown>;

export interface TextSearch {
  /** For text in English or of unknown language: each word as any of its English forms. */
  english: Tsquery;
  /** For text written in Welsh: each word as any of its English or Welsh forms. */
  welsh: Tsquery;
}

/** The search as two tsquery expressions, or null when it holds nothing to search for (emoji, punctuation). */
export function textSearch(text: string | null | undefined): TextSearch | null {
  const alternatives = parseSearch(text ?? "");
  if (!alternatives.length) return null;
  return { english: tsquery(alternatives, "english"), welsh: tsquery(alternatives, "welsh") };
}

function tsquery(alternatives: ParsedSearch, language: "english" | "welsh"): Tsquery {
  const term = (term: SearchTerm) => {
    const query =
      term.kind === "word"
        ? sql`private.word_forms_query(${term.word}, ${language === "welsh" ? term.welsh : term.english}::text[])`
        : sql`phraseto_tsquery('english'::regconfig, ${term.text})`;
    return term.negated ? sql`(!! ${query})` : query;
  };
  const all = (terms: SearchTerm[]) => sql`(${sql.join(terms.map(term), sql` && `)})`;
  return sql`(${sql.join(alternatives.map(all), sql` || `)})`;
}

/** The query for one need: Welsh forms too when it was written in Welsh. `needs` is the table's alias. */
export function needQuery(search: TextSearch, needs: string): Tsquery {
  return sql`(case when ${sql.ref(`${needs}.language`)} = 'cy' then ${search.welsh} else ${search.english} end)`;
}

/**
 * The ids of a consultation's needs matching the search that the caller may read, through private.needs_matching,
 * which can use the full-text index (row-level security keeps Postgres from using it for @@ directly). No ids
 * when there is nothing to search for.
 */
export function matchingNeedIds(consultationId: string, search: TextSearch | null): RawBuilder<unknown> {
  return search
    ? sql`(select m.id from ${needsMatching(consultationId, search, false)} as m)`
    : sql`(select null::uuid as id where false)`;
}

/**
 * The same needs with the keys they are sorted by (id, created_at, support_count, seriousness, and rank when
 * `ranked`), to use as a table: counting and paging a search then reads the matches once.
 */
export function needsMatching(
  consultationId: string,
  search: TextSearch,
  ranked: boolean,
): RawBuilder<unknown> {
  return sql`private.needs_matching(${consultationId}, ${search.english}, ${search.welsh}, ${ranked})`;
}

/**
 * How many matches a search counts and pages through at most. Past it a page says "more than 1,000 needs
 * match" and lists the first 1,000 in its order: reading every match of a common word in a consultation of a
 * million needs took seconds, and no one pages through more than this.
 */
export const SEARCH_MATCH_CAP = 1_000;

export type SearchOrder = "newest" | "oldest" | "supported" | "serious" | "relevance";

export interface SearchPage {
  /** How many needs match, when at most the cap; otherwise cap + 1 (see `moreThanCap`). */
  matched: number;
  /** More needs match than the cap: `matched` is then a lower bound, and pages stop at the cap. */
  moreThanCap: boolean;
  /** The page's needs in order. */
  ids: string[];
}

/** Filters a search page may be narrowed by besides a theme or area (absent: any). */
export interface SearchFilters {
  status?: string;
  /** At least this serious. */
  seriousness?: number;
  source?: string;
  /** Affecting this group. */
  group?: string;
  photo?: boolean;
  /** In a group of needs (true) or in none (false): commissioners only. */
  grouped?: boolean;
  /** With a flag not yet resolved: commissioners only. */
  flagged?: boolean;
  /** Behind this needs statement: commissioners only. */
  statement?: string;
  createdFrom?: Date;
  createdBefore?: Date;
  publishedFrom?: Date;
}

/**
 * One page of the needs of a consultation matching a search that the caller may read, with the count, reading
 * at most the cap's worth of matches (private.search_needs_page, migrations 20261208110000 and 20261209110000):
 * what it costs follows the page, not the consultation. Ties fall back to the id, descending when
 * `idsDescending`. With `after` (newest first, ids descending), the page is the needs after that position among
 * the first cap matches, for paging by keyset.
 */
export async function searchNeedsPage(
  tx: Tx,
  options: {
    consultationId: string;
    search: TextSearch;
    publishedOnly: boolean;
    themeId?: string | null;
    areaId?: string | null;
    filters?: SearchFilters;
    order: SearchOrder;
    idsDescending: boolean;
    skip: number;
    take: number;
    after?: { at: Date | string; id: string } | null;
    cap?: number;
  },
): Promise<SearchPage> {
  const cap = options.cap ?? SEARCH_MATCH_CAP;
  const filters = options.filters ?? {};
  const given = <T>(value: T | undefined) => value ?? null;
  const { rows } = await sql<{ matched: number; ids: string[] }>`
    select matched, ids from private.search_needs_page(${options.consultationId}, ${options.search.english},
      ${options.search.welsh}, ${options.publishedOnly}, ${options.themeId ?? null}::uuid, ${options.areaId ?? null}::uuid,
      ${options.order}, ${options.idsDescending}, ${options.skip}, ${options.take}, ${cap},
      of_status => ${given(filters.status)}::text, least_seriousness => ${given(filters.seriousness)}::smallint,
      of_source => ${given(filters.source)}::text, affecting => ${given(filters.group)}::text,
      with_photo => ${given(filters.photo)}::boolean, in_a_group => ${given(filters.grouped)}::boolean,
      flagged => ${given(filters.flagged)}::boolean, of_statement => ${given(filters.statement)}::uuid,
      created_from => ${given(filters.createdFrom)}::timestamptz,
      created_before => ${given(filters.createdBefore)}::timestamptz,
      published_from => ${given(filters.publishedFrom)}::timestamptz,
      after_created_at => ${options.after?.at ?? null}::timestamptz,
      after_id => ${options.after?.id ?? null}::uuid)`.execute(tx);
  const row = rows[0] ?? { matched: 0, ids: [] };
  return { matched: row.matched, moreThanCap: row.matched > cap, ids: row.ids };
}
