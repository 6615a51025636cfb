// Pieces shared by the grouping pages of the workspace. No server code here.
import type { GroupStatus, RunStatus } from "~/db/schema";
import { formatDate } from "~/lib/i18n";
import { groupStatusColours, groupStatusLabels } from "~/features/need-groups/grouping-forms";
import { JobProgress } from "~/lib/job-progress";
import { Tag } from "~components/feedback";

export const runStatusLabels: Record<RunStatus, string> = {
  queued: "Waiting to start",
  running: "Working out groups",
  done: "Done",
  failed: "Failed",
};

export function GroupStatusTag({ status }: { status: string }) {
  const known = status as GroupStatus;
  return <Tag colour={groupStatusColours[known]}>{groupStatusLabels[known] ?? status}</Tag>;
}

/** A run's progress bar (see JobProgress). */
export function RunProgress({
  status,
  progress,
  needCount,
  waitingCount = 0,
}: {
  status: string;
  progress: number | null;
  needCount: number | null;
  waitingCount?: number | null;
}) {
  return (
    <JobProgress
      id="grouping-progress"
      progress={progress}
      label={`${runStatusLabels[status as RunStatus] ?? status} for ${(needCount ?? 0).toLocaleString("en-GB")} published needs${waitingNote(needCount, waitingCount)}`}
    >
      You can leave this page: the run carries on, and its groups appear on the groups page when it is done.
    </JobProgress>
  );
}

export function runDescription(run: { created_at: string; run_by_name: string | null }) {
  return `${formatDate(run.created_at, "en", true)}${run.run_by_name ? ` by ${run.run_by_name}` : ""}`;
}

/**
 * What a run grouped by words alone while the understanding job was still computing needs' meaning: " (188,000
 * of them by their words alone: their meaning is still being computed)", or nothing when every need had it.
 */
export function waitingNote(_needCount: number | null, waitingCount: number | null | undefined): string {
  if (!waitingCount) return "";
  return ` (${waitingCount.toLocaleString("en-GB")} of them by their words alone: their meaning is still being computed)`;
}
