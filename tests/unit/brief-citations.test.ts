// A published brief lists the needs behind each statement. On screen a statement citing thousands shows its
// first thirty and links to the page for printing, which lists them all; paper always gets every one.
import { describe, expect, it } from "vitest";
import { citationsOnScreen, CITATIONS_ON_SCREEN } from "~/features/briefs/brief-document";

const references = (count: number) =>
  Array.from({ length: count }, (_, i) => `GS-${String(i).padStart(6, "0")}`);
const everyCitationHref = "/briefs/b/v/1?print=1";

describe("citations on a published brief", () => {
  it("shows every citation of a statement citing thirty or fewer", () => {
    expect(citationsOnScreen(references(CITATIONS_ON_SCREEN), { print: false, everyCitationHref })).toEqual({
      shown: references(CITATIONS_ON_SCREEN),
      folded: false,
    });
  });

  it("shows the first thirty of thousands on screen, and says the rest are on the page for printing", () => {
    const all = references(4_680);
    const { shown, folded } = citationsOnScreen(all, { print: false, everyCitationHref });
    expect(folded).toBe(true);
    expect(shown).toEqual(all.slice(0, CITATIONS_ON_SCREEN));
  });

  it("lists every citation on paper, and wherever no other page lists them", () => {
    const all = references(4_680);
    expect(citationsOnScreen(all, { print: true, everyCitationHref }).shown).toHaveLength(4_680);
    expect(citationsOnScreen(all, { print: false }).shown).toHaveLength(4_680);
  });
});
