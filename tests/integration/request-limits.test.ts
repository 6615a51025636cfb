// What strangers can send, against the real server: no body is read past its route's limit whatever the
// headers say (the sender is held back, then told 413 and disconnected), uploads keep their larger limits,
// and a link in an email never comes from the request's Host header.
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { rawPost } from "../support/raw-post";

const SESSION_SECRET = "a-request-limits-secret-that-is-long-enough";
const sign = (text: string) => createHmac("sha256", SESSION_SECRET).update(text).digest("base64url");
const CSRF_SEED = "limits-seed";
const CSRF_TOKEN = sign(`csrf:${CSRF_SEED}`);
const MiB = 1024 * 1024;

let testDb: TestDatabase;
let app: AppProcess;
let mailDir: string;
let slug: string;
let adminCookie: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "gs-limits-mail-"));
  const organisation = await f.createOrganisation(testDb.admin);
  slug = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).slug;
  const admin = await f.createUser(testDb.admin);
  await f.makePlatformAdmin(testDb.admin, admin.id);
  const session = await f.createSession(testDb.admin, { user_id: admin.id });
  adminCookie = `gs_session=${session.id}.${sign(`session:${session.id}`)}`;
  app = await startApp({
    DATABASE_URL: testDb.appUrl,
    SESSION_SECRET,
    LOG_LEVEL: "error",
    MAIL_CAPTURE_DIR: mailDir,
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await testDb?.destroy();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

/** A post to the app carrying the CSRF cookie (the token goes in the body's head when a test wants it). */
const send = ({ path: target, ...post }: Omit<Parameters<typeof rawPost>[0], "url"> & { path: string }) =>
  rawPost({
    url: new URL(target, app.url),
    ...post,
    headers: { cookie: `gs_csrf=${CSRF_SEED}`, ...post.headers },
  });

describe("request bodies", { timeout: 120_000 }, () => {
  it("stops reading a chunked post without a CSRF token after its first bytes, and hangs up", async () => {
    const sent = await send({
      path: "/sign-in?index",
      head: "email=a%40example.test&note=",
      total: 200 * MiB,
    });
    // What the kernel's socket buffers hold on both sides, not the 200 MB the client offered.
    expect(sent.written).toBeLessThan(32 * MiB);
    expect(sent.status).toBe(403);
    expect(sent.connection).toBe("close");
  });

  it("answers 413 to a form post that declares more than a form can hold, before reading it", async () => {
    const sent = await send({
      path: "/sign-in?index",
      head: `csrf=${CSRF_TOKEN}&email=a%40example.test&note=`,
      total: 3 * MiB,
      length: 3 * MiB,
    });
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("That was too large to send");
    expect(sent.connection).toBe("close");
  });

  it("answers 413 to a chunked form post once it passes the limit, and reads no further", async () => {
    const sent = await send({
      path: "/sign-in?index",
      head: `csrf=${CSRF_TOKEN}&email=a%40example.test&note=`,
      total: 200 * MiB,
    });
    expect(sent.written).toBeLessThan(32 * MiB);
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("That was too large to send");
    expect(sent.connection).toBe("close");
    // The sender's doing, not the app's error: no stack trace in the log (written to the pipe before the answer).
    expect(app.output()).not.toContain("BodyTooLarge");
  });

  it("still takes an ordinary form post and keeps the connection for the next request", async () => {
    const sent = await send({
      path: "/sign-in?index",
      head: `csrf=${CSRF_TOKEN}&email=someone%40example.test&redirectTo=%2Faccount`,
      total: 0,
    });
    expect(sent.status).toBe(302);
    expect(sent.connection).not.toBe("close");
  });
});

/** A PNG of noise, which does not compress: stored as is, it is as large as its pixels. */
function noisePhoto(bytes: number): Promise<Buffer> {
  const side = Math.floor(Math.sqrt(bytes / 3));
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

async function postPhoto(photo: Buffer) {
  const form = new FormData();
  form.append("csrf", CSRF_TOKEN);
  form.append("intent", "upload");
  form.append("photo", new Blob([new Uint8Array(photo)], { type: "image/png" }), "photo.png");
  const response = await fetch(`${app.url}/c/${slug}/needs/new/photo`, {
    method: "POST",
    body: form,
    headers: { cookie: `gs_csrf=${CSRF_SEED}` },
    redirect: "manual",
  });
  return { status: response.status, body: await response.text(), location: response.headers.get("location") };
}

describe("photo uploads", { timeout: 120_000 }, () => {
  it("takes a photo of nearly 10 MB", async () => {
    const photo = await noisePhoto(9.5 * MiB);
    expect(photo.length).toBeGreaterThan(9 * MiB);
    expect(photo.length).toBeLessThan(10 * MiB);
    const sent = await postPhoto(photo);
    expect(sent).toMatchObject({ status: 302, location: `/c/${slug}/needs/new/photo` });
  });

  it("answers a photo just over 10 MB with the form's message, and a far larger body with 413", async () => {
    const over = await postPhoto(await noisePhoto(10.3 * MiB));
    expect(over.status).toBe(400);
    expect(over.body).toContain("govuk-error-summary");
    const far = await postPhoto(Buffer.alloc(20 * MiB, 1));
    expect(far.status).toBe(413);
    expect(far.body).toContain("That was too large to send");
  });
});

describe("links in emails", { timeout: 60_000 }, () => {
  it("come from the server's own address, not from a forged Host header", async () => {
    const form = new URLSearchParams({
      csrf: CSRF_TOKEN,
      name: "Eastshire County Council",
      adminEmail: "first@eastshire.example",
    });
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(new URL("/admin/organisations/new", app.url), {
        method: "POST",
        headers: {
          host: "evil.example",
          "content-type": "application/x-www-form-urlencoded",
          cookie: `${adminCookie}; gs_csrf=${CSRF_SEED}`,
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      request.on("error", reject);
      request.end(form.toString());
    });
    expect(status).toBe(302);
    // Quoted-printable wraps long lines with a trailing "=".
    const emails = fs
      .readdirSync(mailDir)
      .map((name) => fs.readFileSync(path.join(mailDir, name), "utf8").replace(/=\r?\n/g, ""))
      .filter((text) => /^To: first@eastshire\.example/m.test(text));
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email).toContain(`${app.url}/invitations/`);
    expect(email).not.toContain("evil.example");
  });
});
