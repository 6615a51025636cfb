// Needs given to the engine in batches, with their meaning vectors packed as the database stores them, are
// grouped exactly as the same needs given whole with their vectors unpacked.
import { describe, expect, it } from "vitest";
import { batchesOf, linkChunks, NeedCollector } from "~/features/need-groups/grouping/collect";
import { suggestGroups } from "~/features/need-groups/grouping/index";
import { packVector, unitVector, unpackVector } from "~/platform/meaning/vectors";
import { topicNames, topicNeed } from "../support/grouping-texts";

const items = topicNames.flatMap((topic, t) =>
  Array.from({ length: 8 }, (_, n) => {
    const vector = new Float32Array(32);
    vector[t] = 1;
    vector[8 + (n % 16)] = 0.3;
    return {
      id: `${topic}-${n}`,
      text: Object.values(topicNeed(topic, n)).join(". "),
      vector: unitVector(vector),
    };
  }),
);

describe("needs collected in batches", () => {
  it("group as the whole set does, with vectors packed as stored", () => {
    const stored = items.map((item) => ({ ...item, bytes: packVector(item.vector) }));
    // One need still waits for its meaning.
    const waiting = new Set([stored[3]!.id]);
    const whole = suggestGroups(
      stored.map(({ id, text, bytes }) => ({
        id,
        text,
        vector: waiting.has(id) ? null : unpackVector(bytes),
      })),
    );
    const collector = new NeedCollector();
    for (let start = 0; start < stored.length; start += 5) {
      const part = stored.slice(start, start + 5);
      const ready = part.filter((item) => !waiting.has(item.id));
      const vectors = new Int8Array(32 * ready.length);
      ready.forEach((item, row) =>
        vectors.set(new Int8Array(item.bytes.buffer, item.bytes.byteOffset, 32), row * 32),
      );
      collector.keep({
        ids: part.map((item) => item.id),
        texts: part.map((item) => item.text),
        titles: part.map(() => null),
        width: 32,
        vectors,
        hasVector: Uint8Array.from(part, (item) => Number(!waiting.has(item.id))),
      });
    }
    expect(collector.count).toBe(items.length);
    expect(collector.suggest()).toEqual(whole);
    expect(whole.groups.length).toBeGreaterThan(1);
  });

  it("give the same answer from batches of numbers, and its links in chunks of the grouped needs", () => {
    const whole = suggestGroups(items);
    const collector = new NeedCollector();
    for (const batch of batchesOf(items, 7)) collector.keep(batch);
    const collected = collector.suggest();
    expect(collected).toEqual(whole);
    const chunks = [...linkChunks(collected, 10)];
    expect(chunks.every((chunk) => chunk.ids.length <= 10)).toBe(true);
    const grouped = whole.assignments.filter((assignment) => assignment.group !== null);
    expect(chunks.flatMap((chunk) => chunk.ids)).toEqual(grouped.map((assignment) => assignment.id));
    expect(chunks.flatMap((chunk) => [...chunk.group])).toEqual(
      grouped.map((assignment) => assignment.group),
    );
  });
});
