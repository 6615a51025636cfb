import { useCallback, type ReactNode } from "react";

export interface FieldError {
  field: string;
  message: string;
}

/** GOV.UK error summary: focused on render so screen-reader users hear the problems first. */
export function ErrorSummary({
  errors,
  title = "There is a problem",
}: {
  errors: FieldError[];
  title?: string;
}) {
  // A stable callback focuses the summary when it appears, not again on every re-render while the person types.
  const focusOnce = useCallback((element: HTMLDivElement | null) => element?.focus(), []);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={focusOnce}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.field}>
                <a href={`#${error.field}`}>{error.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * The top of a page after a form: the error summary, or else the success notice, never both. A failed try
 * after a successful one leaves the earlier notice in the address; it is not a success any more. Loaders
 * already drop the notice on a refused plain post (noticeFor); this covers a refused post with JavaScript,
 * where the page keeps its loader data.
 */
export function PageFeedback({
  errors,
  failed = false,
  notice,
  important,
}: {
  errors: FieldError[];
  /** Errors shown beside a field but not in the summary count as failure too. */
  failed?: boolean;
  /** The success notice's words (from a fixed catalogue, never from the address). */
  notice?: string | null;
  /** Said after the notice, and turning it into an "Important" banner: what was left undone. */
  important?: string | null;
}) {
  if (errors.length > 0 || failed) return <ErrorSummary errors={errors} />;
  if (!notice) return null;
  return (
    <NotificationBanner success={!important} title={important ? "Important" : "Success"}>
      <p className="govuk-notification-banner__heading">{notice}</p>
      {important && <p className="govuk-body">{important}</p>}
    </NotificationBanner>
  );
}

export function Panel({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      {children && <div className="govuk-panel__body">{children}</div>}
    </div>
  );
}

export function NotificationBanner({
  title = "Important",
  success = false,
  children,
}: {
  title?: string;
  success?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="notification-banner-title"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notification-banner-title">
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

const tagColours = {
  grey: "govuk-tag--grey",
  green: "govuk-tag--green",
  blue: "govuk-tag--blue",
  yellow: "govuk-tag--yellow",
  red: "govuk-tag--red",
  purple: "govuk-tag--purple",
} as const;

export function Tag({ colour, children }: { colour?: keyof typeof tagColours; children: ReactNode }) {
  return <strong className={`govuk-tag ${colour ? tagColours[colour] : ""}`.trim()}>{children}</strong>;
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export interface SummaryRow {
  key: ReactNode;
  value: ReactNode;
  change?: { href: string; label: string };
}

/** GOV.UK summary list, used for "check your answers". */
export function SummaryList({ rows, changeText = "Change" }: { rows: SummaryRow[]; changeText?: string }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((row, index) => (
        <div className="govuk-summary-list__row" key={index}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.change && (
            <dd className="govuk-summary-list__actions">
              <a className="govuk-link" href={row.change.href}>
                {changeText}
                <span className="govuk-visually-hidden"> {row.change.label}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
