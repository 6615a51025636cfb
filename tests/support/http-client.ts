// A browser without JavaScript, for tests against the running server: it keeps cookies and posts forms with
// the CSRF token of the last page it read.

export interface HttpAnswer {
  status: number;
  html: string;
  location: string | null;
}

/** `headers` go with every request (e.g. the X-Forwarded-For a load balancer would add). */
export function browserWithoutJs(base: string, options: { headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>();
  let csrf = "";
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      if (/Max-Age=0/.test(cookie)) jar.delete(name!);
      else jar.set(name!, value.join("="));
    }
  };
  const headers = () => ({
    ...options.headers,
    cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
  });
  return {
    /** The cookies as the browser holds them now. */
    cookies: jar,
    async get(path: string): Promise<HttpAnswer> {
      const response = await fetch(`${base}${path}`, { headers: headers(), redirect: "manual" });
      remember(response);
      const html = await response.text();
      csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
      return { status: response.status, html, location: response.headers.get("location") };
    },
    async post(path: string, fields: Record<string, string>): Promise<HttpAnswer> {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { ...headers(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf, ...fields }).toString(),
        redirect: "manual",
      });
      remember(response);
      return {
        status: response.status,
        html: await response.text(),
        location: response.headers.get("location"),
      };
    },
  };
}
