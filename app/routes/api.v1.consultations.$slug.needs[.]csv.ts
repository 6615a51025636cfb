import type { LoaderFunctionArgs } from "@remix-run/node";
import { asService } from "~/db/database.server";
import { recordAudit } from "~/platform/audit.server";
import { toCsv } from "~/features/evidence-io/exports.server";
import {
  allPublicNeeds,
  getPublicConsultation,
  type PublicConsultation,
} from "~/features/evidence-io/open-data.server";
import { ApiError, ApiFile, apiResponse } from "~/server/api.server";

const COLUMNS = [
  "reference",
  "title",
  "description",
  "theme",
  "area",
  "place",
  "lat",
  "lng",
  "affected_groups",
  "affected_other",
  "people_estimate",
  "seriousness",
  "urgency",
  "support_count",
  "source",
  "created_at",
  "published_at",
];

// GET /api/v1/consultations/:slug/needs.csv: every published need, public fields only, as one CSV file.
// Downloads (not 304s) are recorded in the audit log, as every export is.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  let exported: { consultation: PublicConsultation; rows: number } | null = null;
  const response = await apiResponse(request, context, async (tx) => {
    const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) throw new ApiError(404, "No published consultation has that slug");
    const rows: Record<string, unknown>[] = [];
    for await (const need of allPublicNeeds({ tx, consultationId: consultation.id })) {
      rows.push({
        ...need,
        theme: need.theme?.name ?? null,
        area: need.area?.name ?? null,
        lat: need.location?.lat ?? null,
        lng: need.location?.lng ?? null,
      });
    }
    exported = { consultation, rows: rows.length };
    const day = new Date().toISOString().slice(0, 10);
    return new ApiFile(toCsv(COLUMNS, rows), "text/csv; charset=utf-8", {
      "Content-Disposition": `attachment; filename="${consultation.slug}-needs-${day}.csv"`,
    });
  });
  const done = exported as { consultation: PublicConsultation; rows: number } | null;
  if (response.status === 200 && done) {
    await asService(context.db, (tx) =>
      recordAudit({
        tx,
        organisationId: done.consultation.organisation_id,
        consultationId: done.consultation.id,
        action: "export.public_needs_csv",
        targetType: "consultations",
        targetId: done.consultation.id,
        detail: { rows: done.rows, public: true },
        ip: context.clientAddress,
      }),
    );
  }
  return response;
}
