import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { locales, translator, useLocale, useT, type Translate } from "~/lib/i18n";
import type { MessageKey } from "~/locales/en";

const wording: Record<number, [MessageKey, MessageKey]> = {
  400: ["error.400.title", "error.400.message"],
  403: ["error.403.title", "error.403.message"],
  404: ["error.404.title", "error.404.message"],
  413: ["error.413.title", "error.413.message"],
  429: ["error.429.title", "error.429.message"],
  503: ["error.503.title", "error.503.message"],
};

/**
 * The page title for a route's error, for `meta`: what the error page's heading says, or `notFound` (the
 * route's own wording) for a 404. A lost database is then titled as unavailable, not as missing.
 */
export function errorTitle(error: unknown, notFound: string, t: Translate = translator("en")): string {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return notFound;
  return t(wording[status]?.[0] ?? "error.500.title");
}

/**
 * The one error page every route shares. Expected failures are thrown Responses with a status; anything
 * else shows a generic message and never a stack trace. Texts are in the page's language; a thrown
 * Response's own text is shown only when the route wrote it in that language (routes use `localeOf`).
 */
export function GeneralErrorBoundary({
  overrides = {},
}: {
  /** A route's own wording for a status; `detail` replaces the thrown Response's text under the heading. */
  overrides?: Record<number, { title: string; message: string; detail?: ReactNode }>;
}) {
  const error = useRouteError();
  const t = useT();
  const locale = useLocale();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300
      ? error.data
      : null;
  const keys = wording[status];
  const text =
    overrides[status] ??
    (keys
      ? { title: t(keys[0]), message: t(keys[1]) }
      : { title: t("error.500.title"), message: t("error.500.message") });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{text.title}</h1>
        {overrides[status]?.detail ??
          (detail && status !== 500 ? (
            <p className="govuk-body" lang={written(detail, locale) ? undefined : "en"}>
              {detail}
            </p>
          ) : null)}
        <p className="govuk-body">{text.message}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            {t("error.home")}
          </a>
        </p>
      </div>
    </div>
  );
}

/** Whether a thrown Response's text is in the page's language (routes throw catalogue messages). */
function written(detail: string, locale: "en" | "cy"): boolean {
  return locale === "en" || Object.values(locales.cy).includes(detail);
}
