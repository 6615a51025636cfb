// The sentence-embedding model in a process of its own, for the background job that embeds needs
// (app/features/needs/need-meaning.server.ts): a batch takes the model a second or more of CPU, which would
// stall every request of the app's own process. Started with fork(); answers { ready } once the model is
// loaded (or { error }), then { id, vectors } for each { id, texts } it is sent.
import { embedTexts, loadMeaningModel } from "~/platform/meaning/model.server";

process.on("message", (message: { id: number; texts: string[] }) => {
  embedTexts(message.texts).then(
    (vectors) => process.send?.({ id: message.id, vectors }),
    (error: unknown) =>
      process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));

loadMeaningModel().then(
  () => process.send?.({ ready: true }),
  (error: unknown) => {
    process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
  },
);
