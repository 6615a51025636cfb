import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PHOTO_MAX_BYTES, processPhoto, sniffImageType } from "~/features/needs/photos.server";

async function photoWithLocation(width = 2400, height = 1800) {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "Spy 1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "52/1 30/1 0/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "1/1 54/1 0/1",
      },
    })
    .toBuffer();
}

describe("processPhoto", () => {
  it("resizes a photo and removes its EXIF and GPS metadata", async () => {
    const original = await photoWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const result = await processPhoto(original);
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    const metadata = await sharp(result.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["jpeg", 1600, 1200]);
    expect(metadata.exif).toBeUndefined();
    expect(result.data.includes(Buffer.from("TestCam"))).toBe(false);
  });

  it("judges by content: a PNG named anything is accepted, text named .jpg is not", async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: "#00000000" } })
      .png()
      .toBuffer();
    expect(sniffImageType(png)).toBe("image/png");
    expect((await processPhoto(png)).status).toBe("ok");
    expect((await processPhoto(Buffer.from("<html>not a photo</html>"))).status).toBe("not-an-image");
  });

  it("refuses empty, corrupt and oversized files", async () => {
    const original = await photoWithLocation(200, 200);
    expect((await processPhoto(Buffer.alloc(0))).status).toBe("empty");
    expect((await processPhoto(original.subarray(0, original.length / 2))).status).toBe("unreadable");
    expect((await processPhoto(Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff))).status).toBe("too-large");
  });
});
