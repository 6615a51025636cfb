// A search as SQL: the words typed (app/lib/word-forms.ts) become tsquery expressions built in the database
// from parameters (each word and its forms), never from the user's text spliced into SQL or tsquery syntax.
import { sql, type RawBuilder } from "kysely";
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
