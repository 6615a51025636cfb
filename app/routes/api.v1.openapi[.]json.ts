import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiResponse } from "~/server/api.server";
import { openApiDocument } from "~/server/openapi.server";

// GET /api/v1/openapi.json: the API described in OpenAPI 3.1, with the same manners as every answer it
// describes (rate limit, ETag).
export function loader({ request, context }: LoaderFunctionArgs) {
  return apiResponse(request, context, async () => openApiDocument(context.appUrl), { maxAge: 300 });
}
