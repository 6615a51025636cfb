// Ids in addresses and forms are uuids. Anything else names no row, and handing it to PostgreSQL would be
// an error (invalid input syntax) rather than "not found", so it is refused before any query.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value (a route parameter, a query parameter or a posted field) is a uuid. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** A uuid route parameter, or a thrown 404 answering `notFound`. */
export function uuidParam(value: string | undefined, notFound: string): string {
  if (!isUuid(value)) throw new Response(notFound, { status: 404 });
  return value;
}
