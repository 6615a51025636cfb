import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The rule that keeps server code out of the shared, presentational components/ folder.
describe("the server/client boundary", () => {
  const eslint = new ESLint();

  it("refuses a *.server import in components/", async () => {
    const [result] = await eslint.lintText(
      'import { connect } from "~/db/database.server";\nexport const x = connect;\n',
      {
        filePath: "components/leaky.tsx",
      },
    );
    expect(result!.messages.map((m) => m.message).join("\n")).toContain(
      "components/ must not import server code.",
    );
  });

  it("refuses a server-only package in components/", async () => {
    const [result] = await eslint.lintText('import pg from "pg";\nexport const x = pg;\n', {
      filePath: "components/leaky.tsx",
    });
    expect(result!.messages.map((m) => m.message).join("\n")).toContain(
      "components/ must not import server-only packages.",
    );
  });

  it("allows presentational imports", async () => {
    const [result] = await eslint.lintText('import { Tag } from "./feedback";\nexport const x = Tag;\n', {
      filePath: "components/fine.tsx",
    });
    expect(result!.messages).toEqual([]);
  });
});

// The layers: a feature's server modules (its model) and the platform's answer in the domain's terms; app/lib
// and each feature's forms and UI pieces (shared with the browser) import no model; message catalogues, in
// app/locales or beside a feature, import nothing from app/lib.
describe("the layers", () => {
  const eslint = new ESLint();
  const messages = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.message).join("\n");

  it("refuses app/server and Remix's response helpers in a model, but allows Remix's types", async () => {
    expect(
      await messages(
        'import { requireAccount } from "~/server/guards.server";\nexport const x = requireAccount;\n',
        "app/features/needs/leaky.server.ts",
      ),
    ).toContain("Models import nothing from app/server.");
    expect(
      await messages(
        'import { redirect } from "@remix-run/node";\nexport const x = redirect;\n',
        "app/features/needs/leaky.server.ts",
      ),
    ).toContain("Models return results; the route builds responses.");
    expect(
      await messages(
        'import type { AppLoadContext } from "@remix-run/node";\nexport type X = AppLoadContext;\n',
        "app/features/needs/fine.server.ts",
      ),
    ).toBe("");
  });

  it("refuses a model in app/lib", async () => {
    expect(
      await messages(
        'import { listNeeds } from "~/features/needs/needs.server";\nexport const x = listNeeds;\n',
        "app/lib/leaky.server.ts",
      ),
    ).toContain("app/lib imports no model.");
  });

  it("refuses app/server in the platform's modules too", async () => {
    expect(
      await messages(
        'import { requireAccount } from "~/server/guards.server";\nexport const x = requireAccount;\n',
        "app/platform/leaky.server.ts",
      ),
    ).toContain("Models import nothing from app/server.");
  });

  it("refuses a server module or a model in a feature's forms and UI pieces", async () => {
    expect(
      await messages(
        'import { listNeeds } from "./needs.server";\nexport const x = listNeeds;\n',
        "app/features/needs/leaky-form.ts",
      ),
    ).toContain("Forms and UI pieces are shared with the browser.");
    expect(
      await messages(
        'import { enqueueJob } from "~/platform/jobs.server";\nexport const x = enqueueJob;\n',
        "app/features/needs/leaky-ui.tsx",
      ),
    ).toContain("shared with the browser");
    expect(
      await messages(
        'import { stepPath } from "./need-form";\nexport const x = stepPath;\n',
        "app/features/needs/fine-ui.tsx",
      ),
    ).toBe("");
  });

  it("refuses app/lib in a message catalogue, in app/locales or beside a feature", async () => {
    for (const filePath of ["app/locales/leaky.ts", "app/features/needs/messages.en.ts"]) {
      expect(
        await messages('import { translator } from "~/lib/i18n";\nexport const x = translator;\n', filePath),
      ).toContain("Message catalogues import nothing from app/lib.");
    }
  });
});
