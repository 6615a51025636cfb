import { UNGROUPED } from "./cluster";
import { stem } from "./tokenise";
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
  }: {
    vectors: SparseVector[];
    terms: string[];
    embedding: Embedding;
    assignment: Int32Array;
    centres: Float64Array[];
    surfaces: Map<string, string>;
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
      .filter(({ score }) => score > 0)
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
