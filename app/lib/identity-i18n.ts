import { identityEn, type IdentityMessageKey } from "~/locales/identity.en";
import { formatMessage, onWelshRegistered, useLocale, type Locale, type Message } from "./i18n";

/** Translates the sign-in, account and invitation pages' messages, exactly as useT() does for en.ts. */
export type IdentityTranslate = (key: IdentityMessageKey, values?: Record<string, string | number>) => string;

// Welsh arrives with the rest of the Welsh catalogue (see registerWelsh in i18n.tsx).
const catalogues: Record<Locale, Partial<Record<IdentityMessageKey, Message>>> = { en: identityEn, cy: {} };
onWelshRegistered((catalogue) => Object.assign(catalogues.cy, catalogue.identity));

export function identityTranslator(locale: Locale): IdentityTranslate {
  const messages = catalogues[locale] ?? identityEn;
  return (key, values) =>
    formatMessage(messages[key] ?? identityEn[key], messages[key] ? locale : "en", values);
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
