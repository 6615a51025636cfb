// Where to send someone after signing in, switching language or following a link: only ever a page of this
// site. Pure, so the browser and the server share one rule.

// Any origin serves: a value that resolves to it is a path on whatever origin the browser is on.
const BASE = "https://this-site.invalid";
// Browsers drop tabs and newlines inside addresses and read a backslash as a slash, so "/\t/evil" and
// "/\evil" both reach another host; a header cannot carry control characters at all.
const UNSAFE = /[\s\\\p{Cc}]/u;

/** A path on this site, normalised as a browser would read it; `fallback` for anything else. */
export function safeRedirect(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || UNSAFE.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" resolves to the path "//evil", which a browser reads as the host evil.
  return url.origin === BASE && !path.startsWith("//") ? path : fallback;
}
