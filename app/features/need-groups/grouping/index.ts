import {
  centresOf,
  clusterEmbedding,
  dot,
  dropSmallGroups,
  fitOf,
  rowsOf,
  UNGROUPED,
  type Clustering,
} from "./cluster";
import { labelGroups, nameGroups, surfaceWords } from "./label";
import { combineEmbeddings, meaningEmbedding } from "./meaning";
import { hashOf, mixHash, orderedByKey } from "./random";
import { tidyGroups } from "./tidy";
import { splitCompounds, tokenise, type TokenisedText } from "./tokenise";
import { latentSemantic, tfIdf, type Embedding } from "./vectorise";

export interface GroupingInput {
  id: string;
  text: string;
  /** The need's own short title, when it has one: groups are named from their members' titles. */
  title?: string;
  /** The need's unit meaning vector (app/platform/meaning); without one it is grouped by its words alone. */
  vector?: ArrayLike<number> | null;
}

/** A group a commissioner has kept (accepted or built): its needs stay in it, and close needs are proposed. */
export interface KeptGroup {
  id: string;
  memberIds: string[];
}

export interface GroupingOptions {
  /** Force this many groups instead of letting the engine choose. */
  groups?: number;
  /**
   * Words every need of the consultation may use without being alike: its title and its areas' names. They
   * weigh little, so a place name does not make a group, and never name one.
   */
  contextWords?: string[];
  /** Groups to keep as they are: only needs in none of them are grouped afresh. */
  keptGroups?: KeptGroup[];
  /**
   * The items' meaning vectors side by side instead of one array each (item i's is row rowOf[i], none when
   * -1): signed bytes as the database stores them take a quarter of the room, a million needs' 512 MB.
   */
  packedVectors?: PackedVectors;
  onProgress?: (fraction: number) => void;
}

export interface PackedVectors {
  width: number;
  /** Signed bytes (each number × 127, as stored), read back as unit vectors; or the numbers themselves. */
  data: Int8Array | Float32Array;
  rowOf: Int32Array;
}

export interface SuggestedGroup {
  group: number;
  size: number;
  /** A short name drawn from the titles of its most typical needs, as a person would name it. */
  name: string;
  /** Distinctive words and phrases, most distinctive first. */
  terms: string[];
  /** The needs nearest the group's centre, most typical first. */
  representativeIds: string[];
}

export interface GroupingSuggestion {
  /**
   * One per input item, in input order; group null means left ungrouped (or kept in, or proposed for, a kept
   * group). similarity: how close the need is to its group's centre.
   */
  assignments: { id: string; group: number | null; similarity?: number }[];
  /** Numbered 0..n-1, largest first, ties by first member in input order. */
  groups: SuggestedGroup[];
  /** Needs in no kept group that are close to one: proposed for it, for a person to accept. */
  proposals: { keptGroupId: string; needIds: string[]; similarities: number[] }[];
}

export interface GroupingParameters {
  /** Terms in fewer texts than this are dropped: they cannot link two needs. */
  minDocumentFrequency: number;
  /** Texts the groups are found among; the rest join the nearest group afterwards. */
  poolSize: number;
  /** Texts drawn from the pool for each run of the ensemble. */
  sampleSize: number;
  /** Runs of the ensemble: one per ensembleTexts sampled texts, within runs and maxRuns. Small sets get more. */
  runs: number;
  maxRuns: number;
  ensembleTexts: number;
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
  /** Share of the similarity that comes from meaning vectors (0: words alone). */
  meaningWeight: number;
  /** Principal components of the meaning vectors kept, fitted on this many texts. */
  meaningDimensions: number;
  meaningSampleSize: number;
  /** Weight of a consultation's own words (title, area names) relative to other words. */
  contextWeight: number;
  /** A group holding more than this share of the grouped needs is checked for being a catch-all. */
  catchAllShare: number;
  /** ... and split when its members' mean similarity to its centre is below this share of a typical group's. */
  catchAllCohesion: number;
  /** A need whose similarity to its centre is below this share of its group's median stays ungrouped ... */
  looseFit: number;
  /** ... as long as this share of the needs stays grouped. */
  minCoverage: number;
  seed: number;
}

// Chosen on the shared labelled data (FixMyStreet, Pol.is NZ) with `npm run evaluate:grouping`, then frozen.
// With meaning vectors (2026-12-06, 2-core machine): FixMyStreet Lewisham ARI 0.165 / NMI 0.357 against the
// TF-IDF + k-means baseline's 0.043 / 0.317, 92.3 % grouped; Pol.is NZ 0.596 / 0.590 against 0.125 / 0.186,
// 93.4 % grouped; a run on 1 % more needs agrees at ARI 0.963 and 0.988; 10,000 needs in 4.2–4.6 s of
// processor time and 50,000 in 8.3–8.9 s with vectors given, at most 536 MB. The meaning weight and the
// loose-fit share were chosen between a few round values on both sets, not fitted to either.
export const GROUPING_PARAMETERS: GroupingParameters = {
  minDocumentFrequency: 2,
  poolSize: 3000,
  sampleSize: 2500,
  runs: 5,
  maxRuns: 20,
  ensembleTexts: 12_500,
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
  meaningWeight: 0.4,
  meaningDimensions: 48,
  meaningSampleSize: 1_000,
  contextWeight: 0.2,
  catchAllShare: 0.2,
  catchAllCohesion: 0.8,
  looseFit: 0.6,
  minCoverage: 0.8,
  seed: 1,
};

const TERMS_PER_GROUP = 8;
const REPRESENTATIVES_PER_GROUP = 3;

/**
 * Suggests groups of alike needs from their text and meaning: TF-IDF of words and phrases (the consultation's
 * own words weighing little), latent semantic analysis beside the principal components of the meaning vectors,
 * an ensemble of community detections on nearest-neighbour graphs combined by consensus, then every need joins
 * its nearest group or stays ungrouped; a loose catch-all is split and needs that fit their group badly are
 * left out. Needs in kept groups stay there, and the others close to one are proposed for it. The same input
 * always gives the same output, whatever its order, and every random choice follows a hash of each need's id,
 * so a few more needs leave the others' groups as they were. Other parameters than the frozen ones are for
 * evaluation experiments only.
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
    proposals: [],
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
  const n = order.length;
  const keys = Uint32Array.from(order, (index) => hashOf(items[index].id, parameters.seed));
  // Every text's words are needed only for its TF-IDF row and the words labels show: both are taken here and
  // the words let go before the embedding is built, the largest thing a run of a million needs holds.
  let tokenised: TokenisedText[] | null = order.map((index) => tokenise(items[index].text));
  const surfaces = surfaceWords(tokenised);
  onProgress(0.15);
  const contextStems = new Set(
    (options.contextWords ?? []).flatMap((words) => [
      ...tokenise(words, { phrases: false }).terms,
      ...initialisms(words),
    ]),
  );
  const isContext = (term: string) => term.split(" ").every((part) => contextStems.has(part));
  const { vectors, terms } = tfIdf(splitCompounds(tokenised.map((t) => t.terms)), {
    minDocumentFrequency: parameters.minDocumentFrequency,
    sublinear: true,
    termWeight: (term) =>
      term.split(" ").some((part) => contextStems.has(part)) ? parameters.contextWeight : 1,
  });
  tokenised = null;
  const packed = options.packedVectors;
  const hasMeaning = order.map((index) =>
    packed ? packed.rowOf[index] >= 0 : (items[index].vector?.length ?? 0) > 0,
  );
  const meaningAt = (position: number): ArrayLike<number> | null => {
    if (!hasMeaning[position]) return null;
    if (!packed) return items[order[position]].vector!;
    const { width, data } = packed;
    const row = packed.rowOf[order[position]];
    const slice = data.subarray(row * width, (row + 1) * width);
    return slice instanceof Int8Array ? unpacked(slice) : slice;
  };

  const keptPosition = new Map<string, number>();
  order.forEach((index, position) => keptPosition.set(items[index].id, position));
  const kept = (options.keptGroups ?? [])
    .map((group) => ({
      id: group.id,
      members: [...new Set(group.memberIds)].flatMap((id) =>
        keptPosition.has(id) ? [keptPosition.get(id)!] : [],
      ),
    }))
    .filter((group) => group.members.length > 0);
  const isKept = new Uint8Array(n);
  for (const group of kept) for (const position of group.members) isKept[position] = 1;

  const hasFeatures = (i: number) => vectors[i].indices.length > 0 || hasMeaning[i];
  const featured = Array.from({ length: n }, (_, i) => i).filter(hasFeatures);
  if (featured.length < 2) {
    onProgress(1);
    return ungrouped;
  }
  // The pool and the samples are the needs of lowest hash: one more need changes them by one at most.
  const byKey = (salt: number) => (i: number) => mixHash(keys[i], salt);
  const free = featured.filter((i) => !isKept[i]);
  const pool = orderedByKey(free.length >= 2 ? free : featured, byKey(1))
    .slice(0, parameters.poolSize)
    .sort((a, b) => a - b);
  const fitSample = orderedByKey(featured, byKey(2))
    .slice(0, parameters.latentSampleSize)
    .sort((a, b) => a - b);
  onProgress(0.3);
  const lexical = latentSemantic(vectors, terms.length, {
    // A handful of texts keeps nearly all its dimensions: squeezed into two, three themes would merge.
    dimensions: within(
      Math.round(pool.length / parameters.textsPerDimension),
      parameters.minDimensions,
      parameters.maxDimensions,
    ),
    singularPower: parameters.singularPower,
    sample: fitSample,
    seed: parameters.seed,
    terms,
  });
  const meaning =
    parameters.meaningWeight > 0
      ? meaningEmbedding(n, meaningAt, {
          dimensions: Math.min(parameters.meaningDimensions, Math.max(2, fitSample.length - 1)),
          singularPower: parameters.singularPower,
          // The components of a few hundred dimensions settle on fewer texts than a vocabulary's do.
          sample: orderedByKey(featured, byKey(2))
            .slice(0, parameters.meaningSampleSize)
            .sort((a, b) => a - b),
          seed: parameters.seed,
        })
      : { dimensions: 0, data: new Float32Array(0) };
  const embedding = combineEmbeddings(lexical, meaning, parameters.meaningWeight);
  if (embedding.dimensions === 0) {
    onProgress(1);
    return ungrouped;
  }
  onProgress(0.45);

  const open = Array.from({ length: n }, (_, i) => i).filter((i) => !isKept[i]);
  const openEmbedding = rowsOf(embedding, open);
  const openPosition = new Int32Array(n).fill(-1);
  open.forEach((i, k) => (openPosition[i] = k));
  const openPool = pool.flatMap((i) => (openPosition[i] >= 0 ? [openPosition[i]] : []));
  const openKeys = Uint32Array.from(open, (i) => keys[i]);
  const minGroupSize = Math.max(2, Math.ceil(parameters.minGroupShare * n));
  const clusterOptions = (subPool: number[], subKeys: Uint32Array, fraction: (f: number) => void) => ({
    pool: subPool,
    keys: subKeys,
    sampleSize: parameters.sampleSize,
    // Small sets are cheap to run many times, and a consensus of many runs moves little when a need is added.
    runs: within(
      Math.round(parameters.ensembleTexts / Math.max(1, Math.min(subPool.length, parameters.sampleSize))),
      parameters.runs,
      parameters.maxRuns,
    ),
    // A small set needs a sparse graph, or every text neighbours every other and all fall into one group.
    neighbours: within(
      Math.round(Math.min(subPool.length, parameters.sampleSize) / parameters.textsPerNeighbour),
      parameters.minNeighbours,
      parameters.maxNeighbours,
    ),
    resolution: parameters.resolution,
    joinSimilarity: parameters.joinSimilarity,
    minGroupSize,
    maxRefinementRounds: parameters.maxRefinementRounds,
    refinementSampleSize: parameters.refinementSampleSize,
    groups: forcedGroups,
    seed: parameters.seed,
    onProgress: fraction,
  });
  const clustering = clusterEmbedding(
    openEmbedding,
    clusterOptions(openPool, openKeys, (fraction) => onProgress(0.45 + 0.35 * fraction)),
  );
  const tidied =
    forcedGroups === undefined
      ? tidyGroups(openEmbedding, clustering, {
          catchAllShare: parameters.catchAllShare,
          catchAllCohesion: parameters.catchAllCohesion,
          looseFit: parameters.looseFit,
          minCoverage: parameters.minCoverage,
          minGroupSize,
          split: (members) => {
            const subEmbedding = rowsOf(openEmbedding, members);
            const subKeys = Uint32Array.from(members, (k) => openKeys[k]);
            const subPool = orderedByKey(
              members.map((_, k) => k),
              (k) => mixHash(subKeys[k], 1),
            )
              .slice(0, parameters.poolSize)
              .sort((a, b) => a - b);
            return clusterEmbedding(
              subEmbedding,
              clusterOptions(subPool, subKeys, () => {}),
            );
          },
        })
      : clustering;
  const grouping = new Int32Array(n).fill(UNGROUPED);
  open.forEach((i, k) => (grouping[i] = tidied.assignment[k]));
  const { assignment, centres, proposed } = proposeForKeptGroups(
    embedding,
    { assignment: grouping, centres: tidied.centres },
    kept,
    { looseFit: parameters.looseFit, minGroupSize },
  );
  onProgress(0.85);

  const labels = labelGroups(
    { vectors, terms, embedding, assignment, centres, surfaces, isContext },
    { termCount: TERMS_PER_GROUP, representativeCount: REPRESENTATIVES_PER_GROUP },
  );
  const names = nameGroups({
    titles: order.map((index) => items[index].title ?? items[index].text),
    embedding,
    assignment,
    centres,
    contextStems,
  });

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
  const similarityOfItem = new Array<number | undefined>(items.length);
  const d = embedding.dimensions;
  assignment.forEach((group, position) => {
    if (group === UNGROUPED) return;
    groupOfItem[order[position]] = number.get(group)!;
    similarityOfItem[order[position]] = round(dot(embedding.data, position * d, centres[group], 0, d));
  });
  onProgress(1);
  return {
    assignments: items.map(({ id }, index) =>
      groupOfItem[index] === null
        ? { id, group: null }
        : { id, group: groupOfItem[index], similarity: similarityOfItem[index] },
    ),
    groups: ranked.map((group, rank) => ({
      group: rank,
      size: sizes[group],
      name: names[group],
      terms: labels[group].terms,
      representativeIds: labels[group].representatives.map((position) => items[order[position]].id),
    })),
    proposals: kept.flatMap((group, g) => {
      const members = proposed[g];
      if (members.length === 0) return [];
      return [
        {
          keptGroupId: group.id,
          needIds: members.map(({ position }) => items[order[position]].id),
          similarities: members.map(({ similarity }) => round(similarity)),
        },
      ];
    }),
  };
}

/**
 * Needs like a kept group are proposed for it rather than grouped anew. A need is like it when it is not far
 * from its centre (looseFit of its members' median similarity) and either nearer to it than to its own new
 * group's centre, or as near as the kept group's least typical member, or in a new group that merely repeats
 * the kept one (its centre halfway between the loose-fit bar and the kept group's typical member, or nearer).
 */
function proposeForKeptGroups(
  embedding: Embedding,
  grouping: Clustering,
  kept: { id: string; members: number[] }[],
  { looseFit, minGroupSize }: { looseFit: number; minGroupSize: number },
): Clustering & { proposed: { position: number; similarity: number }[][] } {
  const proposed = kept.map(() => [] as { position: number; similarity: number }[]);
  if (kept.length === 0) return { ...grouping, proposed };
  const { dimensions: d, data } = embedding;
  const n = data.length / d;
  const labelled = new Int32Array(n).fill(UNGROUPED);
  kept.forEach((group, g) => group.members.forEach((position) => (labelled[position] = g)));
  const keptCentres = centresOf(embedding, labelled, kept.length);
  const fits = kept.map((group, g) =>
    group.members.map((position) => fitOf(data, position * d, keptCentres[g], d)),
  );
  const typical = fits.map(median);
  const loosest = fits.map((list) => Math.min(...list));
  const repeats = grouping.centres.map((centre) => {
    let best = -1;
    keptCentres.forEach((keptCentre, g) => {
      const similarity = dot(centre, 0, keptCentre, 0, d);
      if (
        similarity >= ((1 + looseFit) / 2) * typical[g] &&
        (best < 0 || similarity > dot(centre, 0, keptCentres[best], 0, d))
      )
        best = g;
    });
    return best;
  });
  const assignment = Int32Array.from(grouping.assignment);
  const consider = (i: number, own: number, repeated: number) => {
    let best = -1;
    let bestSimilarity = -Infinity;
    keptCentres.forEach((centre, g) => {
      const similarity = fitOf(data, i * d, centre, d);
      const near =
        similarity >= looseFit * typical[g] &&
        (similarity > own || similarity >= loosest[g] || repeated === g);
      if (near && similarity > bestSimilarity) {
        best = g;
        bestSimilarity = similarity;
      }
    });
    if (best >= 0) proposed[best].push({ position: i, similarity: bestSimilarity });
    return best >= 0;
  };
  for (let i = 0; i < n; i++) {
    const group = assignment[i];
    if (labelled[i] !== UNGROUPED) continue;
    const own = group === UNGROUPED ? -Infinity : fitOf(data, i * d, grouping.centres[group], d);
    const repeated = group === UNGROUPED ? -1 : repeats[group];
    if (consider(i, own, repeated) || repeated >= 0) assignment[i] = UNGROUPED;
  }
  // A new group that lost its members to kept groups is gone: the few left may belong with them too.
  const before = Int32Array.from(assignment);
  const remaining = dropSmallGroups(assignment, grouping.centres.length, minGroupSize);
  for (let i = 0; i < n; i++) {
    if (before[i] !== UNGROUPED && assignment[i] === UNGROUPED) consider(i, -Infinity, -1);
  }
  for (const list of proposed) list.sort((a, b) => a.position - b.position);
  return { assignment, centres: centresOf(embedding, assignment, remaining), proposed };
}

/** A stored vector (signed bytes) as the unit vector it stands for, as app/platform/meaning/vectors unpacks it. */
function unpacked(bytes: Int8Array): Float32Array {
  const vector = Float32Array.from(bytes);
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / length;
  return vector;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** "Bowling Green / Warren County" → "bg", "wc": people write a place's initials as often as its name. */
function initialisms(words: string): string[] {
  return words
    .split(/[^\p{L}\p{N}'\s-]+/u)
    .map((phrase) =>
      phrase
        .trim()
        .split(/[\s-]+/)
        .filter(Boolean),
    )
    .filter((parts) => parts.length >= 2)
    .flatMap((parts) => {
      const initials = parts.map((part) => part[0]!.toLowerCase()).join("");
      // Also the last two words alone: "Improving Bowling Green" is "bg" too.
      const lastTwo = initials.slice(-2);
      return lastTwo === initials ? [initials] : [initials, lastTwo];
    });
}

function within(value: number, lowest: number, highest: number): number {
  return Math.min(highest, Math.max(lowest, value));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
