import { createHash } from "node:crypto";
import { extraEnglish } from "~/locales/en-extra.server";

/**
 * The English messages kept out of the scripts bundle (`extraEnglish`), as a JavaScript module of their own at
 * an address versioned by its content. Pages used to carry them in their data: 38 kB (10 kB compressed) on
 * every page but the need journey's, sent again with each page. As a module a browser keeps for a year, a
 * resident pays for them once. The page preloads the module and the browser's entry registers it before it
 * hydrates (app/entry.client.tsx).
 */
export interface CatalogueScript {
  /** The module's address, `?v=` its content's hash. */
  href: string;
  path: string;
  version: string;
  body: string;
}

export function extraEnglishScript(): CatalogueScript {
  // "<" escaped, as in a page's own data: the text can never end a script element.
  const body = `export default ${JSON.stringify(extraEnglish).replace(/</g, "\\u003c")};\n`;
  const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const path = "/assets/messages.en-extra.js";
  return { href: `${path}?v=${version}`, path, version, body };
}
