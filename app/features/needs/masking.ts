/**
 * Masks personal data in free text shown publicly: email addresses, phone numbers and street addresses
 * with a house number. The unmasked original stays in a private table, visible to its author and the
 * owning commissioners.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Runs of digits with optional separators that look like a phone number (8 to 15 digits).
const PHONE = /(?<![\p{L}\p{N}])(?:\+|00)?\(?\d(?:[\s().-]*\d){7,14}(?![\p{L}\p{N}])/gu;
const STREET_WORDS =
  "street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|crescent|place|pl|terrace|gardens|grove|hill|row|square|walk|mews|parade|boulevard|blvd|heol|ffordd|stryd";
// A house number, then one to three words of a street name (capitalised, or Welsh linking words such as
// "y"), then a street word in either case: "12 Acacia Avenue", "7 Heol y Castell".
const caseless = (word: string) => word.replace(/^./, (first) => `[${first.toUpperCase()}${first}]`);
const HOUSE_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}[a-zA-Z]?(?:\\s*[-/]\\s*\\d{1,4}[a-zA-Z]?)?,?\\s+` +
    `(?:(?:${STREET_WORDS.split("|").map(caseless).join("|")})\\b(?:\\s+(?:y|yr|the|de|la)\\b)?(?:\\s+\\p{Lu}[\\p{L}'’-]*){1,3}` +
    `|(?:\\p{Lu}[\\p{L}'’-]*\\s+){1,3}(?:${STREET_WORDS.split("|").map(caseless).join("|")})\\b\\.?)`,
  "gu",
);

export const MASKS = {
  email: "[email removed]",
  phone: "[phone number removed]",
  address: "[address removed]",
} as const;

const DIGIT = /\d/;
const DIGITS = /\d/g;

export function maskPersonalData(text: string): string {
  // Cheap checks first (imports mask every row): an email needs an "@", an address a digit, a phone 8 digits.
  let masked = text.includes("@") ? text.replace(EMAIL, MASKS.email) : text;
  if (!DIGIT.test(masked)) return masked;
  masked = masked.replace(HOUSE_ADDRESS, MASKS.address);
  return (masked.match(DIGITS)?.length ?? 0) >= 8 ? masked.replace(PHONE, MASKS.phone) : masked;
}

/** Rounds a coordinate to three decimal places: about 110 m of latitude, less of longitude. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}
