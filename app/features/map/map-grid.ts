// Clustering the public map's needs on a grid fixed to the map's pixels at each zoom (Web Mercator, as the
// tiles are drawn), so a cluster covers about the same screen area at every zoom and the answer's size is
// bounded by the screen, not by the number of needs. Pure: the server uses it, the tests check it.

/** A cell is about this many pixels square on the map. */
export const CELL_PIXELS = 64;
/** Past this zoom nothing splits further: public points are rounded to about 100 m. */
export const MAX_MAP_ZOOM = 17;
/** A cluster lists its needs by name when it has at most this many; larger ones say how many. */
export const NAMED_NEEDS_PER_PLACE = 5;

export interface NeedOnMap {
  reference: string;
  title: string;
  language: string;
}

/** Needs at one public (rounded) point, as the database groups them. */
export interface MapPoint {
  lat: number;
  lng: number;
  count: number;
  /** The point's needs when it has at most NAMED_NEEDS_PER_PLACE of them, else empty. */
  needs: NeedOnMap[];
}

/** One marker on the map: a single need, or a cluster with its count (and its needs when few). */
export interface MapPlace {
  lat: number;
  lng: number;
  count: number;
  needs: NeedOnMap[];
}

export interface NeedMap {
  /** Needs that match the filters, on the map or not. */
  total: number;
  /** Of those, the needs with no point to show. */
  withoutPlace: number;
  /** Where the matching needs with a point are, to open the map on them; null when none has one. */
  bounds: Bbox | null;
  /** The zoom the places were clustered at (the one asked for, or lower for a very large box). */
  zoom: number;
  places: MapPlace[];
  /** More points lay in the box than were read. */
  truncated: boolean;
}

export interface Bbox {
  south: number;
  west: number;
  north: number;
  east: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
// Web Mercator stops short of the poles.
const MAX_LATITUDE = 85.05112878;

/** A point as a fraction of the whole Web Mercator map (0..1 across, 0..1 down). */
export function project(lat: number, lng: number): { x: number; y: number } {
  const phi = (clamp(lat, -MAX_LATITUDE, MAX_LATITUDE) * Math.PI) / 180;
  return {
    x: (clamp(lng, -180, 180) + 180) / 360,
    y: (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2,
  };
}

/** How many cells span the map from west to east at this zoom. */
export function cellsAcross(zoom: number): number {
  return (256 * 2 ** zoom) / CELL_PIXELS;
}

/** The grid cell a point falls in at this zoom. */
export function cellOf(lat: number, lng: number, zoom: number): string {
  const { x, y } = project(lat, lng);
  const cells = cellsAcross(zoom);
  return `${Math.floor(x * cells)}:${Math.floor(y * cells)}`;
}

/**
 * Joins points that fall in one grid cell into one place at their weighted centre. A place keeps its needs
 * by name while it has at most NAMED_NEEDS_PER_PLACE of them. Largest places first.
 */
export function clusterPoints(points: readonly MapPoint[], zoom: number): MapPlace[] {
  const z = clamp(Math.round(zoom), 0, MAX_MAP_ZOOM);
  const cells = new Map<string, { lat: number; lng: number; count: number; needs: NeedOnMap[] }>();
  // In a fixed order, so a place lists its needs (and sums its centre) the same whatever order rows come in.
  const ordered = [...points].sort((a, b) => a.lat - b.lat || a.lng - b.lng);
  for (const point of ordered) {
    if (point.count < 1) continue;
    const key = cellOf(point.lat, point.lng, z);
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, {
        lat: point.lat * point.count,
        lng: point.lng * point.count,
        count: point.count,
        needs: [...point.needs],
      });
      continue;
    }
    cell.lat += point.lat * point.count;
    cell.lng += point.lng * point.count;
    cell.count += point.count;
    cell.needs.push(...point.needs);
  }
  return [...cells.values()]
    .map((cell) => ({
      lat: roundTo(cell.lat / cell.count, 5),
      lng: roundTo(cell.lng / cell.count, 5),
      count: cell.count,
      // Names only when the place's every need is named: a partial list would mislead.
      needs: cell.count <= NAMED_NEEDS_PER_PLACE && cell.needs.length === cell.count ? cell.needs : [],
    }))
    .sort((a, b) => b.count - a.count || a.lat - b.lat || a.lng - b.lng);
}

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** "south,west,north,east" in degrees; null when unreadable or inverted. */
export function parseBbox(text: string | null | undefined): Bbox | null {
  if (!text) return null;
  const parts = text.split(",").map((part) => Number(part.trim()));
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part))) return null;
  const [south, west, north, east] = parts as [number, number, number, number];
  const box = {
    south: clamp(south, -90, 90),
    west: clamp(west, -180, 180),
    north: clamp(north, -90, 90),
    east: clamp(east, -180, 180),
  };
  return box.south <= box.north && box.west <= box.east ? box : null;
}

/**
 * The zoom to cluster at: the one asked for, lowered until the box spans at most `maxCells` cells each way,
 * so no request (whatever box and zoom it names) makes more places than a screen holds.
 */
export function clusterZoom(requested: number, bbox: Bbox, maxCells = 40): number {
  let zoom = clamp(Math.round(Number.isFinite(requested) ? requested : 0), 0, MAX_MAP_ZOOM);
  const corner = project(bbox.north, bbox.west);
  const opposite = project(bbox.south, bbox.east);
  const span = Math.max(opposite.x - corner.x, opposite.y - corner.y);
  while (zoom > 0 && span * cellsAcross(zoom) > maxCells) zoom -= 1;
  return zoom;
}
