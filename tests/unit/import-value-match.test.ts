// Which existing theme or area an imported value defaults to on the values step: case, spacing, punctuation and
// simple plurals aside, by English or Welsh name; two equally good candidates choose nothing.
import { describe, expect, it } from "vitest";
import { matchingWords, matchValue, type NamedValue } from "~/features/evidence-io/import/value-match";

const park: NamedValue = { id: "park", name: "Park", name_cy: "Parc" };
const bus: NamedValue = { id: "bus", name: "Bus service", name_cy: null };
const library: NamedValue = { id: "library", name: "Library", name_cy: "Llyfrgell" };
const gardens: NamedValue = { id: "gardens", name: "Parks & gardens", name_cy: null };
const themes = [park, bus, library, gardens];

describe("matching an imported value to the consultation's themes", () => {
  it("ignores case, spacing and punctuation", () => {
    expect(matchingWords("  Parks  &  Gardens. ")).toEqual(["parks", "and", "gardens"]);
    expect(matchValue("park", themes)).toEqual({ status: "matched", id: "park", how: "same" });
    expect(matchValue(" PARK ", themes)).toEqual({ status: "matched", id: "park", how: "same" });
    expect(matchValue("bus-service", themes)).toEqual({ status: "matched", id: "bus", how: "same" });
    expect(matchValue("Parks and gardens", themes)).toEqual({
      status: "matched",
      id: "gardens",
      how: "same",
    });
  });

  it("ignores simple English plurals, word by word", () => {
    expect(matchValue("Parks", themes)).toEqual({ status: "matched", id: "park", how: "similar" });
    expect(matchValue(" PARKS ", themes)).toEqual({ status: "matched", id: "park", how: "similar" });
    expect(matchValue("Bus services", themes)).toEqual({ status: "matched", id: "bus", how: "similar" });
    expect(matchValue("buses service", themes)).toEqual({ status: "matched", id: "bus", how: "similar" });
    expect(matchValue("Libraries", themes)).toEqual({ status: "matched", id: "library", how: "similar" });
    expect(matchValue("Park & garden", themes)).toEqual({ status: "matched", id: "gardens", how: "similar" });
  });

  it("matches the Welsh name too", () => {
    expect(matchValue("parc", themes)).toEqual({ status: "matched", id: "park", how: "same" });
    expect(matchValue("LLYFRGELL", themes)).toEqual({ status: "matched", id: "library", how: "same" });
  });

  it("prefers the same name to a plural of another", () => {
    const both = [park, { id: "parks", name: "Parks", name_cy: null }];
    expect(matchValue("PARKS", both)).toEqual({ status: "matched", id: "parks", how: "same" });
    expect(matchValue("park", both)).toEqual({ status: "matched", id: "park", how: "same" });
  });

  it("chooses nothing when two fit equally well, and names them", () => {
    const riverside = { id: "riverside", name: "Riverside", name_cy: "Glan-yr-afon" };
    const glan = { id: "glan", name: "Glan yr Afon", name_cy: null };
    expect(matchValue("glan yr afon", [riverside, glan])).toEqual({
      status: "ambiguous",
      candidates: [riverside, glan],
    });
    const road = { id: "road", name: "Road", name_cy: null };
    const roads = { id: "roads", name: "ROADS ", name_cy: null };
    expect(matchValue("roads", [road, roads])).toEqual({ status: "matched", id: "roads", how: "same" });
    const lane = { id: "lane", name: "Lane", name_cy: null };
    const lanes = { id: "lanes", name: "Lanes", name_cy: null };
    expect(matchValue("lanes’", [lane, lanes])).toEqual({ status: "matched", id: "lanes", how: "same" });
    // Neither is "bus" itself; each is a plural of it.
    const buses = { id: "buses", name: "Buses", name_cy: null };
    const busses = { id: "busses", name: "Busses", name_cy: null };
    expect(matchValue("bus", [buses, busses])).toEqual({ status: "ambiguous", candidates: [buses, busses] });
  });

  it("says nothing matches when nothing does", () => {
    expect(matchValue("Potholes", themes)).toEqual({ status: "none" });
    expect(matchValue("Park ranger", themes)).toEqual({ status: "none" });
    expect(matchValue("News", [{ id: "new", name: "New", name_cy: null }])).toEqual({ status: "none" });
    expect(matchValue("Benchs", [{ id: "bench", name: "Bench", name_cy: null }])).toEqual({ status: "none" });
    expect(matchValue("", themes)).toEqual({ status: "none" });
    expect(matchValue("!!!", themes)).toEqual({ status: "none" });
  });
});
