// Reads the emails the e2e server wrote to MAIL_CAPTURE_DIR ($E2E_DATA_DIR/mail), as a person reads their inbox.
import fs from "node:fs";
import path from "node:path";

export interface CapturedEmail {
  file: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export function mailDir(): string {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir)
    throw new Error("E2E_DATA_DIR is not set: run the browser tests through playwright.config.ts");
  return path.join(dataDir, "mail");
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** Headers with non-ASCII text arrive as RFC 2047 encoded words (=?UTF-8?Q?…?=); the space between two is not text. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              "latin1",
            );
      return new TextDecoder(charset).decode(bytes);
    });
}

export function parseEmail(file: string): CapturedEmail {
  const raw = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const split = raw.indexOf("\n\n");
  const headers: Record<string, string> = {};
  let last = "";
  for (const line of raw.slice(0, split).split("\n")) {
    if (/^\s/.test(line) && last) headers[last] += ` ${line.trim()}`;
    else {
      const index = line.indexOf(":");
      last = line.slice(0, index).toLowerCase();
      headers[last] = line.slice(index + 1).trim();
    }
  }
  let text = raw.slice(split + 2);
  const encoding = headers["content-transfer-encoding"]?.toLowerCase();
  if (encoding === "quoted-printable") text = decodeQuotedPrintable(text);
  else if (encoding === "base64") text = Buffer.from(text, "base64").toString("utf8");
  return { file, to: headers.to ?? "", subject: decodeEncodedWords(headers.subject ?? ""), text, headers };
}

/** Every captured email to an address, oldest first. */
export function emailsTo(address: string): CapturedEmail[] {
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".eml"))
    .sort()
    .map((file) => parseEmail(path.join(dir, file)))
    .filter((email) => email.to.toLowerCase() === address.toLowerCase());
}

/** Waits for an email to the address beyond the ones already there (count them before acting). */
export async function waitForEmail(
  address: string,
  { after = 0, subject, timeoutMs = 10_000 }: { after?: number; subject?: RegExp; timeoutMs?: number } = {},
): Promise<CapturedEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = emailsTo(address)
      .slice(after)
      .filter((email) => !subject || subject.test(email.subject));
    if (found.length) return found.at(-1)!;
    if (Date.now() > deadline)
      throw new Error(
        `No email to ${address}${subject ? ` matching ${subject}` : ""} arrived in ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sign-in code in the newest sign-in email to the address, beyond the first `after`. */
export async function signInCodeFor(address: string, after = 0): Promise<string> {
  const email = await waitForEmail(address, { after, subject: /is your Groundswell sign-in code$/ });
  return /^(\d{6}) is your/.exec(email.subject)![1]!;
}

/** The first link to this site in the newest email to the address matching the subject. */
export async function linkInEmail(address: string, subject: RegExp, after = 0): Promise<string> {
  const email = await waitForEmail(address, { after, subject });
  const link = /https?:\/\/\S+/.exec(email.text);
  if (!link) throw new Error(`The email "${email.subject}" has no link`);
  return link[0];
}
