import { seededRandom } from "./random";
import { tokenise } from "./tokenise";
import { tfIdf, type SparseVector } from "./vectorise";

/**
 * The yardstick the engine is measured against: plain TF-IDF of single words (raw counts, smoothed idf,
 * unit length) and Euclidean k-means with k-means++ seeding and one initialisation, as scikit-learn's
 * TfidfVectorizer + KMeans(k) do by default. Every text gets a group; k is given, not found.
 */
export function baselineGroups(
  texts: string[],
  { groups, seed }: { groups: number; seed: number },
): number[] {
  const { vectors, terms } = tfIdf(
    texts.map((text) => tokenise(text, { phrases: false }).terms),
    { minDocumentFrequency: 1, sublinear: false },
  );
  return kMeans(vectors, terms.length, { k: Math.min(groups, vectors.length), seed, maxIterations: 100 });
}

function squaredDistance(vector: SparseVector, centre: Float64Array, centreNormSquared: number): number {
  let dot = 0;
  let vectorNormSquared = 0;
  for (let k = 0; k < vector.indices.length; k++) {
    dot += vector.values[k] * centre[vector.indices[k]];
    vectorNormSquared += vector.values[k] * vector.values[k];
  }
  return Math.max(0, vectorNormSquared - 2 * dot + centreNormSquared);
}

function normSquared(centre: Float64Array): number {
  let sum = 0;
  for (const value of centre) sum += value * value;
  return sum;
}

function asDense(vector: SparseVector, termCount: number): Float64Array {
  const dense = new Float64Array(termCount);
  vector.indices.forEach((term, k) => (dense[term] = vector.values[k]));
  return dense;
}

function kMeans(
  vectors: SparseVector[],
  termCount: number,
  { k, seed, maxIterations }: { k: number; seed: number; maxIterations: number },
): number[] {
  const n = vectors.length;
  if (n === 0 || k <= 0) return [];
  const random = seededRandom(seed);

  const centres: Float64Array[] = [asDense(vectors[Math.floor(random() * n)], termCount)];
  const closest = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    const latest = centres[centres.length - 1];
    const latestNorm = normSquared(latest);
    let total = 0;
    vectors.forEach((vector, i) => {
      closest[i] = Math.min(closest[i], squaredDistance(vector, latest, latestNorm));
      total += closest[i];
    });
    let target = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= closest[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    centres.push(asDense(vectors[chosen], termCount));
  }

  const assignment = new Array<number>(n).fill(-1);
  const distance = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const norms = centres.map(normSquared);
    let changed = false;
    vectors.forEach((vector, i) => {
      let best = 0;
      let bestDistance = Infinity;
      centres.forEach((centre, c) => {
        const d = squaredDistance(vector, centre, norms[c]);
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      });
      distance[i] = bestDistance;
      if (assignment[i] !== best) {
        assignment[i] = best;
        changed = true;
      }
    });
    if (!changed) break;

    const sizes = new Int32Array(k);
    for (const centre of centres) centre.fill(0);
    vectors.forEach((vector, i) => {
      const centre = centres[assignment[i]];
      sizes[assignment[i]]++;
      for (let t = 0; t < vector.indices.length; t++) centre[vector.indices[t]] += vector.values[t];
    });
    centres.forEach((centre, c) => {
      if (sizes[c] === 0) {
        // An empty cluster restarts at the text worst served by its centre, as scikit-learn does.
        let farthest = 0;
        for (let i = 1; i < n; i++) if (distance[i] > distance[farthest]) farthest = i;
        centre.set(asDense(vectors[farthest], termCount));
        distance[farthest] = 0;
        return;
      }
      for (let t = 0; t < termCount; t++) centre[t] /= sizes[c];
    });
  }
  return assignment;
}
