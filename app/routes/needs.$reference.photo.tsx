import type { LoaderFunctionArgs } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { getNeedPhoto, isNeedReference } from "~/features/needs/needs.server";

/** The photo of a need: row-level security shows it to its author and the owning commissioners only. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference) || !context.user) throw new Response("Photo not found", { status: 404 });
  const photo = await asRequest(context.db, context.claims, (tx) => getNeedPhoto({ tx, reference }));
  if (!photo) throw new Response("Photo not found", { status: 404 });
  return new Response(new Uint8Array(photo.data), {
    headers: {
      "Content-Type": photo.mime_type,
      "Content-Length": String(photo.data.byteLength),
      "Cache-Control": "private, no-store",
      "Content-Disposition": `inline; filename="${reference}.jpg"`,
    },
  });
}
