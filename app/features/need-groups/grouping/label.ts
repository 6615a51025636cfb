import { dot, UNGROUPED } from "./cluster";
import { NUMBER, PHRASE_BREAK, stem, STOP_WORDS, WORD } from "./tokenise";
import type { Embedding, SparseVector } from "./vectorise";

export interface GroupLabel {
  terms: string[];
  /** Indices of the texts nearest the group's centre, nearest first. */
  representatives: number[];
}

/** The word people wrote most often for each stem, so labels read "fly tipping", not "fli tip". */
export function surfaceWords(texts: Iterable<{ words: string[] }>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const { words } of texts) {
    for (const word of words) {
      const stemmed = stem(word);
      let forms = counts.get(stemmed);
      if (!forms) counts.set(stemmed, (forms = new Map()));
      forms.set(word, (forms.get(word) ?? 0) + 1);
    }
  }
  const surfaces = new Map<string, string>();
  for (const [stemmed, forms] of counts) {
    let best = "";
    let bestCount = 0;
    for (const [word, count] of forms) {
      if (count > bestCount || (count === bestCount && word < best)) {
        best = word;
        bestCount = count;
      }
    }
    surfaces.set(stemmed, best);
  }
  return surfaces;
}

/**
 * Distinctive terms score high when a term weighs much more inside the group than across the corpus
 * (mean TF-IDF weight times the log of the ratio), so common words of every group drop out.
 */
export function labelGroups(
  {
    vectors,
    terms,
    embedding,
    assignment,
    centres,
    surfaces,
    isContext = () => false,
  }: {
    vectors: SparseVector[];
    terms: string[];
    embedding: Embedding;
    assignment: Int32Array;
    centres: Float64Array[];
    surfaces: Map<string, string>;
    /** The consultation's own words (its title, its places) describe every group, so label none. */
    isContext?: (term: string) => boolean;
  },
  { termCount, representativeCount }: { termCount: number; representativeCount: number },
): GroupLabel[] {
  const n = vectors.length;
  const corpusWeight = new Float64Array(terms.length);
  for (const vector of vectors) {
    for (let k = 0; k < vector.indices.length; k++) corpusWeight[vector.indices[k]] += vector.values[k];
  }
  const groupWeights = centres.map(() => new Map<number, number>());
  const groupSizes = new Int32Array(centres.length);
  assignment.forEach((group, i) => {
    if (group === UNGROUPED) return;
    groupSizes[group]++;
    const weights = groupWeights[group];
    const vector = vectors[i];
    for (let k = 0; k < vector.indices.length; k++) {
      const term = vector.indices[k];
      weights.set(term, (weights.get(term) ?? 0) + vector.values[k]);
    }
  });

  const display = (term: string) =>
    term
      .split(" ")
      .map((part) => surfaces.get(part) ?? part)
      .join(" ");

  const { dimensions: d, data } = embedding;
  const nearest = centres.map(() => [] as { index: number; similarity: number }[]);
  assignment.forEach((group, i) => {
    if (group === UNGROUPED) return;
    let dot = 0;
    for (let c = 0; c < d; c++) dot += data[i * d + c] * centres[group][c];
    const list = nearest[group];
    list.push({ index: i, similarity: dot });
    if (list.length > representativeCount * 8) {
      list.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
      list.length = representativeCount;
    }
  });

  return centres.map((_, group) => {
    const size = groupSizes[group];
    const scored = [...groupWeights[group]]
      .map(([term, weight]) => {
        const inGroup = weight / size;
        const inCorpus = corpusWeight[term] / n;
        return { term, score: inGroup * Math.log(inGroup / inCorpus) };
      })
      .filter(({ term, score }) => score > 0 && !isContext(terms[term]))
      .sort((a, b) => b.score - a.score || a.term - b.term);
    const chosen: string[] = [];
    for (const { term } of scored) {
      if (chosen.length === termCount) break;
      const words = terms[term].split(" ");
      // A phrase and its own words say the same thing twice; keep whichever ranked first.
      const overlaps = chosen.some((other) => {
        const otherWords = other.split(" ");
        return (
          words.every((word) => otherWords.includes(word)) || otherWords.every((word) => words.includes(word))
        );
      });
      if (overlaps) continue;
      chosen.push(terms[term]);
    }
    const representatives = nearest[group]
      .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
      .slice(0, representativeCount)
      .map(({ index }) => index);
    return { terms: chosen.map(display), representatives };
  });
}

/** The longest name, in words and in characters, a group is given. */
const NAME_WORDS = 6;
const NAME_CHARACTERS = 60;
/** The most typical members whose titles the name is drawn from, and how many members are read for counts. */
const NAMING_MEMBERS = 10;
const COUNTED_MEMBERS = 1_000;
const COUNTED_CORPUS = 5_000;
/** A phrase's score grows by this share for each word past the first: "Shopping trolley" over "Trolley". */
const NAME_WORD_BONUS = 0.6;

/**
 * The phrases of a title a name can be: runs of up to NAME_WORDS words within a clause, neither starting
 * nor ending with a stop word or a number, not made only of the consultation's own words. Keyed by their
 * stems (so "Potholes" and "pothole" count together), each with its words as written.
 */
function phrasesOf(title: string, contextStems: Set<string>): Map<string, string> {
  const phrases = new Map<string, string>();
  const text = title.normalize("NFKC").replace(/[’‘`]/g, "'");
  for (const clause of text.split(PHRASE_BREAK)) {
    const words = [...clause.matchAll(WORD)].map((match) => match[0]);
    const lower = words.map((word) => word.toLowerCase());
    const isContent = lower.map((word) => word.length >= 2 && !STOP_WORDS.has(word) && !NUMBER.test(word));
    const stems = lower.map((word, k) => (isContent[k] ? stem(word) : word));
    for (let start = 0; start < words.length; start++) {
      if (!isContent[start]) continue;
      let ownWords = false;
      for (let end = start; end < Math.min(words.length, start + NAME_WORDS); end++) {
        if (isContent[end] && !contextStems.has(stems[end])) ownWords = true;
        if (!isContent[end] || !ownWords) continue;
        const display = words.slice(start, end + 1).join(" ");
        if (display.length > NAME_CHARACTERS) break;
        phrases.set(stems.slice(start, end + 1).join(" "), display);
      }
    }
  }
  return phrases;
}

/**
 * Names each group as a person would: the phrase from its most typical needs' titles that the group's
 * members share most, and the rest of the needs least (the score of its terms), longer phrases preferred when
 * nearly as shared ("Shopping trolley" over "Trolley"). Empty when no phrase is shared by two members.
 */
export function nameGroups({
  titles,
  embedding,
  assignment,
  centres,
  contextStems,
}: {
  /** Each text's title, or the text itself when it has none. */
  titles: string[];
  embedding: Embedding;
  assignment: Int32Array;
  centres: Float64Array[];
  contextStems: Set<string>;
}): string[] {
  const { dimensions: d, data } = embedding;
  const n = titles.length;
  const members = centres.map(() => [] as { index: number; similarity: number }[]);
  assignment.forEach((group, i) => {
    if (group !== UNGROUPED)
      members[group].push({ index: i, similarity: dot(data, i * d, centres[group], 0, d) });
  });
  const wanted = new Set<string>();
  const candidates = members.map((list) => {
    list.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    const found = new Map<string, { display: string; rank: number }>();
    list.slice(0, NAMING_MEMBERS).forEach(({ index }, rank) => {
      for (const [key, display] of phrasesOf(titles[index], contextStems)) {
        if (!found.has(key)) found.set(key, { display, rank });
        wanted.add(key);
      }
    });
    return found;
  });
  // How often each candidate occurs across the corpus (a spread sample of it), so common phrases score low.
  const corpusStep = Math.max(1, Math.floor(n / COUNTED_CORPUS));
  const corpusCount = new Map<string, number>();
  let corpusSize = 0;
  for (let i = 0; i < n; i += corpusStep) {
    corpusSize++;
    for (const key of phrasesOf(titles[i], contextStems).keys()) {
      if (wanted.has(key)) corpusCount.set(key, (corpusCount.get(key) ?? 0) + 1);
    }
  }
  return members.map((list, group) => {
    const counted = list.slice(0, COUNTED_MEMBERS);
    const inGroup = new Map<string, number>();
    for (const { index } of counted) {
      for (const key of phrasesOf(titles[index], contextStems).keys()) {
        if (candidates[group].has(key)) inGroup.set(key, (inGroup.get(key) ?? 0) + 1);
      }
    }
    let best = "";
    let bestScore = 0;
    let bestRank = Infinity;
    for (const [key, { display, rank }] of candidates[group]) {
      const count = inGroup.get(key) ?? 0;
      if (count < 2) continue;
      const share = count / counted.length;
      const corpusShare = ((corpusCount.get(key) ?? 0) + 1) / (corpusSize + 1);
      const words = key.split(" ").length;
      const score =
        share * Math.log(Math.max(1.0001, share / corpusShare)) * (1 + NAME_WORD_BONUS * (words - 1));
      if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && rank < bestRank)) {
        best = display;
        bestScore = score;
        bestRank = rank;
      }
    }
    return best ? best.charAt(0).toUpperCase() + best.slice(1) : "";
  });
}
