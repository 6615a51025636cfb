// The public map's pure parts: clustering on the zoom's grid, reading the view's box and zoom, and the
// filters the list and the map share (one schema reads them, one function writes them into addresses).
import { describe, expect, it } from "vitest";
import {
  cellOf,
  clusterPoints,
  clusterZoom,
  MAX_MAP_ZOOM,
  NAMED_NEEDS_PER_PLACE,
  parseBbox,
  project,
  type MapPoint,
} from "~/features/map/map-grid";
import { needListSearch } from "~/features/needs/need-list-params";
import { needFilters, parseNeedListQuery, parseNeedMapQuery } from "~/features/needs/need-list-query.server";

const need = (reference: string) => ({ reference, title: `Need ${reference}`, language: "en" });
const point = (lat: number, lng: number, count = 1): MapPoint => ({
  lat,
  lng,
  count,
  needs:
    count <= NAMED_NEEDS_PER_PLACE ? Array.from({ length: count }, (_, i) => need(`${lat}-${lng}-${i}`)) : [],
});

describe("clustering needs on the map's grid", () => {
  // Two points about 1.1 km apart in Bowling Green, one 45 km away in Nashville's direction.
  const town = [point(36.99, -86.444), point(37.0, -86.444, 2)];
  const far = point(36.6, -86.6);

  it("joins nearby points into one place with their total at a low zoom", () => {
    const places = clusterPoints([...town, far], 9);
    expect(places.map((place) => place.count)).toEqual([3, 1]);
    expect(places[0]!.lat).toBeCloseTo((36.99 + 2 * 37.0) / 3, 5);
    expect(places[0]!.lng).toBeCloseTo(-86.444, 5);
  });

  it("splits them again when the map zooms in", () => {
    const places = clusterPoints([...town, far], 15);
    expect(places.map((place) => place.count)).toEqual([2, 1, 1]);
  });

  it("names a place's needs while they are few, and only counts a larger place", () => {
    const [few] = clusterPoints([point(36.99, -86.444, 2), point(36.9901, -86.4441, 3)], 10);
    expect(few!.count).toBe(5);
    expect(few!.needs).toHaveLength(5);
    const [many] = clusterPoints([point(36.99, -86.444, 2), point(36.9901, -86.4441, 4)], 10);
    expect(many!.count).toBe(6);
    expect(many!.needs).toEqual([]);
    // A point counted but not named (more than the limit at one point) never leaves a partial list.
    const [partial] = clusterPoints([point(36.99, -86.444, 7), point(36.9901, -86.4441, 1)], 10);
    expect(partial!.needs).toEqual([]);
  });

  it("puts points in the same cell at the same zoom, whatever order they come in", () => {
    const shuffled = clusterPoints([far, ...town].reverse(), 9);
    expect(shuffled).toEqual(clusterPoints([...town, far], 9));
    expect(cellOf(36.99, -86.444, 9)).toBe(cellOf(37.0, -86.444, 9));
    expect(cellOf(36.99, -86.444, 15)).not.toBe(cellOf(37.0, -86.444, 15));
  });

  it("gives as many places as cells, however many needs there are", () => {
    const crowd = Array.from({ length: 2_000 }, (_, i) =>
      point(36.9 + (i % 40) * 0.005, -86.5 + (i % 50) * 0.004),
    );
    const places = clusterPoints(crowd, 8);
    expect(places.reduce((sum, place) => sum + place.count, 0)).toBe(2_000);
    expect(places.length).toBeLessThanOrEqual(4);
  });

  it("clamps a zoom beyond the map's range", () => {
    expect(clusterPoints(town, 40)).toEqual(clusterPoints(town, MAX_MAP_ZOOM));
    expect(clusterPoints(town, -3)).toEqual(clusterPoints(town, 0));
  });

  it("projects as Web Mercator", () => {
    expect(project(0, 0)).toEqual({ x: 0.5, y: 0.5 });
    expect(project(0, -180).x).toBe(0);
    expect(project(85.05112878, 180).y).toBeCloseTo(0, 6);
  });
});

describe("the map's view", () => {
  it("reads a box as south,west,north,east and refuses anything else", () => {
    expect(parseBbox("36.9,-86.5,37.1,-86.3")).toEqual({
      south: 36.9,
      west: -86.5,
      north: 37.1,
      east: -86.3,
    });
    expect(parseBbox("36.9,-86.5,37.1")).toBeNull();
    expect(parseBbox("37.1,-86.5,36.9,-86.3")).toBeNull();
    expect(parseBbox("a,b,c,d")).toBeNull();
    expect(parseBbox("")).toBeNull();
    expect(parseBbox("-100,-200,100,200")).toEqual({ south: -90, west: -180, north: 90, east: 180 });
  });

  it("lowers the zoom until the box is a screen's worth of cells", () => {
    const town = { south: 36.95, west: -86.5, north: 37.05, east: -86.4 };
    expect(clusterZoom(13, town)).toBe(13);
    const world = { south: -85, west: -180, north: 85, east: 180 };
    expect(clusterZoom(17, world)).toBeLessThanOrEqual(3);
    expect(clusterZoom(Number.NaN, town)).toBe(0);
  });
});

describe("the filters the list and the map share", () => {
  const theme = "3f0c7c1e-5b7a-4c1e-9d3e-2a1b0c9d8e7f";

  it("survive a round trip through an address, in either view", () => {
    const query = parseNeedListQuery(new URLSearchParams(`q=bus+stop&theme=${theme}&sort=supported&page=3`));
    const map = parseNeedListQuery(new URLSearchParams(needListSearch(query, { view: "map", page: 1 })));
    expect(map).toEqual({ ...query, view: "map", page: 1 });
    const back = parseNeedListQuery(new URLSearchParams(needListSearch(map, { view: "list" })));
    expect(back).toEqual({ ...query, page: 1 });
  });

  it("leave the defaults out of the address", () => {
    expect(needListSearch(parseNeedListQuery(new URLSearchParams("")))).toBe("");
    expect(needListSearch(parseNeedListQuery(new URLSearchParams("view=map&page=1")))).toBe("view=map");
  });

  it("are read for the map by the list's own schema, with the box and zoom besides", () => {
    const params = new URLSearchParams(
      `q=bus&theme=${theme}&area=not-a-uuid&bbox=36.9,-86.5,37.1,-86.3&zoom=12`,
    );
    const map = parseNeedMapQuery(params);
    expect(needFilters(map)).toEqual(needFilters(parseNeedListQuery(params)));
    expect(needFilters(map)).toEqual({ q: "bus", themeId: theme, areaId: undefined });
    expect(map.bbox).toEqual({ south: 36.9, west: -86.5, north: 37.1, east: -86.3 });
    expect(map.zoom).toBe(12);
    expect(parseNeedMapQuery(new URLSearchParams("zoom=lots")).zoom).toBe(0);
  });
});
