import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { metaTranslator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

// Every unknown URL lands here and gets the shared 404 page, never a stack trace. The Response has no text:
// the page's heading and message say it all, in the page's language.
export async function loader() {
  throw new Response(null, { status: 404 });
}

export async function action() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("error.404.title")) },
];
