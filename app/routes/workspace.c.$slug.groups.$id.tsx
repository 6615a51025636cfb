import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, SummaryList, Tag } from "~components/feedback";
import { withNotice } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { groupingNotices } from "~/features/need-groups/grouping-notices";
import { Button, Select, TextInput } from "~components/form";
import { NeedTitleCell, SelectNeedCell, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { groupPageSchema, needCount } from "~/features/need-groups/grouping-forms";
import { GroupStatusTag } from "~/features/need-groups/grouping-ui";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { getNeedGroup, listNeedGroupChoices } from "~/features/need-groups/need-group-reads.server";
import {
  deleteNeedGroup,
  judgeNeedGroup,
  keepNeeds,
  moveNeeds,
  removeNeeds,
  renameNeedGroup,
  splitNeedGroup,
  type NeedGroupChange,
} from "~/features/need-groups/need-group-edits.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

const intents = ["accept", "reject", "rename", "delete", "remove", "keep", "split", "move"];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const group = await getNeedGroup({ tx, consultationId: consultation.id, groupId: params.id ?? "" });
    if (!group) throw new Response("Group not found", { status: 404 });
    const choices = await listNeedGroupChoices({ tx, consultationId: consultation.id });
    return json({
      consultation,
      group,
      targets: choices.filter((choice) => choice.id !== group.id),
      notice: noticeFor({
        request,
        context,
        catalogue: groupingNotices((id) => choices.find((choice) => choice.id === id)?.label),
      }),
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), ["needs"]);
  if (!intents.includes(String(values.intent))) throw new Response("Unknown action", { status: 400 });
  const parsed = groupPageSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const input = parsed.data;
  const groupId = params.id ?? "";
  const result: NeedGroupChange = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const ip = context.clientAddress;
    switch (input.intent) {
      case "accept":
      case "reject":
        return judgeNeedGroup({
          tx,
          consultation,
          groupId,
          decision: input.intent === "accept" ? "accepted" : "rejected",
          ip,
        });
      case "rename":
        return renameNeedGroup({ tx, consultation, groupId, label: input.label, ip });
      case "delete":
        return deleteNeedGroup({ tx, consultation, groupId, ip });
      case "remove":
        return removeNeeds({ tx, consultation, groupId, needIds: input.needs, ip });
      case "keep":
        return keepNeeds({ tx, consultation, groupId, needIds: input.needs, ip });
      case "split":
        return splitNeedGroup({ tx, consultation, groupId, needIds: input.needs, label: input.newLabel, ip });
      case "move":
        return moveNeeds({
          tx,
          consultation,
          fromGroupId: groupId,
          toGroupId: input.target,
          needIds: input.needs,
          ip,
        });
    }
  });
  if (result.status === "not-found") throw new Response("Group not found", { status: 404 });
  if (result.status === "refused") {
    markFormInvalid(context);
    return json({ errors: { [result.field]: result.message }, values }, { status: 400 });
  }
  const done = withNotice({
    key: noticeKeys[input.intent],
    count: result.count,
    group:
      input.intent === "move"
        ? input.target
        : input.intent === "split"
          ? (result.groupId ?? undefined)
          : groupId,
  });
  const base = `/workspace/c/${params.slug}/groups`;
  // After a split, the new group is where the commissioner wants to be; after a delete, the list.
  if (input.intent === "delete" || !result.groupId) return redirect(`${base}?${done}`);
  return redirect(`${base}/${input.intent === "split" ? result.groupId : groupId}?${done}`);
}

const noticeKeys = {
  accept: "accepted",
  reject: "rejected",
  rename: "renamed",
  delete: "deleted",
  remove: "removed",
  keep: "kept",
  split: "split",
  move: "moved",
} as const;

export default function GroupPage() {
  const { consultation, group, targets, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const posted = actionData?.values ?? {};
  const selected = new Set((posted.needs as string[] | undefined) ?? []);
  const base = `/workspace/c/${consultation.slug}`;
  const statementHref = `${base}/statements/new?${new URLSearchParams({ group: group.id })}`;
  return (
    <>
      <PageFeedback
        errors={summaryOf(errors, ["group", "label", "needs", "target", "newLabel"])}
        notice={notice}
      />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/groups"
        heading={group.label}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/groups`}>
          All groups
        </a>
      </p>
      {errors.group && (
        <p className="govuk-error-message" id="group">
          <span className="govuk-visually-hidden">Error:</span> {errors.group}
        </p>
      )}
      <SummaryList
        rows={[
          { key: "Status", value: <GroupStatusTag status={group.status} /> },
          { key: "Size", value: needCount(group.needs.length) },
          ...(group.terms.length > 0 ? [{ key: "Distinctive words", value: group.terms.join(", ") }] : []),
          {
            key: "Made",
            value: group.run_id ? (
              <>
                Suggested by{" "}
                <a className="govuk-link" href={`${base}/groups/runs/${group.run_id}`}>
                  a grouping run
                </a>{" "}
                on {formatDate(group.created_at, "en", true)}
              </>
            ) : (
              `Built by hand${group.created_by_name ? ` by ${group.created_by_name}` : ""} on ${formatDate(group.created_at, "en", true)}`
            ),
          },
          ...(group.status_changed_at
            ? [
                {
                  key: "Last decision",
                  value: `${group.status === "accepted" ? "Accepted" : group.status === "rejected" ? "Rejected" : "Changed"}${
                    group.status_changed_by_name ? ` by ${group.status_changed_by_name}` : ""
                  } on ${formatDate(String(group.status_changed_at), "en", true)}`,
                },
              ]
            : []),
        ]}
      />
      <div className="govuk-button-group">
        {(group.status === "suggested" || group.status === "rejected") && (
          <PostForm>
            <input type="hidden" name="intent" value="accept" />
            <Button>Accept this group</Button>
          </PostForm>
        )}
        {(group.status === "suggested" || group.status === "accepted") && (
          <PostForm>
            <input type="hidden" name="intent" value="reject" />
            <Button secondary>Reject this group</Button>
          </PostForm>
        )}
        {group.status === "manual" && group.needs.length === 0 && (
          <PostForm>
            <input type="hidden" name="intent" value="delete" />
            <Button warning>Delete this empty group</Button>
          </PostForm>
        )}
      </div>
      {group.needs.length > 0 && group.status !== "rejected" && (
        <p className="govuk-body">
          <a className="govuk-link" href={statementHref}>
            Write a needs statement from this group
          </a>
        </p>
      )}

      <PostForm noValidate>
        <input type="hidden" name="intent" value="rename" />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <TextInput
              label="Name of the group"
              name="label"
              defaultValue={posted.intent === "rename" ? String(posted.label ?? "") : group.label}
              error={errors.label}
            />
          </div>
        </div>
        <Button secondary>Rename</Button>
      </PostForm>

      <h2 className="govuk-heading-m">Needs in this group</h2>
      {group.needs.length === 0 ? (
        <p className="govuk-body">
          This group is empty. Add needs to it from the{" "}
          <a className="govuk-link" href={`${base}/needs`}>
            needs explorer
          </a>
          .
        </p>
      ) : (
        <PostForm noValidate>
          <div className={`govuk-form-group${errors.needs ? " govuk-form-group--error" : ""}`} id="needs">
            {errors.needs && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.needs}
              </p>
            )}
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                {needCount(group.needs.length)}, typical ones first
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
                    Theme and area
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Supports
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Linked
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {group.needs.map((need) => (
                  <tr key={need.id} className="govuk-table__row">
                    <SelectNeedCell id={need.id} reference={need.reference} checked={selected.has(need.id)} />
                    <NeedTitleCell
                      base={base}
                      reference={need.reference}
                      title={need.title}
                      details={need.status !== "published" ? ` · ${need.status}` : ""}
                    >
                      {need.representative && (
                        <>
                          {" "}
                          <Tag colour="grey">Typical</Tag>
                        </>
                      )}
                    </NeedTitleCell>
                    <td className="govuk-table__cell">
                      {[need.theme_name, need.area_name].filter(Boolean).join(" · ") || "–"}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{need.support_count}</td>
                    <td className="govuk-table__cell">
                      {need.origin === "suggested" ? "Suggested" : "By hand"}, {formatDate(need.added_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">With the selected needs</h2>
            </legend>
            {targets.length > 0 && (
              <>
                <Select
                  label="Move them to"
                  name="target"
                  placeholder="Choose a group"
                  choices={targets.map((target) => ({ value: target.id, text: target.label }))}
                  defaultValue={String(posted.target ?? "")}
                  error={errors.target}
                />
                <Button secondary name="intent" value="move">
                  Move to the chosen group
                </Button>
              </>
            )}
            <TextInput
              label="Name of a new group for them"
              hint="To split this group: the selected needs move into a new group of their own"
              name="newLabel"
              defaultValue={String(posted.newLabel ?? "")}
              error={errors.newLabel}
            />
            <Button secondary name="intent" value="split">
              Split into a new group
            </Button>
            {group.status !== "suggested" && group.needs.some((need) => need.origin === "suggested") && (
              <>
                <p className="govuk-body">
                  A grouping run proposed the needs linked as “Suggested”: keep the ones that belong here.
                </p>
                <Button secondary name="intent" value="keep">
                  Keep in this group
                </Button>
              </>
            )}
            <p className="govuk-body">
              Or take them out of this group. The needs themselves are not changed.
            </p>
            <Button warning name="intent" value="remove">
              Remove from this group
            </Button>
          </fieldset>
        </PostForm>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.group.label}: groups` : "Group", { hasErrors: data?.hasErrors }) },
];
