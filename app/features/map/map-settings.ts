/** What the browser needs to draw a map: the tiles (null when MAP_TILE_URL is `off`) and their credit. */
export interface MapSettings {
  tileUrl: string | null;
  attribution: string;
}
