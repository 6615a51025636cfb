// The browser side of the post-a-need pages: their frame and pieces. Each page's form is useValidatedForm
// with the page's checks and a backup in localStorage, so a dropped connection or a closed tab loses nothing.
// Without JavaScript none of this runs and the pages are plain form posts.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { BackLink } from "~components/layout";
import { usePick, useT, type BilingualText } from "~/lib/i18n";
import { clearFormBackup } from "~/lib/validated-form";

/** Where a question page keeps its copy of what was typed (useValidatedForm's backupKey). */
export const draftBackupKey = (slug: string) => `groundswell:need-draft:${slug}`;

export function clearDraftBackup(slug: string) {
  clearFormBackup(draftBackupKey(slug));
}

/** The frame of every question page: back link, error summary, the restored-draft notice. */
export function StepLayout({
  backHref,
  caption,
  errors,
  restored,
  children,
}: {
  backHref: string;
  caption: ReactNode;
  errors: { field: string; message: string }[];
  restored?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <BackLink href={backHref}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} title={t("need.errorSummary")} />
          {restored && (
            <NotificationBanner title={t("need.caption")}>
              <p className="govuk-notification-banner__heading">{t("need.restored")}</p>
            </NotificationBanner>
          )}
          <span className="govuk-caption-l">{caption}</span>
          {children}
        </div>
      </div>
    </>
  );
}

/** A field people never see or reach; a script filling in every field fills it, and its post is dropped. */
export function Honeypot() {
  const t = useT();
  return (
    <div
      aria-hidden="true"
      style={{ position: "absolute", left: "-10000px", width: "1px", height: "1px", overflow: "hidden" }}
    >
      <label htmlFor="website">{t("need.check.honeypot")}</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** Keeps "change" through a question page, so the answer goes back to the check-answers page. */
export function ChangeField({ change }: { change: boolean }) {
  return change ? <input type="hidden" name="change" value="1" /> : null;
}

/** What a question page's 410 carries: the consultation that is not taking needs, to link back to. */
export interface ClosedConsultation {
  slug: string;
  title: BilingualText;
}

export function useJourneyErrorWording() {
  const t = useT();
  const pick = usePick();
  const error = useRouteError();
  const closed = isRouteErrorResponse(error) && error.status === 410 ? closedConsultation(error.data) : null;
  const title = closed ? pick(closed.title) : null;
  return {
    410: {
      title: t("need.closed.title"),
      message: t("need.closed.message"),
      detail:
        closed && title ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/c/${closed.slug}`} lang={title.lang}>
              {title.text}
            </a>
          </p>
        ) : null,
    },
  };
}

function closedConsultation(data: unknown): ClosedConsultation | null {
  const candidate = data as Partial<ClosedConsultation> | null;
  return typeof candidate?.slug === "string" && typeof candidate.title?.en === "string"
    ? (candidate as ClosedConsultation)
    : null;
}
