// Reading an import's file: an upload stored in the database in 1 MiB pieces, or a file on disk for the command
// line. Both the upload's analysis and the import job read the stored file, so it is apart from either.
import fs from "node:fs";
import { asService, type Db, type Tx } from "~/db/database.server";
import type { ByteSource } from "~/features/evidence-io/import/read.server";
import { CHUNK_BYTES } from "~/features/evidence-io/import-limits.server";

/** An uploaded file, read back piece by piece (through `tx` while it is being uploaded, else `db`). */
export function storedSource(importId: string, via: { tx: Tx } | { db: Db }): ByteSource {
  const read = (seq: number) => {
    const query = (tx: Tx) =>
      tx
        .selectFrom("private.import_chunks")
        .select("data")
        .where("import_id", "=", importId)
        .where("seq", "=", seq)
        .executeTakeFirst();
    return "tx" in via ? query(via.tx) : asService(via.db, query);
  };
  return async function* () {
    for (let seq = 0; ; seq += 1) {
      const chunk = await read(seq);
      if (!chunk) return;
      yield chunk.data;
    }
  };
}

/** A file on disk, read in 1 MiB pieces. */
export function fileSource(path: string): ByteSource {
  return async function* () {
    const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      stream.destroy();
    }
  };
}
