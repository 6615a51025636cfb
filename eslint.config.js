import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

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
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/*.server", "**/*.server.*"], message: "app/lib is shared with the browser." }] }],
    },
  },
);
