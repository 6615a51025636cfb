// The words commissioners read in the workspace speak to a council or NHS officer: what happened and what to
// do, never which file of the repository, which command or which setting is behind it. Technical detail lives
// in docs/, and the pages say "ask your administrator to…". This reads every string and JSX text of the
// workspace's pages, their pieces and message catalogues (not comments, not SQL, not addresses or class names)
// and fails on what looks like a repository reference.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

const WORDED_MODELS = [
  "need-group-edits.server.ts",
  "workspace-consultations.server.ts",
  "import-uploads.server.ts",
  "import-job.server.ts",
  "import-mapping.server.ts",
  "import-start.server.ts",
  "statements.server.ts",
  "brief-compose.server.ts",
  "brief-publish.server.ts",
  "moderation.server.ts",
  "workspace-proposals.server.ts",
];

/** The workspace's pages, the pieces and catalogues they show, and the models whose refusals they word. */
function workspaceFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(file) : [file];
    });
  const routes = fs
    .readdirSync(path.join(root, "app/routes"))
    .filter((name) => name.startsWith("workspace"))
    .map((name) => path.join("app/routes", name));
  // Models only where they word a refusal or a failure the pages show; the rest of their strings are code.
  const features = walk("app/features").filter(
    (file) =>
      /\.tsx?$/.test(file) &&
      !file.includes(".cy.") &&
      (!file.endsWith(".server.ts") || WORDED_MODELS.some((name) => file.endsWith(name))),
  );
  return [
    ...routes,
    ...features,
    "components/workspace.tsx",
    "components/feedback.tsx",
    ...walk("components/charts"),
    "app/server/moderation-intent.server.ts",
    "app/server/workspace-setup-lists.server.ts",
  ];
}

/** Attributes whose values are addresses, names or styling, not words a person reads. */
const MACHINE_ATTRIBUTES = new Set([
  "href",
  "action",
  "className",
  "id",
  "name",
  "value",
  "type",
  "method",
  "htmlFor",
  "form",
  "key",
  "to",
  "src",
  "accept",
  "autoComplete",
  "inputMode",
  "rel",
  "lang",
  "dataKey",
]);

/** Every piece of text a person may read: string literals, template text and JSX text, with its line. */
function visibleStrings(file: string, source: string): { text: string; line: number }[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { text: string; line: number }[] = [];
  const add = (node: ts.Node, text: string) => {
    if (text.trim())
      found.push({ text, line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTaggedTemplateExpression(node))
      return;
    if (ts.isJsxAttribute(node) && MACHINE_ATTRIBUTES.has(node.name.getText(sourceFile))) return;
    // Property keys and the arguments of require/import() are names, not words.
    if (ts.isPropertyAssignment(node)) return visit(node.initializer);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      add(node.head, node.head.text);
      for (const span of node.templateSpans) {
        visit(span.expression);
        add(span.literal, span.literal.text);
      }
      return;
    } else if (ts.isJsxText(node)) add(node, node.getText(sourceFile));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  // An address is not help text ("/workspace/c/…", "?done=…").
  return found.filter(({ text }) => !/^[/?#]/.test(text.trim()));
}

/** What gives a repository away, each with why it is not for an officer. */
const REPOSITORY_REFERENCES: [RegExp, string][] = [
  [
    /(^|[\s("'`])(?:[\w.-]+\/)+[\w.-]+\.(?:md|tsx?|jsx?|mjs|sql|json|toml|ya?ml)\b/,
    "a file in the repository",
  ],
  [/\b(?:README|SECURITY|CONTRIBUTING|DEVELOPING|CHANGELOG)\.md\b/, "a file in the repository"],
  [/\b[\w-]+\.(?:tsx?|mjs|sql)\b/, "a source file"],
  [/\bnpm (?:run|ci|install|start|test|exec)\b|\bnpx\b|\btsx app\//, "a developer's command"],
  [/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/, "an environment variable or constant"],
  [/\bdocs\//, "the developers' documentation"],
  [/\bRLS\b|\brow[- ]level security\b/i, "how the database decides who sees what"],
  [/\bthe database\b|\bPostgre(?:s|SQL)\b|\bSQL\b|\bmigrations?\b|\bsupabase\b/i, "the database"],
  [/\bserver log\b|\benvironment variables?\b|\bstdout\b|\bstderr\b/i, "the server"],
];

function repositoryReferences(text: string): string[] {
  return REPOSITORY_REFERENCES.filter(([pattern]) => pattern.test(text)).map(([, why]) => why);
}

describe("the workspace's words", () => {
  it("never send an officer to a file, a command or a setting of the repository", () => {
    const found = workspaceFiles().flatMap((file) =>
      visibleStrings(file, fs.readFileSync(path.join(root, file), "utf8")).flatMap(({ text, line }) =>
        repositoryReferences(text).map((why) => `${file}:${line} ${why}: ${text.trim().slice(0, 120)}`),
      ),
    );
    expect(found).toEqual([]);
  });

  it("flags what it is for, and leaves ordinary words and file names people download alone", () => {
    for (const text of [
      "Use the words of the Welsh glossary (docs/glossary-cy.md).",
      "Run npm run -s import -- --file big.csv",
      "Set OPEN_DATA_LICENCE to choose another licence.",
      "Row-level security hides it.",
      "See README.md",
      "Written to the server log",
      "Edit app/features/needs/need-form.ts",
    ])
      expect(repositoryReferences(text), text).not.toEqual([]);
    for (const text of [
      "Download the brief as Markdown (export.md) or Word (export.docx).",
      "Need GS-7K3M2Q is published.",
      "Ask your administrator to import files larger than 20 MB.",
      "The NHS and the council agreed the data to share.",
      "Voices per 1,000 residents",
      "Import needs from a CSV or XLSX file",
      "A database of local charities",
    ])
      expect(repositoryReferences(text), text).toEqual([]);
  });

  it("reads the words a page shows, not its comments, addresses or class names", () => {
    const strings = visibleStrings(
      "page.tsx",
      `// see docs/x.md
       const a = "Shown to officers";
       const b = sql\`select * from NEEDS_TABLE\`;
       export default () => <p className="govuk-body" id="x"><a href="/workspace/c/x?done=y">Read {count} needs</a></p>;`,
    ).map(({ text }) => text.trim());
    expect(strings).toEqual(["Shown to officers", "Read", "needs"]);
  });
});
