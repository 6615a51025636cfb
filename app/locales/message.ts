/**
 * A message: a plain string with {placeholders}, or plural forms keyed by Intl.PluralRules categories
 * (English needs one/other; Welsh uses all six: zero, one, two, few, many, other).
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
