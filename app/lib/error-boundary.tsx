import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

const wording: Record<number, { title: string; message: string }> = {
  400: { title: "There is a problem with that request", message: "Go back, check what you entered and try again." },
  403: { title: "You cannot see this page", message: "You may need to sign in with a different account." },
  404: {
    title: "Page not found",
    message: "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
  },
  413: { title: "That was too large to send", message: "Go back and send something smaller." },
  429: { title: "Too many attempts", message: "Wait a few minutes, then try again." },
  503: {
    title: "Sorry, the service is unavailable",
    message: "We cannot reach our database just now. Nothing you sent was lost if you saw a confirmation. Try again in a few minutes.",
  },
};

/**
 * The page title for a route's error, for `meta`: what the error page's heading says, or `notFound` (the
 * route's own wording) for a 404. A lost database is then titled as unavailable, not as missing.
 */
export function errorTitle(error: unknown, notFound: string): string {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return notFound;
  return (wording[status] ?? { title: "Sorry, something went wrong" }).title;
}

/**
 * The one error page every route shares. Expected failures are thrown Responses with a status; anything
 * else shows a generic message and never a stack trace.
 */
export function GeneralErrorBoundary({ overrides = {} }: { overrides?: Record<number, { title: string; message: string }> }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300 ? error.data : null;
  const text = overrides[status] ??
    wording[status] ?? { title: "Sorry, something went wrong", message: "Please try again in a few minutes." };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{text.title}</h1>
        {detail && status !== 500 ? <p className="govuk-body">{detail}</p> : null}
        <p className="govuk-body">{text.message}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to the Groundswell home page
          </a>
        </p>
      </div>
    </div>
  );
}
