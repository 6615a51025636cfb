// Where the sentence model (model.server.ts) runs. Its work comes two ways, kept apart so neither waits for
// the other and the app's own process never holds the model:
// - the background job that embeds stored needs (app/features/needs/need-meaning.server.ts): long batches, in
//   MEANING_PROCESSES processes at low priority, each stopped after a minute without work;
// - the drafts residents are writing ("Is it one of these?"): one text per request, in a process of their own at
//   normal priority, started with the app. Drafts that arrive while the model is busy are embedded together in
//   the next call: the model takes about 29 ms for one short text and 12 ms a text for sixteen, so twenty
//   residents at once wait for two calls, not twenty.
// Scripts and tests run the model in their own process (inProcessEmbedder).
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { embedTexts } from "./model.server";

/** Turns texts into unit vectors, in their order. */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** The model in this process: for scripts and tests. */
export const inProcessEmbedder: Embedder = { embed: (texts) => embedTexts(texts) };

/** How long a background embedding process waits for more work before it stops. */
const IDLE_MS = 60_000;
/** Drafts embedded in one call to the model. */
const DRAFTS_PER_CALL = 16;

const processFile = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, "app", "cli", "meaning-process.ts");
    if (fs.existsSync(file)) return file;
    dir = path.dirname(dir);
  }
  return null;
})();

/** An embedding process (app/cli/meaning-process.ts), started on first use. */
class ProcessEmbedder implements Embedder {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private next = 0;
  private waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    /** Niceness: 10 lets requests and the database go first. */
    private readonly priority: number,
    /** Stops after this long without work; null keeps it as long as the app. */
    private readonly idleMs: number | null,
  ) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    const child = fork(this.file, [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    this.child = child;
    if (this.priority !== 0 && child.pid !== undefined)
      try {
        os.setPriority(child.pid, this.priority);
      } catch {
        // not allowed here: it runs at normal priority
      }
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    this.ready = new Promise((resolve, reject) => {
      child.on(
        "message",
        (message: { ready?: true; id?: number; vectors?: Float32Array[]; error?: string }) => {
          if (message.ready) {
            // Never keeps the app alive by itself from here: held open only while an answer is awaited.
            if (this.waiting.size === 0) {
              child.unref();
              child.channel?.unref();
            }
            return resolve();
          }
          if (message.id === undefined)
            return reject(new Error(message.error ?? "The embedding process failed."));
          const waiter = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (message.vectors) waiter?.resolve(message.vectors);
          else waiter?.reject(new Error(message.error ?? "The embedding process failed."));
        },
      );
      child.on("exit", (code) => {
        const error = new Error(`The embedding process stopped (exit code ${code}). ${stderr.trim()}`.trim());
        reject(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
      });
    });
    // A failed start is reported to whoever waits on it; the next use starts again.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.idle) clearTimeout(this.idle);
    try {
      await this.start();
      const id = this.next++;
      const child = this.child!;
      child.ref();
      child.channel?.ref();
      return await new Promise<Float32Array[]>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        child.send({ id, texts });
      });
    } finally {
      if (this.waiting.size === 0) {
        this.child?.unref();
        this.child?.channel?.unref();
      }
      if (this.idleMs !== null) {
        this.idle = setTimeout(() => this.stop(), this.idleMs);
        this.idle.unref();
      }
    }
  }

  stop() {
    this.child?.disconnect();
    this.child = null;
    this.ready = null;
  }
}

/**
 * MEANING_PROCESSES, else one per core and at most two; 0 when this instance leaves embedding to another
 * (MEANING_PROCESSES=0, or JOBS=off).
 */
export function meaningProcesses(): number {
  if (process.env.JOBS === "off") return 0;
  const configured = process.env.MEANING_PROCESSES;
  if (configured !== undefined && configured !== "" && Number.isInteger(Number(configured)))
    return Math.max(0, Number(configured));
  return Math.min(2, os.availableParallelism());
}

let sharedEmbedder: Embedder | null = null;
/**
 * The embedder background work uses: MEANING_PROCESSES embedding processes (one per core, at most two, when
 * unset), or this process when the process file is missing.
 */
export function backgroundEmbedder(): Embedder {
  sharedEmbedder ??= embedderPool(meaningProcesses() || 1);
  return sharedEmbedder;
}

/**
 * Several low-priority embedding processes sharing each batch: two embed about twice as fast as one on two
 * cores. This process when the process file is missing.
 */
export function embedderPool(size: number): Embedder {
  if (!processFile) return inProcessEmbedder;
  const file = processFile;
  const members = Array.from({ length: Math.max(1, size) }, () => new ProcessEmbedder(file, 10, IDLE_MS));
  if (members.length === 1) return members[0]!;
  return {
    async embed(texts) {
      const share = Math.ceil(texts.length / members.length);
      const parts = await Promise.all(
        members.map((member, i) => {
          const part = texts.slice(i * share, (i + 1) * share);
          return part.length > 0 ? member.embed(part) : Promise.resolve([]);
        }),
      );
      return parts.flat();
    },
  };
}

interface Waiting {
  text: string;
  resolve: (vector: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * Embeds texts one call at a time: texts asked for while a call runs wait and go together in the next, at
 * most `perCall` to a call.
 */
export function batchingEmbedder(inner: Embedder, perCall = DRAFTS_PER_CALL): Embedder {
  const queue: Waiting[] = [];
  let running = false;
  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, perCall);
      try {
        const vectors = await inner.embed(batch.map((item) => item.text));
        batch.forEach((item, i) => item.resolve(vectors[i]!));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const item of batch) item.reject(failure);
      }
    }
    running = false;
  };
  return {
    embed(texts) {
      const answers = texts.map(
        (text) => new Promise<Float32Array>((resolve, reject) => queue.push({ text, resolve, reject })),
      );
      if (!running) void drain();
      return Promise.all(answers);
    },
  };
}

let drafts: Embedder = batchingEmbedder(inProcessEmbedder);

/** The embedder for drafts being written: the drafts process once started, else this process. */
export function draftEmbedder(): Embedder {
  return drafts;
}

/**
 * Starts the drafts' embedding process and waits until its model is loaded, so a model that cannot load stops
 * the app at start (the error names it), not at a resident's request. Without the process file (a build
 * copied without the sources) drafts are embedded in this process.
 */
export async function startDraftEmbedding(): Promise<void> {
  if (!processFile) {
    await inProcessEmbedder.embed(["Groundswell"]);
    return;
  }
  const process = new ProcessEmbedder(processFile, 0, null);
  await process.start();
  drafts = batchingEmbedder(process);
}
