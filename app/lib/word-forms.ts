// Word forms for search. PostgreSQL's English stemmer unites "needs" and "need" but not "buses" (`buse`) and
// "bus", "children" and "child", or a Welsh word and its mutated or plural forms ("bws", "fws", "bysiau"), and
// there is no Welsh stemmer. So each word typed is searched as any of its forms: the search indexes stay as
// they are and only the query grows (app/lib/text-search.server.ts turns this into SQL). Forms may include
// words that do not exist: they cost an index look-up and match nothing. Pure, so it is unit-tested alone.

/** One word typed: found as any of its forms. `welsh` (its English and Welsh forms) is for text written in Welsh. */
export interface WordTerm {
  kind: "word";
  word: string;
  negated: boolean;
  english: string[];
  welsh: string[];
}

/** A quoted phrase or a compound such as "bus-stop": searched as typed, as web search engines treat quotes. */
export interface TextTerm {
  kind: "text";
  text: string;
  negated: boolean;
}

export type SearchTerm = WordTerm | TextTerm;

/** Alternatives (typed "or"), each a list of terms that must all match. Empty when nothing can be searched. */
export type ParsedSearch = SearchTerm[][];

/** Terms beyond these are ignored, so a very long search stays a bounded query. */
export const MAX_SEARCH_TERMS = 32;
const MAX_SEARCH_LENGTH = 2_000;
/** Longer "words" (a pasted code or address) are searched as typed. */
const MAX_WORD_LENGTH = 40;

const LETTERS = /^[\p{L}\p{M}]+$/u;
const POSSESSIVE = /^([\p{L}\p{M}]+)['’]s$/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;

/**
 * Reads a search as PostgreSQL's websearch_to_tsquery does: words must all match, "quoted text" is a phrase,
 * a leading `-` excludes a word or phrase, and `or` separates alternatives.
 */
export function parseSearch(text: string): ParsedSearch {
  // Control and formatting characters (NUL, zero-width spaces) separate words; PostgreSQL refuses a NUL in text.
  const source = text
    .normalize("NFC")
    .slice(0, MAX_SEARCH_LENGTH)
    .replace(/[\p{Cc}\p{Cf}]/gu, " ");
  const alternatives: SearchTerm[][] = [[]];
  let count = 0;
  let negated = false;
  const add = (term: SearchTerm) => {
    if (count >= MAX_SEARCH_TERMS) return;
    alternatives.at(-1)!.push(term);
    count += 1;
  };
  let at = 0;
  while (at < source.length) {
    const char = source[at]!;
    if (/\s/u.test(char)) {
      at += 1;
    } else if (char === "-") {
      negated = true;
      at += 1;
    } else if (char === '"') {
      const end = source.indexOf('"', at + 1);
      const phrase = source.slice(at + 1, end === -1 ? source.length : end);
      at = end === -1 ? source.length : end + 1;
      if (/[\p{L}\p{N}]/u.test(phrase)) add({ kind: "text", text: phrase, negated });
      negated = false;
    } else {
      const match = /^[^\s"]+/u.exec(source.slice(at))!;
      at += match[0].length;
      const chunk = match[0];
      if (chunk.toLowerCase() === "or") {
        // "-or" means nothing to websearch_to_tsquery either.
        if (!negated && alternatives.at(-1)!.length) alternatives.push([]);
      } else {
        const term = chunkTerm(chunk, negated);
        if (term) add(term);
      }
      negated = false;
    }
  }
  return alternatives.filter((terms) => terms.length > 0);
}

function chunkTerm(chunk: string, negated: boolean): SearchTerm | null {
  const core = chunk.replace(EDGE_PUNCTUATION, "").toLowerCase();
  if (!core) return null;
  const word = POSSESSIVE.exec(core)?.[1] ?? core;
  if (LETTERS.test(word) && word.length <= MAX_WORD_LENGTH) {
    const english = englishWordForms(word);
    return { kind: "word", word, negated, english, welsh: unique([...english, ...welshWordForms(word)]) };
  }
  return { kind: "text", text: core, negated };
}

const unique = (forms: string[]) => [...new Set(forms)];

// English ------------------------------------------------------------------------------------------------------

/** Plurals the English stemmer does not bring back to their singular. */
const ENGLISH_IRREGULAR: Record<string, string[]> = {
  child: ["children"],
  person: ["people", "persons"],
  man: ["men"],
  woman: ["women"],
  foot: ["feet"],
  tooth: ["teeth"],
  goose: ["geese"],
  mouse: ["mice"],
  louse: ["lice"],
  ox: ["oxen"],
  penny: ["pence"],
  knife: ["knives"],
  wife: ["wives"],
  life: ["lives"],
  leaf: ["leaves"],
  half: ["halves"],
  shelf: ["shelves"],
  wolf: ["wolves"],
  loaf: ["loaves"],
  thief: ["thieves"],
  calf: ["calves"],
  scarf: ["scarves", "scarfs"],
  hoof: ["hooves", "hoofs"],
  crisis: ["crises"],
  analysis: ["analyses"],
  diagnosis: ["diagnoses"],
  criterion: ["criteria"],
  phenomenon: ["phenomena"],
  medium: ["media"],
  index: ["indices", "indexes"],
  appendix: ["appendices"],
  cactus: ["cacti"],
  fungus: ["fungi"],
  nucleus: ["nuclei"],
  stimulus: ["stimuli"],
  syllabus: ["syllabi"],
};
/** Irregular endings that compounds keep too: grandchildren, policemen, chairpeople, bookshelves. */
const ENGLISH_IRREGULAR_ENDINGS = ["child", "man", "woman", "person", "wife", "shelf", "tooth", "foot"];
const ENGLISH_SINGULAR = invert(ENGLISH_IRREGULAR);
/** Words that only look plural: "news" is not more than one "new". */
const NOT_PLURAL = new Set(["news", "series", "species", "means", "lens", "physics", "always", "perhaps"]);

function invert(table: Record<string, string[]>): Record<string, string[]> {
  const inverted: Record<string, string[]> = {};
  for (const [singular, plurals] of Object.entries(table))
    for (const plural of plurals) (inverted[plural] ??= []).push(singular);
  return inverted;
}

/** The word, its plural and its singular in English; forms that are not words do no harm. */
export function englishWordForms(word: string): string[] {
  const forms = [word, ...(ENGLISH_IRREGULAR[word] ?? []), ...(ENGLISH_SINGULAR[word] ?? [])];
  for (const ending of ENGLISH_IRREGULAR_ENDINGS) {
    const stem = word.slice(0, -ending.length);
    if (word.endsWith(ending) && stem.length >= 2)
      forms.push(...ENGLISH_IRREGULAR[ending]!.map((p) => stem + p));
    for (const plural of ENGLISH_IRREGULAR[ending]!) {
      const pluralStem = word.slice(0, -plural.length);
      if (word.endsWith(plural) && pluralStem.length >= 2) forms.push(pluralStem + ending);
    }
  }
  const singulars = NOT_PLURAL.has(word) ? [] : englishSingulars(word);
  forms.push(...(singulars.length ? singulars : englishPlurals(word)));
  return unique(forms);
}

function englishPlurals(word: string): string[] {
  if (word.length < 3) return [];
  if (/(s|x|z|ch|sh)$/.test(word)) {
    // bus: buses and busses
    return /[aeiou]s$/.test(word) ? [`${word}es`, `${word}ses`] : [`${word}es`];
  }
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`];
  if (word.endsWith("o")) return [`${word}s`, `${word}es`];
  return [`${word}s`];
}

function englishSingulars(word: string): string[] {
  if (word.length < 4) return [];
  const forms: string[] = [];
  if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("usses")) forms.push(word.slice(0, -3));
  if (/(s|x|z|ch|sh|o)es$/.test(word)) forms.push(word.slice(0, -2));
  if (/[^su]s$/.test(word) && !word.endsWith("is")) forms.push(word.slice(0, -1));
  return forms;
}

// Welsh --------------------------------------------------------------------------------------------------------

/**
 * Plurals that change the word itself (vowel changes, other endings), singular first. Regular endings (-au, -iau,
 * -ion, -on, -i, -ydd, -oedd, -od, -ed) and w → y before them (twll, tyllau) are added by rule.
 */
const WELSH_IRREGULAR: Record<string, string[]> = {
  plentyn: ["plant"],
  bws: ["bysiau", "bysus"],
  tŷ: ["tai"],
  car: ["ceir"],
  gardd: ["gerddi"],
  bachgen: ["bechgyn"],
  merch: ["merched"],
  gwraig: ["gwragedd"],
  dyn: ["dynion"],
  person: ["pobl", "personau"],
  ffordd: ["ffyrdd"],
  mab: ["meibion"],
  brawd: ["brodyr"],
  chwaer: ["chwiorydd"],
  athro: ["athrawon"],
  ci: ["cŵn"],
  llaw: ["dwylo"],
  troed: ["traed"],
  dant: ["dannedd"],
  bardd: ["beirdd"],
  castell: ["cestyll"],
  dafad: ["defaid"],
  aderyn: ["adar"],
  blodyn: ["blodau"],
  coeden: ["coed"],
  deilen: ["dail"],
  ysbyty: ["ysbytai"],
  meddygfa: ["meddygfeydd"],
  fferyllfa: ["fferyllfeydd"],
  swyddfa: ["swyddfeydd"],
  gwlad: ["gwledydd"],
  nant: ["nentydd"],
  gŵr: ["gwŷr"],
  oen: ["ŵyn"],
  llygad: ["llygaid"],
  cymydog: ["cymdogion"],
  claf: ["cleifion"],
  baban: ["babanod"],
  plismon: ["plismyn"],
  tocyn: ["tocynnau"],
  lle: ["lleoedd", "llefydd"],
  trên: ["trenau"],
  nyrs: ["nyrsys"],
  cyngor: ["cynghorau"],
};
const WELSH_SINGULAR = invert(WELSH_IRREGULAR);
const WELSH_PLURAL_ENDINGS = ["oedd", "iau", "ion", "ydd", "au", "on", "od", "ed", "i"];
/**
 * Short words that glue a sentence together ("and", "the", "in", "is"): never expanded, and never a form of
 * another word, or "ci" (dog) would find every "chi" (you).
 */
const WELSH_FUNCTION_WORDS = new Set(
  (
    "a ac ag am ar at i o y yr yn ym yng ei eu ein eich fy dy ni chi nhw hi fe fo ef e mi ti mae yw ydy ydw " +
    "oedd bod fod sydd sy oes does dim ddim na nac nad neu ond os pan fel gan gyda efo heb hyd tan wrth dros " +
    "drwy trwy mewn rhwng rhag dan wedi yma yno hyn hynny hwn hon pob rhai iawn hefyd felly er erbyn ger"
  ).split(" "),
);

const VOWEL = /^[aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ]/u;
const withoutAccents = (word: string) => word.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");

/** A word's initial as it would be after the soft, nasal and aspirate mutations (and h- before a vowel). */
export function welshMutations(word: string): string[] {
  const rest = (length: number) => word.slice(length);
  if (/^(ll)/.test(word)) return [`l${rest(2)}`];
  if (/^(rh)/.test(word)) return [`r${rest(2)}`];
  if (/^(ch|dd|ff|ng|ph|th)/.test(word)) return [];
  switch (word[0]) {
    case "c":
      return [`g${rest(1)}`, `ngh${rest(1)}`, `ch${rest(1)}`];
    case "p":
      return [`b${rest(1)}`, `mh${rest(1)}`, `ph${rest(1)}`];
    case "t":
      return [`d${rest(1)}`, `nh${rest(1)}`, `th${rest(1)}`];
    case "g":
      return word.length >= 3 ? [rest(1), `ng${rest(1)}`] : [`ng${rest(1)}`];
    case "b":
      return [`f${rest(1)}`, `m${rest(1)}`];
    case "d":
      return [`dd${rest(1)}`, `n${rest(1)}`];
    case "m":
      return [`f${rest(1)}`];
  }
  return VOWEL.test(word) ? [`h${word}`] : [];
}

/** The words this word may be a mutation of: "fws" may be "bws" or "mws"; "ysgol" may have lost a "g". */
export function welshRadicals(word: string): string[] {
  const rest = (length: number) => word.slice(length);
  if (/^(ll|rh|ff)/.test(word)) return [];
  const prefixes: [RegExp, string[]][] = [
    [/^ngh/, ["c"]],
    [/^mh/, ["p"]],
    [/^nh/, ["t"]],
    [/^ng/, ["g"]],
    [/^ch/, ["c"]],
    [/^ph/, ["p"]],
    [/^th/, ["t"]],
    [/^dd/, ["d"]],
    [/^f/, ["b", "m"]],
    [/^g/, ["c"]],
    [/^b/, ["p"]],
    [/^d/, ["t"]],
    [/^l/, ["ll", "gl"]],
    [/^r/, ["rh", "gr"]],
    [/^m/, ["b"]],
    [/^n/, ["d"]],
    [/^w/, ["gw"]],
  ];
  for (const [prefix, radicals] of prefixes) {
    const match = prefix.exec(word);
    if (match) return radicals.map((radical) => radical + rest(match[0].length));
  }
  if (/^h/.test(word) && VOWEL.test(rest(1))) return [rest(1)];
  return VOWEL.test(word) ? [`g${word}`] : [];
}

/** Singular and plural of a Welsh word, by the irregular table and the regular endings. */
export function welshNumberForms(word: string): string[] {
  const plain = withoutAccents(word);
  const forms = [word];
  for (const table of [WELSH_IRREGULAR, WELSH_SINGULAR])
    for (const [key, others] of Object.entries(table))
      if (key === word || withoutAccents(key) === plain) forms.push(key, ...others);
  if (word.length < 3) return unique(forms);
  if (/(au|oedd|ion|wyr)$/.test(word)) return unique([...forms, ...welshSingulars(word)]);
  // As a singular: ysgol → ysgolion; twll → tyllau (w becomes y before the ending).
  const affected = word.replace(/w([^aeiouwy]*)$/u, "y$1");
  for (const ending of WELSH_PLURAL_ENDINGS) forms.push(word + ending);
  if (affected !== word) forms.push(`${affected}au`, `${affected}iau`, `${affected}oedd`);
  if (/(iwr|wr)$/.test(word)) forms.push(word.replace(/i?wr$/, "wyr"));
  if (/(yn|en)$/.test(word) && word.length > 4) forms.push(word.slice(0, -2), `${word.slice(0, -2)}au`);
  // It may be a plural itself (afon, afonydd; but mynydd, mynyddoedd).
  return unique([...forms, ...welshSingulars(word)]);
}

/** What a Welsh plural may be the plural of: ysgolion → ysgol; bysiau → bys, bws; gweithwyr → gweithiwr. */
function welshSingulars(word: string): string[] {
  const forms: string[] = [];
  const ending = WELSH_PLURAL_ENDINGS.find((candidate) => word.endsWith(candidate));
  const stem = ending ? word.slice(0, -ending.length) : "";
  if (stem.length >= 2) {
    forms.push(stem);
    const unaffected = stem.replace(/y([^aeiouwy]*)$/u, "w$1");
    if (unaffected !== stem) forms.push(unaffected);
  }
  if (word.endsWith("wyr")) forms.push(word.replace(/wyr$/, "wr"), word.replace(/wyr$/, "iwr"));
  return forms;
}

/** The forms a Welsh word may take in text: its radicals, their singulars and plurals, and each one mutated. */
export function welshWordForms(word: string): string[] {
  if (WELSH_FUNCTION_WORDS.has(word)) return [word];
  const bases = unique([word, ...welshRadicals(word)].flatMap(welshNumberForms));
  const forms = unique(bases.flatMap((base) => [base, ...welshMutations(base)]));
  return unique([...forms, ...forms.map(withoutAccents)]).filter(
    (form) => form === word || !WELSH_FUNCTION_WORDS.has(form),
  );
}
