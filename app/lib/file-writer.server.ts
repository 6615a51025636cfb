// The reading and writing half of a streamed file, apart from HTTP: a server-side cursor that yields a batch
// of rows at a time, and the writer an export writes its text to (the response body's, or a string's).
import { CompiledQuery, type Compilable } from "kysely";
import type { Tx } from "~/db/database.server";

/** Rows per FETCH: about 0.3 MB of CSV for a need, so the app's share of a download stays small. */
export const EXPORT_BATCH = 1_000;

let cursorCount = 0;

/**
 * Every row of a query, a batch at a time, from a server-side cursor in the caller's transaction. A cursor
 * rather than keyset pages: it reads one snapshot in any isolation level and any sort order (the explorer's
 * sorts have no unique key to page by), and PostgreSQL closes it with the transaction if the client goes away.
 */
export async function* cursorBatches<Row>(
  tx: Tx,
  query: Compilable<Row>,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<Row[]> {
  const compiled = query.compile();
  cursorCount = (cursorCount + 1) % 1_000_000;
  const name = `export_rows_${cursorCount}`;
  await tx.executeQuery(
    CompiledQuery.raw(`declare ${name} no scroll cursor for ${compiled.sql}`, [...compiled.parameters]),
  );
  for (;;) {
    const { rows } = await tx.executeQuery<Row>(CompiledQuery.raw(`fetch ${batchSize} from ${name}`));
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) break;
  }
  await tx.executeQuery(CompiledQuery.raw(`close ${name}`));
}

/** Thrown into the writer when the client has gone: the transaction ends at once. */
export class ClientGone extends Error {
  constructor() {
    super("The client went away before the end of the file");
  }
}

/** A writer that keeps what it is given: the whole-file form of a streamed file (for tests and small files). */
export function stringWriter(): FileWriter & { text: () => string } {
  const parts: string[] = [];
  return { write: async (text) => void parts.push(text), text: () => parts.join("") };
}

export interface FileWriter {
  /**
   * Queues some text holding `rows` rows; resolves when the client has room for more (throws ClientGone once
   * it has left). The rows count what reached the client when it leaves early.
   */
  write(text: string, rows?: number): Promise<void>;
}
