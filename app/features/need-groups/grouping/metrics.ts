/**
 * Agreement between a suggested grouping and human labels. Every ungrouped item (null) counts as one
 * more cluster, the unsorted pile a commissioner is left with: scoring them as groups of one would
 * flatter an engine that leaves the hard cases out.
 */
export type Partition = readonly (string | number | null)[];

const PILE = "\u0000unsorted";

function contingency(truth: Partition, predicted: Partition) {
  if (truth.length !== predicted.length) throw new Error("Partitions must label the same items");
  const key = (label: string | number | null) => (label === null ? PILE : `${typeof label}:${label}`);
  const truthIndex = new Map<string, number>();
  const predictedIndex = new Map<string, number>();
  const cells = new Map<number, number>();
  const rowIds: number[] = [];
  const columnIds: number[] = [];
  truth.forEach((label, i) => {
    const t = key(label);
    const p = key(predicted[i]);
    if (!truthIndex.has(t)) truthIndex.set(t, truthIndex.size);
    if (!predictedIndex.has(p)) predictedIndex.set(p, predictedIndex.size);
    rowIds.push(truthIndex.get(t)!);
    columnIds.push(predictedIndex.get(p)!);
  });
  const columns = predictedIndex.size;
  const rowSums = new Float64Array(truthIndex.size);
  const columnSums = new Float64Array(columns);
  rowIds.forEach((row, i) => {
    const column = columnIds[i];
    const cell = row * columns + column;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    rowSums[row]++;
    columnSums[column]++;
  });
  return { cells: [...cells.values()], rowSums: [...rowSums], columnSums: [...columnSums], n: truth.length };
}

const pairs = (count: number) => (count * (count - 1)) / 2;

/** Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for chance agreement. */
export function adjustedRandIndex(truth: Partition, predicted: Partition): number {
  const { cells, rowSums, columnSums, n } = contingency(truth, predicted);
  if (n < 2) return 1;
  const index = cells.reduce((sum, count) => sum + pairs(count), 0);
  const rowPairs = rowSums.reduce((sum, count) => sum + pairs(count), 0);
  const columnPairs = columnSums.reduce((sum, count) => sum + pairs(count), 0);
  const expected = (rowPairs * columnPairs) / pairs(n);
  const maximum = (rowPairs + columnPairs) / 2;
  // Both partitions trivial (all one cluster, or all singletons) agree perfectly, as scikit-learn scores it.
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}

function entropy(counts: number[], n: number): number {
  return counts.reduce((sum, count) => (count > 0 ? sum - (count / n) * Math.log(count / n) : sum), 0);
}

/** Normalised mutual information, I(U;V) / ((H(U) + H(V)) / 2): between 0 and 1. */
export function normalisedMutualInformation(truth: Partition, predicted: Partition): number {
  const { cells, rowSums, columnSums, n } = contingency(truth, predicted);
  if (n === 0) return 1;
  const truthEntropy = entropy(rowSums, n);
  const predictedEntropy = entropy(columnSums, n);
  if (truthEntropy === 0 && predictedEntropy === 0) return 1;
  const jointEntropy = entropy(cells, n);
  const mutualInformation = Math.max(0, truthEntropy + predictedEntropy - jointEntropy);
  return Math.min(1, mutualInformation / ((truthEntropy + predictedEntropy) / 2));
}

/** Share of items placed in some group. */
export function coverage(predicted: Partition): number {
  if (predicted.length === 0) return 0;
  return predicted.filter((group) => group !== null).length / predicted.length;
}
