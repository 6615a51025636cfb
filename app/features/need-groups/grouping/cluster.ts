import { mixHash, orderedByKey, seededRandom } from "./random";
import type { Embedding } from "./vectorise";

export const UNGROUPED = -1;

export interface ClusterOptions {
  /** Texts the groups are found among (indices into the embedding, ascending); the rest join afterwards. */
  pool: number[];
  /** Each run of the ensemble builds its neighbour graph on this many texts drawn from the pool. */
  sampleSize: number;
  runs: number;
  neighbours: number;
  /** Modularity resolution: below 1 favours fewer, larger groups. */
  resolution: number;
  /** A text joins its nearest group only if its cosine similarity to the group's centre reaches this. */
  joinSimilarity: number;
  minGroupSize: number;
  maxRefinementRounds: number;
  /** Above this many texts, the centres are refined on a sample of this size, then every text joins once. */
  refinementSampleSize: number;
  /** Force this many groups (spherical k-means) instead of letting modularity choose. */
  groups?: number;
  /**
   * A hash of each text's id: samples and the order Louvain visits texts in follow it, so adding a few
   * texts leaves the choices made for the others, and so their groups, as they were.
   */
  keys: Uint32Array;
  seed: number;
  /** Told the share of the work done after each run of the ensemble. */
  onProgress?: (fraction: number) => void;
}

export interface Clustering {
  /** Group index per text, or UNGROUPED. */
  assignment: Int32Array;
  /** Unit-length centre per group. */
  centres: Float64Array[];
}

interface Graph {
  /** Neighbours of each node, ascending, with the weight of each edge. */
  adjacent: { nodes: Int32Array; weights: Float64Array }[];
  /** Weight of each node's edges to itself (members of a community, once nodes are communities). */
  selfWeight: Float64Array;
}

/** Embedding rows are single precision; centres and sums double. */
type Vector = Float32Array | Float64Array;

/** Dot product of x[xOffset..+d] and y[yOffset..+d], unrolled: this loop is where the time goes. */
export function dot(x: Vector, xOffset: number, y: Vector, yOffset: number, d: number) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (; c + 3 < d; c += 4) {
    s0 += x[xOffset + c] * y[yOffset + c];
    s1 += x[xOffset + c + 1] * y[yOffset + c + 1];
    s2 += x[xOffset + c + 2] * y[yOffset + c + 2];
    s3 += x[xOffset + c + 3] * y[yOffset + c + 3];
  }
  for (; c < d; c++) s0 += x[xOffset + c] * y[yOffset + c];
  return s0 + s1 + s2 + s3;
}

/**
 * How well a text fits a centre, on the dimensions the text has: its cosine with the centre's part there.
 * A need with words but no meaning vector (or the reverse) can then fit a group as well as one with both.
 */
export function fitOf(x: Vector, xOffset: number, centre: Float64Array, d: number): number {
  let similarity = 0;
  let reach = 0;
  for (let c = 0; c < d; c++) {
    const value = x[xOffset + c];
    if (value === 0) continue;
    similarity += value * centre[c];
    reach += centre[c] * centre[c];
  }
  return reach > 0 ? similarity / Math.sqrt(reach) : 0;
}

/** Cosine similarities between all pairs of texts, row-major. */
function pairwiseSimilarities({ dimensions: d, data }: Embedding): Float32Array {
  const count = data.length / d;
  const similarity = new Float32Array(count * count);
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) similarity[a * count + b] = dot(data, a * d, data, b * d, d);
  }
  // Mirrored block by block: writing each pair's twin as it is computed strides through memory.
  const block = 64;
  for (let a0 = 0; a0 < count; a0 += block) {
    for (let b0 = a0; b0 < count; b0 += block) {
      for (let a = a0; a < Math.min(a0 + block, count); a++) {
        for (let b = Math.max(b0, a + 1); b < Math.min(b0 + block, count); b++) {
          similarity[b * count + a] = similarity[a * count + b];
        }
      }
    }
  }
  return similarity;
}

/**
 * The `limit` entries of one similarity row most similar to its text, best first (ties to the lower
 * index), positive similarities only, padded with -1. `columns` restricts the search to those columns
 * and the result then indexes `columns`; `self` (in the same numbering) is skipped.
 */
function mostSimilar(
  similarity: Float32Array,
  rowStart: number,
  columns: number[] | number,
  self: number,
  limit: number,
): Int32Array {
  const found = new Int32Array(limit).fill(-1);
  const best = new Float64Array(limit);
  const count = typeof columns === "number" ? columns : columns.length;
  for (let b = 0; b < count; b++) {
    const s = similarity[rowStart + (typeof columns === "number" ? b : columns[b])];
    if (b === self || s <= best[limit - 1]) continue;
    let position = limit - 1;
    while (position > 0 && best[position - 1] < s) {
      best[position] = best[position - 1];
      found[position] = found[position - 1];
      position--;
    }
    best[position] = s;
    found[position] = b;
  }
  return found;
}

/**
 * The k nearest neighbours of each member of a sample of the pool (positions, ascending) by cosine,
 * joined symmetrically and weighted by similarity. Nodes are numbered by place in the sample. `ranked`
 * holds each pool text's nearest others in the whole pool, best first: a sample's nearest are looked for
 * there first.
 */
function neighbourGraph(
  similarity: Float32Array,
  ranked: Int32Array[],
  sample: number[],
  neighbours: number,
): Graph {
  const poolSize = ranked.length;
  const m = sample.length;
  const k = Math.min(neighbours, m - 1);
  const nodeOf = new Int32Array(poolSize).fill(-1);
  sample.forEach((position, node) => (nodeOf[position] = node));
  const edges: Edge[] = [];
  for (let a = 0; a < m; a++) {
    const candidates = ranked[sample[a]];
    let nearest: number[] = [];
    for (let r = 0; r < candidates.length && candidates[r] >= 0 && nearest.length < k; r++) {
      if (nodeOf[candidates[r]] >= 0) nearest.push(nodeOf[candidates[r]]);
    }
    // The ranking ran out before k sampled neighbours turned up (rare): search the sample in full.
    if (nearest.length < k && candidates[candidates.length - 1] >= 0) {
      nearest = [...mostSimilar(similarity, sample[a] * poolSize, sample, a, k)].filter((b) => b >= 0);
    }
    for (const b of nearest) edges.push([a, b, similarity[sample[a] * poolSize + sample[b]]]);
  }
  return symmetricGraph(m, edges);
}

type Edge = [from: number, to: number, weight: number];

/** An undirected graph from edges given in either or both directions (a repeat keeps the first weight). */
function symmetricGraph(count: number, edges: Edge[]): Graph {
  const degree = new Int32Array(count + 1);
  for (const [from, to] of edges) {
    degree[from + 1]++;
    degree[to + 1]++;
  }
  for (let i = 0; i < count; i++) degree[i + 1] += degree[i];
  const fill = degree.slice(0, count);
  const targets = new Int32Array(degree[count]);
  const weights = new Float64Array(degree[count]);
  for (const [from, to, weight] of edges) {
    targets[fill[from]] = to;
    weights[fill[from]++] = weight;
    targets[fill[to]] = from;
    weights[fill[to]++] = weight;
  }
  const seenBy = new Int32Array(count).fill(-1);
  const weightTo = new Float64Array(count);
  const adjacent = Array.from({ length: count }, (_, i) => {
    const unique: number[] = [];
    for (let slot = degree[i]; slot < degree[i + 1]; slot++) {
      const target = targets[slot];
      if (seenBy[target] === i) continue;
      seenBy[target] = i;
      weightTo[target] = weights[slot];
      unique.push(target);
    }
    const nodes = Int32Array.from(unique).sort();
    return { nodes, weights: Float64Array.from(nodes, (node) => weightTo[node]) };
  });
  return { adjacent, selfWeight: new Float64Array(count) };
}

function graphOf(edges: Map<number, number>[], selfWeight: Float64Array): Graph {
  return {
    adjacent: edges.map((edge) => {
      const nodes = Int32Array.from([...edge.keys()].sort((x, y) => x - y));
      return { nodes, weights: Float64Array.from(nodes, (node) => edge.get(node)!) };
    }),
    selfWeight,
  };
}

/**
 * Louvain modularity optimisation (Blondel et al. 2008): move nodes to the neighbouring community that
 * gains most, then fold communities into nodes and repeat. The order nodes are visited in comes from the
 * seeded generator, so each run of an ensemble can settle in a different local optimum, reproducibly.
 * Modularity, not a given k, decides how many communities there are.
 */
function louvain(start: Graph, resolution: number, priority: ArrayLike<number>): Int32Array {
  let graph = start;
  let nodePriority = Float64Array.from(priority);
  const membership = Int32Array.from({ length: graph.adjacent.length }, (_, i) => i);
  for (;;) {
    const count = graph.adjacent.length;
    const degree = new Float64Array(count);
    let totalWeight = 0;
    for (let i = 0; i < count; i++) {
      let sum = graph.selfWeight[i];
      const { weights } = graph.adjacent[i];
      for (let k = 0; k < weights.length; k++) sum += weights[k];
      degree[i] = sum;
      totalWeight += sum;
    }
    if (totalWeight === 0) break;
    const community = Int32Array.from({ length: count }, (_, i) => i);
    const communityDegree = Float64Array.from(degree);
    const weightTo = new Float64Array(count);
    const touched: number[] = [];
    let movedAny = false;
    const order = orderedByKey(
      Array.from({ length: count }, (_, i) => i),
      (i) => nodePriority[i],
    );
    // A pass that barely raises modularity means the level has settled; further passes only shuffle ties.
    for (let pass = 0, improvement = Infinity; improvement > 1e-6 * totalWeight && pass < 100; pass++) {
      improvement = 0;
      for (const i of order) {
        const current = community[i];
        const { nodes, weights } = graph.adjacent[i];
        touched.length = 0;
        for (let k = 0; k < nodes.length; k++) {
          const c = community[nodes[k]];
          if (weightTo[c] === 0) touched.push(c);
          weightTo[c] += weights[k];
        }
        communityDegree[current] -= degree[i];
        const pull = (resolution * degree[i]) / totalWeight;
        const stayGain = weightTo[current] - pull * communityDegree[current];
        let best = current;
        let bestGain = stayGain;
        for (let t = 0; t < touched.length; t++) {
          const c = touched[t];
          const g = weightTo[c] - pull * communityDegree[c];
          if (g > bestGain + 1e-12) {
            best = c;
            bestGain = g;
          }
        }
        communityDegree[best] += degree[i];
        if (best !== current) {
          community[i] = best;
          improvement += bestGain - stayGain;
          movedAny = true;
        }
        for (let t = 0; t < touched.length; t++) weightTo[touched[t]] = 0;
        weightTo[current] = 0;
      }
    }
    if (!movedAny) break;

    const renumber = new Int32Array(count).fill(-1);
    let communities = 0;
    for (let i = 0; i < count; i++) if (renumber[community[i]] < 0) renumber[community[i]] = communities++;
    membership.forEach((node, i) => (membership[i] = renumber[community[node]]));
    const folded = Array.from({ length: communities }, () => new Map<number, number>());
    const selfWeight = new Float64Array(communities);
    for (let i = 0; i < count; i++) {
      const from = renumber[community[i]];
      selfWeight[from] += graph.selfWeight[i];
      const { nodes, weights } = graph.adjacent[i];
      for (let k = 0; k < nodes.length; k++) {
        const to = renumber[community[nodes[k]]];
        if (to === from) selfWeight[from] += weights[k];
        else folded[from].set(to, (folded[from].get(to) ?? 0) + weights[k]);
      }
    }
    graph = graphOf(folded, selfWeight);
    const foldedPriority = new Float64Array(communities).fill(Infinity);
    for (let i = 0; i < count; i++) {
      const to = renumber[community[i]];
      foldedPriority[to] = Math.min(foldedPriority[to], nodePriority[i]);
    }
    nodePriority = foldedPriority;
    if (communities === count) break;
  }
  return membership;
}

/** k-means++ seeding, for when the caller fixes the number of groups. */
function seedCentres(embedding: Embedding, groups: number, random: () => number): Float64Array[] {
  const { dimensions: d, data } = embedding;
  const count = data.length / d;
  const row = (i: number) => Float64Array.from(data.subarray(i * d, (i + 1) * d));
  const centres = [row(Math.floor(random() * count))];
  const distance = new Float64Array(count).fill(Infinity);
  while (centres.length < Math.min(groups, count)) {
    const latest = centres[centres.length - 1];
    let total = 0;
    for (let i = 0; i < count; i++) {
      distance[i] = Math.min(distance[i], Math.max(0, 1 - dot(data, i * d, latest, 0, d)));
      total += distance[i];
    }
    if (total === 0) break;
    let target = random() * total;
    let chosen = count - 1;
    for (let i = 0; i < count; i++) {
      target -= distance[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    centres.push(row(chosen));
  }
  return centres;
}

export function centresOf(embedding: Embedding, assignment: Int32Array, groupCount: number): Float64Array[] {
  const { dimensions: d, data } = embedding;
  const centres = Array.from({ length: groupCount }, () => new Float64Array(d));
  assignment.forEach((group, i) => {
    if (group === UNGROUPED) return;
    const centre = centres[group];
    for (let c = 0; c < d; c++) centre[c] += data[i * d + c];
  });
  for (const centre of centres) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += centre[c] * centre[c];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let c = 0; c < d; c++) centre[c] /= norm;
  }
  return centres;
}

function nearestCentres(embedding: Embedding, centres: Float64Array[], joinSimilarity: number): Int32Array {
  const { dimensions: d, data } = embedding;
  const n = data.length / d;
  const packed = new Float64Array(centres.length * d);
  centres.forEach((centre, g) => packed.set(centre, g * d));
  const assignment = new Int32Array(n).fill(UNGROUPED);
  for (let i = 0; i < n; i++) {
    let bestSimilarity = joinSimilarity;
    for (let g = 0; g < centres.length; g++) {
      const similarity = dot(data, i * d, packed, g * d, d);
      if (similarity > bestSimilarity || (similarity === bestSimilarity && assignment[i] === UNGROUPED)) {
        bestSimilarity = similarity;
        assignment[i] = g;
      }
    }
  }
  return assignment;
}

/** Renumbers groups 0..k-1 in place, dropping those smaller than the minimum; returns k. */
export function dropSmallGroups(assignment: Int32Array, groupCount: number, minGroupSize: number): number {
  const sizes = new Int32Array(groupCount);
  for (const group of assignment) if (group !== UNGROUPED) sizes[group]++;
  const renumbered = new Int32Array(groupCount).fill(UNGROUPED);
  let kept = 0;
  sizes.forEach((size, group) => {
    if (size >= minGroupSize) renumbered[group] = kept++;
  });
  assignment.forEach((group, i) => (assignment[i] = group === UNGROUPED ? UNGROUPED : renumbered[group]));
  return kept;
}

/**
 * Spherical k-means from the given centres, where a text too far from every centre stays ungrouped and a
 * group that shrinks below the minimum is dissolved. Returns the settled assignment and centres.
 */
function refine(
  embedding: Embedding,
  start: Float64Array[],
  { joinSimilarity, minGroupSize, maxRefinementRounds }: ClusterOptions,
): Clustering {
  const n = embedding.data.length / embedding.dimensions;
  let centres = start;
  let assignment: Int32Array = new Int32Array(n).fill(UNGROUPED);
  for (let round = 0; round < maxRefinementRounds; round++) {
    const next = nearestCentres(embedding, centres, joinSimilarity);
    const groupCount = dropSmallGroups(next, centres.length, minGroupSize);
    let changed = 0;
    next.forEach((group, i) => (changed += Number(group !== assignment[i])));
    // Chasing the last few texts swapping between two close groups costs rounds and changes nothing visible.
    const settled = groupCount === centres.length && changed <= n / 1000;
    assignment = next;
    centres = centresOf(embedding, assignment, groupCount);
    if (settled) break;
  }
  return { assignment, centres };
}

/**
 * Evidence accumulation (Fred and Jain 2005): pool texts that a majority of runs put in the same group are
 * linked, weighted by the share of runs that agree, and modularity on those links gives the consensus.
 * Texts every run grouped alike form one node, weighted by their number, which keeps the graph small.
 */
function consensus(runs: Int32Array[], keys: ArrayLike<number>): Int32Array {
  const poolSize = runs[0].length;
  const nodeOfKey = new Map<string, number>();
  const nodeOf = new Int32Array(poolSize);
  const representative: number[] = [];
  const size: number[] = [];
  for (let position = 0; position < poolSize; position++) {
    const key = runs.map((run) => run[position]).join(",");
    let node = nodeOfKey.get(key);
    if (node === undefined) {
      node = representative.length;
      nodeOfKey.set(key, node);
      representative.push(position);
      size.push(0);
    }
    size[node]++;
    nodeOf[position] = node;
  }
  const count = representative.length;
  const runCount = runs.length;
  const labels = new Int32Array(count * runCount);
  representative.forEach((position, node) =>
    runs.forEach((run, r) => (labels[node * runCount + r] = run[position])),
  );
  const share = (a: number, b: number) => {
    let together = 0;
    for (let r = 0; r < runCount; r++) {
      const group = labels[a * runCount + r];
      if (group !== UNGROUPED && group === labels[b * runCount + r]) together++;
    }
    return together / runCount;
  };
  const neighbours: number[][] = Array.from({ length: count }, () => []);
  const weights: number[][] = Array.from({ length: count }, () => []);
  const selfWeight = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    selfWeight[a] = size[a] * size[a] * share(a, a);
    for (let b = a + 1; b < count; b++) {
      const agreement = share(a, b);
      if (agreement <= 0.5) continue;
      const weight = size[a] * size[b] * agreement;
      neighbours[a].push(b);
      weights[a].push(weight);
      neighbours[b].push(a);
      weights[b].push(weight);
    }
  }
  const graph: Graph = {
    adjacent: neighbours.map((nodes, a) => ({
      nodes: Int32Array.from(nodes),
      weights: Float64Array.from(weights[a]),
    })),
    selfWeight,
  };
  const community = louvain(
    graph,
    1,
    representative.map((position) => keys[position]),
  );
  return Int32Array.from(nodeOf, (node) => (share(node, node) > 0.5 ? community[node] : UNGROUPED));
}

/**
 * Finds groups among a pool of texts by an ensemble of runs, each detecting communities (Louvain) in the
 * neighbour graph of a different sample, combines the runs by consensus, then lets every text join its
 * nearest group centre, or stay ungrouped when none is close enough.
 */
export function clusterEmbedding(embedding: Embedding, options: ClusterOptions): Clustering {
  const { pool, groups } = options;
  const { dimensions: d, data } = embedding;
  const n = data.length / d;
  if (pool.length < 2) return { assignment: new Int32Array(n).fill(UNGROUPED), centres: [] };
  const random = seededRandom(options.seed);
  const poolEmbedding = rowsOf(embedding, pool);

  if (groups !== undefined) {
    // k-means++ can start badly; of several starts, keep the one whose groups hold together best.
    const forced = { ...options, minGroupSize: 1 };
    let best: Clustering = { assignment: new Int32Array(0), centres: [] };
    let bestCohesion = -Infinity;
    for (let start = 0; start < options.runs; start++) {
      const attempt = refine(poolEmbedding, seedCentres(poolEmbedding, groups, random), forced);
      let cohesion = 0;
      attempt.assignment.forEach((group, position) => {
        if (group !== UNGROUPED)
          cohesion += dot(poolEmbedding.data, position * d, attempt.centres[group], 0, d);
      });
      if (cohesion > bestCohesion) {
        best = attempt;
        bestCohesion = cohesion;
      }
    }
    return refineAll(embedding, best.centres, forced);
  }

  const similarity = pairwiseSimilarities(poolEmbedding);
  // A sample holds most of the pool, so its k nearest are nearly always among the pool's 2k nearest.
  const ranked = pool.map((_, a) =>
    mostSimilar(
      similarity,
      a * pool.length,
      pool.length,
      a,
      Math.min(pool.length - 1, 2 * options.neighbours),
    ),
  );
  const poolMinimum = Math.max(2, Math.round((options.minGroupSize * pool.length) / n));
  const positions = Array.from({ length: pool.length }, (_, i) => i);
  const poolKeys = Uint32Array.from(pool, (item) => options.keys[item]);
  const runs = Array.from({ length: options.runs }, (_, run) => {
    options.onProgress?.(run / (options.runs + 1));
    const runKey = (position: number) => mixHash(poolKeys[position], run + 1);
    const sample = orderedByKey(positions, runKey)
      .slice(0, options.sampleSize)
      .sort((a, b) => a - b);
    const community = louvain(
      neighbourGraph(similarity, ranked, sample, options.neighbours),
      options.resolution,
      sample.map(runKey),
    );
    const sampleAssignment = new Int32Array(pool.length).fill(UNGROUPED);
    sample.forEach((position, node) => (sampleAssignment[position] = community[node]));
    const communityCount = community.reduce((most, c) => Math.max(most, c + 1), 0);
    const sampleMinimum = Math.max(2, Math.round((poolMinimum * sample.length) / pool.length));
    const groupCount = dropSmallGroups(sampleAssignment, communityCount, sampleMinimum);
    return refine(poolEmbedding, centresOf(poolEmbedding, sampleAssignment, groupCount), {
      ...options,
      minGroupSize: poolMinimum,
    }).assignment;
  });
  options.onProgress?.(options.runs / (options.runs + 1));
  const agreed = consensus(runs, poolKeys);
  const agreedCount = dropSmallGroups(
    agreed,
    agreed.reduce((most, c) => Math.max(most, c + 1), 0),
    poolMinimum,
  );
  return refineAll(embedding, centresOf(poolEmbedding, agreed, agreedCount), options);
}

export function rowsOf({ dimensions: d, data }: Embedding, items: number[]): Embedding {
  const rows = new Float32Array(items.length * d);
  items.forEach((item, position) => rows.set(data.subarray(item * d, (item + 1) * d), position * d));
  return { dimensions: d, data: rows };
}

/** Refinement over every text, or, for very many, over a sample followed by one assignment of every text. */
function refineAll(embedding: Embedding, start: Float64Array[], options: ClusterOptions): Clustering {
  const { dimensions: d, data } = embedding;
  const n = data.length / d;
  if (n <= options.refinementSampleSize) return refine(embedding, start, options);
  const sample = orderedByKey(
    Array.from({ length: n }, (_, i) => i),
    (i) => options.keys[i],
  )
    .slice(0, options.refinementSampleSize)
    .sort((a, b) => a - b);
  const { centres } = refine(rowsOf(embedding, sample), start, {
    ...options,
    minGroupSize: Math.max(1, Math.round((options.minGroupSize * sample.length) / n)),
  });
  const assignment = nearestCentres(embedding, centres, options.joinSimilarity);
  const groupCount = dropSmallGroups(assignment, centres.length, options.minGroupSize);
  return { assignment, centres: centresOf(embedding, assignment, groupCount) };
}
