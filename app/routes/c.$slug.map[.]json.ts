import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { getNeedMap } from "~/features/map/need-map.server";
import { needFilters, parseNeedMapQuery } from "~/features/needs/need-list-query.server";

// GET /c/:slug/map.json?<the list's filters>&bbox=south,west,north,east&zoom=N: the consultation page's map,
// as the reader may see it (the same filters and row-level security as the list).
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const query = parseNeedMapQuery(new URL(request.url).searchParams);
  const map = await asRequest(context.db, context.claims, async (tx) => {
    const consultation = await getConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) return null;
    return getNeedMap({
      tx,
      consultationId: consultation.id,
      filters: needFilters(query),
      bbox: query.bbox,
      zoom: query.zoom,
    });
  });
  if (!map) return json({ error: "No consultation has that address" }, { status: 404 });
  return json(map, { headers: { "Cache-Control": "no-store" } });
}
