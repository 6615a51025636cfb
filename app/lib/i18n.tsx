import { useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { en, type MessageKey } from "~/locales/en";
import type { Message, PluralMessage } from "~/locales/message";

/**
 * Every resident-facing string goes through t(). Messages are plain strings with {placeholders}, or
 * plural objects keyed by Intl.PluralRules categories (English needs one/other; Welsh uses all six:
 * zero, one, two, few, many, other). Welsh (cy) is offered on resident and community group pages (see
 * `isBilingualPath`); the commissioners' pages stay in English and say so with lang="en".
 */
export type Locale = "en" | "cy";
export type { Message, PluralMessage };
export type Messages = Record<MessageKey, Message>;

export const LOCALES: readonly Locale[] = ["en", "cy"];
/**
 * The Welsh catalogue is not in the browser bundle (it would push the need journey past its JavaScript
 * budget): the server registers it at start (app/lib/i18n.server.ts), and the root loader sends it
 * as data to a browser that prefers Welsh, which registers it before the first render.
 */
export const locales: Record<Locale, Partial<Messages>> = { en, cy: {} };
interface RootI18nData {
  locale?: Locale;
  welsh?: WelshCatalogue | null;
  extraEnglish?: Record<string, Message> | null;
}
export interface WelshCatalogue {
  messages: Partial<Messages>;
}
let registeredWelsh: WelshCatalogue | null = null;
export function registerWelsh(catalogue: WelshCatalogue | null | undefined) {
  if (!catalogue || registeredWelsh) return;
  registeredWelsh = catalogue;
  Object.assign(locales.cy, catalogue.messages);
}
const registeredExtraEnglish = new WeakSet<object>();
/** Adds a catalogue of English messages kept out of the bundle (see `en` in app/locales/en.ts), once. */
export function registerExtraEnglish(messages: Record<string, Message> | null | undefined) {
  // Called on every render that translates: a set lookup, not a look through the catalogue's keys each time.
  if (!messages || registeredExtraEnglish.has(messages)) return;
  registeredExtraEnglish.add(messages);
  Object.assign(en, messages);
}
export const DEFAULT_LOCALE: Locale = "en";
export const TIME_ZONE = "Europe/London";
/** The cookie that remembers a chosen language for the browser session. */
export const LANGUAGE_COOKIE = "gs_lang";
/** The query parameter a language link carries, and the name of the in-form language button. */
export const LANGUAGE_PARAM = "lang";
/** Each language's name, written in that language (the switch offers the other one). */
export const languageNames: Record<Locale, string> = { en: "English", cy: "Cymraeg" };

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "cy";
}

/** BCP 47 tag for Intl: British English, Welsh. */
export const intlLocale = (locale: Locale) => (locale === "en" ? "en-GB" : "cy");

/**
 * Pages offered in Welsh: everything residents and community groups use (the groups' directory, pages and
 * forms, proposals). The commissioners' workspace, organisation and platform administration and the
 * moderation queue are in English only.
 */
const englishOnly = [
  /^\/workspace(\/|$)/,
  /^\/organisations(\/|$)/,
  /^\/admin(\/|$)/,
  /^\/dev(\/|$)/,
  /^\/api(\/|$)/,
  /^\/c\/[^/]+\/moderate(\/|$)/,
  // An invited expert's page: professionals reading a draft written in English.
  /^\/invitations\/expert(\/|$)/,
];
export function isBilingualPath(pathname: string): boolean {
  return !englishOnly.some((pattern) => pattern.test(pathname));
}

/** The language a page is shown in: the person's choice where the page is bilingual, else English. */
export function pageLocale(preferred: Locale | undefined, pathname: string): Locale {
  return preferred && isBilingualPath(pathname) ? preferred : DEFAULT_LOCALE;
}

/** Reads Accept-Language: Welsh when cy is preferred over English (by order and q-value). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split("-")[0];
    if (primary === "cy") return "cy";
    if (primary === "en") return "en";
  }
  return DEFAULT_LOCALE;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Fills a message in: the plural form for values.count, then {placeholders}, numbers in the locale. */
export function formatMessage(
  message: Message,
  locale: Locale,
  values: Record<string, string | number> = {},
): string {
  let text: string;
  if (typeof message === "string") text = message;
  else {
    const count = Number(values.count ?? 0);
    text = message[pluralRules[locale].select(count)] ?? message.other;
  }
  if (!text.includes("{")) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? numbers.format(value) : value;
  });
}

// Intl objects are costly to build (tens of microseconds each, many per page), so each is built once.
const pluralRules: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules(intlLocale("en")),
  cy: new Intl.PluralRules(intlLocale("cy")),
};
// Welsh groups digits as British English does; en-GB gives the same result in every browser's ICU data.
const numbers = new Intl.NumberFormat("en-GB");
const londonParts = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: TIME_ZONE,
});
const englishDay = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: TIME_ZONE,
});

export function translator(locale: Locale): Translate {
  const messages = locales[locale] ?? en;
  return (key, values) => formatMessage(messages[key] ?? en[key], messages[key] ? locale : "en", values);
}

const WELSH_MONTHS = [
  "Ionawr",
  "Chwefror",
  "Mawrth",
  "Ebrill",
  "Mai",
  "Mehefin",
  "Gorffennaf",
  "Awst",
  "Medi",
  "Hydref",
  "Tachwedd",
  "Rhagfyr",
];

/**
 * “26 November 2026 at 2:05pm” / “26 Tachwedd 2026 am 14:05”, in London time. Welsh is written out here
 * rather than by Intl: browsers' trimmed ICU data (Chromium's among them) has no Welsh month names, and the
 * page the server rendered must read the same once scripts run.
 */
export function formatDate(value: string | Date, locale: Locale = DEFAULT_LOCALE, withTime = false): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (locale === "en" && !withTime) return englishDay.format(date);
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of londonParts.formatToParts(date)) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  if (locale === "cy") {
    const day = `${Number(parts.day)} ${WELSH_MONTHS[Number(parts.month) - 1]} ${parts.year}`;
    // Welsh public bodies write times on the 24-hour clock (“am 14:30”).
    return withTime ? `${day} am ${parts.hour}:${parts.minute}` : day;
  }
  // The 12-hour clock is written out: with `hour12` Node's ICU says “0:05 pm” for five past noon where
  // Chromium's says “12:05 pm”, and the page would change as it hydrates.
  return `${englishDay.format(date)} at ${hour % 12 || 12}:${parts.minute}${hour < 12 ? "am" : "pm"}`;
}

/** “5 minutes” / “5 munud”: how long to wait, in the page's language (the same steps as describeWait). */
export function describeWaitIn(locale: Locale, seconds: number): string {
  const t = translator(locale);
  if (seconds < 90) return t("wait.seconds", { count: Math.max(1, Math.round(seconds)) });
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return t("wait.minutes", { count: minutes });
  return t("wait.hours", { count: Math.ceil(minutes / 60) });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat("en-GB").format(value);
}

/** The language the person chose (cookie) or their browser prefers; the root loader passes it down. */
export function usePreferredLocale(): Locale {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  registerWelsh(data?.welsh);
  registerExtraEnglish(data?.extraEnglish);
  return data?.locale ?? DEFAULT_LOCALE;
}

/** The language of the page being shown. */
export function useLocale(): Locale {
  const preferred = usePreferredLocale();
  const { pathname } = useLocation();
  return pageLocale(preferred, pathname);
}

export function useT(): Translate {
  return translator(useLocale());
}

/** Whether a string is a catalogue key (form schemas carry keys as their error messages). */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/** Shows a form message: a catalogue key is translated, anything else (already written out) is kept. */
export function useMessage(): (message: string) => string {
  const t = useT();
  return (message) => (isMessageKey(message) ? t(message) : message);
}

/** For `meta` functions: the page's translator from the root's data and the location. */
export function metaTranslator(args: {
  matches: readonly { id: string; data?: unknown }[];
  location: { pathname: string };
}): Translate {
  return translator(metaLocale(args));
}
export function metaLocale({
  matches,
  location,
}: {
  matches: readonly { id: string; data?: unknown }[];
  location: { pathname: string };
}): Locale {
  const root = matches.find((match) => match.id === "root")?.data as RootI18nData | undefined;
  registerWelsh(root?.welsh);
  registerExtraEnglish(root?.extraEnglish);
  return pageLocale(root?.locale, location.pathname);
}

/**
 * The lang attribute for words a resident wrote (needs, comments): the language they wrote in, where it is
 * known and is not the page's; nothing otherwise, so the text takes the page's language.
 */
export function textLang(written: string | null | undefined, page: Locale): Locale | undefined {
  return isLocale(written) && written !== page ? written : undefined;
}

export function useTextLang(): (written: string | null | undefined) => Locale | undefined {
  const locale = useLocale();
  return (written) => textLang(written, locale);
}

/** Content commissioners wrote, in English and (where given) Welsh. */
export interface BilingualText {
  en: string;
  cy?: string | null;
}

export function bilingual(en: string | null | undefined, cy: string | null | undefined): BilingualText {
  return { en: en ?? "", cy: cy ?? null };
}

/**
 * Picks the page's language where the commissioner gave it, else the English, which on a Welsh page is
 * marked lang="en" (`fallback` says so, for a note that it is only in English).
 */
export function pickText(
  locale: Locale,
  text: BilingualText,
): { text: string; lang: "en" | undefined; fallback: boolean } {
  if (locale === "cy" && text.cy && text.cy.trim())
    return { text: text.cy, lang: undefined, fallback: false };
  const fallback = locale === "cy" && text.en.trim() !== "";
  return { text: text.en, lang: fallback ? "en" : undefined, fallback };
}

export function usePick(): (text: BilingualText) => ReturnType<typeof pickText> {
  const locale = useLocale();
  return (text) => pickText(locale, text);
}

/** Renders commissioners' content in the page's language, marking English on a Welsh page lang="en". */
export function Localised({
  text,
  as: Tag = "span",
  className,
}: {
  text: BilingualText;
  as?: "span" | "p" | "h1" | "h2" | "h3";
  className?: string;
}): ReactNode {
  const picked = pickText(useLocale(), text);
  return (
    <Tag className={className} lang={picked.lang}>
      {picked.text}
    </Tag>
  );
}
