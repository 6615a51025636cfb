// A consultation's sources show their web addresses as links: only http and https, sentence punctuation left
// outside the link, and the words around them kept as they were.
import { describe, expect, it } from "vitest";
import { linkParts } from "~components/linked-text";

describe("web addresses in plain text", () => {
  it("links http and https addresses, shown without the scheme, with the text around them kept", () => {
    expect(
      linkParts(
        "Collected: https://compdemocracy.org/case-studies/2018-kentucky. Licence: https://creativecommons.org/licenses/by/4.0/.",
      ),
    ).toEqual([
      { text: "Collected: " },
      {
        href: "https://compdemocracy.org/case-studies/2018-kentucky",
        text: "compdemocracy.org/case-studies/2018-kentucky",
      },
      { text: ". Licence: " },
      { href: "https://creativecommons.org/licenses/by/4.0/", text: "creativecommons.org/licenses/by/4.0" },
      { text: "." },
    ]);
  });

  it("leaves closing brackets and quotes outside, and keeps a query in the link", () => {
    expect(linkParts("(see http://www.example.org/a?b=1&c=2), “https://example.org”")).toEqual([
      { text: "(see " },
      { href: "http://www.example.org/a?b=1&c=2", text: "example.org/a?b=1&c=2" },
      { text: "), “" },
      { href: "https://example.org/", text: "example.org" },
      { text: "”" },
    ]);
  });

  it("links nothing else: other schemes and addresses without one stay text", () => {
    const text = "javascript:alert(1) data:text/html,hi ftp://example.org compdemocracy.org/polis https://";
    expect(linkParts(text)).toEqual([{ text }]);
  });

  it("gives text without addresses back whole, and nothing for nothing", () => {
    expect(linkParts("Answers from residents, 2018.")).toEqual([{ text: "Answers from residents, 2018." }]);
    expect(linkParts("")).toEqual([]);
  });
});
