// Compiles the branded GOV.UK Design System stylesheet into public/assets before `remix build`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(root, "public", "assets");
fs.mkdirSync(out, { recursive: true });
const result = sass.compile(path.join(root, "app", "styles", "groundswell.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
});
fs.writeFileSync(path.join(out, "groundswell.css"), result.css);
console.error(`Wrote ${path.relative(root, path.join(out, "groundswell.css"))} (${result.css.length} bytes)`);
