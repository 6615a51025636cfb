/** Mulberry32: a small seeded generator, so every run over the same input makes the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * A well-mixed 32-bit hash of a string and a salt (FNV-1a, then Murmur3's finaliser). Choices made by the
 * hash of an item's id, not by its place in the input, stay the same when other items come and go.
 */
export function hashOf(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mixHash(h);
}

/** Murmur3's finaliser: every input bit moves about half the output bits. */
export function mixHash(value: number, salt = 0): number {
  let h = (value ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The items ordered by a key each, ties by index: an order that other items do not disturb. */
export function orderedByKey(items: readonly number[], key: (item: number) => number): number[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => a.key - b.key || a.item - b.item)
    .map(({ item }) => item);
}
