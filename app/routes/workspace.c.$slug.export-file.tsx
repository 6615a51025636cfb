import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { exportSchema } from "~/features/evidence-io/evidence-forms";
import { formValues } from "~/lib/forms";
import { exportConsultation, licenceLink } from "~/features/evidence-io/exports.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

// The files of the export page. A resource route, so that a form post answers with the file itself; a POST
// (with the CSRF token) because every export is recorded in the audit log. A plain visit goes to the page.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/workspace/c/${params.slug}/export`);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const parsed = exportSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) throw new Response("Unknown export", { status: 400 });
  const licence = readEnv().OPEN_DATA_LICENCE;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return exportConsultation({
      tx,
      consultation,
      ...parsed.data,
      licence,
      appUrl: context.appUrl,
      ip: context.clientAddress,
    });
  });
  if (result.status === "not-reported")
    return redirect(`/workspace/c/${params.slug}/export?problem=not-reported#open-data`);
  const { file } = result;
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      ...(parsed.data.dataset === "open-data" ? { Link: licenceLink(licence) } : {}),
    },
  });
}
