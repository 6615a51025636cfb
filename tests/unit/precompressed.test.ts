// A kept page is compressed once and each response puts its own nonce and token in (precompressed.server.ts):
// what a browser unpacks must be exactly the page with those values, wherever the stand-ins fall.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipWith, precompress } from "~/server/precompressed.server";

const stand = { nonce: "gsnonceabc123", csrfToken: "gscsrfabc123" };
const fill = (body: string, values: typeof stand) =>
  body.split(stand.nonce).join(values.nonce).split(stand.csrfToken).join(values.csrfToken);

describe("a page compressed once", () => {
  it("unpacks to the page with each response's own values, stand-ins anywhere", () => {
    const cases = [
      `<html><script nonce="${stand.nonce}">x</script><input value="${stand.csrfToken}"></html>`,
      `${stand.nonce}${stand.csrfToken}${stand.nonce}`,
      "no stand-ins at all, only “curly” quotes and ŵ",
      "",
      `${"A long page that repeats itself. ".repeat(5_000)}${stand.csrfToken}${"and then more text ".repeat(3_000)}`,
    ];
    for (const body of cases) {
      const compressed = precompress(body, stand);
      for (const values of [
        { nonce: "n0nce+/==", csrfToken: "token-one" },
        { nonce: "another", csrfToken: "a-much-longer-token-than-the-stand-in-it-replaces" },
      ]) {
        const text = fill(body, values);
        const gzipped = gzipWith(compressed, values);
        expect(zlib.gunzipSync(gzipped).toString()).toBe(text);
      }
    }
  });

  it("keeps a long page small, as compressing it whole does", () => {
    const body = `${'<li><a href="/needs/GS-ABCDEF">GS-ABCDEF</a></li>'.repeat(5_000)}${stand.nonce}`;
    const gzipped = gzipWith(precompress(body, stand), { ...stand, nonce: "x" });
    expect(gzipped.length).toBeLessThan(zlib.gzipSync(body).length * 1.2);
  });
});
