export type TextPart = { text: string } | { href: string; text: string };

// A web address runs to the next space; punctuation that ends a sentence or closes brackets is left out.
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}’”]+$/;

/**
 * Splits plain text into words and web addresses. Only http and https addresses become links, each shown
 * without its scheme (compdemocracy.org/polis rather than https://compdemocracy.org/polis/), so it reads well.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const raw = match[0].replace(TRAILING_PUNCTUATION, "");
    const url = safeUrl(raw);
    if (!url) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ href: url.href, text: readable(raw) });
    last = match.index + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function safeUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? url : null;
  } catch {
    return null;
  }
}

function readable(raw: string): string {
  return raw.replace(/^https?:\/\/(www\.)?/i, "").replace(/\/$/, "");
}

/** Text whose web addresses are links (to other sites: no referrer, no access to this page). */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkParts(text).map((part, index) =>
        "href" in part ? (
          <a key={index} className="govuk-link gs-web-address" href={part.href} rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
