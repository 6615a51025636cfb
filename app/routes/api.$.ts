import { apiError } from "~/server/api.server";

// Unknown addresses under /api answer in JSON, as the API does, not with the site's HTML 404 page.
export function loader() {
  return apiError(404, "There is no such API address: see /api/v1/openapi.json");
}

export function action() {
  return apiError(405, "The API is read-only");
}
