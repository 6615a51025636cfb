// "Use my location" and the map, for the exact spot of a need: the post-a-need journey's where step and
// editing a need use this one picker. It writes the form's hidden lat and lng fields.
import { lazy, Suspense, useEffect, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { MapSettings } from "~/features/map/map-settings";
import { useT } from "~/lib/i18n";

const LocationMap = lazy(() => import("~components/location-map.client"));

/** "Use my location" and the map: shown only once scripts run, since both need them. */
export function LocationPicker({
  form,
  map,
  centre,
}: {
  form: UseFormReturn<Record<string, unknown>>;
  map: MapSettings;
  centre: [number, number];
}) {
  const t = useT();
  const [scripted, setScripted] = useState(false);
  const [mapOpen, setMapOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => setScripted(true), []);
  const lat = String(form.watch("lat") ?? "");
  const lng = String(form.watch("lng") ?? "");
  const set = (newLat: string, newLng: string) => {
    form.setValue("lat", newLat, { shouldDirty: true });
    form.setValue("lng", newLng, { shouldDirty: true });
  };
  const pick = (pickedLat: number, pickedLng: number) => set(pickedLat.toFixed(6), pickedLng.toFixed(6));
  if (!scripted) return null;
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby="location-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          {t("need.where.location.label")}
        </legend>
        <div id="location-hint" className="govuk-hint">
          {t("need.where.location.hint")}
        </div>
        <p className="govuk-body" aria-live="polite">
          {lat && lng ? t("need.where.location.set") : failed ? t("need.where.location.failed") : null}
        </p>
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => {
              setFailed(false);
              navigator.geolocation?.getCurrentPosition(
                (position) => pick(position.coords.latitude, position.coords.longitude),
                () => setFailed(true),
                { enableHighAccuracy: true, timeout: 15_000 },
              );
            }}
          >
            {t("need.where.location.useMine")}
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            aria-expanded={mapOpen}
            onClick={() => setMapOpen(!mapOpen)}
          >
            {mapOpen ? t("need.where.location.closeMap") : t("need.where.location.openMap")}
          </button>
          {lat && lng && (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => set("", "")}
            >
              {t("need.where.location.remove")}
            </button>
          )}
        </div>
        {mapOpen && (
          <Suspense fallback={<p className="govuk-body">{t("need.where.map.loading")}</p>}>
            <LocationMap
              tileUrl={map.tileUrl}
              attribution={map.attribution}
              centre={centre}
              point={lat && lng ? [Number(lat), Number(lng)] : null}
              label={t("need.where.map.label")}
              onPick={pick}
            />
          </Suspense>
        )}
      </fieldset>
    </div>
  );
}
