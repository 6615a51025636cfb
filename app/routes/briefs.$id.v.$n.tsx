import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublishedBriefPage } from "~/features/briefs/brief-document";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { pageTitle } from "~/lib/meta";
import { readPublishedBrief } from "~/features/briefs/published-briefs.server";
import { isUuid } from "~/lib/params";
import { asPublicRead } from "~/server/read-replica.server";

// One published version of a brief, readable for good; ?print=1 lists every citation for paper.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const versionNumber = Number(params.n);
  if (!isUuid(params.id ?? "") || !Number.isInteger(versionNumber) || versionNumber < 1) {
    throw new Response("Brief not found", { status: 404 });
  }
  const published = await asPublicRead(context, (tx) =>
    readPublishedBrief({ tx, briefId: params.id, versionNumber }),
  );
  if (!published) throw new Response("Brief not found", { status: 404 });
  return json({ ...published, print: new URL(request.url).searchParams.get("print") === "1" });
}

export default function BriefVersion() {
  const { version, versions, changes, print } = useLoaderData<typeof loader>();
  return (
    <PublishedBriefPage
      briefId={version.briefId}
      snapshot={version.snapshot}
      versionNumber={version.versionNumber}
      versions={versions}
      changes={changes}
      print={print}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `${data.version.snapshot.title}, version ${data.version.versionNumber}` : "Commission brief",
    ),
  },
];
