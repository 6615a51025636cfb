export const STOP_WORDS = new Set(
  `a about above across after again against all almost along already also although always am among an and
  another any anybody anyone anything anywhere are aren around as at back be became because become been before
  being below beside besides between beyond both but by can cannot could couldn did didn do does doesn doing
  don done down during each either else elsewhere enough etc even ever every everyone everything everywhere
  few for from further get gets getting got had hadn has hasn have haven having he her here hers herself him
  himself his how however i if in into is isn it its itself just least less let like ll made make many may me
  might mine more most much must mustn my myself neither never nevertheless no nobody none nor not nothing now
  nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per
  perhaps please put quite rather re really s same see seem seemed seems several shall she should shouldn
  since so some somebody someone something sometimes somewhere still such t than that the their theirs them
  themselves then there therefore these they this those though through throughout thus to together too
  toward towards under until up upon us ve very via was wasn we well were weren what whatever when whenever
  where wherever whether which while who whoever whole whom whose why will with within without won would
  wouldn yet you your yours yourself yourselves`.split(/\s+/),
);

const VOWEL = /[aeiou]/;

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (VOWEL.test(letter)) return false;
  if (letter === "y") return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's measure m: the number of vowel-consonant sequences in the stem. */
function measure(stem: string): number {
  let count = 0;
  let previousVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const vowel = !isConsonant(stem, i);
    if (previousVowel && !vowel) count++;
    previousVowel = vowel;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsConsonantVowelConsonant(word: string): boolean {
  const n = word.length;
  if (n < 3) return false;
  const last = word[n - 1];
  return (
    isConsonant(word, n - 3) &&
    !isConsonant(word, n - 2) &&
    isConsonant(word, n - 1) &&
    last !== "w" &&
    last !== "x" &&
    last !== "y"
  );
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

const stems = new Map<string, string>();

/**
 * Porter's steps 1a, 1b, 1c and 5a only: enough to fold plurals and -ed/-ing forms together
 * ("tipping", "tipped", "tips" → "tip") without the over-stemming of the later steps.
 */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = stemUncached(word);
    // Bounded so a long-running server cannot grow it without limit; a corpus' vocabulary fits easily.
    if (stems.size < 200_000) stems.set(word, stemmed);
  }
  return stemmed;
}

function stemUncached(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  let w = word;

  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);

  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith("ed") ? "ed" : w.endsWith("ing") ? "ing" : "";
    if (suffix && hasVowel(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (endsDoubleConsonant(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsConsonantVowelConsonant(w)) w += "e";
    }
  }

  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";

  if (w.endsWith("e")) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsConsonantVowelConsonant(base))) w = base;
  }
  return w;
}

export interface TokenisedText {
  /** Stemmed unigrams and "stem stem" bigrams of adjacent content words, in text order. */
  terms: string[];
  /** The content words as written (lower case), so labels can show real words rather than stems. */
  words: string[];
}

export const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
export const PHRASE_BREAK = /[.,;:!?()[\]{}"\n]/;
export const NUMBER = /^\p{N}+$/u;

export function tokenise(text: string, { phrases = true }: { phrases?: boolean } = {}): TokenisedText {
  const terms: string[] = [];
  const words: string[] = [];
  const normalised = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
  let previous: string | null = null;
  let end = 0;
  for (const match of normalised.matchAll(WORD)) {
    // A phrase never spans a sentence or clause break.
    if (previous !== null && PHRASE_BREAK.test(normalised.slice(end, match.index))) {
      previous = null;
    }
    end = match.index + match[0].length;
    const word = match[0].includes("'") ? match[0].replace(/'(s|t|d|ll|re|ve|m)$/, "") : match[0];
    if (word.length < 2 || STOP_WORDS.has(word) || NUMBER.test(word)) {
      previous = null;
      continue;
    }
    const stemmed = stem(word);
    terms.push(stemmed);
    words.push(word);
    if (phrases && previous !== null) terms.push(`${previous} ${stemmed}`);
    previous = stemmed;
  }
  return { terms, words };
}

/**
 * Spellings run together ("flytipping", "streetlight") become the phrase the corpus also uses
 * ("fly tipping", "street light"), with both its words, so every spelling shares the same terms.
 */
export function splitCompounds(documents: string[][]): string[][] {
  const phraseCount = new Map<string, number>();
  for (const terms of documents) {
    for (const term of terms) if (term.includes(" ")) phraseCount.set(term, (phraseCount.get(term) ?? 0) + 1);
  }
  const parts = new Map<string, string[] | null>();
  const partsOf = (term: string): string[] | null => {
    let found = parts.get(term);
    if (found !== undefined) return found;
    found = null;
    for (let cut = 2; cut <= term.length - 2 && found === null; cut++) {
      const phrase = `${term.slice(0, cut)} ${term.slice(cut)}`;
      if ((phraseCount.get(phrase) ?? 0) >= 2) found = [term.slice(0, cut), term.slice(cut), phrase];
    }
    parts.set(term, found);
    return found;
  };
  return documents.map((terms) => {
    const split = (term: string) => (term.length >= 5 && !term.includes(" ") ? partsOf(term) : null);
    return terms.some((term) => split(term) !== null)
      ? terms.flatMap((term) => split(term) ?? [term])
      : terms;
  });
}
