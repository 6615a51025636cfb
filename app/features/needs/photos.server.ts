import sharp from "sharp";
import type { PhotoMimeType } from "~/db/schema";

/** Largest photo a resident may send, before it is resized. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Longest side of the stored photo: enough to see the problem, small enough for a phone on a slow line. */
const STORED_LONGEST_SIDE = 1600;
// A decompression bomb (a tiny file that decodes to gigapixels) is refused before decoding.
const MAX_INPUT_PIXELS = 50_000_000;

/** The image type a file really is, from its first bytes; the name and the browser's claim are ignored. */
export function sniffImageType(bytes: Uint8Array): PhotoMimeType | null {
  const starts = (signature: number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type ProcessedPhoto =
  | { status: "ok"; data: Buffer; mimeType: PhotoMimeType; width: number; height: number }
  | { status: "empty" }
  | { status: "too-large" }
  | { status: "not-an-image" }
  | { status: "unreadable" };

/**
 * Checks a photo by its content, then re-encodes it as a JPEG no larger than 1600 px a side. Re-encoding
 * drops every piece of metadata (EXIF, GPS position, camera serial, XMP, ICC) because sharp copies none
 * unless asked; the orientation is applied to the pixels first so the photo stays the right way up.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto> {
  if (bytes.byteLength === 0) return { status: "empty" };
  if (bytes.byteLength > PHOTO_MAX_BYTES) return { status: "too-large" };
  if (!sniffImageType(bytes)) return { status: "not-an-image" };
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "warning" })
      .rotate()
      .resize({
        width: STORED_LONGEST_SIDE,
        height: STORED_LONGEST_SIDE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { status: "ok", data, mimeType: "image/jpeg", width: info.width, height: info.height };
  } catch {
    return { status: "unreadable" };
  }
}

/** Longest side of a thumbnail in a list (the moderation queue): small enough that a page of them stays light. */
const THUMBNAIL_LONGEST_SIDE = 320;

/** A stored photo made small for a list; one sharp cannot read (it never should) is given as it is. */
export async function thumbnailOf(photo: { data: Uint8Array; mime_type: string }) {
  try {
    const data = await sharp(photo.data, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize({
        width: THUMBNAIL_LONGEST_SIDE,
        height: THUMBNAIL_LONGEST_SIDE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { data, mime_type: "image/jpeg" };
  } catch {
    return photo;
  }
}
