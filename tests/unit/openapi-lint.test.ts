// The API's own document, as an integrator's tools read it: Redocly CLI's recommended rules find no error and
// no warning in it (every operation says it is public, every operation names its 4xx answers, …).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openApiDocument } from "~/server/openapi.server";

it("passes redocly lint with the recommended rules, without an error or a warning", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-openapi-"));
  const file = path.join(folder, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(openApiDocument("https://groundswell.example")));
  const run = spawnSync(
    process.execPath,
    [path.resolve("node_modules/@redocly/cli/bin/cli.js"), "lint", file, "--format=json"],
    {
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      timeout: 60_000,
    },
  );
  fs.rmSync(folder, { recursive: true, force: true });
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string }[];
  };
  expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  expect(run.status).toBe(0);
}, 60_000);
