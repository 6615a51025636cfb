// Pieces shared by the grouping pages of the workspace (issue 7). No server code here.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { GroupStatus, RunStatus } from "~/db/schema";
import { formatDate } from "~/lib/i18n";
import { groupStatusColours, groupStatusLabels } from "~/lib/grouping-forms";
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

/**
 * A run's progress bar. With JavaScript the page asks again every second and a half; without it, the
 * "Refresh the progress" link does (a page that reloads itself would interrupt screen-reader users).
 */
export function RunProgress({ status, progress, needCount }: { status: string; progress: number | null; needCount: number | null }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [revalidator]);
  const percent = Math.round((progress ?? 0) * 100);
  return (
    <>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="grouping-progress">
          {runStatusLabels[status as RunStatus] ?? status} for {(needCount ?? 0).toLocaleString("en-GB")} published needs
        </label>
        <progress id="grouping-progress" max={100} value={percent} style={{ width: "100%", height: 24 }}>
          {percent} %
        </progress>
        <p className="govuk-body" aria-live="polite">
          {percent} % done.
        </p>
      </div>
      <p className="govuk-body">You can leave this page: the run carries on, and its groups appear on the groups page when it is done.</p>
      <p className="govuk-body">
        <a className="govuk-link" href="">
          Refresh the progress
        </a>
      </p>
    </>
  );
}

export function runDescription(run: { created_at: string; run_by_name: string | null }) {
  return `${formatDate(run.created_at, "en", true)}${run.run_by_name ? ` by ${run.run_by_name}` : ""}`;
}
