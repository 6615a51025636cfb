import { useRouteLoaderData } from "@remix-run/react";
import { en, type MessageKey } from "~/locales/en";

/**
 * Every resident-facing string goes through t(). Messages are plain strings with {placeholders}, or
 * plural objects keyed by Intl.PluralRules categories (English needs one/other; Welsh uses all six).
 */
export type Locale = "en";
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Messages = Record<MessageKey, Message>;

export const locales: Record<Locale, Messages> = { en };
export const DEFAULT_LOCALE: Locale = "en";
export const TIME_ZONE = "Europe/London";

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = locales[locale] ?? en;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale === "en" ? "en-GB" : locale);
  return (key, values = {}) => {
    const message = messages[key] ?? en[key];
    let text: string;
    if (typeof message === "string") text = message;
    else {
      const count = Number(values.count ?? 0);
      text = message[plurals.select(count)] ?? message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };
}

export function formatDate(value: string | Date, locale: Locale = DEFAULT_LOCALE, withTime = false): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(withTime ? { hour: "numeric", minute: "2-digit", hour12: true } : {}),
    timeZone: TIME_ZONE,
  }).format(date);
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}
