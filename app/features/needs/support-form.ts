// "Me too" and taking it back: the outcomes the support action reports and where it sends a browser without
// JavaScript afterwards. Pure, shared by the action and the pages that show the outcome.
import { safeRedirect } from "~/lib/safe-redirect";

export const supportOutcomes = ["supported", "already", "closed", "unsupported"] as const;
export type SupportOutcome = (typeof supportOutcomes)[number];

export function isSupportOutcome(value: unknown): value is SupportOutcome {
  return supportOutcomes.includes(value as SupportOutcome);
}

/** Where a support form posts. */
export const supportAction = (reference: string) => `/needs/${reference}/support`;

/**
 * Back to the page the form was on (only a page of this site; the need's page otherwise), with the outcome
 * and the need in the query (`done`, `need`) and the address's fragment kept, so the page can say what
 * happened and scroll to the need.
 */
export function backWithOutcome(returnTo: unknown, reference: string, outcome: SupportOutcome): string {
  const target = new URL(safeRedirect(returnTo, `/needs/${reference}`), "https://this-site.invalid");
  target.searchParams.set("done", outcome);
  target.searchParams.set("need", reference);
  return `${target.pathname}${target.search}${target.hash}`;
}
