import fs from "node:fs";
import { chromium } from "@playwright/test";

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else a browser Playwright downloaded itself. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
  try {
    const own = chromium.executablePath();
    return fs.existsSync(own) ? own : null;
  } catch {
    return null;
  }
}

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
