import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe on notifications. */
  headers?: Record<string, string>;
}

export interface SentEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  /** The last messages sent, for /dev/mailbox; null unless DEV_MAILBOX=1 outside production. */
  mailbox: { list(): SentEmail[] } | null;
}

export interface MailerOptions {
  from: string;
  /** smtp(s)://user:pass@host:port; without it, emails go to the server log. */
  smtpUrl?: string;
  /** Every email is also written here as an .eml file (tests and demos read them). */
  captureDir?: string;
  devMailbox?: boolean;
  log: (line: string) => void;
}

const MAILBOX_SIZE = 50;

/**
 * A header on one line. Subjects carry text people typed (a proposal's title); a line break in it would end
 * the header, or forge lines in the server log where emails go without SMTP.
 */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ").trim();
}

/**
 * Sends email by SMTP when configured; otherwise writes each one to the server log as a clearly marked
 * block, so a sign-in code is never lost on a machine without mail. With a capture folder, every message
 * is also written there as an .eml file — atomically (write, then rename), so a reader never sees half.
 */
export function createMailer(options: MailerOptions): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const smtp = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  const recent: SentEmail[] = [];
  if (options.captureDir) fs.mkdirSync(options.captureDir, { recursive: true });

  return {
    async send(outgoing) {
      const email = { ...outgoing, subject: oneLine(outgoing.subject) };
      const message = {
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        headers: email.headers,
      };
      const id = `${Date.now()}-${randomBytes(4).toString("hex")}`;
      if (options.captureDir) {
        const built = await composer.sendMail(message);
        const safeTo = email.to.replace(/[^a-zA-Z0-9@._-]/g, "_");
        const file = path.join(options.captureDir, `${id}-${safeTo}.eml`);
        fs.writeFileSync(`${file}.tmp`, built.message as Buffer);
        fs.renameSync(`${file}.tmp`, file);
      }
      if (smtp) {
        await smtp.sendMail(message);
      } else {
        options.log(
          [
            "======== EMAIL (not sent: SMTP_URL is not set) ========",
            `To: ${email.to}`,
            `Subject: ${email.subject}`,
            "",
            email.text,
            "======== END OF EMAIL ========",
          ].join("\n"),
        );
      }
      if (options.devMailbox) {
        recent.unshift({
          id,
          to: email.to,
          subject: email.subject,
          text: email.text,
          sentAt: new Date().toISOString(),
        });
        recent.length = Math.min(recent.length, MAILBOX_SIZE);
      }
    },
    mailbox: options.devMailbox ? { list: () => [...recent] } : null,
  };
}
