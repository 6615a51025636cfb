import { describe, expect, it } from "vitest";
import { descriptionAddsToTitle } from "~/features/needs/need-card";
import { headlineFrom } from "~/platform/demo-seed.server";

describe("a need's card", () => {
  it("leaves out a text that only repeats the title", () => {
    expect(descriptionAddsToTitle("More seating in the park", "More seating in the park.")).toBe(false);
    expect(descriptionAddsToTitle("Mwy o seddi", "  mwy o SEDDI!")).toBe(false);
    expect(descriptionAddsToTitle("More seating", "More seating in the park.")).toBe(true);
  });
});

describe("a demo need's headline", () => {
  it("is the first sentence without asides or an opening about the speaker", () => {
    expect(headlineFrom("We need faster internet service.")).toBe("Faster internet service");
    expect(headlineFrom("There should be more benches. The old ones broke.")).toBe("More benches");
    expect(headlineFrom("A private (catholic) high school would be beneficial to all.")).toBe(
      "A private high school would be beneficial to all",
    );
  });

  it("does not end a sentence at an abbreviation", () => {
    expect(headlineFrom("Remove some parking from Ft. Square. Add a green space.")).toBe(
      "Remove some parking from Ft. Square",
    );
  });

  it("ends a long sentence before a reason or a detail, not in the middle of a word", () => {
    const headline = headlineFrom(
      "BGPD needs to work toward community policing, where cops patrol the neighborhoods they live in and know the people there.",
    );
    expect(headline).toBe("BGPD needs to work toward community policing");
    const long = headlineFrom(
      "The traffic intersection at Scottsville Rd and Pascoe Blvd needs some immediate attention as far as the turning lanes are concerned",
    );
    expect(long.length).toBeLessThanOrEqual(90);
    expect(long).not.toMatch(/\s(and|at|to)$/);
  });
});
