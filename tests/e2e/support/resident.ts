// Helpers for the resident browser tests: a phone-sized Chromium, photos with location metadata, and a
// quick way to post a need through the real form posts (no page loads, so no axe check is owed).
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect } from "../fixtures";

/** Pixel 7's screen, in Chromium. */
export const phone = {
  viewport: { width: 412, height: 915 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2.625,
};

export const DEMO_SLUG = "bowling-green";
export const DEMO_ORGANISATION = "bowling-green-partnership";

/** A JPEG from a camera that records where it was taken. */
export async function photoWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 180, g: 90, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneCam", Model: "Resident 7" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "36/1 59/1 24/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "86/1 26/1 38/1",
      },
    })
    .toBuffer();
}

export async function metadataOf(image: Buffer) {
  return sharp(image).metadata();
}

const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

export interface QuickNeed {
  title: string;
  description?: string;
  email?: string;
  photo?: Buffer;
}

/** Posts a need as the page's browser context (its cookies, its session) through the plain form posts. */
export async function postNeedByRequests(page: Page, need: QuickNeed, slug = DEMO_SLUG): Promise<string> {
  const base = `/c/${slug}/needs/new`;
  const first = await page.request.get(base);
  const html = await first.text();
  const csrf = csrfIn(html);
  const send = async (path: string, fields: [string, string][]) => {
    const body = new URLSearchParams([["csrf", csrf], ...fields]);
    const response = await page.request.post(path, {
      data: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status(), `posting ${path}`).toBeLessThan(400);
    return response;
  };
  await send(base, [
    ["title", need.title],
    ["description", need.description ?? `${need.title}: nobody has done anything about it yet.`],
  ]);
  await send(`${base}/who`, [
    ["affected", "everyone"],
    ["people", "500"],
  ]);
  const where = await (await page.request.get(`${base}/where`)).text();
  await send(`${base}/where`, [["area", /name="area" value="([^"]+)"/.exec(where)![1]!]]);
  const theme = await (await page.request.get(`${base}/theme`)).text();
  await send(`${base}/theme`, [
    ["theme", /name="theme" value="([^"]+)"/.exec(theme)![1]!],
    ["seriousness", "3"],
    ["urgency", "within_months"],
  ]);
  if (need.photo) {
    const upload = await page.request.post(`${base}/photo`, {
      multipart: {
        csrf,
        intent: "upload",
        photo: { name: "photo.jpg", mimeType: "image/jpeg", buffer: need.photo },
      },
    });
    expect(upload.status(), "uploading the photo").toBeLessThan(400);
    expect(await upload.text(), "the photo page after uploading").toContain("Photo added");
  }
  await send(
    `${base}/contact`,
    need.email
      ? [
          ["email", need.email],
          ["consent", "yes"],
        ]
      : [],
  );
  const check = await (await page.request.get(`${base}/check`)).text();
  const posted = await send(`${base}/check`, [["key", /name="key" value="([^"]+)"/.exec(check)![1]!]]);
  const reference = /reference=(GS-[0-9A-Z]{6})/.exec(posted.url())?.[1];
  expect(reference, "the need's reference").toBeTruthy();
  return reference!;
}
