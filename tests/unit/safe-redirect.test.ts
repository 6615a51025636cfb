import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";
import { languageLinkTarget } from "~/server/language.server";

const SITE = "https://groundswell.example";

/** Where a browser goes when it receives this value as a Location header on a page of this site. */
const followed = (location: string) => new URL(location, `${SITE}/sign-in/code`);

describe("safeRedirect", () => {
  it.each([
    ["a tab, which browsers drop", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL", "/\0/evil.example"],
    ["another C0 control", "/account\u001f"],
    ["DEL", "/account\u007f"],
    ["a C1 control", "/account\u0085"],
    ["a space", "/ /evil.example"],
    ["a space inside", "/c/a b"],
    ["a no-break space", "/account\u00a0"],
    ["a line separator", "/account\u2028"],
    ["a leading space", " /account"],
    ["a backslash after the slash", "/\\evil.example"],
    ["two backslashes", "/\\\\evil.example"],
    ["a backslash inside", "/a\\b"],
    ["a backslash in the query", "/account?x=\\"],
    ["two slashes", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["a dot segment then a backslash", "/./\\/evil.example"],
    ["a dot segment then two slashes", "/.//evil.example"],
    ["a double-dot segment then two slashes", "/..//evil.example"],
    ["percent-encoded dots, which URLs treat as dots", "/%2e%2e//evil.example"],
    ["a full address", "https://evil.example/account"],
    ["a scheme-relative address with a scheme-like start", "http:/evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a relative path", "account"],
    ["nothing", ""],
  ])("refuses %s", (_, value) => {
    expect(safeRedirect(value, "/fallback")).toBe("/fallback");
  });

  it.each([null, undefined, 42, ["/account"], { toString: () => "/account" }, new URL(`${SITE}/account`)])(
    "refuses a value that is not a string (%s)",
    (value) => {
      expect(safeRedirect(value, "/fallback")).toBe("/fallback");
    },
  );

  it("falls back to the home page unless told otherwise", () => {
    expect(safeRedirect("//evil.example")).toBe("/");
  });

  it.each(["/", "/account", "/c/slug?x=1#y", "/invitations/abc-DEF_123", "/workspace/c/bus?theme=1&page=2"])(
    "keeps the path on this site %s as it is",
    (value) => {
      expect(safeRedirect(value, "/fallback")).toBe(value);
    },
  );

  it("keeps percent-encoded slashes encoded, so they stay part of a path on this site", () => {
    // Location headers are not decoded by browsers before they resolve them, and Remix's redirect sends the
    // value as given: "/%2F/evil.example" is a (missing) page here, never the host evil.example.
    expect(safeRedirect("/%2F/evil.example", "/fallback")).toBe("/%2F/evil.example");
    expect(safeRedirect("/%2F%2Fevil.example", "/fallback")).toBe("/%2F%2Fevil.example");
  });

  it("returns the address as a browser would read it: dot segments resolved, other characters encoded", () => {
    expect(safeRedirect("/c/./slug/../bus", "/fallback")).toBe("/c/bus");
    expect(safeRedirect("/c/caffi’r-dref", "/fallback")).toBe("/c/caffi%E2%80%99r-dref");
  });

  it("never returns a value a browser would follow off this site, nor one a header cannot carry", () => {
    const attempts = [
      "/\t/evil.example",
      "/.//evil.example",
      "/./\\/evil.example",
      "/%2F/evil.example",
      "/%2e//evil.example",
      "/\\evil.example",
      "/c/slug?x=1#y",
    ];
    for (const value of attempts) {
      const location = safeRedirect(value, "/fallback");
      expect(followed(location).origin).toBe(SITE);
      expect(location).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
    }
  });
});

describe("the language switch", () => {
  const target = (address: string) => languageLinkTarget(new URL(address, "http://localhost"))?.location;

  it("sends the browser back to the same path on this site", () => {
    expect(target("/c/warm?theme=1&lang=cy#map")).toBe("/c/warm?theme=1#map");
  });

  it.each([
    "/.//evil.example?lang=cy",
    "//evil.example?lang=cy",
    "/\\evil.example?lang=cy",
    "/%2e%2e//evil.example?lang=cy",
  ])("keeps %s on this site", (address) => {
    const location = target(address)!;
    expect(followed(location).origin).toBe(SITE);
    expect(location).not.toMatch(/^\/\//);
  });
});
