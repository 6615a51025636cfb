import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait: the graceful path. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash path, leaving the database server orphaned. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every app a test started and left running (a failed or timed-out test), so the next can start. */
export async function killLeftoverApps(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

/** Runs the production server (`app/cli/serve.ts`) as its own process, as `npm start` does. */
export function startApp(env: Record<string, string>): Promise<AppProcess> {
  // One process, as `npm start` runs it, so a signal reaches the app itself and not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "app", "cli", "serve.ts")], {
    cwd: root,
    // MEANING_PROCESSES=0: these servers leave embedding needs in the background to the tests about it (the
    // database and browser tests), so it takes no CPU from what they measure.
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      MEANING_PROCESSES: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  running.add(child);
  void exited.then(() => running.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The app did not start in time. Output:\n${output}`)),
      90_000,
    );
    const onData = () => {
      const match = /ready at (http:\/\/[\d.]+:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off("data", onData);
      resolve({
        url: match[1]!,
        child,
        output: () => output,
        async stop() {
          child.kill("SIGTERM");
          return exited;
        },
        async kill() {
          child.kill("SIGKILL");
          await exited;
        },
      });
    };
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new AppExitedError(code, output));
    });
  });
}

export class AppExitedError extends Error {
  constructor(
    public code: number | null,
    public output: string,
  ) {
    super(`The app exited with code ${code}:\n${output}`);
  }
}

/** Starts the app expecting it to refuse; resolves with its exit code and output. */
export async function expectAppToRefuse(env: Record<string, string>): Promise<AppExitedError> {
  try {
    const app = await startApp(env);
    await app.stop();
    throw new Error("The app started but should have refused");
  } catch (error) {
    if (error instanceof AppExitedError) return error;
    throw error;
  }
}
