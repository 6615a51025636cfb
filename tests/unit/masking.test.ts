import { describe, expect, it } from "vitest";
import { maskPersonalData, MASKS, roundCoordinate } from "~/features/needs/masking";

describe("maskPersonalData", () => {
  it("masks email addresses", () => {
    expect(maskPersonalData("Write to jo.bloggs+council@example.co.uk please")).toBe(
      `Write to ${MASKS.email} please`,
    );
  });

  it.each(["07700 900123", "+44 7700 900123", "(020) 7946 0958", "0117-496-0123", "270-555-0199"])(
    "masks the phone number %s",
    (phone) => {
      expect(maskPersonalData(`Call me on ${phone} after six`)).toBe(`Call me on ${MASKS.phone} after six`);
    },
  );

  it.each(["12 Acacia Avenue", "3a High Street", "221B Baker St", "7 Heol y Castell"])(
    "masks the house-number address %s",
    (address) => {
      expect(maskPersonalData(`The tipping is outside ${address} every week`)).toBe(
        `The tipping is outside ${MASKS.address} every week`,
      );
    },
  );

  it("leaves ordinary numbers, years and street names without a house number alone", () => {
    const text =
      "Since 2018 about 300 children on Smallhouse Road have had no crossing; buses run every 15 minutes.";
    expect(maskPersonalData(text)).toBe(text);
  });

  it("keeps markup as text for the page to escape, never removing the words around it", () => {
    expect(maskPersonalData("<script>alert(1)</script> my email is a@b.com")).toBe(
      `<script>alert(1)</script> my email is ${MASKS.email}`,
    );
  });
});

describe("roundCoordinate", () => {
  it("rounds to about 100 metres", () => {
    expect(roundCoordinate(51.4613987)).toBe(51.461);
    expect(roundCoordinate(-0.0143212)).toBe(-0.014);
  });
});
