import { identityEn, type IdentityMessageKey } from "~/locales/identity.en";
import { useLocale, type Locale, type Message } from "./i18n";

/** Translates the sign-in, account and invitation pages' messages, exactly as useT() does for en.ts. */
export type IdentityTranslate = (key: IdentityMessageKey, values?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<IdentityMessageKey, Message>> = { en: identityEn };

export function identityTranslator(locale: Locale): IdentityTranslate {
  const messages = catalogues[locale] ?? identityEn;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale === "en" ? "en-GB" : locale);
  return (key, values = {}) => {
    const message = messages[key] ?? identityEn[key];
    const text = typeof message === "string" ? message : (message[plurals.select(Number(values.count ?? 0))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };
}

export function useIdentityT(): IdentityTranslate {
  return identityTranslator(useLocale());
}

/** Whether a string is one of this catalogue's keys (schemas carry keys as their error messages). */
export function isIdentityKey(value: string): value is IdentityMessageKey {
  return value in identityEn;
}

/** Shows a form message: a catalogue key is translated, anything else (already written out) is kept. */
export function useIdentityMessage(): (message: string) => string {
  const t = useIdentityT();
  return (message) => (isIdentityKey(message) ? t(message) : message);
}
