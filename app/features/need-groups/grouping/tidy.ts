import { centresOf, dropSmallGroups, fitOf, UNGROUPED, type Clustering } from "./cluster";
import type { Embedding } from "./vectorise";

export interface TidyOptions {
  /** A group holding more than this share of the grouped texts is checked for being a catch-all ... */
  catchAllShare: number;
  /** ... and split when its mean similarity to its centre is below this share of the median group's. */
  catchAllCohesion: number;
  /** A text whose similarity to its centre is below this share of its group's median is left ungrouped ... */
  looseFit: number;
  /** ... as long as this share of all texts stays grouped. */
  minCoverage: number;
  minGroupSize: number;
  /** Groups among the given texts (indices into the embedding), found as the whole set's were. */
  split: (members: number[]) => Clustering;
}

/**
 * What a commissioner would not accept, undone: a large group whose needs are only loosely alike (a
 * catch-all, made of what fitted nowhere else) is split into the groups found among its own needs, and a
 * need that fits its group far worse than the group's typical need is left ungrouped rather than shown as
 * belonging. Both are measured against the run's own groups, so they adapt to how alike a set's needs are.
 */
export function tidyGroups(embedding: Embedding, clustering: Clustering, options: TidyOptions): Clustering {
  const { dimensions: d, data } = embedding;
  const n = data.length / d;
  const assignment = Int32Array.from(clustering.assignment);
  let groupCount = clustering.centres.length;
  let centres = clustering.centres;
  if (groupCount === 0) return clustering;

  const fitsOf = () => {
    const fits = new Float64Array(n);
    assignment.forEach((group, i) => {
      if (group !== UNGROUPED) fits[i] = fitOf(data, i * d, centres[group], d);
    });
    return fits;
  };
  const membersOf = () => {
    const members = Array.from({ length: groupCount }, () => [] as number[]);
    assignment.forEach((group, i) => {
      if (group !== UNGROUPED) members[group].push(i);
    });
    return members;
  };

  // Catch-alls, split once each: what is still loose after that is left to the fit rule below.
  {
    const fits = fitsOf();
    const members = membersOf();
    const grouped = members.reduce((sum, list) => sum + list.length, 0);
    const cohesion = members.map((list) => list.reduce((sum, i) => sum + fits[i], 0) / (list.length || 1));
    const typical = median(cohesion.filter((_, g) => members[g].length > 0));
    const loose = members.flatMap((list, g) =>
      list.length > options.catchAllShare * grouped && cohesion[g] < options.catchAllCohesion * typical
        ? [g]
        : [],
    );
    for (const g of loose) {
      const parts = options.split(members[g]);
      const partCount = parts.centres.length;
      if (partCount < 2) continue;
      members[g].forEach((i, k) => {
        const part = parts.assignment[k];
        assignment[i] = part === UNGROUPED ? UNGROUPED : part === 0 ? g : groupCount + part - 1;
      });
      groupCount += partCount - 1;
    }
    if (loose.length > 0) {
      groupCount = dropSmallGroups(assignment, groupCount, options.minGroupSize);
      centres = centresOf(embedding, assignment, groupCount);
    }
  }

  // Needs far from their group's centre leave it, the worst first, within the coverage kept.
  const fits = fitsOf();
  const members = membersOf();
  const medians = members.map((list) => median(list.map((i) => fits[i])));
  const grouped = members.reduce((sum, list) => sum + list.length, 0);
  const mayLeave = Math.max(0, grouped - Math.ceil(options.minCoverage * n));
  const candidates = members
    .flatMap((list, g) => list.filter((i) => fits[i] < options.looseFit * medians[g]))
    .sort((a, b) => fits[a] / medians[assignment[a]] - fits[b] / medians[assignment[b]] || a - b)
    .slice(0, mayLeave);
  for (const i of candidates) assignment[i] = UNGROUPED;
  groupCount = dropSmallGroups(assignment, groupCount, options.minGroupSize);
  return { assignment, centres: centresOf(embedding, assignment, groupCount) };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
