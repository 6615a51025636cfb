// Reading what was published: a brief's frozen versions as anyone may read them (the public brief pages and
// exports), with the live figures that have moved since and what changed from one version to the next.
import type { Tx } from "~/db/database.server";
import { describeChanges, isBriefSnapshot, type BriefSnapshot } from "~/features/briefs/brief-snapshot";
import { computeStatementEvidence } from "~/features/statements/statement-evidence.server";

export interface PublishedVersion {
  briefId: string;
  versionNumber: number;
  changeNote: string | null;
  publishedAt: string;
  snapshot: BriefSnapshot;
}

/**
 * A published version as anyone may read it (row-level security: consultations out of draft), the latest
 * when no number is given; null when there is none, so the page answers 404 for an unpublished brief.
 */
export async function getPublishedBrief({
  tx,
  briefId,
  consultationSlug,
  versionNumber,
}: {
  tx: Tx;
  briefId?: string;
  consultationSlug?: string;
  versionNumber?: number;
}) {
  let query = tx
    .selectFrom("brief_versions as v")
    .innerJoin("consultations as c", "c.id", "v.consultation_id")
    .select(["v.brief_id", "v.version_number", "v.change_note", "v.published_at", "v.snapshot"]);
  if (briefId) query = query.where("v.brief_id", "=", briefId);
  if (consultationSlug) query = query.where("c.slug", "=", consultationSlug);
  if (versionNumber !== undefined) query = query.where("v.version_number", "=", versionNumber);
  const row = await query
    .orderBy("v.published_at", "desc")
    .orderBy("v.version_number", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row || !isBriefSnapshot(row.snapshot)) return null;
  const versions = await tx
    .selectFrom("brief_versions")
    .select(["version_number", "change_note", "published_at", "snapshot"])
    .where("brief_id", "=", row.brief_id)
    .orderBy("version_number")
    .execute();
  const version: PublishedVersion = {
    briefId: row.brief_id,
    versionNumber: row.version_number,
    changeNote: row.change_note,
    publishedAt: new Date(row.published_at).toISOString(),
    snapshot: row.snapshot,
  };
  return {
    version,
    versions: versions.map((item) => ({
      versionNumber: item.version_number,
      changeNote: item.change_note,
      publishedAt: new Date(item.published_at).toISOString(),
      snapshot: isBriefSnapshot(item.snapshot) ? item.snapshot : null,
    })),
  };
}

export interface FigureChange {
  statementId: string;
  /** null: the statement is no longer public (back in draft, or deleted). */
  now: { needs: number; people: number; supports: number } | null;
}

/**
 * The live figures of a version's statements where they differ from the frozen ones: later needs,
 * moderation, withdrawal and erasure all move them. Read as whoever asks (anonymous visitors: public only).
 */
export async function currentFigureChanges({
  tx,
  snapshot,
}: {
  tx: Tx;
  snapshot: BriefSnapshot;
}): Promise<FigureChange[]> {
  const ids = snapshot.statements.map((statement) => statement.id);
  const [live, visible] = await Promise.all([
    computeStatementEvidence({ tx, statementIds: ids }),
    ids.length
      ? tx
          .selectFrom("needs_statements")
          .select("id")
          .where("id", "in", ids)
          .where("status", "=", "agreed")
          .execute()
      : Promise.resolve([]),
  ]);
  const visibleIds = new Set(visible.map((row) => row.id));
  const changes: FigureChange[] = [];
  for (const statement of snapshot.statements) {
    if (!visibleIds.has(statement.id)) {
      changes.push({ statementId: statement.id, now: null });
      continue;
    }
    const now = live.get(statement.id)!;
    const frozen = statement.evidence;
    if (now.needs !== frozen.needs || now.people !== frozen.people || now.supports !== frozen.supports) {
      changes.push({
        statementId: statement.id,
        now: { needs: now.needs, people: now.people, supports: now.supports },
      });
    }
  }
  return changes;
}

/**
 * A published version for its public page: the frozen brief, the figures that have moved since, and every
 * version with what changed from the one before (snapshots of other versions stay on the server).
 */
export async function readPublishedBrief(options: {
  tx: Tx;
  briefId?: string;
  consultationSlug?: string;
  versionNumber?: number;
}) {
  const published = await getPublishedBrief(options);
  if (!published) return null;
  const changes = await currentFigureChanges({ tx: options.tx, snapshot: published.version.snapshot });
  const versions = published.versions.map((item, index, all) => ({
    versionNumber: item.versionNumber,
    changeNote: item.changeNote,
    publishedAt: item.publishedAt,
    changes: item.snapshot ? describeChanges(all[index - 1]?.snapshot ?? null, item.snapshot) : [],
  }));
  return { version: published.version, versions, changes };
}
