// The consultation page's list options from its query string (search words, theme, area, order, page, list or
// map). A .server module, so zod stays out of the browser: the page's bundle carried all of it (85 KB gzipped)
// when the schema was written in the route, even inside the loader. The map's data (map.json) reads the same
// filters with the same schema, so the map always shows the needs the list shows.
import { z } from "zod";
import { parseBbox, type Bbox } from "~/features/map/map-grid";

const needListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  theme: z.uuid().optional().catch(undefined),
  area: z.uuid().optional().catch(undefined),
  sort: z.enum(["newest", "supported"]).catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  view: z.enum(["list", "map"]).catch("list"),
});

export type NeedListQuery = z.infer<typeof needListQuerySchema>;

/** Anything unreadable falls back to the default (first page, newest first, no filter, the list). */
export function parseNeedListQuery(searchParams: URLSearchParams): NeedListQuery {
  return needListQuerySchema.parse(Object.fromEntries(searchParams));
}

/** The filters a reader chose, as the models take them: what both the list and the map show. */
export function needFilters(query: NeedListQuery): { q?: string; themeId?: string; areaId?: string } {
  return { q: query.q || undefined, themeId: query.theme, areaId: query.area };
}

export interface NeedMapQuery extends NeedListQuery {
  /** The part of the map on screen; without it, only the summary (counts and bounds) is asked for. */
  bbox: Bbox | null;
  zoom: number;
}

/** The list's options plus the map's view: `bbox=south,west,north,east` and `zoom`. */
export function parseNeedMapQuery(searchParams: URLSearchParams): NeedMapQuery {
  const zoom = Number(searchParams.get("zoom"));
  return {
    ...parseNeedListQuery(searchParams),
    bbox: parseBbox(searchParams.get("bbox")),
    zoom: Number.isFinite(zoom) ? zoom : 0,
  };
}
