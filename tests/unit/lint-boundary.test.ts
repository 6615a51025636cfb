import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The rule that keeps server code out of the shared, presentational components/ folder.
describe("the server/client boundary", () => {
  const eslint = new ESLint();

  it("refuses a *.server import in components/", async () => {
    const [result] = await eslint.lintText('import { connect } from "~/db/database.server";\nexport const x = connect;\n', {
      filePath: "components/leaky.tsx",
    });
    expect(result!.messages.map((m) => m.message).join("\n")).toContain("components/ must not import server code.");
  });

  it("refuses a server-only package in components/", async () => {
    const [result] = await eslint.lintText('import pg from "pg";\nexport const x = pg;\n', { filePath: "components/leaky.tsx" });
    expect(result!.messages.map((m) => m.message).join("\n")).toContain("components/ must not import server-only packages.");
  });

  it("allows presentational imports", async () => {
    const [result] = await eslint.lintText('import { Tag } from "./feedback";\nexport const x = Tag;\n', {
      filePath: "components/fine.tsx",
    });
    expect(result!.messages).toEqual([]);
  });
});
