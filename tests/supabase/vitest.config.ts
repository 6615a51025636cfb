// The Supabase start-up smoke test (smoke.test.ts says what it needs): its own config, because the default one
// leaves this folder out and starts a test cluster this test does not use.
import { fileURLToPath } from "node:url";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["tests/supabase/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    // Starting the app seeds the demo (607 answers) first.
    hookTimeout: 120_000,
  },
});
