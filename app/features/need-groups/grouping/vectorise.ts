import { gaussian, hashOf, seededRandom } from "./random";

export interface SparseVector {
  /** Term indices, ascending. */
  indices: Int32Array;
  values: Float32Array;
}

export interface TfIdf {
  vectors: SparseVector[];
  terms: string[];
}

export interface TfIdfOptions {
  minDocumentFrequency: number;
  /** A weight per term, 1 when not given: below 1, the term counts for less in every text. */
  termWeight?: (term: string) => number;
  /** 1 + log(tf) instead of tf, so one word repeated does not outweigh several different ones. */
  sublinear: boolean;
}

export function tfIdf(
  documents: string[][],
  { minDocumentFrequency, sublinear, termWeight }: TfIdfOptions,
): TfIdf {
  const documentFrequency = new Map<string, number>();
  for (const terms of documents) {
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const terms = [...documentFrequency.keys()]
    .filter((term) => documentFrequency.get(term)! >= minDocumentFrequency)
    .sort();
  const termIndex = new Map(terms.map((term, index) => [term, index]));
  const n = documents.length;
  const idf = terms.map(
    (term) => (Math.log((1 + n) / (1 + documentFrequency.get(term)!)) + 1) * (termWeight?.(term) ?? 1),
  );

  const counts = new Int32Array(terms.length);
  const vectors = documents.map((documentTerms) => {
    const present: number[] = [];
    for (const term of documentTerms) {
      const index = termIndex.get(term);
      if (index === undefined) continue;
      if (counts[index]++ === 0) present.push(index);
    }
    const indices = Int32Array.from(present.sort((a, b) => a - b));
    const values = new Float32Array(indices.length);
    let norm = 0;
    indices.forEach((index, k) => {
      const count = counts[index];
      counts[index] = 0;
      const weight = (sublinear ? 1 + Math.log(count) : count) * idf[index];
      values[k] = weight;
      norm += weight * weight;
    });
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  });
  return { vectors, terms };
}

/** Columns of a tall matrix, each column a Float64Array: the layout Gram–Schmidt wants. */
type Columns = Float64Array[];

export function orthonormalise(columns: Columns): Columns {
  const kept: Columns = [];
  for (const column of columns) {
    const length = column.length;
    for (let b = 0; b < kept.length; b++) {
      const basis = kept[b];
      let dot = 0;
      for (let i = 0; i < length; i++) dot += column[i] * basis[i];
      for (let i = 0; i < length; i++) column[i] -= dot * basis[i];
    }
    let norm = 0;
    for (let i = 0; i < column.length; i++) norm += column[i] * column[i];
    norm = Math.sqrt(norm);
    if (norm > 1e-10) {
      for (let i = 0; i < column.length; i++) column[i] /= norm;
      kept.push(column);
    }
  }
  return kept;
}

/** A·X for sparse rows A (m×V) and columns X (V×l): m×l, as columns. */
function multiply(rows: SparseVector[], columns: Columns): Columns {
  return columns.map((column) => {
    const result = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const { indices, values } = rows[r];
      let sum = 0;
      for (let k = 0; k < indices.length; k++) sum += values[k] * column[indices[k]];
      result[r] = sum;
    }
    return result;
  });
}

/** Aᵀ·Y for sparse rows A (m×V) and columns Y (m×l): V×l, as columns. */
function multiplyTransposed(rows: SparseVector[], columns: Columns, termCount: number): Columns {
  return columns.map((column) => {
    const result = new Float64Array(termCount);
    for (let r = 0; r < rows.length; r++) {
      const y = column[r];
      if (y === 0) continue;
      const { indices, values } = rows[r];
      for (let k = 0; k < indices.length; k++) result[indices[k]] += values[k] * y;
    }
    return result;
  });
}

/** Eigen-decomposition of a small symmetric matrix (row-major) by cyclic Jacobi rotations, largest first. */
export function symmetricEigen(
  matrix: Float64Array,
  size: number,
): { values: number[]; vectors: Float64Array[] } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  let scale = 0;
  for (const value of a) scale += value * value;
  for (let sweep = 0; sweep < 50; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) offDiagonal += a[p * size + q] ** 2;
    if (offDiagonal <= 1e-24 * scale) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q];
        if (apq === 0) continue;
        const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p];
          const akq = a[k * size + q];
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k];
          const aqk = a[q * size + k];
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
          const vkp = v[k * size + p];
          const vkq = v[k * size + q];
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (x, y) => a[y * size + y] - a[x * size + x] || x - y,
  );
  return {
    values: order.map((i) => a[i * size + i]),
    vectors: order.map((i) => Float64Array.from({ length: size }, (_, k) => v[k * size + i])),
  };
}

// Two passes let the leading components of a slowly decaying text spectrum settle (Halko et al. §4.5).
const POWER_ITERATIONS = 2;

export interface Embedding {
  dimensions: number;
  /**
   * Row-major, n × dimensions, each row of unit length (or all zeros for a text with no known terms). Single
   * precision: a million needs' rows take 600 MB, not 1.2 GB, and cosines keep six or seven digits.
   */
  data: Float32Array;
}

/**
 * Latent semantic analysis: a randomized truncated SVD (Halko, Martinsson and Tropp) fitted on a sample,
 * then every text projected onto it. It lets "rubbish" and "waste" meet, which short texts badly need.
 */
export function latentSemantic(
  vectors: SparseVector[],
  termCount: number,
  {
    dimensions,
    singularPower,
    sample,
    seed,
    terms,
  }: {
    /** The terms themselves: each one's random start is drawn from its own hash, so new terms move no other's. */
    terms?: string[];
    dimensions: number;
    /** Each component scaled by its singular value to this power: above 1 stresses the broad themes. */
    singularPower: number;
    sample: number[];
    seed: number;
  },
): Embedding {
  // The components are fitted on terms seen at least twice in the sample: the others carry no shared meaning.
  const sampleFrequency = new Int32Array(termCount);
  for (const i of sample) for (const t of vectors[i].indices) sampleFrequency[t]++;
  const localTerm = new Int32Array(termCount).fill(-1);
  let sampleTermCount = 0;
  sampleFrequency.forEach((frequency, t) => {
    if (frequency >= 2) localTerm[t] = sampleTermCount++;
  });
  const rows = sample.map((i) => {
    const kept = Array.from(vectors[i].indices.keys()).filter((k) => localTerm[vectors[i].indices[k]] >= 0);
    return {
      indices: Int32Array.from(kept, (k) => localTerm[vectors[i].indices[k]]),
      values: Float32Array.from(kept, (k) => vectors[i].values[k]),
    };
  });
  const width = Math.min(dimensions + 10, rows.length, sampleTermCount);
  const gaussians = Array.from({ length: width }, () => new Float64Array(sampleTermCount));
  const sequence = seededRandom(seed);
  localTerm.forEach((local, t) => {
    if (local < 0) return;
    const random = terms ? seededRandom(hashOf(terms[t], seed)) : sequence;
    for (let c = 0; c < width; c++) gaussians[c][local] = gaussian(random);
  });
  // Power iterations sharpen the range found; only the short (sample-length) side needs re-orthonormalising.
  let range = orthonormalise(multiply(rows, gaussians));
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
    range = orthonormalise(multiply(rows, multiplyTransposed(rows, range, sampleTermCount)));
  }
  // With B = Qᵀ·A (l×V), B·Bᵀ = Qᵀ·A·(Aᵀ·Q) is small, and its eigenvectors give A's singular vectors.
  const transposed = multiplyTransposed(rows, range, sampleTermCount);
  const back = multiply(rows, transposed);
  const l = range.length;
  const gram = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    const left = range[i];
    for (let j = i; j < l; j++) {
      const right = back[j];
      let sum = 0;
      for (let r = 0; r < left.length; r++) sum += left[r] * right[r];
      gram[i * l + j] = sum;
      gram[j * l + i] = sum;
    }
  }
  const { values, vectors: eigenvectors } = symmetricEigen(gram, l);
  let d = 0;
  while (d < Math.min(dimensions, l) && values[d] > 1e-12 * values[0]) d++;
  // Right singular vector c is Aᵀ·Q·u_c / σ_c; x·v_c weighs component c by σ_c, rescaled here to σ_c^power.
  const mixing = new Float64Array(l * d);
  for (let c = 0; c < d; c++) {
    const singular = Math.sqrt(values[c]);
    const scale = (singular / Math.sqrt(values[0])) ** (singularPower - 1) / singular;
    for (let i = 0; i < l; i++) mixing[i * d + c] = eigenvectors[c][i] * scale;
  }
  // Term-major, so projecting a sparse row reads one contiguous slice per term.
  const byTerm = new Float64Array(sampleTermCount * d);
  for (let i = 0; i < l; i++) {
    const column = transposed[i];
    for (let t = 0; t < sampleTermCount; t++) {
      const z = column[t];
      if (z === 0) continue;
      for (let c = 0; c < d; c++) byTerm[t * d + c] += z * mixing[i * d + c];
    }
  }

  const data = new Float32Array(vectors.length * d);
  const row = new Float64Array(d);
  vectors.forEach((vector, r) => {
    const offset = r * d;
    row.fill(0);
    for (let k = 0; k < vector.indices.length; k++) {
      const local = localTerm[vector.indices[k]];
      if (local < 0) continue;
      const base = local * d;
      const value = vector.values[k];
      for (let c = 0; c < d; c++) row[c] += value * byTerm[base + c];
    }
    let norm = 0;
    for (let c = 0; c < d; c++) norm += row[c] * row[c];
    norm = Math.sqrt(norm);
    if (norm > 1e-9) for (let c = 0; c < d; c++) data[offset + c] = row[c] / norm;
  });
  return { dimensions: d, data };
}
