import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SummaryList } from "~components/feedback";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { needCount } from "~/features/need-groups/grouping-forms";
import { RunProgress, runDescription, runStatusLabels } from "~/features/need-groups/grouping-ui";
import { pageTitle } from "~/lib/meta";
import type { RunStatus } from "~/db/schema";
import { getGroupingRun, resumeGroupingRun } from "~/features/need-groups/grouping-runs.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const { consultation, run } = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const run = await getGroupingRun({ tx, consultationId: consultation.id, runId: params.id ?? "" });
    if (!run) throw new Response("Grouping run not found", { status: 404 });
    return { consultation, run };
  });
  // A job waiting (or left by an instance that stopped) is picked up by this one while someone watches it.
  resumeGroupingRun(context.db, run);
  return json({ consultation, run });
}

export default function GroupingRunPage() {
  const { consultation, run } = useLoaderData<typeof loader>();
  const base = `/workspace/c/${consultation.slug}`;
  const waiting = run.status === "queued" || run.status === "running";
  return (
    <>
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/groups"
        heading={
          waiting
            ? "Suggesting groups"
            : run.status === "failed"
              ? "The grouping run failed"
              : "Suggested groups"
        }
      />
      {waiting ? (
        <RunProgress
          status={run.status}
          progress={run.progress}
          needCount={run.need_count}
          waitingCount={run.waiting_count}
        />
      ) : run.status === "failed" ? (
        <>
          <p className="govuk-body">{run.error}</p>
          <p className="govuk-body">No groups were changed.</p>
          <p className="govuk-body">
            <a className="govuk-link" href={`${base}/groups`}>
              Back to the groups, to try again
            </a>
          </p>
        </>
      ) : (
        <>
          <SummaryList
            rows={[
              { key: "Run", value: runDescription(run) },
              { key: "Status", value: runStatusLabels[run.status as RunStatus] ?? run.status },
              { key: "Published needs read", value: (run.need_count ?? 0).toLocaleString("en-GB") },
              ...(run.waiting_count
                ? [
                    {
                      key: "Grouped by their words alone",
                      value: `${run.waiting_count.toLocaleString("en-GB")}: their meaning is still being computed`,
                    },
                  ]
                : []),
              { key: "Groups suggested", value: (run.group_count ?? 0).toLocaleString("en-GB") },
              {
                key: "Needs left ungrouped",
                value: run.ungrouped === null ? "–" : run.ungrouped.toLocaleString("en-GB"),
              },
            ]}
          />
          <p className="govuk-body">
            <a className="govuk-link" href={`${base}/groups`}>
              Review the groups: accept, rename, merge or reject them
            </a>
          </p>
          <h2 className="govuk-heading-m">What this run suggested</h2>
          <p className="govuk-body">The engine's answer as it was, before anyone changed it.</p>
          <ol className="govuk-list govuk-list--number">
            {run.groups.map((group) => (
              <li key={group.group}>
                <strong>
                  {group.name || group.terms.slice(0, 5).join(", ") || `Group ${group.group + 1}`}
                </strong>{" "}
                ({needCount(group.size)}
                {group.name && group.terms.length > 0
                  ? `; key words: ${group.terms.slice(0, 5).join(", ")}`
                  : ""}
                )
                {group.representatives.length > 0 && (
                  <ul className="govuk-list govuk-list--bullet">
                    {group.representatives.map((need) => (
                      <li key={need.id}>
                        <a className="govuk-link" href={`${base}/needs/${need.reference}`}>
                          {need.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Grouping run: ${data.consultation.title}` : "Grouping run") },
];
