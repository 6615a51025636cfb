// "Is it one of these?" embeds each resident's draft. Drafts asked for while the model is busy go together in
// its next call, and each resident must get their own draft's vector back; in the app the model runs in a
// process of its own, whose vectors must be the model's.
import { describe, expect, it } from "vitest";
import {
  batchingEmbedder,
  draftEmbedder,
  startDraftEmbedding,
  type Embedder,
} from "~/platform/meaning/embedders.server";
import { embedTexts } from "~/platform/meaning/model.server";
import { cosine } from "~/platform/meaning/vectors";

/** An embedder whose vector for a text is [length of the text], recording each call and held until released. */
function recording() {
  const calls: string[][] = [];
  const held: (() => void)[] = [];
  let failNext = false;
  const inner: Embedder = {
    embed(texts) {
      calls.push(texts);
      const failing = failNext;
      failNext = false;
      return new Promise((resolve, reject) =>
        held.push(() =>
          failing
            ? reject(new Error("the model stopped"))
            : resolve(texts.map((text) => Float32Array.of(text.length))),
        ),
      );
    },
  };
  const release = async () => {
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    held.shift()!();
  };
  return { inner, calls, release, failOnce: () => (failNext = true) };
}

describe("drafts asked for at once", () => {
  it("are embedded together in the model's next call, each answered with its own vector", async () => {
    const { inner, calls, release } = recording();
    const embedder = batchingEmbedder(inner, 4);
    const first = embedder.embed(["a"]);
    const waiting = ["bb", "ccc", "dddd", "eeeee", "ffffff"].map((text) => embedder.embed([text]));
    await release();
    expect((await first)[0]![0]).toBe(1);
    await release();
    await release();
    const answers = await Promise.all(waiting);
    expect(answers.map(([vector]) => vector![0])).toEqual([2, 3, 4, 5, 6]);
    expect(calls).toEqual([["a"], ["bb", "ccc", "dddd", "eeeee"], ["ffffff"]]);
  });

  it("fails only the drafts of a call that failed, and the next call still answers", async () => {
    const { inner, calls, release, failOnce } = recording();
    const embedder = batchingEmbedder(inner, 16);
    failOnce();
    const failed = embedder.embed(["a", "b"]);
    const later = embedder.embed(["later"]);
    await release();
    await expect(failed).rejects.toThrow("the model stopped");
    await release();
    expect((await later)[0]![0]).toBe(5);
    expect(calls).toEqual([["a", "b"], ["later"]]);
  });
});

describe("the drafts' embedding process", () => {
  it("answers each of twenty drafts at once with the model's vector for that draft", async () => {
    await startDraftEmbedding();
    const drafts = Array.from(
      { length: 20 },
      (_, i) =>
        `${["Broken street lights", "No bus after six", "Damp in the flats", "Lonely since the day centre closed"][i % 4]} on road ${i}`,
    );
    const fromProcess = await Promise.all(drafts.map((draft) => draftEmbedder().embed([draft])));
    const here = await embedTexts(drafts);
    fromProcess.forEach(([vector], i) => {
      expect(vector).toHaveLength(512);
      expect(cosine(vector!, here[i]!)).toBeGreaterThan(0.9999);
      // and not the vector of the next resident's draft, which tells of another need
      expect(cosine(vector!, here[(i + 1) % 20]!)).toBeLessThan(0.99);
    });
  }, 60_000);
});
