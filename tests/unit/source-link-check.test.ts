// The link check of a cited source against a real HTTP server on this machine (there is no outside network
// here): a live page, one found after redirects, one that refuses HEAD but answers GET, a 404 and a 410, a
// redirect loop, a refused connection, a host that does not resolve, a server too slow to answer, and links
// that are not http(s) at all. SOURCE_LINK_CHECK=off counts every http(s) link alive without asking.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLinkChecker,
  noLinkCheck,
  sourceLinkChecker,
} from "~/features/statements/source-link-check.server";

let server: Server;
let base: string;
const methods: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    methods.push(`${request.method} ${request.url}`);
    const url = request.url ?? "/";
    if (url === "/live") return response.writeHead(200, { "content-type": "text/html" }).end("<p>data</p>");
    if (url === "/moved") return response.writeHead(301, { location: "/live" }).end();
    if (url === "/loop") return response.writeHead(302, { location: "/loop" }).end();
    if (url === "/no-head")
      return response
        .writeHead(request.method === "HEAD" ? 405 : 200)
        .end(request.method === "HEAD" ? "" : "ok");
    if (url === "/gone") return response.writeHead(410).end();
    if (url === "/private") return response.writeHead(403).end();
    if (url === "/slow") return void setTimeout(() => response.writeHead(200).end(), 2000);
    if (url === "/elsewhere") return response.writeHead(302, { location: "ftp://files.example.org/x" }).end();
    response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An address where nothing listens: a server started and stopped. */
async function closedPort(): Promise<string> {
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
  const { port } = spare.address() as AddressInfo;
  await new Promise((resolve) => spare.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

describe("checking a source's link", () => {
  const check = createLinkChecker({ timeoutMs: 1000 });

  it("finds a live page alive, with HEAD", async () => {
    methods.length = 0;
    expect(await check(`${base}/live`)).toEqual({ status: "alive", checked: true });
    expect(methods).toEqual(["HEAD /live"]);
  });

  it("follows redirects to a live page, and asks with GET when HEAD is refused", async () => {
    expect(await check(`${base}/moved`)).toEqual({ status: "alive", checked: true });
    methods.length = 0;
    expect(await check(`${base}/no-head`)).toEqual({ status: "alive", checked: true });
    expect(methods).toEqual(["HEAD /no-head", "GET /no-head"]);
    // A page behind a login exists: it is not dead.
    expect(await check(`${base}/private`)).toEqual({ status: "alive", checked: true });
  });

  it("calls a 404 or 410 dead", async () => {
    expect(await check(`${base}/missing`)).toEqual({ status: "dead", reason: "not-found" });
    expect(await check(`${base}/gone`)).toEqual({ status: "dead", reason: "not-found" });
  });

  it("stops after a few redirects, and at a redirect to something other than http(s)", async () => {
    expect(await check(`${base}/loop`)).toEqual({ status: "dead", reason: "too-many-redirects" });
    expect(await check(`${base}/elsewhere`)).toEqual({ status: "dead", reason: "unreachable" });
  });

  it("calls a refused connection, a host that does not resolve and a server too slow unreachable", async () => {
    expect(await check(await closedPort())).toEqual({ status: "dead", reason: "unreachable" });
    expect(await check("http://no-such-host.invalid/data")).toEqual({
      status: "dead",
      reason: "unreachable",
    });
    expect(await check(`${base}/slow`)).toEqual({ status: "dead", reason: "unreachable" });
  });

  it("asks nothing of a link that is not http(s)", async () => {
    methods.length = 0;
    for (const url of [
      "javascript:alert(1)",
      "ftp://files.example.org/x",
      "data:text/plain,hi",
      "/relative",
      "http://",
    ])
      expect(await check(url)).toEqual({ status: "not-http" });
    expect(methods).toEqual([]);
  });

  it("with SOURCE_LINK_CHECK=off counts every http(s) link alive without asking", async () => {
    const before = process.env.SOURCE_LINK_CHECK;
    process.env.SOURCE_LINK_CHECK = "off";
    try {
      methods.length = 0;
      expect(await sourceLinkChecker()(`${base}/missing`)).toEqual({ status: "alive", checked: false });
      expect(await noLinkCheck("ftp://files.example.org/x")).toEqual({ status: "not-http" });
      expect(methods).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.SOURCE_LINK_CHECK;
      else process.env.SOURCE_LINK_CHECK = before;
    }
  });
});
