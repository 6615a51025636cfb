// Cells of meaning: the approximate nearest-neighbour index over a consultation's meaning sketches (migration
// 20261209100000). A search for the needs nearest a draft compares its sketch with every sketch of the
// consultation: 70 ms at 200,000 needs, about 370 ms at a million. With cells, the consultation's sketches are
// split into about √n cells around centres found by k-means on a sample (in Hamming space: each bit of a
// centre is the majority of its members' bits); every sketch is kept in the cell of its nearest centre, and a
// search reads only the cells whose centres are nearest the probe (an inverted-file index, as pgvector's
// ivfflat or FAISS's IVF, on the sketches PostgreSQL already holds, so it needs no extension). Pure functions
// here; the job that trains them is in meaning-cells.server.ts, the searches in the migration.
import { seededRandom } from "~/features/need-groups/grouping/random";

/** 32-bit words in a 512-bit sketch. */
const WORDS = 16;

/** Ones in each 16-bit number: a Hamming distance is 32 lookups. */
const ONES = (() => {
  const table = new Uint8Array(1 << 16);
  for (let i = 1; i < table.length; i++) table[i] = (i & 1) + table[i >>> 1]!;
  return table;
})();

/** PostgreSQL's bit string text ('0101…', 512 characters) as 16 words. */
export function sketchWords(bits: string): Uint32Array {
  const words = new Uint32Array(WORDS);
  for (let w = 0; w < WORDS; w++) words[w] = parseInt(bits.slice(w * 32, w * 32 + 32), 2) >>> 0;
  return words;
}

/** Words back as PostgreSQL's bit string text. */
export function sketchBits(words: Uint32Array): string {
  let bits = "";
  for (let w = 0; w < WORDS; w++) bits += words[w]!.toString(2).padStart(32, "0");
  return bits;
}

/** Hamming distance between sketch a (at offset a0 of its array) and sketch b (at b0). */
export function hamming(a: Uint32Array, a0: number, b: Uint32Array, b0: number): number {
  let ones = 0;
  for (let w = 0; w < WORDS; w++) {
    const x = (a[a0 + w]! ^ b[b0 + w]!) >>> 0;
    ones += ONES[x & 0xffff]! + ONES[x >>> 16]!;
  }
  return ones;
}

/** How many cells a consultation of n sketches is split into: about √n, so a cell holds about √n too. */
export function cellCountFor(n: number): number {
  return Math.max(1, Math.min(4_096, Math.round(Math.sqrt(n))));
}

/**
 * How many cells a search reads: enough that the nearest needs are found (docs/understanding.md). The searches
 * use private.meaning_cells_searched, the same rule in SQL; this one is for evaluating it.
 */
export function cellsToSearch(cells: number): number {
  return Math.min(cells, Math.max(24, Math.ceil(cells / 32)));
}

/** Index of the centre nearest the sketch at offset s0 of sketches. */
export function nearestCentre(centres: Uint32Array, sketches: Uint32Array, s0: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0, offset = 0; offset < centres.length; c++, offset += WORDS) {
    const distance = hamming(centres, offset, sketches, s0);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}

/** Lets the event loop answer requests between slices of a long computation. */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

/**
 * k centres for the sample (n sketches of 16 words, one after another), by k-means in Hamming space: start
 * from k sketches of the sample, then repeat: each sketch joins its nearest centre, each centre becomes the
 * bitwise majority of its members. An empty cell takes the sketch farthest from its own centre. Yields to the
 * event loop every few thousand sketches, so a request is never held up for long.
 */
export async function trainCentres(
  sample: Uint32Array,
  k: number,
  { rounds = 8, seed = 1 }: { rounds?: number; seed?: number } = {},
): Promise<Uint32Array> {
  const n = sample.length / WORDS;
  const count = Math.max(1, Math.min(k, n));
  const random = seededRandom(seed);
  const centres = new Uint32Array(count * WORDS);
  // Distinct starting points: a partial shuffle of the sample's indices.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let c = 0; c < count; c++) {
    const pick = c + Math.floor(random() * (n - c));
    [order[c], order[pick]] = [order[pick]!, order[c]!];
    centres.set(sample.subarray(order[c]! * WORDS, order[c]! * WORDS + WORDS), c * WORDS);
  }
  const member = new Int32Array(n);
  const distanceToCentre = new Int32Array(n);
  const slice = Math.max(1, Math.floor(2_000_000 / count));
  for (let round = 0; round < rounds; round++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      if (i % slice === slice - 1) await breathe();
      const nearest = nearestCentre(centres, sample, i * WORDS);
      if (round === 0 || nearest !== member[i]) moved++;
      member[i] = nearest;
      distanceToCentre[i] = hamming(centres, nearest * WORDS, sample, i * WORDS);
    }
    if (round > 0 && moved === 0) break;
    // Majority of each bit among members: count ones per bit per centre.
    const ones = new Uint32Array(count * WORDS * 32);
    const sizes = new Uint32Array(count);
    for (let i = 0; i < n; i++) {
      const c = member[i]!;
      sizes[c]!++;
      for (let w = 0; w < WORDS; w++) {
        const word = sample[i * WORDS + w]!;
        if (word === 0) continue;
        const base = (c * WORDS + w) * 32;
        for (let b = 0; b < 32; b++) if (word & (1 << (31 - b))) ones[base + b]!++;
      }
    }
    const taken = new Set<number>();
    for (let c = 0; c < count; c++) {
      if (sizes[c] === 0) {
        // The farthest sketch not yet taken starts this cell again.
        let far = -1;
        for (let i = 0; i < n; i++)
          if (!taken.has(i) && (far < 0 || distanceToCentre[i]! > distanceToCentre[far]!)) far = i;
        taken.add(far);
        centres.set(sample.subarray(far * WORDS, far * WORDS + WORDS), c * WORDS);
        continue;
      }
      for (let w = 0; w < WORDS; w++) {
        let word = 0;
        const base = (c * WORDS + w) * 32;
        for (let b = 0; b < 32; b++) if (ones[base + b]! * 2 > sizes[c]!) word |= 1 << (31 - b);
        centres[c * WORDS + w] = word >>> 0;
      }
    }
    await breathe();
  }
  return centres;
}
