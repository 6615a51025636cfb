// Loaded only in the browser, and only when a resident opens the map (lazy import), so Leaflet's code
// and styles never weigh on a page that does not use them.
import leafletStyles from "leaflet/dist/leaflet.css";
import { useEffect } from "react";
import { CircleMarker, MapContainer, TileLayer, useMapEvents } from "react-leaflet";

export interface LocationMapProps {
  tileUrl: string;
  centre: [number, number];
  point: [number, number] | null;
  label: string;
  onPick(lat: number, lng: number): void;
}

function PickOnClick({ onPick }: { onPick: LocationMapProps["onPick"] }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lat, event.latlng.lng) });
  return null;
}

export default function LocationMap({ tileUrl, centre, point, label, onPick }: LocationMapProps) {
  useEffect(() => {
    if (document.querySelector(`link[href="${leafletStyles}"]`)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = leafletStyles;
    document.head.appendChild(link);
  }, []);
  return (
    <div className="gs-location-map" role="region" aria-label={label}>
      <MapContainer
        center={point ?? centre}
        zoom={point ? 16 : 13}
        style={{ height: "320px", width: "100%" }}
      >
        <TileLayer
          url={tileUrl}
          attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
        />
        {point && <CircleMarker center={point} radius={10} pathOptions={{ color: "#0b3d2e", weight: 3 }} />}
        <PickOnClick onPick={onPick} />
      </MapContainer>
    </div>
  );
}
