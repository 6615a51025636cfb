import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~components/feedback";
import { LinkedText } from "~components/linked-text";
import { Pagination } from "~components/pagination";
import { errorTitle, GeneralErrorBoundary } from "~/lib/error-boundary";
import {
  bilingual,
  formatDate,
  Localised,
  metaLocale,
  metaTranslator,
  pickText,
  translator,
  useLocale,
  usePick,
  useT,
  useTextLang,
} from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { needFilters, parseNeedListQuery } from "~/features/needs/need-list-query.server";
import { needListSearch } from "~/features/needs/need-list-params";
import { getNeedMap } from "~/features/map/need-map.server";
import { mapSettings } from "~/features/map/map-settings.server";
import { NeedsMapView, NeedViewSwitch } from "~/features/map/needs-map-view";
import { closingDay } from "~/features/consultations/consultation-lifecycle";
import { getConsultation, listPublishedNeeds } from "~/features/consultations/consultations.server";
import { localeOf } from "~/server/language.server";
import { descriptionAddsToTitle } from "~/features/needs/need-card";
import { personalNeedStates } from "~/features/needs/need-supports.server";
import { SupportNeed } from "~/features/needs/support-need";
import { notePageFacts } from "~/server/shared-pages.server";
import { listOpenCheckBacks } from "~/features/statements/check-backs.server";
import { OpenCheckBacks } from "~/features/statements/check-back-ui";
import { asPublicRead } from "~/server/read-replica.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const query = parseNeedListQuery(new URL(request.url).searchParams);
  return asPublicRead(context, async (tx) => {
    const consultation = await getConsultation({ tx, slug: params.slug ?? "" });
    if (!consultation)
      throw new Response(translator(localeOf(context, request))("error.consultationNotFound"), {
        status: 404,
      });
    const needs = await listPublishedNeeds({
      tx,
      consultationId: consultation.id,
      query: { ...needFilters(query), sort: query.sort, page: query.page },
    });
    // The map view's counts and bounds; the map asks map.json for its places as it moves.
    const mapSummary =
      query.view === "map"
        ? await getNeedMap({
            tx,
            consultationId: consultation.id,
            filters: needFilters(query),
            bbox: null,
            zoom: 0,
          })
        : null;
    // Only a person with a session has supports or needs of their own; the page visitors without one share
    // (app/server/page-cache.server.ts) stays the same for all of them.
    notePageFacts(context, { needReferences: needs.needs.map((need) => need.reference) });
    const mine = await personalNeedStates({
      tx,
      userId: context.user?.userId ?? null,
      references: needs.needs.map((need) => need.reference),
    });
    const checkBacks = await listOpenCheckBacks({ tx, consultationId: consultation.id });
    return json({ consultation, needs, query, mapSummary, map: mapSettings(), mine, checkBacks });
  });
}

export default function ConsultationPage() {
  const { consultation, needs, query, mapSummary, map, mine, checkBacks } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pick = usePick();
  const textLang = useTextLang();
  const title = bilingual(consultation.title, consultation.title_cy);
  const summary = bilingual(consultation.summary, consultation.summary_cy);
  const why = bilingual(consultation.why_we_ask, consultation.why_we_ask_cy);
  const next = bilingual(consultation.what_happens_next, consultation.what_happens_next_cy);
  const partlyEnglish = [title, summary, why, next].some((text) => pick(text).fallback);
  const filtered = Boolean(query.q || query.theme || query.area);
  const hrefFor = (page: number) => `?${needListSearch(query, { page })}#needs`;
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{consultation.place ?? consultation.organisation_name}</span>
          <Localised as="h1" className="govuk-heading-xl" text={title} />
          {partlyEnglish && <p className="govuk-body gs-meta">{t("content.englishOnlyConsultation")}</p>}
          <Localised as="p" className="govuk-body-l" text={summary} />
          {consultation.accepting === "open" && (
            <>
              <p className="govuk-body">
                <Tag colour="green">{t("consultation.status.open")}</Tag>{" "}
                {t("home.closes", { date: formatDate(closingDay(consultation.closes_at!), locale) })}
              </p>
              <a
                href={`/c/${consultation.slug}/needs/new`}
                role="button"
                draggable="false"
                className="govuk-button govuk-button--start"
                data-module="govuk-button"
              >
                {t("consultation.addNeed")}
                <svg
                  className="govuk-button__start-icon"
                  xmlns="http://www.w3.org/2000/svg"
                  width="17.5"
                  height="19"
                  viewBox="0 0 33 40"
                  aria-hidden="true"
                  focusable="false"
                >
                  <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
                </svg>
              </a>
            </>
          )}
          {consultation.accepting === "closed" && consultation.closed_on && (
            <div className="govuk-inset-text">
              {t("consultation.closedNotice", {
                date: formatDate(closingDay(consultation.closed_on), locale),
              })}
            </div>
          )}
          {consultation.status === "reported" && (
            <p className="govuk-body">
              <a className="govuk-link" href={`/c/${consultation.slug}/brief`}>
                {t("brief.readLink")}
              </a>
            </p>
          )}
          {consultation.accepting === "not-yet-open" && consultation.opens_at && (
            <div className="govuk-inset-text">
              {t("consultation.opensNotice", { date: formatDate(consultation.opens_at, locale) })}
            </div>
          )}
          <OpenCheckBacks statements={checkBacks} />
          <h2 className="govuk-heading-m">{t("consultation.who")}</h2>
          <p className="govuk-body">{consultation.organisation_name}</p>
          {consultation.why_we_ask && (
            <>
              <h2 className="govuk-heading-m">{t("consultation.why")}</h2>
              <Localised as="p" className="govuk-body" text={why} />
            </>
          )}
          {consultation.what_happens_next && (
            <>
              <h2 className="govuk-heading-m">{t("consultation.next")}</h2>
              <Localised as="p" className="govuk-body" text={next} />
            </>
          )}
        </div>
      </div>

      <h2 className="govuk-heading-l" id="needs">
        {t("consultation.needs.heading")}
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" action="#needs" aria-labelledby="filter-heading">
            {query.view === "map" && <input type="hidden" name="view" value="map" />}
            <h3 className="govuk-heading-s" id="filter-heading">
              {t("consultation.filter.heading")}
            </h3>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="q">
                {t("consultation.filter.search")}
              </label>
              <input
                className="govuk-input"
                id="q"
                name="q"
                type="search"
                defaultValue={query.q ?? ""}
                maxLength={200}
              />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="theme">
                {t("consultation.filter.theme")}
              </label>
              <select className="govuk-select" id="theme" name="theme" defaultValue={query.theme ?? ""}>
                <option value="">{t("consultation.filter.any")}</option>
                {consultation.themes.map((theme) => (
                  <option
                    key={theme.id}
                    value={theme.id}
                    lang={pick(bilingual(theme.name, theme.name_cy)).lang}
                  >
                    {pick(bilingual(theme.name, theme.name_cy)).text}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="area">
                {t("consultation.filter.area")}
              </label>
              <select className="govuk-select" id="area" name="area" defaultValue={query.area ?? ""}>
                <option value="">{t("consultation.filter.any")}</option>
                {consultation.areas.map((area) => (
                  <option key={area.id} value={area.id} lang={pick(bilingual(area.name, area.name_cy)).lang}>
                    {pick(bilingual(area.name, area.name_cy)).text}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="sort">
                {t("consultation.filter.sort")}
              </label>
              <select className="govuk-select" id="sort" name="sort" defaultValue={query.sort}>
                <option value="newest">{t("consultation.filter.newest")}</option>
                <option value="supported">{t("consultation.filter.supported")}</option>
              </select>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              {t("consultation.filter.apply")}
            </button>
            {filtered && (
              <p className="govuk-body">
                <Link
                  className="govuk-link"
                  to={`/c/${consultation.slug}${query.view === "map" ? "?view=map" : ""}#needs`}
                >
                  {t("consultation.filter.clear")}
                </Link>
              </p>
            )}
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <NeedViewSwitch slug={consultation.slug} query={query} />
          {mapSummary && (
            <NeedsMapView
              slug={consultation.slug}
              query={query}
              summary={mapSummary}
              centre={areaCentre(consultation.areas)}
              map={map}
            />
          )}
          <p className="govuk-body" aria-live="polite">
            {needs.moreThanCap
              ? t("consultation.needs.countMoreThan", { count: needs.matchCap })
              : t("consultation.needs.count", { count: needs.total })}
          </p>
          {needs.moreThanCap && needs.needs.length > 0 && (
            <p className="govuk-body gs-meta">{t("consultation.needs.capped", { count: needs.matchCap })}</p>
          )}
          {needs.needs.length === 0 && (
            <p className="govuk-body">
              {needs.moreThanCap
                ? t("consultation.needs.pastCap", { count: needs.matchCap })
                : filtered
                  ? t("consultation.needs.none")
                  : t("consultation.needs.noneYet")}
            </p>
          )}
          <ol className="govuk-list">
            {needs.needs.map((need) => (
              <li key={need.reference} id={`need-${need.reference}`} className="gs-card">
                <h3 className="govuk-heading-s gs-card__title" lang={textLang(need.language)}>
                  <Link className="govuk-link" to={`/needs/${need.reference}`}>
                    {need.title}
                  </Link>
                </h3>
                {descriptionAddsToTitle(need.title, need.description) && (
                  <p className="govuk-body" lang={textLang(need.language)}>
                    {need.description}
                  </p>
                )}
                <ul className="gs-inline-list gs-meta">
                  {need.theme_name && (
                    <li>
                      <Localised text={bilingual(need.theme_name, need.theme_name_cy)} />
                    </li>
                  )}
                  {need.area_name && (
                    <li>
                      <Localised text={bilingual(need.area_name, need.area_name_cy)} />
                    </li>
                  )}
                  <li>{formatDate(need.published_at ?? need.created_at, locale)}</li>
                  <li>{t("consultation.needs.supports", { count: need.support_count })}</li>
                </ul>
                <SupportNeed
                  reference={need.reference}
                  title={need.title}
                  supported={mine.supported.includes(need.reference)}
                  canSupport={consultation.accepting === "open" && !mine.authored.includes(need.reference)}
                  anchor={`need-${need.reference}`}
                />
              </li>
            ))}
          </ol>
          <Pagination
            page={query.page}
            pages={needs.pages}
            hrefFor={hrefFor}
            label={t("pagination.label")}
            previousText={t("pagination.previous")}
            nextText={t("pagination.next")}
            pageLabel={(page) => t("pagination.page", { page, pages: needs.pages })}
          />
        </div>
      </div>
      {consultation.attribution && (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-s">{t("consultation.attribution")}</h2>
            <p className="govuk-body-s">
              <LinkedText text={consultation.attribution} />
            </p>
          </div>
        </div>
      )}
    </>
  );
}

/** Where the map opens when no matching need has a place: the first area with a centre. */
function areaCentre(areas: { centre_lat: string | null; centre_lng: string | null }[]): [number, number] {
  const area = areas.find((candidate) => candidate.centre_lat !== null && candidate.centre_lng !== null);
  return area ? [Number(area.centre_lat), Number(area.centre_lng)] : [54.5, -2.5];
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches, location }) => [
  {
    title: pageTitle(
      data
        ? pickText(
            metaLocale({ matches, location }),
            bilingual(data.consultation.title, data.consultation.title_cy),
          ).text
        : errorTitle(
            error,
            metaTranslator({ matches, location })("error.consultationNotFound"),
            metaTranslator({ matches, location }),
          ),
    ),
  },
  {
    name: "description",
    content: data
      ? pickText(
          metaLocale({ matches, location }),
          bilingual(data.consultation.summary, data.consultation.summary_cy),
        ).text
      : "",
  },
];
