import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/server/openapi.server";

// GET /api/v1/openapi.json: the API described in OpenAPI 3.1.
export function loader({ context }: LoaderFunctionArgs) {
  return new Response(JSON.stringify(openApiDocument(context.appUrl), null, 1), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=300",
    },
  });
}
