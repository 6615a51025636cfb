import type { AppLoadContext } from "@remix-run/node";
import { readNotice, type NoticeCatalogue } from "~/lib/notices";
import { formWasInvalid } from "./form-state.server";

/**
 * The success notice a page's address names (app/lib/notices.ts), for its loader: none when the page is
 * answering a form post (a post that succeeded redirects, so one answered in place was refused) or an
 * unknown key, so a stale "Success" never sits above "There is a problem".
 */
export function noticeFor({
  request,
  context,
  catalogue,
}: {
  request: Request;
  context: AppLoadContext;
  catalogue: NoticeCatalogue;
}): string | null {
  if (request.method !== "GET" || formWasInvalid(context)) return null;
  return readNotice(new URL(request.url).searchParams, catalogue);
}
