import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, Tag } from "~components/feedback";
import { Button, Select, TextInput } from "~components/form";
import { Pagination } from "~components/pagination";
import { NeedTitleCell, SelectNeedCell, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { filterParams, parseExplorerQuery, sortLabels } from "~/features/needs/explorer-query";
import { bulkSchema } from "~/features/moderation/moderation-forms";
import { NeedFilterFields } from "~/features/consultations/workspace-ui";
import { explorerGroupSchema, needCount } from "~/features/need-groups/grouping-forms";
import { addNeedsToNeedGroup, createNeedGroup } from "~/features/need-groups/need-group-edits.server";
import { listNeedGroupChoices } from "~/features/need-groups/need-group-reads.server";
import { getStatementTitle } from "~/features/statements/statements.server";
import { exploreNeeds, getExplorerChoices } from "~/features/needs/workspace-needs.server";
import { moderateNeeds } from "~/features/moderation/moderation.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { noticeFor } from "~/server/notices.server";
import { withNotice } from "~/lib/notices";
import { groupingNotices } from "~/features/need-groups/grouping-notices";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const url = new URL(request.url);
  const { filters, page, errors } = parseExplorerQuery(url.searchParams);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const [choices, result, groups, statementTitle] = [
      await getExplorerChoices({ tx, consultationId: consultation.id }),
      await exploreNeeds({ tx, consultationId: consultation.id, filters, page }),
      await listNeedGroupChoices({ tx, consultationId: consultation.id }),
      filters.statement
        ? await getStatementTitle({ tx, consultationId: consultation.id, statementId: filters.statement })
        : null,
    ];
    return json({
      consultation,
      statementTitle,
      choices,
      groups,
      result,
      filters,
      query: filterParams(filters).toString(),
      filterErrors: errors,
      notice: noticeFor({
        request,
        context,
        catalogue: {
          ...groupingNotices((id) => groups.find((group) => group.id === id)?.label),
          published: ({ count }) => (count === undefined ? null : `${needCount(count)} published.`),
          hidden: ({ count }) => (count === undefined ? null : `${needCount(count)} hidden.`),
        },
      }),
      hasErrors: formWasInvalid(context) || Object.keys(errors).length > 0,
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), ["needs"]);
  if (values.intent === "statement") {
    // "Write a statement" with the ticked needs: the statement form opens with them.
    const needs = (values.needs as string[]).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (needs.length === 0) {
      markFormInvalid(context);
      return json(
        {
          errors: { needs: "Select at least one need to write a statement from" } as Record<string, string>,
          values,
        },
        { status: 400 },
      );
    }
    const query = new URLSearchParams(needs.map((id) => ["needs", id]));
    return redirect(`/workspace/c/${params.slug}/statements/new?${query.toString()}`);
  }
  if (values.bulk === "new-group" || values.bulk === "add-to-group")
    return groupNeeds({ params, request, context }, values);
  const parsed = bulkSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const { bulk, needs, reason } = parsed.data;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return moderateNeeds({
      tx,
      consultation,
      needIds: needs,
      decision: bulk === "publish" ? { action: "publish" } : { action: "hide", reason },
      ip: context.clientAddress,
    });
  });
  const done = withNotice(
    { key: bulk === "publish" ? "published" : "hidden", count: result.count },
    new URL(request.url).search,
  );
  return redirect(`/workspace/c/${params.slug}/needs?${done}`);
}

/** "Add to a new group" and "Add to a group": the selected needs linked to a group. */
async function groupNeeds({ params, request, context }: ActionFunctionArgs, values: Record<string, unknown>) {
  const commissioner = await requireCommissioner(context, request);
  const parsed = explorerGroupSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const input = parsed.data;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const ip = context.clientAddress;
    return input.bulk === "new-group"
      ? createNeedGroup({ tx, consultation, label: input.label, needIds: input.needs, ip })
      : addNeedsToNeedGroup({ tx, consultation, groupId: input.group, needIds: input.needs, ip });
  });
  if (result.status === "refused") {
    markFormInvalid(context);
    return json(
      { errors: { [result.field]: result.message } as Record<string, string>, values },
      { status: 400 },
    );
  }
  if (input.bulk === "new-group")
    return redirect(
      `/workspace/c/${params.slug}/groups/${result.groupId}?${withNotice({ key: "created", count: result.count, group: result.groupId ?? undefined })}`,
    );
  const done = withNotice(
    { key: "added", count: result.count, other: result.other, group: input.group },
    new URL(request.url).search,
  );
  return redirect(`/workspace/c/${params.slug}/needs?${done}`);
}

const statusTags: Record<string, { text: string; colour: "yellow" | "green" | "red" | "grey" }> = {
  received: { text: "New", colour: "yellow" },
  published: { text: "Published", colour: "green" },
  hidden: { text: "Hidden", colour: "red" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
};

export default function Explorer() {
  const { consultation, choices, groups, result, filters, query, filterErrors, notice, statementTitle } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const bulkErrors: Record<string, string> = actionData?.errors ?? {};
  const allErrors = { ...filterErrors, ...bulkErrors };
  useErrorTitle(Object.keys(allErrors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  const hrefFor = (page: number) =>
    `${base}/needs?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), page: String(page) }).toString()}`;
  const selected = new Set((actionData?.values.needs as string[] | undefined) ?? []);
  const filterCount = Object.entries(filters).filter(
    ([key, value]) => key !== "sort" && key !== "fromAt" && key !== "toAt" && value,
  ).length;
  return (
    <>
      <PageFeedback
        errors={summaryOf(allErrors, ["q", "from", "to", "bulk", "needs", "reason", "label", "group"])}
        notice={notice}
      />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/needs"
        heading="Explore needs"
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" action={`${base}/needs`} aria-labelledby="filters-heading">
            <h2 className="govuk-heading-m" id="filters-heading">
              Filter
            </h2>
            <NeedFilterFields filters={filters} choices={choices} errors={filterErrors} withSort />
            <Button>Apply filters</Button>
            {filterCount > 0 && (
              <p className="govuk-body">
                <a className="govuk-link" href={`${base}/needs`}>
                  Clear filters
                </a>
              </p>
            )}
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          {filters.statement && (
            <p className="govuk-body">
              The needs behind the statement{" "}
              <a className="govuk-link" href={`${base}/statements/${filters.statement}`}>
                {statementTitle ?? "(not found)"}
              </a>
              .{" "}
              <a className="govuk-link" href={`${base}/needs`}>
                Show every need
              </a>
            </p>
          )}
          <h2 className="govuk-heading-m" aria-live="polite">
            {result.moreThan === null
              ? needCount(result.total)
              : `More than ${result.moreThan.toLocaleString("en-GB")} needs`}
            {filterCount > 0 ? " match" : ""}
          </h2>
          {result.moreThan !== null && (
            <p className="govuk-body">
              {filters.q ? (
                <>
                  Only the first {result.moreThan.toLocaleString("en-GB")} are listed
                  {filters.sort === "relevance" ? ", the newest of them ranked by relevance" : ""}. Add words
                  to the search, or choose a theme or area, to find the others.
                </>
              ) : (
                <>
                  Only the first {result.moreThan.toLocaleString("en-GB")} in this order are counted and
                  listed. Narrow the filters to reach the others.
                </>
              )}
            </p>
          )}
          <p className="govuk-body">
            <a className="govuk-link" href={`${base}/dashboard${query ? `?${query}` : ""}`}>
              See these needs on the dashboard
            </a>
          </p>
          <PostForm action={`${base}/needs.csv`} reloadDocument>
            {Object.entries(Object.fromEntries(new URLSearchParams(query))).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Export these needs as CSV
            </button>
          </PostForm>
          {result.needs.length > 0 && (
            <PostForm noValidate action={`${base}/needs${query ? `?${query}` : ""}`}>
              <div
                className={`govuk-form-group${bulkErrors.needs ? " govuk-form-group--error" : ""}`}
                id="needs"
              >
                {bulkErrors.needs && (
                  <p className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {bulkErrors.needs}
                  </p>
                )}
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--s">
                    Needs, page {result.page} of {result.pages}. {sortLabels[filters.sort]}.
                  </caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        <span className="govuk-visually-hidden">Select</span>
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Need
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Status
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Theme and area
                      </th>
                      <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                        Serious
                      </th>
                      <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                        Supports
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Received
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {result.needs.map((need) => {
                      const tag = statusTags[need.status] ?? statusTags.received!;
                      return (
                        <tr key={need.id} className="govuk-table__row">
                          <SelectNeedCell
                            id={need.id}
                            reference={need.reference}
                            checked={selected.has(need.id)}
                          />
                          <NeedTitleCell
                            base={base}
                            reference={need.reference}
                            title={need.title}
                            details={
                              <>
                                {need.has_photo ? " · photo" : ""}
                                {need.grouped ? " · in a group" : ""}
                                {need.open_flags ? ` · reported ${need.open_flags}×` : ""}
                                {(need.affected_groups as AffectedGroup[]).length
                                  ? ` · ${(need.affected_groups as AffectedGroup[]).map((group) => affectedGroupLabels[group]).join(", ")}`
                                  : ""}
                              </>
                            }
                          />
                          <td className="govuk-table__cell">
                            <Tag colour={tag.colour}>{tag.text}</Tag>
                          </td>
                          <td className="govuk-table__cell">
                            {[need.theme_name, need.area_name].filter(Boolean).join(" · ") || "–"}
                          </td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">
                            {need.seriousness ?? "–"}
                          </td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">
                            {need.support_count}
                          </td>
                          <td className="govuk-table__cell">{formatDate(need.created_at)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                  With the selected needs
                </legend>
                <Select
                  label="Action"
                  name="bulk"
                  choices={[
                    { value: "publish", text: "Publish" },
                    { value: "hide", text: "Hide" },
                    { value: "new-group", text: "Add to a new group" },
                    ...(groups.length > 0 ? [{ value: "add-to-group", text: "Add to a group" }] : []),
                  ]}
                  defaultValue={String(actionData?.values.bulk ?? "publish")}
                  error={bulkErrors.bulk}
                />
                <TextInput
                  label="Reason for hiding"
                  hint="Needed to hide: the authors see it"
                  name="reason"
                  defaultValue={String(actionData?.values.reason ?? "")}
                  error={bulkErrors.reason}
                />
                <TextInput
                  label="Name of the new group"
                  hint="Needed to add to a new group"
                  name="label"
                  defaultValue={String(actionData?.values.label ?? "")}
                  error={bulkErrors.label}
                />
                {groups.length > 0 && (
                  <Select
                    label="Group to add them to"
                    hint="Needed to add to a group"
                    name="group"
                    placeholder="Choose a group"
                    choices={groups.map((group) => ({ value: group.id, text: group.label }))}
                    defaultValue={String(actionData?.values.group ?? "")}
                    error={bulkErrors.group}
                  />
                )}
                <Button secondary>Apply to selected needs</Button>
              </fieldset>
              <Button secondary name="intent" value="statement">
                Write a statement from the selected needs
              </Button>
            </PostForm>
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            hrefFor={hrefFor}
            label="Pages of needs"
            previousText="Previous"
            nextText="Next"
          />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Explore needs: ${data.consultation.title}` : "Explore needs", {
      hasErrors: data?.hasErrors,
    }),
  },
];
