import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { bilingual, formatDate, Localised, metaTranslator, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { closingDay } from "~/features/consultations/consultation-lifecycle";
import { listPublicConsultations } from "~/features/consultations/consultations.server";
import { asPublicRead } from "~/server/read-replica.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const consultations = await asPublicRead(context, (tx) => listPublicConsultations({ tx }));
  return json(consultations);
}

export default function Home() {
  const { open, upcoming, closed } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{t("home.title")}</h1>
        <p className="govuk-body-l">{t("home.intro")}</p>
        <h2 className="govuk-heading-l">{t("home.open.heading")}</h2>
        {open.length === 0 && <p className="govuk-body">{t("home.open.none")}</p>}
        {open.length > 0 && (
          <ul className="govuk-list gs-card-list">
            {open.map((consultation) => (
              <li className="gs-card" key={consultation.slug}>
                <h3 className="govuk-heading-m gs-card__title">
                  <Link className="govuk-link" to={`/c/${consultation.slug}`}>
                    <Localised text={bilingual(consultation.title, consultation.title_cy)} />
                  </Link>
                </h3>
                <Localised
                  as="p"
                  className="govuk-body"
                  text={bilingual(consultation.summary, consultation.summary_cy)}
                />
                <ul className="govuk-list gs-meta">
                  {consultation.place && <li>{consultation.place}</li>}
                  <li>{t("home.by", { organisation: consultation.organisation_name })}</li>
                  <li>
                    <strong>
                      {t("home.closes", { date: formatDate(closingDay(consultation.closes_at!), locale) })}
                    </strong>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        )}
        {upcoming.length > 0 && (
          <>
            <h2 className="govuk-heading-l">{t("home.upcoming.heading")}</h2>
            <ul className="govuk-list">
              {upcoming.map((consultation) => (
                <li key={consultation.slug}>
                  <Link className="govuk-link" to={`/c/${consultation.slug}`}>
                    <Localised text={bilingual(consultation.title, consultation.title_cy)} />
                  </Link>{" "}
                  <span className="gs-meta">
                    {t("home.opens", { date: formatDate(consultation.opens_at!, locale) })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {closed.length > 0 && (
          <>
            <h2 className="govuk-heading-l">{t("home.closed.heading")}</h2>
            <ul className="govuk-list">
              {closed.map((consultation) => (
                <li key={consultation.slug}>
                  <Link className="govuk-link" to={`/c/${consultation.slug}`}>
                    <Localised text={bilingual(consultation.title, consultation.title_cy)} />
                  </Link>{" "}
                  <span className="gs-meta">
                    {consultation.closed_on
                      ? t("home.closed", { date: formatDate(closingDay(consultation.closed_on), locale) })
                      : null}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("home.title")) },
  { name: "description", content: metaTranslator({ matches, location })("home.description") },
];
