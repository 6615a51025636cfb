// What the model reads of a need, and how vectors are stored and compared (app/platform/meaning).
import { describe, expect, it } from "vitest";
import { MEANING_CHARACTERS, meaningText } from "~/platform/meaning/model.server";
import { cosine, packVector, sketchOf, unitVector, unpackVector } from "~/platform/meaning/vectors";

describe("meaningText", () => {
  it("reads the title then the description", () => {
    expect(meaningText("More buses", "On Sundays there are none.")).toBe(
      "More buses. On Sundays there are none.",
    );
    expect(meaningText("More buses!", "On Sundays there are none.")).toBe(
      "More buses. On Sundays there are none.",
    );
  });

  it("reads a description that repeats the title once", () => {
    expect(meaningText("Fly tipping", "fly tipping")).toBe("Fly tipping");
    expect(meaningText("Fly tipping", "Fly tipping behind the shops")).toBe("Fly tipping behind the shops");
    expect(meaningText("  Fly   tipping ", "")).toBe("Fly tipping");
  });

  it("has nothing to read in empty, emoji-only or punctuation-only text", () => {
    expect(meaningText("", "")).toBeNull();
    expect(meaningText("🚌🚌", "😡")).toBeNull();
    expect(meaningText("!!!", "...")).toBeNull();
    expect(meaningText("🚌", "No bus")).toBe("🚌. No bus");
  });

  it("reads no further than the model's share of a very long text, cut at a word", () => {
    const text = meaningText("Buses", "word ".repeat(5_000))!;
    expect(text.length).toBeLessThanOrEqual(MEANING_CHARACTERS);
    expect(text.endsWith("word")).toBe(true);
  });
});

describe("stored vectors", () => {
  it("keep their direction through the signed-byte form", () => {
    const vector = unitVector(Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37)));
    const other = unitVector(Array.from({ length: 512 }, (_, i) => Math.cos(i * 0.11)));
    const packed = packVector(vector);
    expect(packed.length).toBe(512);
    expect(cosine(unpackVector(packed), vector)).toBeGreaterThan(0.998);
    expect(
      Math.abs(cosine(unpackVector(packed), unpackVector(packVector(other))) - cosine(vector, other)),
    ).toBeLessThan(0.005);
  });

  it("sketch the sign of each number", () => {
    expect(sketchOf([0.5, -0.1, 0, 2])).toBe("1001");
  });

  it("leave a zero vector zero", () => {
    expect([...unitVector([0, 0, 0])]).toEqual([0, 0, 0]);
  });
});
