import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Name of the hidden form field (and `x-csrf-token` header) every mutation must carry. */
export const CSRF_FIELD = "csrf";

/**
 * Double-submit with a signed token: the browser holds a random HttpOnly cookie; forms carry an HMAC of
 * it under the server secret. A cross-site page can neither read the cookie nor forge the HMAC.
 */
export function csrfCookieName(secure: boolean): string {
  return secure ? "__Host-gs_csrf" : "gs_csrf";
}

export function newCsrfSeed(): string {
  return randomBytes(24).toString("base64url");
}

export function csrfTokenFor(secret: string, seed: string): string {
  return createHmac("sha256", secret).update(`csrf:${seed}`).digest("base64url");
}

export function isValidCsrfToken(secret: string, seed: string | undefined, token: unknown): boolean {
  if (!seed || typeof token !== "string" || token.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(secret, seed));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
