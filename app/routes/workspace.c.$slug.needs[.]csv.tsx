import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { exportNeedsCsv } from "~/features/needs/workspace-needs.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

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
  const { csv, slug } = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const exported = await exportNeedsCsv({ tx, consultation, filters, ip: context.clientAddress });
    return { csv: exported.csv, slug: consultation.slug };
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-needs-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
