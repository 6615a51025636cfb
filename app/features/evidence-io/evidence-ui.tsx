// Words and small pieces shared by the import, assisted-entry and export pages of the workspace.
import type { ReactNode } from "react";
import { WarningText } from "~components/feedback";
import { REPORTED_TAKES_NO_NEEDS } from "~/features/consultations/consultation-lifecycle";
import type { WorkspaceSection } from "~components/workspace";
import type { ImportStatus } from "~/db/schema";

/** These pages are not in the consultation's section navigation, so none of its links is marked current. */
export const NOT_A_SECTION = "/evidence" as WorkspaceSection;

export const importStatusLabels: Record<ImportStatus, string> = {
  uploaded: "Waiting for mapping",
  queued: "Waiting to start",
  running: "Importing",
  done: "Imported",
  refused: "Refused",
  failed: "Failed",
};

export const importStatusColours: Record<ImportStatus, "grey" | "blue" | "green" | "red" | "yellow"> = {
  uploaded: "grey",
  queued: "blue",
  running: "blue",
  done: "green",
  refused: "red",
  failed: "red",
};

export const channelLabels = { in_person: "In person", phone: "On the phone" } as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A wide table that scrolls sideways on its own, reachable by keyboard. */
export function ScrollingTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: "auto", marginBottom: 30 }}>
      {children}
    </div>
  );
}

/** In place of a form that would add needs, on a consultation that has reported; the error summary links here. */
export function ReportedNotice() {
  return (
    <div id="reported" tabIndex={-1}>
      <WarningText>{REPORTED_TAKES_NO_NEEDS}</WarningText>
    </div>
  );
}
