import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublishedBriefPage } from "~/features/briefs/brief-document";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { pageTitle } from "~/lib/meta";
import { readPublishedBrief } from "~/features/briefs/published-briefs.server";
import { asPublicRead } from "~/server/read-replica.server";

// The consultation's commission brief as last published; 404 until a version is published.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const published = await asPublicRead(context, (tx) =>
    readPublishedBrief({ tx, consultationSlug: params.slug ?? "" }),
  );
  if (!published) throw new Response("No brief has been published for this consultation", { status: 404 });
  return json(published);
}

export default function ConsultationBrief() {
  const { version, versions, changes } = useLoaderData<typeof loader>();
  return (
    <PublishedBriefPage
      briefId={version.briefId}
      snapshot={version.snapshot}
      versionNumber={version.versionNumber}
      versions={versions}
      changes={changes}
      print={false}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.version.snapshot.title : "Commission brief") },
];
