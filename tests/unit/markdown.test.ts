// Text people typed, escaped for the brief's Markdown export, rendered by a CommonMark parser (micromark, which
// Remix's compiler already installs): it comes out as the same words, with no structure of its own.
import { micromark } from "micromark";
import { describe, expect, it } from "vitest";
import { residentWords } from "~/features/statements/statement-forms";
import { markdownBlock, markdownInline, markdownQuote } from "~/lib/markdown";

const hostile = [
  '<a href="https://evil.example">click</a>',
  "</p><img src=x onerror=alert(1)>",
  "# Heading",
  "## Another ##",
  "- a list item",
  "+ another",
  "* and another",
  "1. ordered",
  "2) ordered too",
  "> a quote",
  "    indented code",
  "```",
  "fenced",
  "```",
  "[a link](https://evil.example) and ![an image](https://evil.example/x.png)",
  "<https://evil.example>",
  "[ref]: https://evil.example",
  "| a | b |",
  "| --- | --- |",
  "**bold** _em_ `code` ~~struck~~",
  "&lt;script&gt; &#60;b&#62;",
  "Heading underline",
  "===",
  "---",
  "a backslash at the end \\",
  "well-being, 10 + 2 = 12.",
];

/** What a reader sees: the HTML's text, with the paragraph tags and entities undone. */
function rendered(markdown: string) {
  const html = micromark(markdown, { allowDangerousHtml: true });
  return {
    html,
    text: html
      .replace(/<\/?p>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  };
}

describe("Markdown escaping of typed text", () => {
  it("keeps a paragraph's words and lines but none of the structure they would make", () => {
    const input = hostile.join("\n");
    const { html, text } = rendered(markdownBlock(input));
    expect(html.startsWith("<p>")).toBe(true);
    expect(html.match(/<[a-z]/g)).toEqual(["<p"]);
    expect(text.split("\n").map((line) => line.trim())).toEqual(hostile.map((line) => line.trim()));
  });

  it("keeps blank lines between paragraphs, and nothing else", () => {
    const { html } = rendered(markdownBlock("First paragraph.\n\n\n\n# Second\n\n- third"));
    expect(html).toBe("<p>First paragraph.</p>\n<p># Second</p>\n<p>- third</p>");
  });

  it("keeps text inside its line: a heading stays one heading and cannot close early", () => {
    for (const line of hostile) {
      const { html } = rendered(`### 1. ${markdownInline(`${line}\n# Injected\n| x |`)}`);
      expect(html).toMatch(/^<h3>1\. [^<]*<\/h3>$/);
      expect(html).toContain("# Injected | x |");
    }
  });

  it("keeps a table cell to its cell: every pipe is escaped", () => {
    expect(markdownInline("x | y\n| z")).toBe("x \\| y \\| z");
  });
});

describe("a resident's words quoted in the brief", () => {
  it("stay inside the blockquote, line by line, and make no structure", () => {
    const words = [
      "The bus stops at six.",
      "# So we walk",
      "<script>alert(1)</script>",
      "",
      "[Tap here](javascript:alert(1))",
    ];
    const html = micromark(
      markdownQuote(words.join("\n"), " — [GS-1](https://groundswell.example/needs/GS-1)"),
      {
        allowDangerousHtml: true,
      },
    );
    // One blockquote holding everything; its only tags are paragraphs, hard breaks and the need's own link.
    expect(html.match(/<blockquote>/g)).toHaveLength(1);
    expect(html.trim().endsWith("</blockquote>")).toBe(true);
    expect(html.match(/<[a-z]+/g)!.filter((tag) => !["<blockquote", "<p", "<br"].includes(tag))).toEqual([
      "<a",
    ]);
    expect(html).toContain('href="https://groundswell.example/needs/GS-1"');
    expect(html).toContain(
      "“The bus stops at six.<br />\n# So we walk<br />\n&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    );
    expect(html).toContain("[Tap here](javascript:alert(1))” — <a");
  });

  it("are said once: a title that starts the description is not repeated", () => {
    expect(
      residentWords({
        title: "No safe crossing",
        description: "No safe crossing by the school, cars go fast.",
      }),
    ).toBe("No safe crossing by the school, cars go fast.");
    expect(
      residentWords({ title: "No safe crossing!", description: "no  safe crossing by the school" }),
    ).toBe("no  safe crossing by the school");
    expect(residentWords({ title: "Buses", description: "They stop at six." })).toBe(
      "Buses: They stop at six.",
    );
    expect(residentWords({ title: "Buses", description: "  " })).toBe("Buses");
  });
});
