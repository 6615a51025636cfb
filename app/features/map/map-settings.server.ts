import { readEnv } from "~/env.server";
import type { MapSettings } from "~/features/map/map-settings";

export function mapSettings(): MapSettings {
  const env = readEnv();
  return { tileUrl: env.MAP_TILE_URL === "off" ? null : env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION };
}
