import { clusterEmbedding, UNGROUPED } from "./cluster";
import { labelGroups, surfaceWords } from "./label";
import { seededRandom, shuffled } from "./random";
import { splitCompounds, tokenise } from "./tokenise";
import { latentSemantic, tfIdf } from "./vectorise";

export interface GroupingInput {
  id: string;
  text: string;
}

export interface GroupingOptions {
  /** Force this many groups instead of letting the engine choose. */
  groups?: number;
  onProgress?: (fraction: number) => void;
}

export interface SuggestedGroup {
  group: number;
  size: number;
  /** Distinctive words and phrases, most distinctive first. */
  terms: string[];
  /** The needs nearest the group's centre, most typical first. */
  representativeIds: string[];
}

export interface GroupingSuggestion {
  /** One per input item, in input order; group null means left ungrouped. */
  assignments: { id: string; group: number | null }[];
  /** Numbered 0..n-1, largest first, ties by first member in input order. */
  groups: SuggestedGroup[];
}

export interface GroupingParameters {
  /** Terms in fewer texts than this are dropped: they cannot link two needs. */
  minDocumentFrequency: number;
  /** Texts the groups are found among; the rest join the nearest group afterwards. */
  poolSize: number;
  /** Texts drawn from the pool for each run of the ensemble. */
  sampleSize: number;
  runs: number;
  /** Texts of the pool the latent dimensions are fitted on: more barely moves them and costs time. */
  latentSampleSize: number;
  /** Latent dimensions: one per this many pool texts, within the bounds below. */
  textsPerDimension: number;
  minDimensions: number;
  maxDimensions: number;
  /** Above 1, broad themes weigh more than the narrow distinctions of the later dimensions. */
  singularPower: number;
  /** Neighbours per text in each run's graph: one per this many sampled texts, within the bounds below. */
  textsPerNeighbour: number;
  minNeighbours: number;
  maxNeighbours: number;
  /** Modularity resolution: below 1 favours fewer, larger groups. */
  resolution: number;
  /** Least cosine similarity to a group's centre for a text to join it. */
  joinSimilarity: number;
  /** Smallest group kept, as a share of all texts (never fewer than 2). */
  minGroupShare: number;
  maxRefinementRounds: number;
  /** Beyond this many texts, centres are refined on a sample of this size before every text joins. */
  refinementSampleSize: number;
  seed: number;
}

// Chosen on the shared labelled data (FixMyStreet, Pol.is NZ) with `npm run evaluate:grouping`, then frozen.
export const GROUPING_PARAMETERS: GroupingParameters = {
  minDocumentFrequency: 2,
  poolSize: 3000,
  sampleSize: 2500,
  runs: 5,
  latentSampleSize: 2000,
  textsPerDimension: 10,
  minDimensions: 20,
  maxDimensions: 100,
  singularPower: 1.5,
  textsPerNeighbour: 10,
  minNeighbours: 5,
  maxNeighbours: 35,
  resolution: 1,
  joinSimilarity: 0.1,
  minGroupShare: 0.005,
  maxRefinementRounds: 5,
  refinementSampleSize: 15_000,
  seed: 1,
};

const TERMS_PER_GROUP = 8;
const REPRESENTATIVES_PER_GROUP = 3;

/**
 * Suggests groups of alike needs from their text: TF-IDF of words and phrases, latent semantic analysis,
 * an ensemble of community detections on nearest-neighbour graphs combined by consensus, then every need
 * joins its nearest group or stays ungrouped. The same input always gives the same output, whatever its
 * order. Other parameters than the frozen ones are for evaluation experiments only.
 */
export function suggestGroups(
  items: GroupingInput[],
  options: GroupingOptions = {},
  parameters: GroupingParameters = GROUPING_PARAMETERS,
): GroupingSuggestion {
  const { groups: forcedGroups, onProgress = () => {} } = options;
  if (forcedGroups !== undefined && (!Number.isInteger(forcedGroups) || forcedGroups < 1)) {
    throw new RangeError("The number of groups must be a whole number of at least 1");
  }
  const ungrouped: GroupingSuggestion = {
    assignments: items.map(({ id }) => ({ id, group: null })),
    groups: [],
  };
  onProgress(0);
  if (items.length < 2) {
    onProgress(1);
    return ungrouped;
  }

  // Work in an order fixed by the items themselves, so shuffling the input cannot change the grouping.
  const order = items
    .map((_, index) => index)
    .sort((a, b) => compare(items[a].id, items[b].id) || compare(items[a].text, items[b].text) || a - b);
  const tokenised = order.map((index) => tokenise(items[index].text));
  onProgress(0.15);
  const { vectors, terms } = tfIdf(splitCompounds(tokenised.map((t) => t.terms)), {
    minDocumentFrequency: parameters.minDocumentFrequency,
    sublinear: true,
  });
  const withTerms = vectors.flatMap((vector, i) => (vector.indices.length > 0 ? [i] : []));
  if (withTerms.length < 2) {
    onProgress(1);
    return ungrouped;
  }
  const random = seededRandom(parameters.seed);
  const pool = shuffled(withTerms, random)
    .slice(0, parameters.poolSize)
    .sort((a, b) => a - b);
  onProgress(0.3);
  const embedding = latentSemantic(vectors, terms.length, {
    // A handful of texts keeps nearly all its dimensions: squeezed into two, three themes would merge.
    dimensions: within(
      Math.round(pool.length / parameters.textsPerDimension),
      parameters.minDimensions,
      parameters.maxDimensions,
    ),
    singularPower: parameters.singularPower,
    sample: shuffled(pool, random)
      .slice(0, parameters.latentSampleSize)
      .sort((a, b) => a - b),
    seed: parameters.seed,
  });
  if (embedding.dimensions === 0) {
    onProgress(1);
    return ungrouped;
  }
  onProgress(0.5);
  const { assignment, centres } = clusterEmbedding(embedding, {
    pool,
    sampleSize: parameters.sampleSize,
    runs: parameters.runs,
    // A small set needs a sparse graph, or every text neighbours every other and all fall into one group.
    neighbours: within(
      Math.round(Math.min(pool.length, parameters.sampleSize) / parameters.textsPerNeighbour),
      parameters.minNeighbours,
      parameters.maxNeighbours,
    ),
    resolution: parameters.resolution,
    joinSimilarity: parameters.joinSimilarity,
    minGroupSize: Math.max(2, Math.ceil(parameters.minGroupShare * items.length)),
    maxRefinementRounds: parameters.maxRefinementRounds,
    refinementSampleSize: parameters.refinementSampleSize,
    groups: forcedGroups,
    seed: parameters.seed,
    onProgress: (fraction) => onProgress(0.5 + 0.35 * fraction),
  });
  onProgress(0.85);
  const labels = labelGroups(
    {
      vectors,
      terms,
      embedding,
      assignment,
      centres,
      surfaces: surfaceWords(tokenised),
    },
    { termCount: TERMS_PER_GROUP, representativeCount: REPRESENTATIVES_PER_GROUP },
  );

  const sizes = new Int32Array(centres.length);
  const firstMember = new Int32Array(centres.length).fill(items.length);
  assignment.forEach((group, position) => {
    if (group === UNGROUPED) return;
    sizes[group]++;
    firstMember[group] = Math.min(firstMember[group], order[position]);
  });
  const ranked = centres
    .map((_, group) => group)
    .filter((group) => sizes[group] > 0)
    .sort((a, b) => sizes[b] - sizes[a] || firstMember[a] - firstMember[b]);
  const number = new Map(ranked.map((group, rank) => [group, rank]));
  const groupOfItem = new Array<number | null>(items.length).fill(null);
  assignment.forEach((group, position) => {
    if (group !== UNGROUPED) groupOfItem[order[position]] = number.get(group)!;
  });
  onProgress(1);
  return {
    assignments: items.map(({ id }, index) => ({ id, group: groupOfItem[index] })),
    groups: ranked.map((group, rank) => ({
      group: rank,
      size: sizes[group],
      terms: labels[group].terms,
      representativeIds: labels[group].representatives.map((position) => items[order[position]].id),
    })),
  };
}

function within(value: number, lowest: number, highest: number): number {
  return Math.min(highest, Math.max(lowest, value));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
