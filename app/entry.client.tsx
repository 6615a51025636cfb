import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { registerExtraEnglish, type Message } from "~/lib/i18n";

declare global {
  interface Window {
    __remixContext?: { state?: { loaderData?: { root?: { extraEnglishModule?: string | null } } } };
  }
}

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// The page was made with the extra English messages, which came as a module of their own (root.tsx): they are
// registered first, so the page hydrates with the same words. If the module cannot be had, the page stays as
// the server made it, which works without JavaScript.
const extraEnglishModule = window.__remixContext?.state?.loaderData?.root?.extraEnglishModule;
if (extraEnglishModule) {
  import(/* @vite-ignore */ extraEnglishModule).then(
    (module: { default: Record<string, Message> }) => {
      registerExtraEnglish(module.default);
      hydrate();
    },
    (error: unknown) => console.warn("The page's messages did not load; it works without JavaScript.", error),
  );
} else {
  hydrate();
}
