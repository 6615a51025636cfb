import type { LoaderFunctionArgs } from "@remix-run/node";
import { asService } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { recordAudit } from "~/platform/audit.server";
import { licenceLink, openDataFile } from "~/features/evidence-io/exports.server";
import { getPublicConsultation, type PublicConsultation } from "~/features/evidence-io/open-data.server";
import { ApiError, ApiFile, apiResponse } from "~/server/api.server";

// GET /api/v1/consultations/:slug/open-data[?format=csv]: the open-data export of a reported consultation, a
// Frictionless Data Package with personal data removed, under OPEN_DATA_LICENCE (the Open Government Licence
// by default). Downloads are recorded in the audit log.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const licence = readEnv().OPEN_DATA_LICENCE;
  let exported: { consultation: PublicConsultation; rows: number; format: string } | null = null;
  const response = await apiResponse(request, context, async (tx, url) => {
    const format = url.searchParams.get("format") ?? "json";
    if (format !== "json" && format !== "csv") throw new ApiError(400, "format must be json or csv");
    const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) throw new ApiError(404, "No published consultation has that slug");
    if (consultation.status !== "reported")
      throw new ApiError(409, "Open data is published once the consultation has reported");
    const file = await openDataFile({ tx, consultation, format, licence, appUrl: context.appUrl });
    exported = { consultation, rows: file.rows, format };
    return new ApiFile(file.body, file.contentType, {
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      Link: licenceLink(licence),
    });
  });
  const done = exported as { consultation: PublicConsultation; rows: number; format: string } | null;
  if (response.status === 200 && done) {
    await asService(context.db, (tx) =>
      recordAudit({
        tx,
        organisationId: done.consultation.organisation_id,
        consultationId: done.consultation.id,
        action: `export.open_data_${done.format}`,
        targetType: "consultations",
        targetId: done.consultation.id,
        detail: { rows: done.rows, licence, public: true },
        ip: context.clientAddress,
      }),
    );
  }
  return response;
}
