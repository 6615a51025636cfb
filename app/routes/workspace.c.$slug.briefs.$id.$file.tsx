import type { LoaderFunctionArgs } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { exportBriefVersion, type BriefExportFormat } from "~/features/briefs/brief-exports.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { isUuid } from "~/lib/params";

// Downloads of a published brief version: export.docx, export.md and evidence.csv (?version=N, the latest by
// default). Links, not forms, so that a commissioner can share them with colleagues; each download is still
// recorded in the audit log, in the transaction that reads the version.
const files: Record<string, Exclude<BriefExportFormat, "print">> = {
  "export.docx": "docx",
  "export.md": "md",
  "evidence.csv": "csv",
};
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const format = files[params.file ?? ""];
  const version = new URL(request.url).searchParams.get("version");
  const versionNumber = version === null ? undefined : Number(version);
  if (
    !format ||
    !isUuid(params.id ?? "") ||
    (versionNumber !== undefined && !(Number.isInteger(versionNumber) && versionNumber >= 1))
  ) {
    throw new Response("Not found", { status: 404 });
  }
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return exportBriefVersion({
      tx,
      consultation,
      briefId: params.id!,
      versionNumber,
      format,
      appUrl: context.appUrl,
      ip: context.clientAddress,
    });
  });
  if (result.status === "not-found")
    throw new Response("No published version of this brief", { status: 404 });
  const body = typeof result.file.body === "string" ? result.file.body : new Uint8Array(result.file.body);
  return new Response(body, {
    headers: {
      "Content-Type": result.file.contentType,
      "Content-Disposition": `attachment; filename="${result.file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
