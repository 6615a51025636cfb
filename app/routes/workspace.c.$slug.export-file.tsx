import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readEnv } from "~/env.server";
import { exportSchema } from "~/features/evidence-io/evidence-forms";
import { formValues } from "~/lib/forms";
import { licenceLink, planExport, recordExport } from "~/features/evidence-io/exports.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { streamFile } from "~/server/streamed-file.server";

// The files of the export page. A resource route, so that a form post answers with the file itself; a POST
// (with the CSRF token) because every export is recorded in the audit log. A plain visit goes to the page.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/workspace/c/${params.slug}/export`);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const parsed = exportSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) throw new Response("Unknown export", { status: 400 });
  const { dataset, format } = parsed.data;
  const licence = readEnv().OPEN_DATA_LICENCE;
  // Streamed from one transaction as the commissioner: the checks (404, 403, not reported) answer before the
  // first byte; the audit record is written at the end of the file in that same transaction, with the rows
  // sent, or with `complete: false` when the commissioner's browser left early.
  const { head, body } = await streamFile({
    db: context.db,
    claims: commissioner.claims,
    signal: request.signal,
    async open(tx) {
      const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
      const plan = await planExport({ tx, consultation, dataset, format, licence, appUrl: context.appUrl });
      if (plan.status === "not-reported")
        throw redirect(`/workspace/c/${params.slug}/export?problem=not-reported#open-data`);
      return { consultation, plan };
    },
    write: (_tx, { plan }, out) => plan.write(out),
    finish: (tx, { consultation }, { rows, complete }) =>
      recordExport({ tx, consultation, dataset, format, licence, rows, complete, ip: context.clientAddress }),
  });
  return new Response(body, {
    headers: {
      "Content-Type": head.plan.contentType,
      "Content-Disposition": `attachment; filename="${head.plan.filename}"`,
      "Cache-Control": "no-store",
      ...(dataset === "open-data" ? { Link: licenceLink(licence) } : {}),
    },
  });
}
