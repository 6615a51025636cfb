// Meaning vectors as Groundswell stores and compares them (see migration 20261206090000): a unit vector of
// MEANING_DIMENSIONS numbers, stored as signed bytes (each number × 127), with a sketch of its signs for a fast
// first search by Hamming distance. Pure functions, shared by the app, the background job and the benchmarks.

export const MEANING_DIMENSIONS = 512;

/** The vector scaled to length 1 (a zero vector stays zero). */
export function unitVector(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / length;
  return vector;
}

/** A unit vector as stored: one signed byte per number. */
export function packVector(unit: Float32Array): Buffer {
  const bytes = Buffer.alloc(unit.length);
  for (let i = 0; i < unit.length; i++)
    bytes.writeInt8(Math.max(-127, Math.min(127, Math.round(unit[i]! * 127))), i);
  return bytes;
}

/** A stored vector back as a unit vector. */
export function unpackVector(bytes: Uint8Array): Float32Array {
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return unitVector(signed);
}

/** The sign of each number, as PostgreSQL's bit string text ('1' where the number is positive). */
export function sketchOf(vector: ArrayLike<number>): string {
  let bits = "";
  for (let i = 0; i < vector.length; i++) bits += vector[i]! > 0 ? "1" : "0";
  return bits;
}

/** Cosine similarity of two unit vectors of the same length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
