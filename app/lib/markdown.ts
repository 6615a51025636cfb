/**
 * Text people typed, placed in a Markdown document (the brief's export) so that it reads the same once
 * rendered and cannot add structure of its own: no headings, lists, quotes, tables, links, images, emphasis,
 * code or raw HTML, and no breaking out of the line or table cell it sits in.
 *
 * CommonMark lets any ASCII punctuation be escaped with a backslash. The characters that start structure
 * anywhere in a line are always escaped; `-`, `+`, `=` and "1." start structure only at the beginning of a
 * line, so they are escaped only there, which keeps hyphenated words readable in the raw file.
 */
const ANYWHERE = /[\\`*_{}[\]()#!|<>~&]/g;
const LINE_START = /^([-+=]|\d+[.)])/;

function escapeLine(line: string): string {
  // Leading spaces would make an indented code block; trailing ones a hard line break.
  const escaped = line.trim().replace(ANYWHERE, (character) => `\\${character}`);
  return escaped.replace(LINE_START, (marker) => marker.replace(/[-+=.)]$/, (last) => `\\${last}`));
}

/** For text inside one line (a heading, a list item, a table cell, after a bold label): line breaks become spaces. */
export function markdownInline(text: string): string {
  return escapeLine(text.replace(/\s+/g, " "));
}

/** For paragraphs of text: its blank lines still separate paragraphs, and every line is escaped. */
export function markdownBlock(text: string): string {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(escapeLine)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * A quotation of someone's words as a blockquote: every line stays inside the quote (a blank line is a quote's
 * blank line, not the quote's end) and each line break is kept as a hard break (a backslash before it).
 * `after` (already Markdown) follows the closing quotation mark on the last line.
 */
export function markdownQuote(text: string, after = ""): string {
  const lines = markdownBlock(text).split("\n");
  return lines
    .map((line, index) => {
      const first = index === 0 ? "“" : "";
      const last = index === lines.length - 1;
      const breaks = !last && line !== "" && lines[index + 1] !== "" ? "\\" : "";
      return `>${line || first || last ? " " : ""}${first}${line}${last ? `”${after}` : breaks}`;
    })
    .join("\n");
}
