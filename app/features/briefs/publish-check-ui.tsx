import { formatDate } from "~/lib/i18n";
import { closingDay } from "~/features/consultations/consultation-lifecycle";
import { publishBlockerText, type PublishBlocker } from "./publish-check";

/**
 * What stops the brief from being published, each with where to fix it: shown on the check page instead of
 * the Publish button, the GOV.UK way (explain, rather than offer a button that would be refused).
 */
export function PublishBlockers({
  blockers,
  slug,
  closesAt,
  closesPassed,
}: {
  blockers: PublishBlocker[];
  slug: string;
  closesAt: string | null;
  closesPassed: boolean;
}) {
  const overview = `/workspace/c/${slug}`;
  return (
    <>
      <h2 className="govuk-heading-m">Before you can publish</h2>
      <ul className="govuk-list govuk-list--bullet">
        {blockers.map((blocker) => (
          <li key={blocker.kind}>
            {blocker.kind === "consultation-open" && blocker.status === "open" ? (
              <>
                {closesPassed && closesAt ? (
                  <>
                    The consultation’s close date (the end of {formatDate(closingDay(closesAt))}) has passed,
                    but it is still marked open. You can publish its brief once you have closed it.{" "}
                  </>
                ) : (
                  <>
                    {publishBlockerText(blocker)}
                    {closesAt && (
                      <> It is planned to close at the end of {formatDate(closingDay(closesAt))}.</>
                    )}{" "}
                  </>
                )}
                <a className="govuk-link" href={`${overview}#status`}>
                  Close the consultation
                </a>
                {!closesPassed && (
                  <>
                    {" "}
                    or{" "}
                    <a className="govuk-link" href={`${overview}/details`}>
                      change its close date
                    </a>
                  </>
                )}
                .
              </>
            ) : blocker.kind === "consultation-open" ? (
              <>
                {publishBlockerText(blocker)}{" "}
                <a className="govuk-link" href={`${overview}#status`}>
                  Open the consultation
                </a>
                .
              </>
            ) : blocker.kind === "no-statements" ? (
              <>
                {publishBlockerText(blocker)}{" "}
                <a className="govuk-link" href={`${overview}/brief#statements`}>
                  Add statements to the brief
                </a>
                .
              </>
            ) : (
              <>
                {publishBlockerText(blocker)}{" "}
                <a className="govuk-link" href={`${overview}/statements`}>
                  Go to the needs statements
                </a>{" "}
                or{" "}
                <a className="govuk-link" href={`${overview}/brief#statements`}>
                  take them out of the brief
                </a>
                .
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="govuk-body">The Publish button appears here once nothing stops the brief.</p>
    </>
  );
}
