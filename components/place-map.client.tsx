// A small map with a need's spot marked, for pages that show where a need is. Still, like a picture: no
// dragging, zooming or keyboard focus, since the words beside it say the same (the text alternative). Loaded
// only in the browser (lazy import).
import { CircleMarker, MapContainer, TileLayer } from "react-leaflet";
import { useLeafletStyles } from "./leaflet-styles.client";

export interface PlaceMapProps {
  /** null: no tiles, the marker on a plain background. */
  tileUrl: string | null;
  attribution: string;
  point: [number, number];
}

export default function PlaceMap({ tileUrl, attribution, point }: PlaceMapProps) {
  useLeafletStyles();
  return (
    <div className="gs-place-map">
      <MapContainer
        center={point}
        zoom={15}
        style={{ height: "180px", width: "100%" }}
        dragging={false}
        touchZoom={false}
        doubleClickZoom={false}
        scrollWheelZoom={false}
        boxZoom={false}
        keyboard={false}
        zoomControl={false}
      >
        {tileUrl && (
          <TileLayer
            url={tileUrl}
            attribution={attribution.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)}
          />
        )}
        <CircleMarker
          center={point}
          radius={9}
          interactive={false}
          pathOptions={{ color: "#0b0c0c", weight: 3, fillColor: "#ffdd00", fillOpacity: 1 }}
        />
      </MapContainer>
    </div>
  );
}
