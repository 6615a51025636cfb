import type { AppLoadContext } from "@remix-run/node";

/**
 * A plain form post with errors is answered by the action and then the page's loaders, in one request
 * with one context. The action marks the context; the loader reads the mark, so the server-rendered page
 * title starts "Error: " (meta sees loader data only). With JavaScript, useValidatedForm sets the title.
 */
const invalid = new WeakSet<AppLoadContext>();

export function markFormInvalid(context: AppLoadContext): void {
  invalid.add(context);
}

export function formWasInvalid(context: AppLoadContext): boolean {
  return invalid.has(context);
}
