// Whether a source's link is alive: a HEAD request (GET when the server refuses HEAD) with a short timeout,
// following at most a few redirects. Not found (404, 410), a host that does not resolve, a refused connection
// or a timeout is "dead"; any other answer (even 401, 403 or 500: the page exists behind it) is "alive".
// SOURCE_LINK_CHECK=off (deployments without outbound network) skips the check: every link counts as alive.
import { readEnv } from "~/env.server";
import { isHttpUrl } from "./source-forms";

export type LinkCheck =
  | { status: "alive"; checked: boolean }
  | { status: "dead"; reason: "not-found" | "unreachable" | "too-many-redirects" }
  | { status: "not-http" };

export type LinkChecker = (url: string) => Promise<LinkCheck>;

export const LINK_CHECK_TIMEOUT_MS = 5000;
export const LINK_CHECK_MAX_REDIRECTS = 5;

/** The checker with its timeout and redirect bound; `fetchImpl` lets a test stand in for the network. */
export function createLinkChecker({
  timeoutMs = LINK_CHECK_TIMEOUT_MS,
  maxRedirects = LINK_CHECK_MAX_REDIRECTS,
  fetchImpl = fetch,
}: { timeoutMs?: number; maxRedirects?: number; fetchImpl?: typeof fetch } = {}): LinkChecker {
  async function ask(url: string, method: "HEAD" | "GET", signal: AbortSignal) {
    const response = await fetchImpl(url, {
      method,
      redirect: "manual",
      signal,
      headers: { "user-agent": "Groundswell link check", accept: "*/*" },
    });
    // Nothing of the body is needed; leave it unread so the connection closes.
    await response.body?.cancel().catch(() => undefined);
    return response;
  }
  return async (url) => {
    if (!isHttpUrl(url)) return { status: "not-http" };
    const signal = AbortSignal.timeout(timeoutMs);
    let current = url;
    try {
      for (let hop = 0; hop <= maxRedirects; hop++) {
        let response = await ask(current, "HEAD", signal);
        // Some servers refuse or mishandle HEAD: ask again with GET.
        if ([400, 403, 404, 405, 501].includes(response.status)) response = await ask(current, "GET", signal);
        if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
          const next = new URL(response.headers.get("location")!, current).toString();
          if (!isHttpUrl(next)) return { status: "dead", reason: "unreachable" };
          current = next;
          continue;
        }
        if (response.status === 404 || response.status === 410)
          return { status: "dead", reason: "not-found" };
        return { status: "alive", checked: true };
      }
      return { status: "dead", reason: "too-many-redirects" };
    } catch {
      return { status: "dead", reason: "unreachable" };
    }
  };
}

/** Every link counts as alive: for SOURCE_LINK_CHECK=off. */
export const noLinkCheck: LinkChecker = async (url) =>
  isHttpUrl(url) ? { status: "alive", checked: false } : { status: "not-http" };

/** The checker this deployment uses (SOURCE_LINK_CHECK). */
export function sourceLinkChecker(): LinkChecker {
  return readEnv().SOURCE_LINK_CHECK === "off" ? noLinkCheck : createLinkChecker();
}
