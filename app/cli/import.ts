// `npm run -s import -- --consultation SLUG FILE.csv --map title=COL,description=COL,theme=COL,area=COL,
//   affected=COL,seriousness=COL,lat=COL,lng=COL,created_at=COL,external_id=COL [--publish] [--create-themes]
//   [--create-areas]`
// Imports needs from a CSV or XLSX file of any size with the workspace's validation, as the named job
// "import" (service role). Stdout carries only the last line, "imported N, skipped N, duplicates N"; everything
// said to a person goes to stderr. Exit code 0 when the file was read, 2 when it (or the command) was refused.
//
// Database: DATABASE_URL (as the app's role), else the embedded server of DATA_DIR: the running app's, found
// through its pid file, or one this command starts (and stops) itself.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { asService } from "~/db/database.server";
import { parseMapArgument } from "~/features/evidence-io/import/fields";
import { examineFile, FileRefused } from "~/features/evidence-io/import/read.server";
import {
  completeImport,
  countsOf,
  failImport,
  findConsultationForImport,
  recordCommandLineImport,
  refuseImport,
} from "~/features/evidence-io/import-job.server";
import { importNeeds } from "~/features/evidence-io/import-run.server";
import { fileSource } from "~/features/evidence-io/import-sources.server";
import { REPORTED_REFUSAL, takesNeeds } from "~/features/consultations/consultation-lifecycle";
import { openDatabase, Refused, say } from "./cli-database";

const USAGE =
  "Usage: npm run -s import -- --consultation SLUG FILE.csv|FILE.xlsx --map title=COL[,description=COL,theme=COL,area=COL,affected=COL," +
  "seriousness=COL,lat=COL,lng=COL,created_at=COL,external_id=COL] [--publish] [--create-themes] [--create-areas]";

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        consultation: { type: "string" },
        map: { type: "string" },
        publish: { type: "boolean", default: false },
        "create-themes": { type: "boolean", default: false },
        "create-areas": { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new Refused(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  if (!values.consultation) throw new Refused("--consultation SLUG is required.");
  if (positionals.length !== 1)
    throw new Refused(positionals.length ? "Give exactly one file." : "Give the file to import.");
  if (!values.map) throw new Refused("--map is required, with at least title=COLUMN.");
  const { mapping, problems } = parseMapArgument(values.map);
  if (problems.length) throw new Refused(`--map: ${problems.join(" ")}`);
  const file = path.resolve(positionals[0]!);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new Refused(`No such file: ${positionals[0]}`);
  return {
    slug: values.consultation,
    file,
    mapping,
    publish: values.publish ?? false,
    createUnknown: { theme: values["create-themes"] ?? false, area: values["create-areas"] ?? false },
  };
}

async function main(): Promise<number> {
  const options = readOptions();
  const { database, stop } = await openDatabase({ applicationName: "groundswell-import", say });
  const db = database.db;
  try {
    const consultation = await findConsultationForImport({ db, slug: options.slug });
    if (!consultation) throw new Refused(`There is no consultation with the slug “${options.slug}”.`);
    if (!takesNeeds(consultation.status)) throw new Refused(REPORTED_REFUSAL);
    const fileName = path.basename(options.file).slice(0, 300);
    const size = fs.statSync(options.file).size;
    const source = fileSource(options.file);
    let shape;
    try {
      shape = await examineFile(source);
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      await recordCommandLineImport({
        db,
        consultationId: consultation.id,
        fileName,
        fileSize: size,
        file: { refusal: error.message },
      });
      throw new Refused(error.message);
    }
    const importId = await recordCommandLineImport({
      db,
      consultationId: consultation.id,
      fileName,
      fileSize: size,
      file: { shape, mapping: options.mapping, publish: options.publish },
    });
    say(
      `Importing ${fileName} (${shape.format.toUpperCase()}${shape.encoding ? `, ${shape.encoding}` : ""}) into “${consultation.title}”…`,
    );
    const showProgress = process.stderr.isTTY;
    try {
      const outcome = await asService(db, async (tx) => {
        const result = await importNeeds({
          tx,
          consultationId: consultation.id,
          source,
          shape,
          size,
          fileName,
          mapping: options.mapping,
          createUnknown: options.createUnknown,
          publish: options.publish,
          onProgress: showProgress
            ? (done, counts) => {
                process.stderr.write(
                  `\r${Math.round(done * 100)} % · ${counts.rows.toLocaleString("en-GB")} rows read`,
                );
              }
            : undefined,
        });
        await completeImport({
          tx,
          importId,
          organisationId: consultation.organisation_id,
          consultationId: consultation.id,
          fileName,
          startedBy: null,
          outcome: result,
          via: "command_line",
        });
        return result;
      });
      if (showProgress) process.stderr.write("\n");
      const { report } = outcome;
      for (const problem of report.problems.slice(0, 20)) say(`row ${problem.row}: ${problem.reason}`);
      if (outcome.skipped > 20)
        say(`…and ${(outcome.skipped - 20).toLocaleString("en-GB")} more rows skipped.`);
      if (report.createdThemes.length) say(`Themes created: ${report.createdThemes.join(", ")}`);
      if (report.createdAreas.length) say(`Areas created: ${report.createdAreas.join(", ")}`);
      if (outcome.flagged)
        say(
          `${outcome.flagged.toLocaleString("en-GB")} imported needs have the same words as a need already there: flagged for review as likely duplicates.`,
        );
      say(
        `${outcome.rows.toLocaleString("en-GB")} rows in ${report.seconds} s (${report.rowsPerSecond.toLocaleString("en-GB")} rows/s).`,
      );
      const counts = countsOf(outcome);
      process.stdout.write(
        `imported ${counts.imported}, skipped ${counts.skipped}, duplicates ${counts.duplicates}\n`,
      );
      return 0;
    } catch (error) {
      if (showProgress) process.stderr.write("\n");
      if (!(error instanceof FileRefused)) {
        await failImport({ db, importId, message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      await refuseImport({ db, importId, message: error.message });
      throw new Refused(error.message);
    }
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refused) {
      say(`Refused: ${error.message} Nothing was imported.`);
      if (/--|Give|required/.test(error.message)) say(USAGE);
      process.exit(2);
    }
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
