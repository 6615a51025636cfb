import type { AppLoadContext } from "@remix-run/node";
import { parseCookies } from "./cookies.server";

/**
 * Between "what is your email address?" and "check your email", the address (and where to return after
 * signing in) travels in a short-lived signed cookie rather than in the URL, where it would reach logs
 * and browser history.
 */
export interface SignInFlow {
  email: string;
  redirectTo: string;
}

const PURPOSE = "sign-in-flow";
const LIFETIME_SECONDS = 30 * 60;

function cookieName(context: AppLoadContext) {
  return context.settings.secureCookies ? "__Host-gs_sign_in" : "gs_sign_in";
}

function attributes(context: AppLoadContext) {
  return `Path=/; HttpOnly; SameSite=Lax${context.settings.secureCookies ? "; Secure" : ""}`;
}

export function signInFlowCookie(context: AppLoadContext, flow: SignInFlow): string {
  return `${cookieName(context)}=${context.signer.sign(PURPOSE, JSON.stringify(flow))}; ${attributes(context)}; Max-Age=${LIFETIME_SECONDS}`;
}

export function clearSignInFlowCookie(context: AppLoadContext): string {
  return `${cookieName(context)}=; ${attributes(context)}; Max-Age=0`;
}

export function readSignInFlow(request: Request, context: AppLoadContext): SignInFlow | null {
  const value = context.signer.verify(
    PURPOSE,
    parseCookies(request.headers.get("cookie"))[cookieName(context)],
  );
  if (!value) return null;
  try {
    const flow = JSON.parse(value) as Partial<SignInFlow>;
    return typeof flow.email === "string" && typeof flow.redirectTo === "string"
      ? { email: flow.email, redirectTo: flow.redirectTo }
      : null;
  } catch {
    return null;
  }
}
