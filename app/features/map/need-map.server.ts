// The public map's data: the published needs that match the list's filters, grouped by their public (rounded)
// point in SQL and clustered on the map's grid here. Runs as the reader, so row-level security decides as it
// does for the list; the exact points (private.need_private_details) are never read.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { publishedNeedsMatching, type NeedFilters } from "~/features/consultations/consultations.server";
import {
  clusterPoints,
  clusterZoom,
  NAMED_NEEDS_PER_PLACE,
  type Bbox,
  type MapPlace,
  type NeedMap,
  type NeedOnMap,
} from "~/features/map/map-grid";

/** Distinct public points read for one view at most; past it the answer says it is incomplete. */
export const MAP_POINT_LIMIT = 20_000;

export async function getNeedMap({
  tx,
  consultationId,
  filters,
  bbox,
  zoom,
}: {
  tx: Tx;
  consultationId: string;
  filters: NeedFilters;
  /** The part of the map on screen; without it, only the counts and bounds. */
  bbox: Bbox | null;
  zoom: number;
}): Promise<NeedMap> {
  const matching = publishedNeedsMatching({ tx, consultationId, filters });
  const summary = await matching
    .select([
      sql<string>`count(*)`.as("total"),
      sql<string>`count(*) filter (where n.lat is null)`.as("without_place"),
      sql<string | null>`min(n.lat)`.as("south"),
      sql<string | null>`min(n.lng)`.as("west"),
      sql<string | null>`max(n.lat)`.as("north"),
      sql<string | null>`max(n.lng)`.as("east"),
    ])
    .executeTakeFirstOrThrow();
  const bounds =
    summary.south === null
      ? null
      : {
          south: Number(summary.south),
          west: Number(summary.west),
          north: Number(summary.north),
          east: Number(summary.east),
        };
  const answer = {
    total: Number(summary.total),
    withoutPlace: Number(summary.without_place),
    bounds,
    zoom: 0,
    places: [] as MapPlace[],
    truncated: false,
  };
  if (!bbox || !bounds) return answer;
  const rows = await matching
    .where("n.lat", "is not", null)
    .where("n.lat", ">=", String(bbox.south))
    .where("n.lat", "<=", String(bbox.north))
    .where("n.lng", ">=", String(bbox.west))
    .where("n.lng", "<=", String(bbox.east))
    .select([
      "n.lat",
      "n.lng",
      sql<string>`count(*)`.as("count"),
      sql<NeedOnMap[] | null>`case when count(*) <= ${sql.lit(NAMED_NEEDS_PER_PLACE)} then
        json_agg(json_build_object('reference', n.reference, 'title', n.title, 'language', n.language)
                 order by n.created_at desc) end`.as("needs"),
    ])
    .groupBy(["n.lat", "n.lng"])
    .limit(MAP_POINT_LIMIT + 1)
    .execute();
  const truncated = rows.length > MAP_POINT_LIMIT;
  const clusteredAt = clusterZoom(zoom, bbox);
  const points = rows.slice(0, MAP_POINT_LIMIT).map((row) => ({
    lat: Number(row.lat),
    lng: Number(row.lng),
    count: Number(row.count),
    needs: row.needs ?? [],
  }));
  return { ...answer, zoom: clusteredAt, places: clusterPoints(points, clusteredAt), truncated };
}
