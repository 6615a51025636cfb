import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const modelImports = ["~/models/*", "~/models/**", "**/models/*", "**/models/**"];

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "public/assets/**", "node_modules/**", "tmp/**", ".data/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Playwright fixtures call their own `use`, which is not React's.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // components/ is presentational and shared with the browser: no server code may reach it.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/*.server", "**/*.server.*", "~/db/*", "~/server/*", "~/models/*"], message: "components/ must not import server code." },
            { group: ["node:*", "pg", "kysely", "sharp", "nodemailer"], message: "components/ must not import server-only packages." },
          ],
        },
      ],
    },
  },
  {
    // Browser-bound route modules may import *.server files (Remix strips them), but plain app code may not
    // import a server module from a non-server file outside routes.
    files: ["app/lib/**/*.{ts,tsx}"],
    ignores: ["app/lib/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/*.server", "**/*.server.*"], message: "app/lib is shared with the browser." },
            { group: modelImports, message: "app/lib is shared with the browser: it imports no model." },
          ],
        },
      ],
    },
  },
  {
    // Layers (docs/DEVELOPING.md): routes and app/server call models; models call the database and app/lib.
    files: ["app/lib/**/*.server.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: modelImports, message: "app/lib imports no model." }] }] },
  },
  {
    // A model says what happened; the route decides the status, the redirect and the words.
    files: ["app/models/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/server/*", "~/server/**", "**/server/*.server", "**/server/*.server.*"], message: "Models import nothing from app/server." },
            { group: ["@remix-run/*"], allowTypeImports: true, message: "Models return results; the route builds responses." },
          ],
        },
      ],
    },
  },
  {
    // The catalogues are data: app/lib reads them, never the other way round.
    files: ["app/locales/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["~/lib/*", "~/lib/**", "**/lib/*"], message: "app/locales imports nothing from app/lib." }] }],
    },
  },
);
