import type { LoaderFunctionArgs } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { getNeedPhoto, isNeedReference } from "~/features/needs/needs.server";
import { thumbnailOf } from "~/features/needs/photos.server";

/**
 * The photo of a need: row-level security shows it to its author and the owning commissioners only.
 * `?size=thumbnail` gives it small, for lists such as the moderation queue.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference) || !context.user) throw new Response("Photo not found", { status: 404 });
  const photo = await asRequest(context.db, context.claims, (tx) => getNeedPhoto({ tx, reference }));
  if (!photo) throw new Response("Photo not found", { status: 404 });
  const thumbnail = new URL(request.url).searchParams.get("size") === "thumbnail";
  const { data, mime_type } = thumbnail ? await thumbnailOf(photo) : photo;
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": mime_type,
      "Content-Length": String(data.byteLength),
      "Cache-Control": "private, no-store",
      "Content-Disposition": `inline; filename="${reference}.jpg"`,
    },
  });
}
