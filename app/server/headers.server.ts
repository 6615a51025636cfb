/** Headers on every response: a strict CSP with a per-request nonce for Remix's inline scripts. */
export function securityHeaders(options: { nonce: string; secure: boolean; mapTileOrigin?: string }) {
  const tiles = options.mapTileOrigin ? ` ${options.mapTileOrigin}` : "";
  const headers: Record<string, string> = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${options.nonce}'`,
      // Charts position their parts with style attributes; scripts stay nonce-only.
      "style-src 'self' 'unsafe-inline'",
      `img-src 'self' data: blob:${tiles}`,
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=()",
  };
  if (options.secure) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
