import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { metaTranslator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

// Every unknown URL lands here and gets the shared 404 page, never a stack trace.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export async function action() {
  throw new Response("Not found", { status: 404 });
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
