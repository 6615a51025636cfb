import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listAuditEntries } from "~/platform/audit.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const before = Number(new URL(request.url).searchParams.get("before"));
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    // Row-level security shows the log to the organisation's admins only; others are told so, not shown an empty log.
    const log = consultation.is_admin
      ? await listAuditEntries({
          tx,
          organisationId: consultation.organisation_id,
          consultationId: consultation.id,
          before: Number.isInteger(before) && before > 0 ? before : undefined,
        })
      : null;
    return json({ consultation, log, me: commissioner.user.userId });
  });
}

const actionNames: Record<string, string> = {
  "consultation.created": "Set up the consultation",
  "consultation.updated": "Changed the details",
  "consultation.status_changed": "Changed the status",
  "need.published": "Published a need",
  "need.hidden": "Hid a need",
  "need.redacted": "Redacted part of a need",
  "comment.published": "Published a comment",
  "comment.hidden": "Hid a comment",
  "comment.redacted": "Redacted part of a comment",
  "flag.dismissed": "Dismissed a report",
  "export.needs_csv": "Exported needs as CSV",
  "grouping.started": "Asked for suggested groups",
  "grouping.completed": "Groups suggested",
  "group.accepted": "Accepted a group",
  "group.rejected": "Rejected a group",
  "group.renamed": "Renamed a group",
  "group.merged": "Merged groups",
  "group.split": "Split a group",
  "group.needs_moved": "Moved needs between groups",
  "group.needs_removed": "Took needs out of a group",
  "group.needs_added": "Added needs to a group",
  "group.created": "Built a group by hand",
  "group.deleted": "Deleted a group",
};

function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([key]) => key !== "filters")
    .map(
      ([key, value]) =>
        `${key.replaceAll("_", " ")}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`,
    )
    .concat(
      details.filters && typeof details.filters === "object" && Object.keys(details.filters).length
        ? [
            `filters: ${Object.entries(details.filters)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(", ")}`,
          ]
        : [],
    )
    .join("; ");
}

export default function AuditLog() {
  const { consultation, log, me } = useLoaderData<typeof loader>();
  return (
    <>
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/audit"
        heading="Audit log"
      />
      {!log ? (
        <p className="govuk-body">
          Only your organisation’s admins can read the audit log. Ask one of them if you need to know who did
          what.
        </p>
      ) : (
        <>
          <p className="govuk-body">
            Every moderation decision, export and change to this consultation, newest first. Entries cannot be
            changed or deleted.
          </p>
          {log.entries.length === 0 ? (
            <p className="govuk-body">Nothing has been recorded yet.</p>
          ) : (
            <DataTable
              caption="Recorded actions"
              head={["When", "Who", "What", "Details"]}
              rows={log.entries.map((entry) => [
                formatDate(entry.occurred_at, "en", true),
                entry.actor_id === me ? "You" : (entry.actor_name ?? "A member of your organisation"),
                actionNames[entry.action] ?? entry.action,
                describe(entry.details as Record<string, unknown>),
              ])}
            />
          )}
          {log.hasMore && log.entries.length > 0 && (
            <p className="govuk-body">
              <a
                className="govuk-link"
                href={`/workspace/c/${consultation.slug}/audit?before=${log.entries[log.entries.length - 1]!.id}`}
              >
                Older entries
              </a>
            </p>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Audit log: ${data.consultation.title}` : "Audit log") },
];
