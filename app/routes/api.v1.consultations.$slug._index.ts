import type { LoaderFunctionArgs } from "@remix-run/node";
import { closedOn } from "~/features/consultations/consultation-lifecycle";
import { getPublicConsultation, themesAndAreasOf } from "~/features/evidence-io/open-data.server";
import { ApiError, apiResponse } from "~/server/api.server";

// GET /api/v1/consultations/:slug: one consultation, with links to its needs and open data.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiResponse(request, context, async (tx) => {
    const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) throw new ApiError(404, "No published consultation has that slug");
    const vocabulary = await themesAndAreasOf({ tx, consultationIds: [consultation.id] });
    const base = `/api/v1/consultations/${consultation.slug}`;
    return {
      data: {
        slug: consultation.slug,
        title: consultation.title,
        summary: consultation.summary,
        place: consultation.place,
        status: consultation.status,
        opens_at: consultation.opens_at,
        closes_at: consultation.closes_at,
        closed_at: closedOn(consultation),
        attribution: consultation.attribution,
        organisation: { name: consultation.organisation_name, slug: consultation.organisation_slug },
        ...vocabulary(consultation.id),
      },
      links: {
        self: base,
        needs: `${base}/needs`,
        needs_csv: `${base}/needs.csv`,
        statements: `/api/v1/statements?consultation=${consultation.slug}`,
        briefs: `/api/v1/briefs?consultation=${consultation.slug}`,
        open_data: consultation.status === "reported" ? `${base}/open-data` : null,
        page: `/c/${consultation.slug}`,
      },
    };
  });
}
