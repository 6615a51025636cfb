import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { CSV_BOM } from "~/features/evidence-io/exports.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { recordNeedsCsvExport, writeNeedsCsv } from "~/features/needs/workspace-needs.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { streamFile } from "~/server/streamed-file.server";

// The explorer's current view as a CSV file. A POST (with the CSRF token) because every export is recorded
// in the audit log; a plain visit goes back to the explorer.
export async function loader({ params, request }: LoaderFunctionArgs) {
  return redirect(`/workspace/c/${params.slug}/needs${new URL(request.url).search}`);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const form = await request.formData();
  const query = new URLSearchParams();
  for (const [name, value] of form)
    if (typeof value === "string" && name !== "csrf") query.append(name, value);
  const { filters } = parseExplorerQuery(query);
  // Streamed from one transaction as the commissioner, the audit record written at its end in the same one.
  const { head, body } = await streamFile({
    db: context.db,
    claims: commissioner.claims,
    signal: request.signal,
    open: (tx) => requireCommissionedConsultation({ tx, slug: params.slug ?? "" }),
    async write(tx, consultation, out) {
      await out.write(CSV_BOM);
      return writeNeedsCsv({ tx, consultationId: consultation.id, filters }, out);
    },
    finish: (tx, consultation, { rows, complete }) =>
      recordNeedsCsvExport({ tx, consultation, filters, rows, complete, ip: context.clientAddress }),
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${head.slug}-needs-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
