import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicConsultations } from "~/features/evidence-io/open-data.server";
import { apiResponse, nextLink, readPaging } from "~/server/api.server";

// GET /api/v1/consultations: consultations out of draft, newest first, with their themes and areas.
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiResponse(request, context, async (tx, url) => {
    const paging = readPaging(url);
    const { items, next } = await listPublicConsultations({ tx, ...paging });
    return {
      data: items,
      links: { self: url.pathname + url.search, next: nextLink(url, next) },
      meta: { limit: paging.limit },
    };
  });
}
