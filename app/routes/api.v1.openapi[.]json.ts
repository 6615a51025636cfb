import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheableAnswer } from "~/server/api.server";
import { openApiDocument } from "~/server/openapi.server";

// GET /api/v1/openapi.json: the API described in OpenAPI 3.1.
export function loader({ request, context }: LoaderFunctionArgs) {
  return cacheableAnswer(request, JSON.stringify(openApiDocument(context.appUrl), null, 1), {
    contentType: "application/json; charset=utf-8",
    maxAge: 300,
  });
}
