import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicConsultation, listPublicStatements } from "~/features/evidence-io/open-data.server";
import { ApiError, apiResponse, nextLink, readPaging } from "~/server/api.server";
import { withExpertContributions } from "~/features/statements/expert-contributions.server";

// GET /api/v1/statements[?consultation=slug]: agreed needs statements with the published needs behind them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiResponse(request, context, async (tx, url) => {
    const paging = readPaging(url);
    const slug = url.searchParams.get("consultation");
    const consultation = slug ? await getPublicConsultation({ tx, slug }) : null;
    if (slug && !consultation) throw new ApiError(404, "No published consultation has that slug");
    const { items, next } = await listPublicStatements({ tx, consultationId: consultation?.id, ...paging });
    return {
      data: await withExpertContributions({ tx, statements: items }),
      links: { self: url.pathname + url.search, next: nextLink(url, next) },
      meta: { limit: paging.limit },
    };
  });
}
