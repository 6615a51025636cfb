// The public map's words (the consultation page's map view), kept out of the browser bundle as the community
// groups' are (app/locales/en-extra.server.ts), and the words for a need's place, which the need journey's
// check step shows, so in the bundle (spread into app/locales/en.ts). Welsh: messages.cy.ts.
export const mapMessages = {
  "map.switch.label": "Show the needs as",
  "map.switch.list": "List",
  "map.switch.map": "Map",
  "map.noScript":
    "The map needs JavaScript, which is off or has not loaded in your browser, so the needs are shown as a list.",
  "map.label": "Map of the needs that match your filters",
  "map.loading": "Loading the map…",
  "map.failed": "The map could not be loaded. The list shows the same needs.",
  "map.withoutPlace": {
    one: "{count} need has no place on the map.",
    other: "{count} needs have no place on the map.",
  },
  "map.seeList": "See the needs as a list",
  "map.shown": {
    one: "{count} need on this part of the map.",
    other: "{count} needs on this part of the map.",
  },
  "map.none": "No needs with a place on the map match your filters.",
  "map.truncated": "There are too many places to show here: zoom in to see them all.",
  "map.places.heading": "Places on this part of the map",
  "map.place.count": { one: "{count} need here", other: "{count} needs here" },
  "map.place.zoom": "Zoom in to see them",
  "map.place.show": "Show on the map",
} as const;

export const placeMessages = {
  "place.near": "Marked on the map near {place}",
  "place.point": "A point on the map",
} as const;
