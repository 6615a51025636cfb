// Needs arrive in batches, as the grouping job reads them from the database, and are kept compactly: the
// meaning vectors side by side in one array (signed bytes, as the database stores them), so a million needs'
// vectors take 512 MB and not the 2 GB of a Float32Array each. Links go back in chunks of typed arrays.
import { suggestGroups, type GroupingInput, type GroupingOptions, type GroupingSuggestion } from "./index";

/** Needs in the order read, each with its meaning vector (a row of `vectors`) when hasVector says so. */
export interface NeedBatch {
  ids: string[];
  texts: string[];
  titles: (string | null)[];
  width: number;
  /** The rows of the needs that have a vector, in order: signed bytes as stored, or numbers. */
  vectors: Int8Array | Float32Array;
  hasVector: Uint8Array;
}

/** Grouped needs with their group's number and their similarity to its centre (NaN when not known). */
export interface LinkChunk {
  ids: string[];
  group: Int32Array;
  similarity: Float32Array;
}

export class NeedCollector {
  private ids: string[] = [];
  private texts: string[] = [];
  private titles: (string | undefined)[] = [];
  private rowOf = new Int32Array(1024);
  private width = 0;
  private data: Int8Array | Float32Array | null = null;
  private rows = 0;

  get count(): number {
    return this.ids.length;
  }

  keep(batch: NeedBatch): void {
    const needed = this.ids.length + batch.ids.length;
    if (needed > this.rowOf.length) this.rowOf = grow(this.rowOf, Math.max(this.rowOf.length * 2, needed));
    let row = 0;
    batch.ids.forEach((id, k) => {
      this.rowOf[this.ids.length] = batch.hasVector[k] ? this.rows + row++ : -1;
      this.ids.push(id);
      this.texts.push(batch.texts[k]!);
      this.titles.push(batch.titles[k] ?? undefined);
    });
    if (row === 0) return;
    if (!this.data) {
      this.width = batch.width;
      this.data = batch.vectors instanceof Int8Array ? new Int8Array(0) : new Float32Array(0);
    } else if (
      batch.width !== this.width ||
      batch.vectors instanceof Int8Array !== this.data instanceof Int8Array
    ) {
      throw new Error("Every batch's meaning vectors must have the same width and kind");
    }
    const end = (this.rows + row) * this.width;
    if (end > this.data.length) this.data = grow(this.data, Math.max(this.data.length * 2, end, 1024));
    this.data.set(batch.vectors.subarray(0, row * this.width), this.rows * this.width);
    this.rows += row;
  }

  /** Groups every need kept so far (see suggestGroups). */
  suggest(options: GroupingOptions = {}): GroupingSuggestion {
    const count = this.ids.length;
    const items: GroupingInput[] = this.ids.map((id, index) => ({
      id,
      text: this.texts[index]!,
      title: this.titles[index],
    }));
    return suggestGroups(items, {
      ...options,
      packedVectors: this.data
        ? {
            width: this.width,
            data: this.data.subarray(0, this.rows * this.width),
            rowOf: this.rowOf.subarray(0, count),
          }
        : undefined,
    });
  }
}

function grow<T extends Int8Array | Float32Array | Int32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}

/** The grouped needs of a suggestion, in input order, in chunks of at most `size`. */
export function* linkChunks(suggestion: GroupingSuggestion, size: number): Generator<LinkChunk> {
  const { assignments } = suggestion;
  let next = 0;
  while (next < assignments.length) {
    const ids: string[] = [];
    const group = new Int32Array(size);
    const similarity = new Float32Array(size);
    for (; next < assignments.length && ids.length < size; next++) {
      const assignment = assignments[next]!;
      if (assignment.group === null) continue;
      group[ids.length] = assignment.group;
      similarity[ids.length] = assignment.similarity ?? Number.NaN;
      ids.push(assignment.id);
    }
    if (ids.length > 0)
      yield { ids, group: group.slice(0, ids.length), similarity: similarity.slice(0, ids.length) };
  }
}

/** Items given whole (tests, evaluations) as the batches the job reads. */
export function batchesOf(items: GroupingInput[], size = 5_000): NeedBatch[] {
  const batches: NeedBatch[] = [];
  for (let start = 0; start < items.length; start += size) {
    const part = items.slice(start, start + size);
    const width = part.find((item) => (item.vector?.length ?? 0) > 0)?.vector?.length ?? 0;
    const hasVector = Uint8Array.from(part, (item) =>
      Number((item.vector?.length ?? 0) > 0 && item.vector!.length === width),
    );
    const vectors = new Float32Array(width * hasVector.reduce((sum, has) => sum + has, 0));
    let row = 0;
    part.forEach((item, k) => {
      if (hasVector[k]) vectors.set(Array.from(item.vector!), width * row++);
    });
    batches.push({
      ids: part.map((item) => item.id),
      texts: part.map((item) => item.text),
      titles: part.map((item) => item.title ?? null),
      width,
      vectors,
      hasVector,
    });
  }
  return batches;
}
