import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  getPublicConsultation,
  listPublicNeeds,
  type NeedFilters,
} from "~/features/evidence-io/open-data.server";
import { ApiError, apiResponse, nextLink, readPaging } from "~/server/api.server";
import { isUuid } from "~/lib/params";

/** As long as the consultation page's search box allows. */
const MAX_SEARCH = 200;

function readFilters(url: URL): NeedFilters {
  const filters: NeedFilters = {};
  for (const name of ["theme", "area"] as const) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    if (!isUuid(value))
      throw new ApiError(
        400,
        `${name} must be the id of one of the consultation's ${name === "theme" ? "themes" : "areas"}`,
      );
    filters[name] = value;
  }
  const q = url.searchParams.get("q")?.trim();
  if (q) {
    if (q.length > MAX_SEARCH) throw new ApiError(400, `q must be at most ${MAX_SEARCH} characters`);
    filters.q = q;
  }
  const since = url.searchParams.get("since");
  if (since !== null) {
    if (Number.isNaN(Date.parse(since)))
      throw new ApiError(400, "since must be a date and time in ISO 8601, like 2024-03-05T00:00:00Z");
    filters.since = new Date(since);
  }
  return filters;
}

// GET /api/v1/consultations/:slug/needs: the consultation's published needs, public fields only, newest first;
// with ?q=, the newest SEARCH_MATCH_CAP matches at most (docs/api.md).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiResponse(request, context, async (tx, url) => {
    const paging = readPaging(url);
    const filters = readFilters(url);
    const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) throw new ApiError(404, "No published consultation has that slug");
    const { items, next, ...search } = await listPublicNeeds({
      tx,
      consultationId: consultation.id,
      filters,
      ...paging,
    });
    return {
      data: items.map((need) => ({ ...need, consultation: consultation.slug })),
      links: {
        self: url.pathname + url.search,
        next: nextLink(url, next),
        consultation: `/api/v1/consultations/${consultation.slug}`,
      },
      // With a search: how many needs the list holds, and whether more match than it lists.
      meta:
        "matched" in search
          ? { limit: paging.limit, matched: search.matched, more_than: search.moreThan }
          : { limit: paging.limit },
    };
  });
}
