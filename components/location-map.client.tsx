// Loaded only in the browser, and only when a resident opens the map (lazy import), so Leaflet's code
// and styles never weigh on a page that does not use them.
import { CircleMarker, MapContainer, TileLayer, useMapEvents } from "react-leaflet";
import { useLeafletStyles } from "./leaflet-styles.client";

export interface LocationMapProps {
  /** null: no tiles, the spot on a plain background. */
  tileUrl: string | null;
  attribution: string;
  centre: [number, number];
  point: [number, number] | null;
  label: string;
  onPick(lat: number, lng: number): void;
}

function PickOnClick({ onPick }: { onPick: LocationMapProps["onPick"] }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lat, event.latlng.lng) });
  return null;
}

export default function LocationMap({
  tileUrl,
  attribution,
  centre,
  point,
  label,
  onPick,
}: LocationMapProps) {
  useLeafletStyles();
  return (
    <div className="gs-location-map" role="region" aria-label={label}>
      <MapContainer
        center={point ?? centre}
        zoom={point ? 16 : 13}
        style={{ height: "320px", width: "100%" }}
      >
        {tileUrl && (
          <TileLayer
            url={tileUrl}
            attribution={attribution.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)}
          />
        )}
        {point && <CircleMarker center={point} radius={10} pathOptions={{ color: "#0b3d2e", weight: 3 }} />}
        <PickOnClick onPick={onPick} />
      </MapContainer>
    </div>
  );
}
