import type { LoaderFunctionArgs } from "@remix-run/node";
import { asService, type Tx } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { recordAudit } from "~/platform/audit.server";
import { licenceLink, openDataFile } from "~/features/evidence-io/exports.server";
import { getPublicConsultation, type PublicConsultation } from "~/features/evidence-io/open-data.server";
import { ApiError, ApiFile, apiResponse, apiStreamResponse } from "~/server/api.server";
import { stringWriter } from "~/lib/file-writer.server";

// GET /api/v1/consultations/:slug/open-data[?format=csv]: the open-data export of a reported consultation, a
// Frictionless Data Package with personal data removed, under OPEN_DATA_LICENCE (the Open Government Licence
// by default). Downloads are recorded in the audit log. The needs CSV streams a batch at a time (no ETag: see
// apiStreamResponse); the package is built whole (see openDataFile) and keeps its ETag.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const licence = readEnv().OPEN_DATA_LICENCE;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  const opened = async (tx: Tx) => {
    if (format !== "json" && format !== "csv") throw new ApiError(400, "format must be json or csv");
    const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation) throw new ApiError(404, "No published consultation has that slug");
    if (consultation.status !== "reported")
      throw new ApiError(409, "Open data is published once the consultation has reported");
    const file = openDataFile({ tx, consultation, format, licence, appUrl: context.appUrl });
    const headers = {
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      Link: licenceLink(licence),
    };
    return { consultation, file, contentType: file.contentType, headers };
  };
  const audit = (consultation: PublicConsultation, rows: number, complete = true) =>
    asService(context.db, (tx) =>
      recordAudit({
        tx,
        organisationId: consultation.organisation_id,
        consultationId: consultation.id,
        action: `export.open_data_${format}`,
        targetType: "consultations",
        targetId: consultation.id,
        detail: { rows, licence, public: true, ...(complete ? {} : { complete: false }) },
        ip: context.clientAddress,
      }),
    );

  if (format === "csv") {
    return apiStreamResponse(request, context, {
      open: opened,
      write: (_tx, { file }, out) => file.write(out),
      // Recorded after the stream's anon transaction, before the file's last byte (see the needs.csv route).
      settled: ({ consultation }, { rows, complete }) => audit(consultation, rows, complete),
    });
  }
  let exported: { consultation: PublicConsultation; rows: number } | null = null;
  const response = await apiResponse(request, context, async (tx) => {
    const { consultation, file, contentType, headers } = await opened(tx);
    const out = stringWriter();
    exported = { consultation, rows: await file.write(out) };
    return new ApiFile(out.text(), contentType, headers);
  });
  const done = exported as { consultation: PublicConsultation; rows: number } | null;
  if (response.status === 200 && done) await audit(done.consultation, done.rows);
  return response;
}
