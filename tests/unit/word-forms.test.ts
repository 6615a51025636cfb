// The forms a word typed in a search is found by, and how a search is read (app/lib/word-forms.ts). Whether the
// database finds needs by them is tests/db/search-word-forms.test.ts.
import { describe, expect, it } from "vitest";
import {
  englishWordForms,
  MAX_SEARCH_TERMS,
  parseSearch,
  welshMutations,
  welshNumberForms,
  welshRadicals,
  welshWordForms,
  type WordTerm,
} from "~/lib/word-forms";

describe("English word forms", () => {
  it.each([
    ["bus", "buses"],
    ["child", "children"],
    ["person", "people"],
    ["city", "cities"],
    ["knife", "knives"],
    ["woman", "women"],
    ["man", "men"],
    ["foot", "feet"],
    ["tooth", "teeth"],
    ["mouse", "mice"],
    ["wife", "wives"],
    ["leaf", "leaves"],
    ["half", "halves"],
    ["shelf", "shelves"],
    ["life", "lives"],
    ["box", "boxes"],
    ["church", "churches"],
    ["potato", "potatoes"],
    ["class", "classes"],
    ["crisis", "crises"],
    ["grandchild", "grandchildren"],
    ["policeman", "policemen"],
    ["midwife", "midwives"],
  ])("finds %s and %s from either", (singular, plural) => {
    expect(englishWordForms(singular)).toContain(plural);
    expect(englishWordForms(plural)).toContain(singular);
  });

  it("starts with the word itself, and finds busses too", () => {
    expect(englishWordForms("bus")).toEqual(["bus", "buses", "busses"]);
    expect(englishWordForms("busses")).toContain("bus");
  });

  it("does not take a word that only looks plural for a plural", () => {
    expect(englishWordForms("news")).not.toContain("new");
    expect(englishWordForms("status")).not.toContain("statu");
    expect(englishWordForms("analysis")).not.toContain("analysi");
  });

  it("keeps short words short", () => {
    expect(englishWordForms("ty")).toEqual(["ty"]);
  });
});

describe("Welsh word forms", () => {
  it("mutates an initial as the soft, nasal and aspirate mutations do", () => {
    expect(welshMutations("cath")).toEqual(["gath", "nghath", "chath"]);
    expect(welshMutations("pont")).toEqual(["bont", "mhont", "phont"]);
    expect(welshMutations("tref")).toEqual(["dref", "nhref", "thref"]);
    expect(welshMutations("gardd")).toEqual(["ardd", "ngardd"]);
    expect(welshMutations("bws")).toEqual(["fws", "mws"]);
    expect(welshMutations("drws")).toEqual(["ddrws", "nrws"]);
    expect(welshMutations("llyfr")).toEqual(["lyfr"]);
    expect(welshMutations("mam")).toEqual(["fam"]);
    expect(welshMutations("rhiant")).toEqual(["riant"]);
    expect(welshMutations("ysgol")).toEqual(["hysgol"]);
    // These initials never mutate.
    for (const word of ["ffordd", "chwaer", "theatr", "nyrs", "siop"])
      expect(welshMutations(word)).toEqual([]);
  });

  it("finds the words a mutated word may come from", () => {
    expect(welshRadicals("fws")).toEqual(["bws", "mws"]);
    expect(welshRadicals("nghath")).toEqual(["cath"]);
    expect(welshRadicals("mhont")).toEqual(["pont"]);
    expect(welshRadicals("nhref")).toEqual(["tref"]);
    expect(welshRadicals("ngardd")).toEqual(["gardd"]);
    expect(welshRadicals("ardd")).toEqual(["gardd"]);
    expect(welshRadicals("wraig")).toEqual(["gwraig"]);
    expect(welshRadicals("ddrws")).toEqual(["drws"]);
    expect(welshRadicals("lyfr")).toEqual(["llyfr", "glyfr"]);
    expect(welshRadicals("riant")).toEqual(["rhiant", "griant"]);
    expect(welshRadicals("hysgol")).toEqual(["ysgol"]);
    expect(welshRadicals("ffordd")).toEqual([]);
  });

  it("finds plurals and singulars, regular and not", () => {
    expect(welshNumberForms("ysgol")).toContain("ysgolion");
    expect(welshNumberForms("ysgolion")).toContain("ysgol");
    expect(welshNumberForms("siop")).toContain("siopau");
    expect(welshNumberForms("siopau")).toContain("siop");
    expect(welshNumberForms("afon")).toContain("afonydd");
    expect(welshNumberForms("cath")).toContain("cathod");
    expect(welshNumberForms("twll")).toContain("tyllau");
    expect(welshNumberForms("bysiau")).toContain("bws");
    expect(welshNumberForms("plentyn")).toEqual(expect.arrayContaining(["plentyn", "plant"]));
    expect(welshNumberForms("plant")).toContain("plentyn");
    expect(welshNumberForms("gweithiwr")).toContain("gweithwyr");
    expect(welshNumberForms("gweithwyr")).toContain("gweithiwr");
    // With or without the circumflex.
    expect(welshNumberForms("ty")).toEqual(expect.arrayContaining(["tŷ", "tai"]));
  });

  it.each([
    ["bws", ["fws", "mws", "bysiau", "fysiau", "bysus"]],
    ["fws", ["bws", "bysiau", "fysiau"]],
    ["bysiau", ["bws", "fws", "fysiau"]],
    ["plentyn", ["plant", "blant", "mhlant", "blentyn"]],
    ["blant", ["plant", "plentyn", "phlant"]],
    ["ysgol", ["ysgolion", "hysgol"]],
    ["cymuned", ["gymuned", "nghymuned", "chymuned", "cymunedau", "gymunedau"]],
    ["meddyg", ["feddyg", "meddygon", "feddygon"]],
    ["tŷ", ["dŷ", "nhŷ", "thŷ", "tai", "dai", "ty"]],
  ])("finds %s as any of %j", (word, forms) => {
    expect(welshWordForms(word)).toEqual(expect.arrayContaining([word, ...forms]));
  });

  it("never makes a form of a word out of the words that glue a sentence together", () => {
    // "ci" (dog) aspirated is "chi", which is also "you".
    expect(welshWordForms("ci")).toContain("gi");
    expect(welshWordForms("ci")).not.toContain("chi");
    expect(welshWordForms("ty")).not.toContain("dy");
    expect(welshWordForms("yn")).toEqual(["yn"]);
  });

  it("keeps the number of forms of a word bounded", () => {
    for (const word of ["bws", "plentyn", "gweithwyr", "cymunedau", "children", "supercalifragilistic"])
      expect([word, welshWordForms(word).length < 150]).toEqual([word, true]);
  });
});

const words = (search: string) =>
  parseSearch(search).map((terms) =>
    terms.map((term) =>
      term.kind === "word"
        ? `${term.negated ? "-" : ""}${term.word}`
        : `${term.negated ? "-" : ""}"${term.text}"`,
    ),
  );

describe("reading a search", () => {
  it("reads words, phrases, exclusions and alternatives as websearch_to_tsquery does", () => {
    expect(words("bus stop")).toEqual([["bus", "stop"]]);
    expect(words('"free bus" -train')).toEqual([['"free bus"', "-train"]]);
    expect(words("bus or train")).toEqual([["bus"], ["train"]]);
    expect(words("Buses OR trains")).toEqual([["buses"], ["trains"]]);
    expect(words("or bus or or train or")).toEqual([["bus"], ["train"]]);
    expect(words('-"free bus" bus')).toEqual([['-"free bus"', "bus"]]);
    expect(words("bus - train")).toEqual([["bus", "-train"]]);
    expect(words("bus -or train")).toEqual([["bus", "train"]]);
    expect(words('"unfinished phrase')).toEqual([['"unfinished phrase"']]);
  });

  it("gives each word its English forms, and its Welsh forms for text written in Welsh", () => {
    const [[term]] = parseSearch("Children") as [[WordTerm]];
    expect(term).toMatchObject({ kind: "word", word: "children", negated: false });
    expect(term.english).toEqual(["children", "child", "childrens"]);
    expect(term.welsh).toEqual(expect.arrayContaining(term.english));
    expect((parseSearch("bws") as [[WordTerm]])[0][0].welsh).toContain("fysiau");
  });

  it("takes the punctuation around a word off, and a possessive", () => {
    expect(words("(buses), children's bus! people’s")).toEqual([["buses", "children", "bus", "people"]]);
  });

  it("searches compounds, numbers and addresses as typed", () => {
    expect(parseSearch("bus-stop 20mph")).toEqual([
      [
        { kind: "text", text: "bus-stop", negated: false },
        { kind: "text", text: "20mph", negated: false },
      ],
    ]);
  });

  it("finds nothing to search in an empty search, emoji or punctuation", () => {
    for (const nothing of ["", "   ", "🚌🚌", "!!! ... ---", '""', "- or -", "\u0000\u200b"])
      expect([nothing, parseSearch(nothing)]).toEqual([nothing, []]);
  });

  it("never passes on a character PostgreSQL refuses in text", () => {
    expect(words('bus\u0000stop "a\u0000b"')).toEqual([["bus", "stop", '"a b"']]);
  });

  it("reads at most a bounded number of terms of a very long search", () => {
    const long = parseSearch("bus ".repeat(2_500));
    expect(long.flat()).toHaveLength(MAX_SEARCH_TERMS);
    expect(parseSearch("x".repeat(10_000))).toEqual([
      [{ kind: "text", text: "x".repeat(2_000), negated: false }],
    ]);
    expect(parseSearch('"'.repeat(10_000))).toEqual([]);
  });
});
