// Where a need is, as people read it: the place name the resident typed, or "a point on the map", and (once
// scripts run) a small map with the spot marked. Never the coordinates as numbers. Public pages pass the
// rounded public point; the resident's own check step and the workspace may pass the exact one.
import { lazy, Suspense } from "react";
import { useT } from "~/lib/i18n";
import type { MapSettings } from "~/features/map/map-settings";
import { useScripted } from "~/features/map/use-scripted";

const PlaceMap = lazy(() => import("~components/place-map.client"));

/** A point from the database's numeric columns (strings) or a form's answers; null unless both are numbers. */
export function pointOf(lat: unknown, lng: unknown): [number, number] | null {
  if (lat === null || lat === undefined || lat === "" || lng === null || lng === undefined || lng === "")
    return null;
  const point: [number, number] = [Number(lat), Number(lng)];
  return point.every(Number.isFinite) ? point : null;
}

export function NeedPlace({
  placeName,
  point,
  map,
}: {
  placeName: string | null | undefined;
  point: [number, number];
  map: MapSettings;
}) {
  const t = useT();
  const scripted = useScripted();
  return (
    <div className="gs-need-place">
      <p className="govuk-body govuk-!-margin-bottom-2">
        {placeName ? t("place.near", { place: placeName }) : t("place.point")}
      </p>
      {scripted && (
        <Suspense fallback={null}>
          <PlaceMap tileUrl={map.tileUrl} attribution={map.attribution} point={point} />
        </Suspense>
      )}
    </div>
  );
}
