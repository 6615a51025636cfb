// Kysely table types for the migrations in supabase/migrations. Keep in step with the SQL: the comments on
// tables and columns there (FixMyStreet-style) explain every state; here are only the shapes.
import type { ColumnType, GeneratedAlways } from "kysely";

/** A column with a database default: optional on insert. Unlike Kysely's own, it accepts a ColumnType. */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U>
    ? ColumnType<S, I | undefined, U>
    : ColumnType<T, T | undefined, T>;

/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** numeric: node-postgres returns the exact decimal as a string. */
export type Decimal = ColumnType<string, string | number, string | number>;
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** jsonb holding an object (node-postgres serialises plain objects; arrays must be stringified). */
export type JsonbObject = ColumnType<JsonObject, JsonObject | string, JsonObject | string>;
/** Maintained by the database (generated column or trigger); never written by the app. */
type ReadOnly<T> = ColumnType<T, never, never>;

export const organisationKinds = ["commissioner", "community_group"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
export const legalForms = [
  "charity",
  "cio",
  "cic",
  "community_benefit_society",
  "cooperative",
  "company_limited_by_guarantee",
  "informal_group",
  "other",
] as const;
export type LegalForm = (typeof legalForms)[number];
export const membershipRoles = ["admin", "member"] as const;
export type MembershipRole = (typeof membershipRoles)[number];
export const consultationStatuses = ["draft", "open", "closed", "analysing", "reported"] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];
export const moderationSettings = ["before_publication", "after_publication"] as const;
export type ModerationSetting = (typeof moderationSettings)[number];
export const publicValueDimensions = [
  "food",
  "health",
  "education",
  "income_and_work",
  "peace_and_justice",
  "political_voice",
  "social_equity",
  "gender_equality",
  "housing",
  "networks",
  "energy",
  "water",
  "ecological_ceiling",
] as const;
export type PublicValueDimension = (typeof publicValueDimensions)[number];
export const affectedGroups = [
  "children_young_people",
  "older_people",
  "disabled_people",
  "carers",
  "low_income",
  "everyone",
  "other",
] as const;
export type AffectedGroup = (typeof affectedGroups)[number];
export const urgencies = ["not_urgent", "within_a_year", "within_months", "within_weeks"] as const;
export type Urgency = (typeof urgencies)[number];
/** The languages residents write in (the bilingual pages' locales, `Locale` in app/lib/i18n.tsx). */
export type TextLanguage = "en" | "cy";
export const needStatuses = ["received", "published", "hidden", "withdrawn"] as const;
export type NeedStatus = (typeof needStatuses)[number];
export const needSources = ["web", "assisted", "import"] as const;
export type NeedSource = (typeof needSources)[number];
export const photoMimeTypes = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoMimeType = (typeof photoMimeTypes)[number];
export const commentStatuses = ["received", "published", "hidden"] as const;
export type CommentStatus = (typeof commentStatuses)[number];
export const flagReasons = ["offensive", "personal_information", "spam", "not_a_need", "other"] as const;
export type FlagReason = (typeof flagReasons)[number];
export const flagResolutions = ["upheld", "dismissed"] as const;
export type FlagResolution = (typeof flagResolutions)[number];
export const commissioningRoutes = [
  "grant",
  "innovation_partnership",
  "alliance_contract",
  "relational_agreement",
  "competitive_procedure",
] as const;
export type CommissioningRoute = (typeof commissioningRoutes)[number];
export type PreferredRoute = CommissioningRoute | "not_sure";
export const proposalStatuses = ["draft", "submitted", "under_review", "withdrawn"] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export type ProposalMessageKind = "question" | "answer";
export const runStatuses = ["queued", "running", "done", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];
export const groupStatuses = ["suggested", "accepted", "rejected", "manual"] as const;
export type GroupStatus = (typeof groupStatuses)[number];
export type GroupMemberOrigin = "suggested" | "manual";
export type StatementStatus = "draft" | "agreed";
export type BriefStatus = "draft" | "published";
export type JobStatus = RunStatus;
export type UnsubscribeTopic =
  "all" | "need_updates" | "brief_published" | "proposal_questions" | "followed_needs";
export type ActorRole = "anon" | "authenticated" | "service_role";

// People ----------------------------------------------------------------------------------------------------

/** Groundswell's own table of people (never auth.users, which belongs to the identity service). */
export interface PeopleTable {
  id: Generated<string>;
  email: string | null;
  email_confirmed_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  is_anonymous: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  deleted_at: Timestamp | null;
}

// Organisations, people and roles ---------------------------------------------------------------------

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  slug: string;
  legal_form: LegalForm | null;
  registration_number: string | null;
  area_of_benefit: string | null;
  description: string | null;
  website: string | null;
  privacy_controller: string | null;
  privacy_contact: string | null;
  verified_by_organisation_id: string | null;
  /** Set by the database when verified_by_organisation_id is. */
  verified_at: Timestamp | null;
  /** Community groups: the public-value dimensions their work serves (directory search). */
  themes: Generated<PublicValueDimension[]>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  search: ReadOnly<string | null>;
}

export interface OrganisationContactsTable {
  organisation_id: string;
  contact_email: string;
  updated_at: Generated<Timestamp>;
}

export interface MembershipsTable {
  organisation_id: string;
  user_id: string;
  role: Generated<MembershipRole>;
  added_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface InvitationsTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  token_hash: string;
  role: Generated<MembershipRole>;
  invited_by: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface ProfilesTable {
  id: string;
  display_name: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PlatformAdminsTable {
  user_id: string;
  granted_by: string | null;
  created_at: Generated<Timestamp>;
}

// Consultations -------------------------------------------------------------------------------------------

export interface ConsultationsTable {
  id: Generated<string>;
  organisation_id: string;
  slug: string;
  title: string;
  title_cy: string | null;
  summary: Generated<string>;
  summary_cy: string | null;
  why_we_ask: Generated<string>;
  why_we_ask_cy: string | null;
  what_happens_next: Generated<string>;
  what_happens_next_cy: string | null;
  place: string | null;
  attribution: string | null;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  status: Generated<ConsultationStatus>;
  moderation: Generated<ModerationSetting>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Optimistic concurrency: update "where version = <read>"; the database moves it on by one. */
  version: Generated<number>;
  /** People in each affected group, where known ({ older_people: 12000 }): the dashboard's "who is missing". */
  affected_group_populations: Generated<JsonbObject>;
  /** When the status became reported (a trigger keeps it); retention counts from here. */
  reported_at: Timestamp | null;
  /**
   * When it stopped taking needs (a trigger keeps it): the moment it was closed, or closes_at if that came
   * first; null while draft or open. Read it through closedOn(), which also knows an open one past its date.
   */
  closed_at: Timestamp | null;
}

export interface ConsultationThemesTable {
  id: Generated<string>;
  consultation_id: string;
  name: string;
  name_cy: string | null;
  description: string | null;
  dimensions: Generated<PublicValueDimension[]>;
  position: Generated<number>;
  created_at: Generated<Timestamp>;
}

export interface ConsultationAreasTable {
  id: Generated<string>;
  consultation_id: string;
  name: string;
  name_cy: string | null;
  centre_lat: Decimal | null;
  centre_lng: Decimal | null;
  population: number | null;
  position: Generated<number>;
  created_at: Generated<Timestamp>;
}

// Needs ---------------------------------------------------------------------------------------------------

export interface NeedsTable {
  id: Generated<string>;
  reference: Generated<string>;
  consultation_id: string;
  theme_id: string | null;
  area_id: string | null;
  author_id: string | null;
  organisation_id: string | null;
  title: string;
  description: Generated<string>;
  place_text: string | null;
  /** Rounded to 3 decimals (about 100 m). */
  lat: Decimal | null;
  lng: Decimal | null;
  affected_groups: Generated<AffectedGroup[]>;
  affected_other: string | null;
  people_estimate: number | null;
  seriousness: number | null;
  urgency: Urgency | null;
  status: Generated<NeedStatus>;
  moderation_reason: string | null;
  moderated_by: ReadOnly<string | null>;
  moderated_at: ReadOnly<Timestamp | null>;
  source: Generated<NeedSource>;
  has_photo: ReadOnly<boolean>;
  support_count: ReadOnly<number>;
  search: ReadOnly<string | null>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  published_at: Generated<Timestamp | null>;
  withdrawn_at: ReadOnly<Timestamp | null>;
  /** The language the resident wrote it in (the page's, when posted or last edited); null = not known. */
  language: Generated<TextLanguage | null>;
}

export interface NeedPrivateDetailsTable {
  need_id: string;
  consultation_id: string;
  original_title: string;
  original_description: Generated<string>;
  original_place_text: string | null;
  exact_lat: Decimal | null;
  exact_lng: Decimal | null;
  contact_email: string | null;
  contact_consent: Generated<boolean>;
  contact_consented_at: Timestamp | null;
  assisted_by: string | null;
  assisted_consent: boolean | null;
  assisted_consent_at: Timestamp | null;
  /** Assisted entry: how the resident was met (in_person or phone). */
  assisted_channel: "in_person" | "phone" | null;
  import_file: string | null;
  import_row: number | null;
  external_id: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface NeedPhotosTable {
  id: Generated<string>;
  need_id: string;
  consultation_id: string;
  data: Buffer;
  mime_type: PhotoMimeType;
  width: number;
  height: number;
  created_at: Generated<Timestamp>;
}

export interface SupportsTable {
  need_id: string;
  user_id: string;
  consultation_id: string;
  created_at: Generated<Timestamp>;
}

export interface CommentsTable {
  id: Generated<string>;
  need_id: string;
  consultation_id: string;
  author_id: string | null;
  organisation_id: string | null;
  body: string;
  status: Generated<CommentStatus>;
  moderation_reason: string | null;
  moderated_by: ReadOnly<string | null>;
  moderated_at: ReadOnly<Timestamp | null>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  published_at: Generated<Timestamp | null>;
  /** The language the comment was written in (the page's when posted); null = not known. */
  language: Generated<TextLanguage | null>;
}

export interface CommentOriginalsTable {
  comment_id: string;
  consultation_id: string;
  original_body: string;
  created_at: Generated<Timestamp>;
}

export interface FlagsTable {
  id: Generated<string>;
  consultation_id: string;
  need_id: string | null;
  comment_id: string | null;
  reason: FlagReason;
  details: string | null;
  flagged_by: string | null;
  created_at: Generated<Timestamp>;
  resolution: FlagResolution | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
}

// Proposals -----------------------------------------------------------------------------------------------

export interface ProposalsTable {
  id: Generated<string>;
  consultation_id: string;
  organisation_id: string;
  title: string;
  what_we_would_do: Generated<string>;
  who_benefits: Generated<string>;
  beneficiaries_count: number | null;
  outcomes: Generated<string>;
  volunteers: number | null;
  volunteer_hours: number | null;
  premises: string | null;
  match_funding_pence: number | null;
  relationships: string | null;
  lived_experience: string | null;
  cost_min_pence: number | null;
  cost_max_pence: number | null;
  partners: string | null;
  preferred_route: PreferredRoute | null;
  route_reason: string | null;
  status: Generated<ProposalStatus>;
  support_count: ReadOnly<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  submitted_at: ReadOnly<Timestamp | null>;
  reviewed_at: ReadOnly<Timestamp | null>;
  withdrawn_at: ReadOnly<Timestamp | null>;
  version: Generated<number>;
}

export interface ProposalNeedsTable {
  proposal_id: string;
  need_id: string;
  consultation_id: string;
  added_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface ProposalSupportsTable {
  proposal_id: string;
  user_id: string;
  created_at: Generated<Timestamp>;
}

export interface ProposalMessagesTable {
  id: Generated<string>;
  proposal_id: string;
  consultation_id: string;
  kind: ProposalMessageKind;
  in_reply_to: string | null;
  author_id: string | null;
  author_organisation_id: string | null;
  body: string;
  public: Generated<boolean>;
  made_public_by: ReadOnly<string | null>;
  made_public_at: ReadOnly<Timestamp | null>;
  created_at: Generated<Timestamp>;
}

// Grouping, statements, briefs ----------------------------------------------------------------------------

export interface GroupingRunsTable {
  id: Generated<string>;
  consultation_id: string;
  params: Generated<JsonbObject>;
  status: Generated<RunStatus>;
  run_by: string | null;
  job_id: string | null;
  need_count: number | null;
  /** Published needs left out because their meaning was not yet computed. */
  waiting_count: Generated<number>;
  group_count: number | null;
  error: string | null;
  created_at: Generated<Timestamp>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The engine's answer as it was (written once by the job); see GroupingSnapshot. */
  suggestion: ColumnType<JsonValue | null, string | null | undefined, string | null>;
}

export interface NeedGroupsTable {
  id: Generated<string>;
  consultation_id: string;
  run_id: string | null;
  label: string;
  terms: Generated<string[]>;
  status: Generated<GroupStatus>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  status_changed_by: ReadOnly<string | null>;
  status_changed_at: ReadOnly<Timestamp | null>;
}

export interface NeedGroupMembersTable {
  group_id: string;
  need_id: string;
  consultation_id: string;
  origin: Generated<GroupMemberOrigin>;
  score: number | null;
  representative: Generated<boolean>;
  added_by: string | null;
  added_at: Generated<Timestamp>;
}

export interface NeedsStatementsTable {
  id: Generated<string>;
  consultation_id: string;
  group_id: string | null;
  title: string;
  body: Generated<string>;
  population_affected: string | null;
  seriousness: number | null;
  dimensions: Generated<PublicValueDimension[]>;
  status: Generated<StatementStatus>;
  /** Set by the database when the statement is agreed. */
  agreed_by: Generated<string | null>;
  agreed_at: Generated<Timestamp | null>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface StatementNeedsTable {
  statement_id: string;
  need_id: string;
  consultation_id: string;
  quoted: Generated<boolean>;
  added_by: string | null;
  added_at: Generated<Timestamp>;
}

/** A draft statement opened for comment by the community (migration 20261207180000). */
export interface StatementCheckBacksTable {
  id: Generated<string>;
  statement_id: string;
  consultation_id: string;
  /** Set by the database. */
  opened_by: Generated<string | null>;
  opened_at: Generated<Timestamp>;
  closes_at: Timestamp;
  closed_at: Timestamp | null;
  /** Set by the database from the statement at opening. */
  title_at_opening: Generated<string>;
  body_at_opening: Generated<string>;
  /** Set by the database when the statement is agreed. */
  title_agreed: Generated<string | null>;
  body_agreed: Generated<string | null>;
  agreed_at: Generated<Timestamp | null>;
  change_note: string | null;
}

export type CheckBackChoice = "right" | "not_right" | "missing";

export interface StatementCheckBackAnswersTable {
  id: Generated<string>;
  check_back_id: string;
  /** Set by the database from the check-back. */
  statement_id: Generated<string>;
  consultation_id: Generated<string>;
  user_id: Generated<string>;
  choice: CheckBackChoice;
  comment: string | null;
  comment_language: TextLanguage | null;
  comment_status: Generated<"waiting" | "published" | "hidden" | null>;
  moderated_by: Generated<string | null>;
  moderated_at: Generated<Timestamp | null>;
  created_at: Generated<Timestamp>;
}

export interface StatementProposalsTable {
  statement_id: string;
  proposal_id: string;
  consultation_id: string;
  added_by: string | null;
  added_at: Generated<Timestamp>;
}

export interface StatementSourcesTable {
  id: Generated<string>;
  statement_id: string;
  consultation_id: string;
  position: Generated<number>;
  title: string;
  publisher: string;
  /** YYYY-MM (a month) or YYYY-MM-DD (a day). */
  published: string;
  url: string;
  licence: Generated<string>;
  figure: string;
  measures: Generated<string>;
  link_checked_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface StatementEndorsementsTable {
  id: Generated<string>;
  statement_id: string;
  consultation_id: string;
  organisation_id: string;
  words: Generated<string>;
  endorsed_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface BriefsTable {
  id: Generated<string>;
  consultation_id: string;
  title: string;
  purpose: Generated<string>;
  public_value: Generated<JsonbObject>;
  budget_min_pence: number | null;
  budget_max_pence: number | null;
  timeline: string | null;
  engagement_notes: string | null;
  route_answers: Generated<JsonbObject>;
  recommended_route: CommissioningRoute | null;
  chosen_route: CommissioningRoute | null;
  chosen_route_reason: string | null;
  relational_agreement: Generated<JsonbObject>;
  status: Generated<BriefStatus>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface BriefStatementsTable {
  brief_id: string;
  statement_id: string;
  consultation_id: string;
  position: number;
}

export interface BriefVersionsTable {
  id: Generated<string>;
  brief_id: string;
  consultation_id: string;
  version_number: number;
  snapshot: JsonbObject;
  change_note: string | null;
  published_by: string | null;
  published_at: Generated<Timestamp>;
}

// Platform machinery (schema private) --------------------------------------------------------------------

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  user_agent: string | null;
  ip: string | null;
}

export interface OneTimeCodesTable {
  id: Generated<string>;
  email: string;
  code_hash: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
  ip: string | null;
}

/** What a need means, as a sentence-embedding vector (migration 20261206090000; app/platform/meaning). */
export interface NeedVectorsTable {
  need_id: string;
  consultation_id: string;
  /** The model that made the vector. */
  model: string;
  /** 512 bits, the sign of each number, as '0'/'1' text. */
  sketch: string;
  /** 512 signed bytes: the unit vector scaled by 127. */
  vector: Buffer;
  embedded_at: Generated<Timestamp>;
  /** The cell of meaning it is placed in (migration 20261209100000); null until placed. */
  cell: Generated<number | null>;
}

/** The centres of a large consultation's cells of meaning (migration 20261209100000). */
export interface MeaningCellsTable {
  consultation_id: string;
  cell: number;
  /** 512 bits, as '0'/'1' text. */
  centre: string;
  trained_on: number;
  trained_at: Generated<Timestamp>;
}

/** Running counts for the dashboard, kept by triggers (migration 20261127090100); keys use stand-ins for "not given". */
export interface NeedTalliesTable {
  consultation_id: string;
  status: NeedStatus;
  /** The nil uuid when no theme was given. */
  theme_id: string;
  area_id: string;
  /** 0 when not given. */
  seriousness: number;
  source: NeedSource;
  needs: number;
  supports: number;
}

export interface NeedDayTalliesTable {
  consultation_id: string;
  status: NeedStatus;
  /** Midnight, London time, of the day received. */
  day: Timestamp;
  needs: number;
  supports: number;
}

export interface NeedGroupTalliesTable {
  consultation_id: string;
  status: NeedStatus;
  affected_group: string;
  needs: number;
  supports: number;
}

export interface ConsultationVoicesTable {
  consultation_id: string;
  person_id: string;
  /** Standing needs this person posted. */
  authored: number;
  /** Supports this person gave to standing needs. */
  supported: number;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: Timestamp;
  count: Generated<number>;
}

/** The actions private.record_audit accepts; each feature's migration adds its own. */
export interface AuditActionsTable {
  action: string;
}

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  payload: Generated<JsonbObject>;
  status: Generated<JobStatus>;
  progress: Generated<number>;
  run_after: Generated<Timestamp>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  result: ColumnType<JsonValue | null, string | JsonObject | null, string | JsonObject | null>;
  error: string | null;
  consultation_id: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface AuditLogTable {
  id: GeneratedAlways<number>;
  occurred_at: Generated<Timestamp>;
  actor_id: string | null;
  actor_role: ActorRole | null;
  organisation_id: string | null;
  consultation_id: string | null;
  action: string;
  subject_table: string | null;
  subject_id: string | null;
  details: Generated<JsonbObject>;
  ip: string | null;
}

export interface EmailUnsubscribesTable {
  id: Generated<string>;
  email: string;
  topic: Generated<UnsubscribeTopic>;
  created_at: Generated<Timestamp>;
}

/** An address following a need: pending until its confirmation link is followed (migration 20261206143000). */
export interface NeedFollowersTable {
  id: Generated<string>;
  need_id: string;
  consultation_id: string;
  email: string;
  locale: Generated<"en" | "cy">;
  token_hash: string | null;
  token_expires_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface NeedDraftsTable {
  id: Generated<string>;
  user_id: string;
  consultation_id: string;
  answers: Generated<JsonbObject>;
  photo: Buffer | null;
  photo_mime: PhotoMimeType | null;
  photo_width: number | null;
  photo_height: number | null;
  submission_key: string | null;
  submitted_need_id: string | null;
  meaning: Buffer | null;
  meaning_of: string | null;
  /** Written as JSON text: the driver would send an array as a PostgreSQL array. */
  suggestions: ColumnType<{ reference: string; score: number }[] | null, string | null, string | null>;
  suggested_for: string | null;
  suggested_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  expires_at: Generated<Timestamp>;
}

export const importStatuses = ["uploaded", "queued", "running", "done", "refused", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** A file of needs brought into a consultation; see the comments in 20261126006000_imports.sql. */
export interface ImportsTable {
  id: Generated<string>;
  consultation_id: string;
  via: Generated<"upload" | "command_line">;
  file_name: string;
  file_size: number;
  format: "csv" | "xlsx";
  encoding: "utf-8" | "utf-8-bom" | "windows-1252" | null;
  delimiter: string | null;
  columns: Generated<ColumnType<JsonValue, string, string>>;
  preview: Generated<ColumnType<JsonValue, string, string>>;
  row_count: number | null;
  mapping: Generated<JsonbObject>;
  value_mapping: Generated<JsonbObject>;
  publish: Generated<boolean>;
  status: Generated<ImportStatus>;
  job_id: string | null;
  imported: number | null;
  skipped: number | null;
  duplicates: number | null;
  flagged: number | null;
  report: ColumnType<JsonObject | null, string | null, string | null>;
  error: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

/** An uploaded file in pieces of at most 1 MiB, in order (seq from 0). */
export interface ImportChunksTable {
  import_id: string;
  consultation_id: string;
  seq: number;
  data: Buffer;
}

/** What an invited expert says about a needs statement (migration 20261207170000). */
export interface ExpertInvitationsTable {
  id: Generated<string>;
  consultation_id: string;
  statement_id: string;
  email: string;
  role: string;
  message: string | null;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  accepted_at: Date | null;
  accepted_by: string | null;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  expert_name: string | null;
  expert_organisation: string | null;
}

export interface ExpertContributionsTable {
  id: Generated<string>;
  invitation_id: string;
  consultation_id: string;
  statement_id: string;
  body: string;
  role: string;
  named: Generated<boolean>;
  name: string | null;
  organisation: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  withdrawn_at: Date | null;
}

export interface Database {
  "private.people": PeopleTable;
  organisations: OrganisationsTable;
  memberships: MembershipsTable;
  profiles: ProfilesTable;
  consultations: ConsultationsTable;
  consultation_themes: ConsultationThemesTable;
  consultation_areas: ConsultationAreasTable;
  needs: NeedsTable;
  need_vectors: NeedVectorsTable;
  supports: SupportsTable;
  comments: CommentsTable;
  flags: FlagsTable;
  proposals: ProposalsTable;
  proposal_needs: ProposalNeedsTable;
  proposal_supports: ProposalSupportsTable;
  proposal_messages: ProposalMessagesTable;
  grouping_runs: GroupingRunsTable;
  need_groups: NeedGroupsTable;
  need_group_members: NeedGroupMembersTable;
  needs_statements: NeedsStatementsTable;
  statement_needs: StatementNeedsTable;
  statement_proposals: StatementProposalsTable;
  statement_sources: StatementSourcesTable;
  statement_endorsements: StatementEndorsementsTable;
  statement_check_backs: StatementCheckBacksTable;
  statement_check_back_answers: StatementCheckBackAnswersTable;
  briefs: BriefsTable;
  brief_statements: BriefStatementsTable;
  brief_versions: BriefVersionsTable;
  "private.organisation_contacts": OrganisationContactsTable;
  "private.invitations": InvitationsTable;
  "private.platform_admins": PlatformAdminsTable;
  "private.need_private_details": NeedPrivateDetailsTable;
  "private.need_photos": NeedPhotosTable;
  "private.comment_originals": CommentOriginalsTable;
  "private.sessions": SessionsTable;
  "private.one_time_codes": OneTimeCodesTable;
  "private.rate_limit_counters": RateLimitCountersTable;
  "private.meaning_cells": MeaningCellsTable;
  "private.jobs": JobsTable;
  "private.audit_log": AuditLogTable;
  "private.audit_actions": AuditActionsTable;
  "private.email_unsubscribes": EmailUnsubscribesTable;
  "private.need_followers": NeedFollowersTable;
  "private.need_drafts": NeedDraftsTable;
  "private.imports": ImportsTable;
  "private.import_chunks": ImportChunksTable;
  "private.need_tallies": NeedTalliesTable;
  "private.need_day_tallies": NeedDayTalliesTable;
  "private.need_group_tallies": NeedGroupTalliesTable;
  "private.consultation_voices": ConsultationVoicesTable;
  "private.expert_invitations": ExpertInvitationsTable;
  expert_contributions: ExpertContributionsTable;
}
