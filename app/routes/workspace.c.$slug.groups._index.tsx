import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, PageFeedback } from "~components/feedback";
import { Button, TextInput } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { groupsPageSchema, needCount } from "~/features/need-groups/grouping-forms";
import {
  GroupStatusTag,
  runDescription,
  runStatusLabels,
  waitingNote,
} from "~/features/need-groups/grouping-ui";
import { pageTitle } from "~/lib/meta";
import { summaryOf } from "~/features/consultations/consultation-forms";
import type { RunStatus } from "~/db/schema";
import {
  kickGroupingWorker,
  listGroupingRuns,
  resumeGroupingRun,
  runGroupingJobNow,
  startGroupingRun,
} from "~/features/need-groups/grouping-runs.server";
import {
  judgeNeedGroup,
  mergeNeedGroups,
  type NeedGroupChange,
} from "~/features/need-groups/need-group-edits.server";
import { listNeedGroups } from "~/features/need-groups/need-group-reads.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { noticeFor } from "~/server/notices.server";
import { withNotice } from "~/lib/notices";
import { groupingNotices } from "~/features/need-groups/grouping-notices";
import { formatMessage } from "~/lib/i18n";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const data = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const [grouping, runs] = [
      await listNeedGroups({ tx, consultationId: consultation.id }),
      await listGroupingRuns({ tx, consultationId: consultation.id }),
    ];
    return { consultation, grouping, runs };
  });
  const active = data.runs.find((run) => run.status === "queued" || run.status === "running");
  resumeGroupingRun(context.db, active);
  return json({
    ...data,
    active: active ?? null,
    notice: noticeFor({
      request,
      context,
      catalogue: groupingNotices(
        (id) => [...data.grouping.groups, ...data.grouping.rejected].find((group) => group.id === id)?.label,
      ),
    }),
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), ["groups"]);
  const parsed = groupsPageSchema.safeParse(values);
  if (!parsed.success) {
    if (!["suggest", "accept", "reject", "merge"].includes(String(values.intent)))
      throw new Response("Unknown action", { status: 400 });
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const input = parsed.data;
  const base = `/workspace/c/${params.slug}/groups`;
  if (input.intent === "suggest") {
    const started = await asRequest(context.db, commissioner.claims, async (tx) => {
      const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
      return startGroupingRun({ tx, consultation, ip: context.clientAddress });
    });
    if (started.status === "queued") {
      if (started.inline) {
        await runGroupingJobNow({ db: context.db, jobId: started.jobId });
      } else {
        void kickGroupingWorker(context.db);
      }
      return redirect(`${base}/runs/${started.runId}`);
    }
    markFormInvalid(context);
    const message =
      started.status === "already-running"
        ? "Groups are already being suggested for this consultation: wait for that run to finish"
        : started.needs === 0
          ? "There are no published needs to group yet: publish needs first"
          : "Only one need is published: there must be at least two needs to group";
    return json(
      {
        errors: { suggest: message },
        values,
        runId: started.status === "already-running" ? started.runId : null,
      },
      { status: 400 },
    );
  }
  const result: NeedGroupChange = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const ip = context.clientAddress;
    if (input.intent === "merge")
      return mergeNeedGroups({
        tx,
        consultation,
        groupIds: input.groups,
        label: input.label || undefined,
        ip,
      });
    return judgeNeedGroup({
      tx,
      consultation,
      groupId: input.group,
      decision: input.intent === "accept" ? "accepted" : "rejected",
      ip,
    });
  });
  if (result.status === "not-found") throw new Response("Group not found", { status: 404 });
  if (result.status === "refused") {
    markFormInvalid(context);
    return json({ errors: { [result.field]: result.message }, values, runId: null }, { status: 400 });
  }
  const key = input.intent === "merge" ? "merged" : input.intent === "accept" ? "accepted" : "rejected";
  return redirect(`${base}?${withNotice({ key, count: result.count, group: result.groupId ?? undefined })}`);
}

export default function GroupsPage() {
  const { consultation, grouping, runs, active, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  const chosen = new Set((actionData?.values.groups as string[] | undefined) ?? []);
  const runId = actionData && "runId" in actionData ? actionData.runId : null;
  const latestRun = runs.find((run) => run.id === grouping.latestRunId);
  return (
    <>
      <PageFeedback errors={summaryOf(errors, ["suggest", "groups", "group", "label"])} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/groups"
        heading="Groups of needs"
      />
      <p className="govuk-body">
        Groups gather needs that are alike, so a needs statement can speak for all of them. Needs are only
        linked to a group: every need keeps its author, its supports and its words, and a need can sit in more
        than one group.
      </p>

      <h2 className="govuk-heading-m" id="suggest">
        Suggest groups
      </h2>
      {active ? (
        <InsetText>
          Groups are being suggested for{" "}
          {formatMessage({ one: "1 published need", other: "{count} published needs" }, "en", {
            count: active.need_count ?? 0,
          })}
          {waitingNote(active.need_count, active.waiting_count)}: {Math.round((active.progress ?? 0) * 100)} %
          done.{" "}
          <a className="govuk-link" href={`${base}/groups/runs/${active.id}`}>
            Follow the progress
          </a>
        </InsetText>
      ) : (
        <PostForm>
          <input type="hidden" name="intent" value="suggest" />
          {errors.suggest && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.suggest}
              {runId && (
                <>
                  {" "}
                  <a className="govuk-link" href={`${base}/groups/runs/${runId}`}>
                    Follow its progress
                  </a>
                </>
              )}
            </p>
          )}
          <p className="govuk-body">
            The grouping engine reads the title and description of the {needCount(grouping.published)}{" "}
            published and suggests groups of alike needs, named by their most distinctive words. Groups you
            have accepted or built by hand are kept; suggestions you have not yet judged are replaced by the
            new ones.
          </p>
          <Button secondary={grouping.groups.length > 0}>Suggest groups</Button>
        </PostForm>
      )}

      <h2 className="govuk-heading-m">
        {grouping.groups.length === 1
          ? "1 group"
          : `${grouping.groups.length.toLocaleString("en-GB")} groups`}
      </h2>
      <p className="govuk-body">
        {grouping.ungrouped === 0 ? (
          `Every one of the ${needCount(grouping.published)} published is in a group.`
        ) : (
          <>
            {needCount(grouping.ungrouped)} of the {grouping.published.toLocaleString("en-GB")} published{" "}
            {grouping.ungrouped === 1 ? "is" : "are"} in no group. Pick needs in the{" "}
            <a className="govuk-link" href={`${base}/needs`}>
              needs explorer
            </a>{" "}
            to build a group by hand or add them to a group.
          </>
        )}
        {latestRun && ` Latest suggestions: ${runDescription(latestRun)}.`}
      </p>
      {grouping.groups.length > 0 && (
        <>
          <div id="groups">
            {errors.groups && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.groups}
              </p>
            )}
            {grouping.groups.map((group) => (
              <div className="govuk-summary-card" key={group.id}>
                <div className="govuk-summary-card__title-wrapper">
                  <h3 className="govuk-summary-card__title">
                    <a className="govuk-link" href={`${base}/groups/${group.id}`}>
                      {group.label}
                    </a>
                  </h3>
                  <ul className="govuk-summary-card__actions">
                    {group.status !== "accepted" && group.status !== "manual" && (
                      <DecisionButton intent="accept" group={group}>
                        Accept
                      </DecisionButton>
                    )}
                    {group.status !== "manual" && (
                      <DecisionButton intent="reject" group={group}>
                        Reject
                      </DecisionButton>
                    )}
                  </ul>
                </div>
                <div className="govuk-summary-card__content">
                  <dl className="govuk-summary-list">
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Status</dt>
                      <dd className="govuk-summary-list__value">
                        <GroupStatusTag status={group.status} />
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Size</dt>
                      <dd className="govuk-summary-list__value">{needCount(group.size)}</dd>
                    </div>
                    {group.terms.length > 0 && (
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Distinctive words</dt>
                        <dd className="govuk-summary-list__value">{group.terms.join(", ")}</dd>
                      </div>
                    )}
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Typical needs</dt>
                      <dd className="govuk-summary-list__value">
                        {group.representatives.length === 0 ? (
                          "None: the group is empty"
                        ) : (
                          <ul className="govuk-list">
                            {group.representatives.map((need) => (
                              <li key={need.reference}>
                                <a className="govuk-link" href={`${base}/needs/${need.reference}`}>
                                  {need.title}
                                </a>{" "}
                                <span className="govuk-body-s">({need.reference})</span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </div>
                  </dl>
                  <div className="govuk-checkboxes govuk-checkboxes--small">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        id={`merge-${group.id}`}
                        name="groups"
                        type="checkbox"
                        value={group.id}
                        form="merge-groups"
                        defaultChecked={chosen.has(group.id)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`merge-${group.id}`}>
                        Select “{group.label}” to merge
                      </label>
                    </div>
                  </div>
                </div>
              </div>
            ))}
          </div>
          <PostForm id="merge-groups" noValidate>
            <input type="hidden" name="intent" value="merge" />
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 className="govuk-fieldset__heading">Merge groups</h2>
              </legend>
              <p className="govuk-body">
                Select two or more groups above. Their needs are linked to the largest of them; merged
                suggestions are kept as rejected, for the record.
              </p>
              <TextInput
                label="Name of the merged group (optional)"
                hint="Leave empty to keep the largest group's name"
                name="label"
                defaultValue={String(actionData?.values.label ?? "")}
                error={errors.label}
              />
              <Button secondary>Merge selected groups</Button>
            </fieldset>
          </PostForm>
        </>
      )}

      {grouping.rejected.length > 0 && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Rejected groups ({grouping.rejected.length})</span>
          </summary>
          <div className="govuk-details__text">
            <ul className="govuk-list">
              {grouping.rejected.map((group) => (
                <li key={group.id}>
                  <a className="govuk-link" href={`${base}/groups/${group.id}`}>
                    {group.label}
                  </a>{" "}
                  ({needCount(group.size)})
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}

      {runs.length > 0 && (
        <DataTable
          caption="Grouping runs"
          captionClass="govuk-table__caption--m"
          head={["When", "Status", "Needs", "Groups suggested"]}
          numeric={[2, 3]}
          rows={runs.map((run) => [
            <a key={run.id} className="govuk-link" href={`${base}/groups/runs/${run.id}`}>
              {runDescription(run)}
            </a>,
            runStatusLabels[run.status as RunStatus] ?? run.status,
            (run.need_count ?? 0).toLocaleString("en-GB"),
            run.group_count === null ? "–" : run.group_count.toLocaleString("en-GB"),
          ])}
        />
      )}
    </>
  );
}

/** Accept or reject one group, from its card (the group's name is said to screen-reader users). */
function DecisionButton({
  intent,
  group,
  children,
}: {
  intent: "accept" | "reject";
  group: { id: string; label: string };
  children: string;
}) {
  return (
    <li className="govuk-summary-card__action">
      <PostForm>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="group" value={group.id} />
        <button
          type="submit"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          data-module="govuk-button"
        >
          {children}
          <span className="govuk-visually-hidden"> “{group.label}”</span>
        </button>
      </PostForm>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Groups: ${data.consultation.title}` : "Groups", { hasErrors: data?.hasErrors }),
  },
];
