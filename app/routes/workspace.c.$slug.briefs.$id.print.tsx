import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asRequest } from "~/db/database.server";
import { BriefDocument } from "~/features/briefs/brief-document";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { pageTitle } from "~/lib/meta";
import { exportBriefVersion } from "~/features/briefs/brief-exports.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

// The print view of a published version: the brief alone, every citation listed, laid out by the print
// stylesheet for paper or "Save as PDF". Recorded in the audit log like the other exports.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const version = new URL(request.url).searchParams.get("version");
  const versionNumber = version === null ? undefined : Number(version);
  if (versionNumber !== undefined && !(Number.isInteger(versionNumber) && versionNumber >= 1))
    throw new Response("Not found", { status: 404 });
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return exportBriefVersion({
      tx,
      consultation,
      briefId: params.id ?? "",
      versionNumber,
      format: "print",
      appUrl: context.appUrl,
      ip: context.clientAddress,
    });
  });
  if (result.status === "not-found")
    throw new Response("No published version of this brief", { status: 404 });
  return json({ snapshot: result.snapshot, versionNumber: result.versionNumber, slug: params.slug ?? "" });
}

export default function PrintBrief() {
  const { snapshot, versionNumber, slug } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="govuk-body gs-no-print">
        <a className="govuk-back-link" href={`/workspace/c/${slug}/brief#versions`}>
          Back to the brief
        </a>
      </p>
      <p className="govuk-body gs-no-print">
        Use your browser’s Print command to print this brief or save it as a PDF. Navigation and links are
        left off the paper copy; each need is cited by its reference, which anyone can look up on this site at
        /needs/ followed by the reference.
      </p>
      <BriefDocument snapshot={snapshot} versionNumber={versionNumber} print />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `Print: ${data.snapshot.title}, version ${data.versionNumber}` : "Print the brief",
    ),
  },
];
