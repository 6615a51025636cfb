import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { withPageRoutes } from "~/server/page-manifest.server";

/**
 * Renders the whole page as one string and answers with it in one piece. No route streams deferred data, and
 * every lazily loaded part (maps, charts) waits for the browser, so nothing suspends on the server.
 *
 * Not renderToPipeableStream: React 18's stream writer sends its whole 2 kB buffer when a multi-byte character
 * does not fit at its end, so a page could carry stray NUL bytes wherever a “ or a Welsh ŵ fell on that edge
 * (tests/integration/shared-pages.test.ts compares pages byte for byte and found them).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const html = renderToString(
    <RemixServer context={withPageRoutes(remixContext)} url={request.url} nonce={loadContext.nonce} />,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-cache");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A body past its route's limit is the sender's doing, answered 413 by the HTTP layer (request-body.server),
  // whose error class is not this bundle's: matched by name.
  if (error instanceof Error && error.name === "BodyTooLarge") return;
  console.error(error);
}
