import type { AppLoadContext } from "@remix-run/node";
import {
  isLocale,
  LANGUAGE_COOKIE,
  LANGUAGE_PARAM,
  localeFromAcceptLanguage,
  pageLocale,
  type Locale,
} from "~/lib/i18n";
import { safeRedirect } from "~/lib/safe-redirect";
import { parseCookies } from "./cookies.server";

/** The person's language: the session cookie they chose with the switch, else Accept-Language. */
export function requestLocale(
  cookieHeader: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  const chosen = parseCookies(cookieHeader)[LANGUAGE_COOKIE];
  return isLocale(chosen) ? chosen : localeFromAcceptLanguage(acceptLanguage);
}

/** A session cookie (no Max-Age): the choice lasts until the browser closes. */
export function languageCookie(locale: Locale, secure: boolean): string {
  return `${LANGUAGE_COOKIE}=${locale}; Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * A language link is the current URL with ?lang=cy: the HTTP layer remembers the choice and sends the
 * browser back to the same URL without it (the home page when that path would leave the site). Returns that
 * URL, or null when the request carries no choice.
 */
export function languageLinkTarget(url: URL): { locale: Locale; location: string } | null {
  const value = url.searchParams.get(LANGUAGE_PARAM);
  if (!isLocale(value)) return null;
  const rest = new URLSearchParams(url.searchParams);
  rest.delete(LANGUAGE_PARAM);
  const query = rest.toString();
  return { locale: value, location: safeRedirect(`${url.pathname}${query ? `?${query}` : ""}${url.hash}`) };
}

/**
 * The language button inside a form (name="lang") posts what was typed with the choice. The page's action
 * calls this first: when it returns true the action shows the same step again with the input, saving
 * nothing, and the HTTP layer sets the cookie because context.locale changed.
 */
export function switchLanguage(context: AppLoadContext, formData: FormData): boolean {
  const value = formData.get(LANGUAGE_PARAM);
  if (!isLocale(value)) return false;
  context.locale = value;
  return true;
}

/** The language the page at this request's path is shown in (server-side messages, emails). */
export function localeOf(context: AppLoadContext, request: Request): Locale {
  return pageLocale(context.locale, new URL(request.url).pathname);
}
