// The consultation's words and its lifecycle: the labels the workspace (and the briefs and statements built
// on it) shows for public-value dimensions, affected groups and statuses, the moves a consultation may make
// and the status form. Shared with the browser, so no server code here. Workspace pages are for
// commissioners only and are written in English (resident-facing words live in app/locales).
import { z } from "zod";
import {
  consultationStatuses,
  type AffectedGroup,
  type ConsultationStatus,
  type PublicValueDimension,
} from "~/db/schema";
import { formatDate } from "~/lib/i18n";

export const dimensionLabels: Record<PublicValueDimension, string> = {
  food: "Food",
  health: "Health",
  education: "Education",
  income_and_work: "Income and work",
  peace_and_justice: "Peace and justice",
  political_voice: "Political voice",
  social_equity: "Social equity",
  gender_equality: "Gender equality",
  housing: "Housing",
  networks: "Networks",
  energy: "Energy",
  water: "Water",
  ecological_ceiling: "Ecological ceiling (not overshooting it)",
};

export const affectedGroupLabels: Record<AffectedGroup, string> = {
  children_young_people: "Children and young people",
  older_people: "Older people",
  disabled_people: "Disabled people",
  carers: "Carers",
  low_income: "People on low incomes",
  everyone: "Everyone locally",
  other: "Other",
};

export const statusLabels: Record<ConsultationStatus, string> = {
  draft: "Draft",
  open: "Open",
  closed: "Closed",
  analysing: "Analysing",
  reported: "Reported",
};

/**
 * The consultation lifecycle, as the database enforces it (private.consultation_transition_allowed):
 * draft → open → closed → analysing → reported, and closed → open to reopen.
 */
export const consultationTransitions: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  draft: ["open"],
  open: ["closed"],
  closed: ["open", "analysing"],
  analysing: ["reported"],
  reported: [],
};

export function canTransition(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return consultationTransitions[from].includes(to);
}

/**
 * When the consultation stopped taking needs, or null while it has not: the moment the database stamped as
 * it left open (closed_at: when a commissioner closed it, or its planned date if that came first), else the
 * planned close date once that has passed while it is still marked open.
 */
export function closedOn(
  consultation: { status: string; closes_at: Date | string | null; closed_at: Date | string | null },
  now: number = Date.now(),
): Date | null {
  if (consultation.closed_at) return new Date(consultation.closed_at);
  if (consultation.status === "draft" || !consultation.closes_at) return null;
  const planned = new Date(consultation.closes_at);
  return consultation.status !== "open" || planned.getTime() <= now ? planned : null;
}

/**
 * The day to name for a closing moment: a consultation planned to close at the end of 5 March closes at
 * midnight, which is 5 March's last moment, not 6 March.
 */
export function closingDay(moment: Date | string): Date {
  return new Date(new Date(moment).getTime() - 1);
}

/** Whether it stopped taking needs before the day it was planned to close on. */
export function closedEarly(closed: Date | string, planned: Date | string | null): boolean {
  return planned !== null && new Date(closed).getTime() < new Date(planned).getTime();
}

/** The workspace's words for when a consultation closed, measured against its planned close date. */
export function closedText(closed: Date | string, planned: Date | string | null): string {
  if (!closedEarly(closed, planned)) return `At the end of ${formatDate(closingDay(closed))}, as planned`;
  return `${formatDate(closed, "en", true)}, before its planned close date (the end of ${formatDate(closingDay(planned!))})`;
}

/**
 * Whether needs may still be added (imported, entered for someone): until the consultation reports. Its brief
 * is then published, and the needs behind it are its evidence (the database refuses them too).
 */
export function takesNeeds(status: ConsultationStatus): boolean {
  return status !== "reported";
}

/** Why nothing can be added to a reported consultation, for the workspace and the command line. */
export const REPORTED_TAKES_NO_NEEDS =
  "This consultation has reported: its brief is published, so the needs behind it cannot change. Start a new consultation for needs that arrive now.";
/** The refusal of an attempt to add needs anyway. */
export const REPORTED_REFUSAL = `${REPORTED_TAKES_NO_NEEDS} Nothing was added.`;

/** What each move is called on its button. */
export const transitionLabels: Record<ConsultationStatus, string> = {
  draft: "Back to draft",
  open: "Open the consultation",
  closed: "Close the consultation",
  analysing: "Start analysing",
  reported: "Mark as reported",
};

export const statusSchema = z.object({ to: z.enum(consultationStatuses, { error: "Choose a status" }) });

/** The dashboard calls an area or group "missing" when its voices per 1,000 people fall below this share of the overall rate. */
export const MISSING_SHARE = 0.5;
