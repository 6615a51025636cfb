import type { LoaderFunctionArgs } from "@remix-run/node";
import { asService } from "~/db/database.server";
import { recordAudit } from "~/platform/audit.server";
import { csvHeader, csvRows } from "~/features/evidence-io/exports.server";
import { getPublicConsultation, publicNeedBatches } from "~/features/evidence-io/open-data.server";
import { ApiError, apiStreamResponse } from "~/server/api.server";

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

// GET /api/v1/consultations/:slug/needs.csv: every published need, public fields only, as one CSV file,
// streamed a batch at a time from one snapshot, however many there are.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiStreamResponse(request, context, {
    async open(tx) {
      const consultation = await getPublicConsultation({ tx, slug: params.slug ?? "" });
      if (!consultation) throw new ApiError(404, "No published consultation has that slug");
      const day = new Date().toISOString().slice(0, 10);
      return {
        consultation,
        contentType: "text/csv; charset=utf-8",
        headers: { "Content-Disposition": `attachment; filename="${consultation.slug}-needs-${day}.csv"` },
      };
    },
    async write(tx, { consultation }, out) {
      let rows = 0;
      await out.write(csvHeader(COLUMNS));
      for await (const needs of publicNeedBatches({ tx, consultationId: consultation.id })) {
        const lines = needs.map((need) => ({
          ...need,
          theme: need.theme?.name ?? null,
          area: need.area?.name ?? null,
          lat: need.location?.lat ?? null,
          lng: need.location?.lng ?? null,
        }));
        await out.write(csvRows(COLUMNS, lines), needs.length);
        rows += needs.length;
      }
      return rows;
    },
    // Every download is recorded in the audit log, as every export is: as the service role (the request's
    // anon role may not write it), once the stream's own transaction has ended, and before the file's last
    // byte, so a client holding the whole file finds it recorded. A client that left early is recorded too.
    async settled({ consultation }, { rows, complete }) {
      await asService(context.db, (tx) =>
        recordAudit({
          tx,
          organisationId: consultation.organisation_id,
          consultationId: consultation.id,
          action: "export.public_needs_csv",
          targetType: "consultations",
          targetId: consultation.id,
          detail: { rows, public: true, ...(complete ? {} : { complete: false }) },
          ip: context.clientAddress,
        }),
      );
    },
  });
}
