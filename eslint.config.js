import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// A feature's server modules (its model: the only place SQL is written) and the platform's.
const modelImports = [
  "~/features/**/*.server",
  "~/features/**/*.server.*",
  "~/platform/*",
  "~/platform/**",
  "**/platform/*",
];
// Code a browser also runs: app/lib and the forms and UI pieces of each feature (anything not *.server).
const sharedWithBrowser = ["app/lib/**/*.{ts,tsx}", "app/features/**/*.{ts,tsx}"];
const serverFiles = ["app/**/*.server.{ts,tsx}"];
// A feature's messages, like app/locales, are data.
const catalogues = ["app/locales/**/*.{ts,tsx}", "app/features/**/messages.*.ts"];

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
            {
              group: ["**/*.server", "**/*.server.*", "~/db/*", "~/server/*", ...modelImports],
              message: "components/ must not import server code.",
            },
            {
              group: ["node:*", "pg", "kysely", "sharp", "nodemailer"],
              message: "components/ must not import server-only packages.",
            },
          ],
        },
      ],
    },
  },
  {
    // Browser-bound route modules may import *.server files (Remix strips them), but plain app code may not
    // import a server module from a non-server file outside routes.
    files: sharedWithBrowser,
    ignores: serverFiles,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/*.server", "**/*.server.*", "~/server/*"],
              message: "Forms and UI pieces are shared with the browser.",
            },
            {
              group: modelImports,
              message: "Forms and UI pieces are shared with the browser: they import no model.",
            },
          ],
        },
      ],
    },
  },
  {
    // Layers (docs/DEVELOPING.md): routes and app/server call models; models call the database and app/lib.
    files: ["app/lib/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: modelImports, message: "app/lib imports no model." }] },
      ],
    },
  },
  {
    // A model says what happened; the route decides the status, the redirect and the words.
    files: [
      "app/features/**/*.server.{ts,tsx}",
      "app/features/*/grouping/**",
      "app/features/*/import/**",
      "app/platform/**/*.{ts,tsx}",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/server/*", "~/server/**", "**/server/*.server", "**/server/*.server.*"],
              message: "Models import nothing from app/server.",
            },
            {
              group: ["@remix-run/*"],
              allowTypeImports: true,
              message: "Models return results; the route builds responses.",
            },
          ],
        },
      ],
    },
  },
  {
    // The catalogues are data: app/lib reads them, never the other way round.
    files: catalogues,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/lib/*", "~/lib/**", "**/lib/*"],
              message: "Message catalogues import nothing from app/lib.",
            },
            { group: modelImports, message: "Message catalogues import no model." },
          ],
        },
      ],
    },
  },
);
