// Registers the Welsh catalogue on the server. Browsers get it as data from the root loader instead, so
// English pages load none of it and Welsh pages do not carry it as JavaScript.
import "./en-extra.server";
import { registerWelsh, type WelshCatalogue } from "~/lib/i18n";
import { cy } from "./cy";
import { identityCy } from "./identity.cy";

export const welshCatalogue: WelshCatalogue = { messages: cy, identity: identityCy };
registerWelsh(welshCatalogue);
