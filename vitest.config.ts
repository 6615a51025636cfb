import tsconfigPaths from "vite-tsconfig-paths";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // tests/supabase needs a Supabase-shaped database that only CI builds; CI runs it with its own config.
    exclude: [...configDefaults.exclude, "tests/supabase/**"],
    // Two projects: `npx vitest run` (npm test) runs both; `npm run test:unit` runs only "unit", which needs
    // neither a database nor a server, so it starts no PostgreSQL. Each project extends this config (the
    // exclude above, pool, timeouts).
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "components/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "database",
          include: ["tests/db/**/*.test.ts", "tests/integration/**/*.test.ts", "app/**/*.test.ts"],
          // Starts the embedded PostgreSQL (or uses TEST_DATABASE_URL) and migrates the template database.
          globalSetup: ["tests/support/global-setup.ts"],
          // Posting, editing and importing queue the meaning job; only the tests about it run it, so no
          // embedding process outlives the test that started it.
          env: { MEANING_PROCESSES: "0" },
        },
      },
    ],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
