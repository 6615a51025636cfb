// The consultation page's "List | Map" switch and its map view. The switch is two links, so it works without
// JavaScript; there the map view is the list with a note. With JavaScript the map (Leaflet, loaded only here)
// replaces the list: every element after the map view in its column is hidden by the stylesheet
// (.gs-map-view--shown ~ *), so the route keeps its list markup as it is.
import { Link, useFetcher } from "@remix-run/react";
import { lazy, Suspense, useCallback } from "react";
import { useT, useTextLang } from "~/lib/i18n";
import { MAX_MAP_ZOOM, type NeedMap } from "~/features/map/map-grid";
import type { MapSettings } from "~/features/map/map-settings";
import { useScripted } from "~/features/map/use-scripted";
import { needListSearch, type NeedListOptions } from "~/features/needs/need-list-params";

const NeedsMap = lazy(() => import("~components/needs-map.client"));

const pageHref = (slug: string, search: string) => `/c/${slug}${search ? `?${search}` : ""}#needs`;

export function NeedViewSwitch({ slug, query }: { slug: string; query: NeedListOptions }) {
  const t = useT();
  return (
    <nav className="gs-view-switch" aria-label={t("map.switch.label")}>
      <ul className="gs-view-switch__list">
        {(["list", "map"] as const).map((view) => (
          <li key={view}>
            <Link
              className="govuk-link gs-view-switch__link"
              to={pageHref(slug, needListSearch(query, { view, page: 1 }))}
              aria-current={query.view === view ? "page" : undefined}
            >
              {t(view === "list" ? "map.switch.list" : "map.switch.map")}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function NeedsMapView({
  slug,
  query,
  summary,
  centre,
  map,
}: {
  slug: string;
  query: NeedListOptions;
  /** The counts and bounds of the needs that match (the loader's, without a box). */
  summary: Pick<NeedMap, "total" | "withoutPlace" | "bounds">;
  centre: [number, number];
  map: MapSettings;
}) {
  const t = useT();
  const textLang = useTextLang();
  const scripted = useScripted();
  const fetcher = useFetcher<NeedMap>();
  const filters = needListSearch(query, { view: "list", page: 1, sort: "newest" });
  const { load } = fetcher;
  const onView = useCallback(
    (bbox: string, zoom: number) =>
      load(`/c/${slug}/map.json?${filters}${filters ? "&" : ""}bbox=${bbox}&zoom=${zoom}`),
    [load, slug, filters],
  );
  if (!scripted) return <div className="govuk-inset-text">{t("map.noScript")}</div>;
  const listHref = pageHref(slug, needListSearch(query, { view: "list", page: 1 }));
  const places = fetcher.data?.places ?? [];
  const shown = places.reduce((sum, place) => sum + place.count, 0);
  return (
    <div className="gs-map-view gs-map-view--shown">
      <p className="govuk-body">{t("consultation.needs.count", { count: summary.total })}</p>
      <p className="govuk-body" aria-live="polite">
        {!fetcher.data ? t("map.loading") : shown > 0 ? t("map.shown", { count: shown }) : t("map.none")}
        {fetcher.data?.truncated && ` ${t("map.truncated")}`}
      </p>
      <Suspense fallback={<p className="govuk-body">{t("map.loading")}</p>}>
        <NeedsMap
          tileUrl={map.tileUrl}
          attribution={map.attribution}
          bounds={summary.bounds}
          centre={centre}
          places={places}
          maxZoom={MAX_MAP_ZOOM}
          label={t("map.label")}
          words={{
            count: (count) => t("map.place.count", { count }),
            zoom: t("map.place.zoom"),
            seeList: t("map.seeList"),
          }}
          listHref={listHref}
          textLang={textLang}
          onView={onView}
        />
      </Suspense>
      <p className="govuk-body govuk-!-margin-top-4">
        {summary.withoutPlace > 0 && `${t("map.withoutPlace", { count: summary.withoutPlace })} `}
        <Link className="govuk-link" to={listHref}>
          {t("map.seeList")}
        </Link>
      </p>
    </div>
  );
}
