import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signs short values with the server secret, for links and cookies the server must later trust
 * (unsubscribe links, the sign-in flow's cookie). A purpose is mixed in, so a value signed for one use is
 * never accepted for another. The value is readable, not secret.
 */
export interface Signer {
  sign(purpose: string, value: string): string;
  verify(purpose: string, token: string | null | undefined): string | null;
}

export function createSigner(secret: string): Signer {
  const mac = (purpose: string, encoded: string) =>
    createHmac("sha256", secret).update(`${purpose}:${encoded}`).digest("base64url");
  return {
    sign(purpose, value) {
      const encoded = Buffer.from(value, "utf8").toString("base64url");
      return `${encoded}.${mac(purpose, encoded)}`;
    },
    verify(purpose, token) {
      if (!token) return null;
      const [encoded, given] = token.split(".");
      if (!encoded || !given) return null;
      const expected = Buffer.from(mac(purpose, encoded));
      const actual = Buffer.from(given);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
      return Buffer.from(encoded, "base64url").toString("utf8");
    },
  };
}
