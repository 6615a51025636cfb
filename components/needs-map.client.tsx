// The consultation page's map of needs: one marker per place the server clustered, its count on it. Loaded
// only in the browser and only in the map view (lazy import), so Leaflet never weighs on another page.
// Markers are buttons a keyboard reaches (Leaflet's own `keyboard` option); Enter or a click opens the
// place's popup and moves focus into it, to the needs' links or to "Zoom in".
import L from "leaflet";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { MapContainer, Marker, Popup, TileLayer, useMap } from "react-leaflet";
import { useLeafletStyles } from "./leaflet-styles.client";

export interface NeedsMapPlace {
  lat: number;
  lng: number;
  count: number;
  needs: { reference: string; title: string; language: string }[];
}

export interface NeedsMapProps {
  /** null: no tiles, the markers on a plain background. */
  tileUrl: string | null;
  attribution: string;
  /** Where the matching needs are, to open the map on them; else `centre`. */
  bounds: { south: number; west: number; north: number; east: number } | null;
  centre: [number, number];
  places: NeedsMapPlace[];
  maxZoom: number;
  label: string;
  /** The words a place's marker and popup need, in the page's language. */
  words: {
    count(count: number): string;
    zoom: string;
    seeList: string;
  };
  listHref: string;
  textLang(language: string): string | undefined;
  /** Called with "south,west,north,east" and the zoom once the map is shown and after every move. */
  onView(bbox: string, zoom: number): void;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function ReportView({ onView }: { onView: NeedsMapProps["onView"] }) {
  const map = useMap();
  useEffect(() => {
    const report = () => {
      // Half a screen more on every side: places just off the edge are there when the map pans to them.
      const box = map.getBounds().pad(0.5);
      onView(
        [box.getSouth(), box.getWest(), box.getNorth(), box.getEast()]
          .map((value) => value.toFixed(5))
          .join(","),
        map.getZoom(),
      );
    };
    // The first view too: Leaflet fires no moveend for the view the map opens on.
    map.whenReady(report);
    map.on("moveend", report);
    return () => {
      map.off("moveend", report);
    };
  }, [map, onView]);
  return null;
}

/** A popup's content, which takes the focus when it opens (react-leaflet renders it only while open). */
function PopupContent({ children }: { children: ReactNode }) {
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    content.current?.querySelector<HTMLElement>("a, button")?.focus();
  }, []);
  return (
    <div className="gs-map-popup" ref={content}>
      {children}
    </div>
  );
}

function PlaceMarker({
  place,
  words,
  listHref,
  textLang,
  maxZoom,
}: { place: NeedsMapPlace } & Pick<NeedsMapProps, "words" | "listHref" | "textLang" | "maxZoom">) {
  const map = useMap();
  const single = place.count === 1 && place.needs.length === 1;
  const icon = useMemo(
    () =>
      L.divIcon({
        className: single ? "gs-map-marker gs-map-marker--need" : "gs-map-marker gs-map-marker--cluster",
        iconSize: single ? [22, 22] : [40, 40],
        html: single
          ? `<span class="govuk-visually-hidden">${escapeHtml(place.needs[0]!.title)}</span>`
          : `<span aria-hidden="true">${place.count}</span><span class="govuk-visually-hidden">${escapeHtml(words.count(place.count))}</span>`,
      }),
    [single, place, words],
  );
  const canZoom = map.getZoom() < maxZoom;
  return (
    <Marker position={[place.lat, place.lng]} icon={icon} keyboard>
      <Popup>
        <PopupContent>
          {place.needs.length > 0 ? (
            <>
              {!single && <p className="govuk-body-s govuk-!-margin-bottom-1">{words.count(place.count)}</p>}
              <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                {place.needs.map((need) => (
                  <li key={need.reference}>
                    <a
                      className="govuk-link"
                      href={`/needs/${need.reference}`}
                      lang={textLang(need.language)}
                    >
                      {need.title}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <>
              <p className="govuk-body-s govuk-!-margin-bottom-1">{words.count(place.count)}</p>
              {canZoom ? (
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                  onClick={() => {
                    map.closePopup();
                    map.setView([place.lat, place.lng], Math.min(map.getZoom() + 2, maxZoom));
                  }}
                >
                  {words.zoom}
                </button>
              ) : (
                <a className="govuk-link govuk-body-s" href={listHref}>
                  {words.seeList}
                </a>
              )}
            </>
          )}
        </PopupContent>
      </Popup>
    </Marker>
  );
}

export default function NeedsMap(props: NeedsMapProps) {
  const { tileUrl, attribution, bounds, centre, places, label, maxZoom, onView } = props;
  useLeafletStyles();
  const opening = bounds
    ? {
        bounds: L.latLngBounds([bounds.south, bounds.west], [bounds.north, bounds.east]),
        boundsOptions: { padding: [24, 24] as [number, number], maxZoom: 15 },
      }
    : { center: centre, zoom: 12 };
  return (
    <div className="gs-needs-map" role="region" aria-label={label}>
      <MapContainer {...opening} maxZoom={maxZoom} style={{ height: "420px", width: "100%" }}>
        {tileUrl && <TileLayer url={tileUrl} attribution={escapeHtml(attribution)} maxZoom={maxZoom} />}
        {places.map((place) => (
          <PlaceMarker key={`${place.lat},${place.lng},${place.count}`} place={place} {...props} />
        ))}
        <ReportView onView={onView} />
      </MapContainer>
    </div>
  );
}
