// Leaflet's stylesheet, added to the page by the first map that needs it (only map chunks import this).
import leafletStyles from "leaflet/dist/leaflet.css";
import { useEffect } from "react";

export function useLeafletStyles() {
  useEffect(() => {
    if (document.querySelector(`link[href="${leafletStyles}"]`)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = leafletStyles;
    document.head.appendChild(link);
  }, []);
}
