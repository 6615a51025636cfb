// `npm run dev` runs `remix dev --manual` with app/cli/serve.ts as the app server. The Remix compiler rebuilds
// build/index.js on every change; this server keeps running (and so does its PostgreSQL, which an automatic
// restart would kill with the process tree), loads each new build into a fresh request handler, and
// recompiles the stylesheet (app/cli/build-assets.mjs) when app/styles changes. Reload the browser to see it.
import { execFile } from "node:child_process";
import fs from "node:fs";
import type { RequestListener, Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";

export interface DevReloadOptions {
  root: string;
  server: Server;
  build: ServerBuild;
  /** A request handler for a build (called again after every rebuild and stylesheet change). */
  makeApp: (build: ServerBuild) => RequestListener;
  /** Called after each swap, e.g. to forget cached pages rendered by the previous build. */
  onReload?: () => void;
  log: (line: string) => void;
}

/** Calls `work` once changes have been quiet for a moment (a rebuild writes several files). */
function debounced(work: () => void, ms = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(work, ms);
  };
}

export function reloadOnRebuild(options: DevReloadOptions): { close(): void } {
  const { root, server, log } = options;
  const buildFile = path.join(root, "build", "index.js");
  let build = options.build;
  let loadedAt = fs.statSync(buildFile).mtimeMs;

  const swap = () => {
    const app = options.makeApp(build);
    server.removeAllListeners("request");
    server.on("request", app);
    options.onReload?.();
  };

  const loadNewBuild = async () => {
    try {
      const mtime = fs.statSync(buildFile).mtimeMs;
      if (mtime === loadedAt) return;
      loadedAt = mtime;
      // A new address each time: the module cache keeps every import, so the same one would not load again.
      build = (await import(`${pathToFileURL(buildFile).href}?t=${mtime}`)) as ServerBuild;
      swap();
      log("Loaded the new build.");
      await broadcastDevReady(build);
    } catch (error) {
      log(`Could not load the new build, still serving the previous one: ${String(error)}`);
    }
  };
  const reloadBuild = debounced(() => void loadNewBuild());

  const rebuildStyles = debounced(() => {
    execFile(
      process.execPath,
      [path.join(root, "app", "cli", "build-assets.mjs")],
      { cwd: root },
      (error, _out, err) => {
        if (error) return log(`The stylesheet did not compile:\n${err}`);
        swap();
        log("Recompiled the stylesheet.");
      },
    );
  });

  const watchers = [
    fs.watch(path.dirname(buildFile), (_event, file) => file === "index.js" && reloadBuild()),
    fs.watch(path.join(root, "app", "styles"), { recursive: true }, () => rebuildStyles()),
  ];
  void broadcastDevReady(build).catch((error: unknown) => log(`remix dev did not answer: ${String(error)}`));
  log("Development: reloading on every rebuild.");
  return { close: () => watchers.forEach((watcher) => watcher.close()) };
}
