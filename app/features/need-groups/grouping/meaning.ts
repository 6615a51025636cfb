import { dot } from "./cluster";
import { gaussian, seededRandom } from "./random";
import { orthonormalise, symmetricEigen, type Embedding } from "./vectorise";

type Columns = Float64Array[];

/**
 * The principal components of the needs' meaning vectors (a randomized SVD of the centred vectors, fitted
 * on a sample), every vector projected onto them and scaled to length 1. Centring matters: sentence vectors
 * share a common direction, which makes every pair look somewhat alike; a few dozen components keep the
 * differences between themes and make the similarities cheap to compute. A need without a vector gets a
 * row of zeros.
 */
export function meaningEmbedding(
  count: number,
  vectorAt: (i: number) => ArrayLike<number> | null | undefined,
  {
    dimensions,
    singularPower,
    sample,
    seed,
  }: { dimensions: number; singularPower: number; sample: number[]; seed: number },
): Embedding {
  let width = 0;
  for (let i = 0; i < count && width === 0; i++) width = vectorAt(i)?.length ?? 0;
  // Read once each: a packed vector is unpacked on every read.
  const sampled = new Map(sample.map((i) => [i, vectorAt(i)]));
  const rows = sample.filter((i) => (sampled.get(i)?.length ?? 0) === width && width > 0);
  if (rows.length < 2) return { dimensions: 0, data: new Float32Array(0) };
  const m = rows.length;
  const mean = new Float64Array(width);
  for (const i of rows) {
    const vector = sampled.get(i)!;
    for (let j = 0; j < width; j++) mean[j] += vector[j] / m;
  }
  const centred = new Float64Array(m * width);
  rows.forEach((i, r) => {
    const vector = sampled.get(i)!;
    for (let j = 0; j < width; j++) centred[r * width + j] = vector[j] - mean[j];
  });
  const random = seededRandom(seed);
  const l = Math.min(dimensions + 10, m, width);
  // Dense products, row-major throughout: X·B (m×l) and Xᵀ·Y (width×l).
  const times = (right: Float64Array): Float64Array => {
    const result = new Float64Array(m * l);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < width; j++) {
        const x = centred[r * width + j];
        for (let c = 0; c < l; c++) result[r * l + c] += x * right[j * l + c];
      }
    }
    return result;
  };
  const transposedTimes = (left: Float64Array): Float64Array => {
    const result = new Float64Array(width * l);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < width; j++) {
        const x = centred[r * width + j];
        for (let c = 0; c < l; c++) result[j * l + c] += x * left[r * l + c];
      }
    }
    return result;
  };
  const orthonormalRows = (matrix: Float64Array): Float64Array => {
    const columns: Columns = Array.from({ length: l }, (_, c) =>
      Float64Array.from({ length: m }, (_, r) => matrix[r * l + c]),
    );
    const kept = orthonormalise(columns);
    const result = new Float64Array(m * l);
    kept.forEach((column, c) => column.forEach((value, r) => (result[r * l + c] = value)));
    return result;
  };
  let range = orthonormalRows(times(Float64Array.from({ length: width * l }, () => gaussian(random))));
  // One pass suffices: sentence vectors' spectrum falls off fast, unlike a sparse term matrix's.
  for (let iteration = 0; iteration < 1; iteration++) range = orthonormalRows(times(transposedTimes(range)));
  const transposed = transposedTimes(range);
  const back = times(transposed);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < m; r++) {
    for (let a = 0; a < l; a++) {
      const q = range[r * l + a];
      for (let b = 0; b < l; b++) gram[a * l + b] += q * back[r * l + b];
    }
  }
  const { values, vectors: eigenvectors } = symmetricEigen(gram, l);
  let d = 0;
  while (d < Math.min(dimensions, l) && values[d] > 1e-12 * values[0]) d++;
  // Component c is Xᵀ·Q·u_c / σ_c; scaled by (σ_c/σ_1)^(power−1) as the lexical components are.
  // Component-major, so each projection is a run of contiguous dot products.
  const components = new Float64Array(d * width);
  for (let c = 0; c < d; c++) {
    const singular = Math.sqrt(values[c]);
    const scale = (singular / Math.sqrt(values[0])) ** (singularPower - 1) / singular;
    for (let a = 0; a < l; a++) {
      const weight = eigenvectors[c][a] * scale;
      for (let j = 0; j < width; j++) components[c * width + j] += transposed[j * l + a] * weight;
    }
  }
  const data = new Float32Array(count * d);
  const row = new Float64Array(width);
  const projected = new Float64Array(d);
  for (let i = 0; i < count; i++) {
    const vector = vectorAt(i);
    if (!vector || vector.length !== width) continue;
    for (let j = 0; j < width; j++) row[j] = vector[j] - mean[j];
    for (let c = 0; c < d; c++) projected[c] = dot(row, 0, components, c * width, width);
    normalise(projected, 0, d);
    data.set(projected, i * d);
  }
  return { dimensions: d, data };
}

function normalise(data: Float64Array, offset: number, d: number) {
  let norm = 0;
  for (let c = 0; c < d; c++) norm += data[offset + c] * data[offset + c];
  norm = Math.sqrt(norm);
  if (norm > 1e-9) for (let c = 0; c < d; c++) data[offset + c] /= norm;
  else for (let c = 0; c < d; c++) data[offset + c] = 0;
}

/**
 * Words and meaning side by side: each row is the lexical row times √(1 − weight) followed by the meaning
 * row times √weight, so the cosine of two rows is the weighted mean of their two cosines. A text missing
 * one side is its other side alone, at full length, so a need without a vector is grouped by its words.
 */
export function combineEmbeddings(lexical: Embedding, meaning: Embedding, weight: number): Embedding {
  if (meaning.dimensions === 0) return lexical;
  if (lexical.dimensions === 0) return meaning;
  const n = lexical.data.length / lexical.dimensions;
  const d = lexical.dimensions + meaning.dimensions;
  const data = new Float32Array(n * d);
  const row = new Float64Array(d);
  const lexicalScale = Math.sqrt(1 - weight);
  const meaningScale = Math.sqrt(weight);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < lexical.dimensions; c++)
      row[c] = lexical.data[i * lexical.dimensions + c] * lexicalScale;
    for (let c = 0; c < meaning.dimensions; c++)
      row[lexical.dimensions + c] = meaning.data[i * meaning.dimensions + c] * meaningScale;
    normalise(row, 0, d);
    data.set(row, i * d);
  }
  return { dimensions: d, data };
}
