// The Welsh catalogue, server-only: the server registers it (app/lib/i18n.server.ts) and browsers get it as
// data from the root loader, so English pages load none of it and Welsh pages do not carry it as JavaScript.
import { cy } from "./cy";

export const welshCatalogue = { messages: cy };
