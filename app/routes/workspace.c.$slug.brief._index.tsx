import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { lazy } from "react";
import { ChartFigure, chartColours, type Series } from "~components/charts/chart-figure";
import { NotificationBanner, PageFeedback, Tag } from "~components/feedback";
import type { NoticeCatalogue } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { Button, Textarea, TextInput } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { publicValueDimensions } from "~/db/schema";
import { asRequest } from "~/db/database.server";
import { briefSchema, publicValueField, statementMoveSchema } from "~/features/briefs/brief-forms";
import { budgetText, dimensionsAddressed, evidenceSentence } from "~/features/briefs/brief-snapshot";
import { routeLabels } from "~/features/briefs/commissioning-route";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate, formatMessage } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { penceToPoundsText } from "~/features/partners/partner-forms";
import { dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import {
  changeBriefStatements,
  getBriefComposer,
  getOrStartBrief,
  updateBrief,
} from "~/features/briefs/brief-compose.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { needCount } from "~/features/need-groups/grouping-forms";

// recharts loads on this page alone, in the browser, after the figures and their table have arrived.
const DoughnutChartView = lazy(() => import("~components/charts/doughnut-chart.client"));

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const url = new URL(request.url);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const composer = await getBriefComposer({ tx, consultation, userId: commissioner.user.userId });
    return json({
      consultation,
      ...composer,
      notice: noticeFor({ request, context, catalogue: notices }),
      // Numbers only, and not above a refused post.
      published: (!formWasInvalid(context) && Number(url.searchParams.get("published"))) || null,
      sent: Number(url.searchParams.get("sent")) || 0,
      hasErrors: formWasInvalid(context),
    });
  });
}

const fieldOrder = [
  "title",
  "purpose",
  ...publicValueDimensions.map(publicValueField),
  "budgetMin",
  "budgetMax",
  "timeline",
  "engagementNotes",
];

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const intent = String(values.intent ?? "");
  const slug = params.slug ?? "";
  if (intent === "save") {
    const parsed = briefSchema.safeParse(values);
    if (!parsed.success) {
      markFormInvalid(context);
      return json(
        { form: "brief" as const, errors: fieldErrors(parsed.error), values, conflict: null },
        { status: 400 },
      );
    }
    const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
      const consultation = await requireCommissionedConsultation({ tx, slug });
      const brief = await getOrStartBrief({ tx, consultation, userId: commissioner.user.userId });
      return updateBrief({ tx, briefId: brief.id, input: parsed.data });
    });
    if (outcome.status === "not-found") throw new Response("Brief not found", { status: 404 });
    if (outcome.status === "conflict") {
      markFormInvalid(context);
      return json(
        {
          form: "brief" as const,
          errors: {
            title:
              "Someone else saved this brief after you opened it. Their version is below yours: check both, then save again to keep yours.",
          },
          values: { ...values, version: String(outcome.current.version) },
          conflict: {
            purpose: outcome.current.purpose,
            timeline: outcome.current.timeline,
            engagementNotes: outcome.current.engagement_notes,
          },
        },
        { status: 409 },
      );
    }
    return redirect(`/workspace/c/${slug}/brief?done=saved`);
  }
  const parsed = statementMoveSchema.safeParse(values);
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const brief = await getOrStartBrief({ tx, consultation, userId: commissioner.user.userId });
    return changeBriefStatements({ tx, briefId: brief.id, consultationId: consultation.id, ...parsed.data });
  });
  const refusals: Record<string, string> = {
    conflict:
      "Someone else changed this brief's statements after you opened it. The page now shows their change; try again.",
    "not-found": "That statement was not found. It may have been deleted.",
    "other-consultation": "That statement belongs to another consultation, so it cannot go in this brief.",
  };
  if (outcome.status in refusals) {
    markFormInvalid(context);
    return json(
      {
        form: "statements" as const,
        errors: { statements: refusals[outcome.status]! },
        values,
        conflict: null,
      },
      { status: outcome.status === "conflict" ? 409 : 400 },
    );
  }
  return redirect(`/workspace/c/${slug}/brief?done=${outcome.status}#statements`);
}

const notices: NoticeCatalogue = {
  saved: () => "The brief is saved.",
  added: () => "The statement is added to the brief.",
  removed: () => "The statement is taken out of the brief.",
  moved: () => "The statements are reordered.",
  route: () => "The route is saved.",
  agreement: () => "The relational agreement is saved.",
};

export default function ComposeBrief() {
  const data = useLoaderData<typeof loader>();
  const { consultation, brief, statements, available, versions, engagement, agreement, unpublishedChanges } =
    data;
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  const typed = actionData?.form === "brief" ? (actionData.values as Record<string, string>) : null;
  const value = (field: string, stored: string | null | undefined) =>
    typed ? String(typed[field] ?? "") : (stored ?? "");
  const publicValue = brief.public_value as Record<string, string>;
  const addressed = dimensionsAddressed({ statements, publicValue: brief.public_value });
  const charted = addressed.filter((row) => row.statements > 0);
  const series: Series[] = charted.map((row, index) => ({
    key: row.dimension,
    label: row.label,
    colour: chartColours[index % chartColours.length]!,
  }));
  const latest = versions[0] ?? null;
  return (
    <>
      <PageFeedback errors={summaryOf(errors, [...fieldOrder, "statements"])} notice={data.notice} />
      {data.published && !actionData && !data.notice && (
        <NotificationBanner success title="Success">
          <p className="govuk-notification-banner__heading">
            Version {data.published} is published.{" "}
            <a className="govuk-notification-banner__link" href={`/c/${consultation.slug}/brief`}>
              Read the public brief
            </a>
            .
          </p>
          <p className="govuk-body">
            {data.sent === 1
              ? "1 resident who asked to hear was emailed."
              : `${data.sent} residents who asked to hear were emailed.`}
          </p>
        </NotificationBanner>
      )}
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/brief"
        heading="Commission brief"
      />
      <p className="govuk-body">
        {latest
          ? `Version ${latest.version_number} was published on ${formatDate(String(latest.published_at))}. ${
              unpublishedChanges
                ? "You have changes that are not published yet."
                : "Nothing has changed since."
            }`
          : "This brief has not been published yet."}{" "}
        Published versions never change: editing here makes the next version.
      </p>
      <ol className="govuk-list govuk-list--number">
        <li>Write the purpose, public value, budget and timeline, and choose the statements (this page).</li>
        <li>
          <a className="govuk-link" href={`${base}/brief/route`}>
            Answer the route questions and choose a route
          </a>
          {brief.chosen_route ? ` (chosen: ${routeLabels[brief.chosen_route]})` : ""}
        </li>
        <li>
          <a className="govuk-link" href={`${base}/brief/agreement`}>
            Draft the relational agreement
          </a>
          {agreement ? " (drafted)" : ""}
        </li>
        <li>
          <a className="govuk-link" href={`${base}/brief/publish`}>
            Check and publish
          </a>
        </li>
      </ol>

      <h2 className="govuk-heading-m" id="statements">
        Needs statements, in order
      </h2>
      {errors.statements && (
        <p className="govuk-error-message" id="statements-error">
          <span className="govuk-visually-hidden">Error:</span> {errors.statements}
        </p>
      )}
      {statements.length === 0 && (
        <p className="govuk-body">No statements in the brief yet. Add agreed statements below.</p>
      )}
      {statements.map((statement, index) => (
        <div key={statement.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              {index + 1}. {statement.title}{" "}
              {statement.status === "draft" && <Tag colour="yellow">Draft: agree it before publishing</Tag>}
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">{evidenceSentence(statement.evidence)}</p>
            {statement.evidence.references.length > 0 && (
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">
                    The {needCount(statement.evidence.references.length)} behind “{statement.title}”
                  </span>
                </summary>
                <div className="govuk-details__text">
                  <ul className="govuk-list gs-inline-list">
                    {statement.evidence.references.map((reference) => (
                      <li key={reference}>
                        <a className="govuk-link" href={`/needs/${reference}`}>
                          {reference}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            )}
            {statement.proposals.length > 0 && (
              <>
                <h4 className="govuk-heading-s">Proposals and community assets answering it</h4>
                <ul className="govuk-list govuk-list--bullet">
                  {statement.proposals.map((proposal) => (
                    <li key={proposal.id}>
                      <a className="govuk-link" href={`/proposals/${proposal.id}`}>
                        {proposal.title}
                      </a>{" "}
                      ({proposal.organisation})
                      {proposal.assets.length > 0 ? `: brings ${proposal.assets.join("; ")}` : ""}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="govuk-button-group">
              {(["up", "down", "remove"] as const).map((intent) =>
                (intent === "up" && index === 0) ||
                (intent === "down" && index === statements.length - 1) ? null : (
                  <PostForm key={intent}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="statementId" value={statement.id} />
                    <input type="hidden" name="version" value={brief.version} />
                    <button
                      type="submit"
                      className={`govuk-button govuk-button--${intent === "remove" ? "warning" : "secondary"}`}
                      data-module="govuk-button"
                    >
                      {intent === "up" ? "Move up" : intent === "down" ? "Move down" : "Take out"}
                      <span className="govuk-visually-hidden">: {statement.title}</span>
                    </button>
                  </PostForm>
                ),
              )}
            </div>
          </div>
        </div>
      ))}
      {available.length > 0 && (
        <>
          <h3 className="govuk-heading-s">Add a statement</h3>
          <ul className="govuk-list">
            {available.map((statement) => (
              <li key={statement.id}>
                <PostForm>
                  <input type="hidden" name="intent" value="add" />
                  <input type="hidden" name="statementId" value={statement.id} />
                  <input type="hidden" name="version" value={brief.version} />
                  <button
                    type="submit"
                    className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                    data-module="govuk-button"
                  >
                    Add<span className="govuk-visually-hidden"> statement</span>: {statement.title}
                  </button>{" "}
                  {statement.status === "draft" && <Tag colour="yellow">Draft</Tag>}
                </PostForm>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className="govuk-heading-m">Public value addressed</h2>
      {charted.length > 0 ? (
        <ChartFigure
          id="chart-dimensions"
          title="Public-value dimensions the statements address"
          summary={`Doughnut chart of ${charted.length} public-value dimensions, sized by how many of the brief's statements address each.`}
          series={series}
          table={{
            head: ["Dimension", "Statements", "Outcome sought"],
            rows: addressed.map((row) => [row.label, row.statements, row.outcome ?? "Not given"]),
            numeric: [1],
          }}
        >
          {(visible) => (
            <DoughnutChartView
              values={Object.fromEntries(charted.map((row) => [row.dimension, row.statements]))}
              series={visible}
            />
          )}
        </ChartFigure>
      ) : (
        <p className="govuk-body">The statements in the brief name no public-value dimensions yet.</p>
      )}

      <h2 className="govuk-heading-m">The brief</h2>
      {actionData?.conflict && (
        <div className="govuk-inset-text">
          <p className="govuk-body">The other save says:</p>
          <p className="govuk-body gs-pre-line">Purpose: {actionData.conflict.purpose || "(empty)"}</p>
          <p className="govuk-body gs-pre-line">Timeline: {actionData.conflict.timeline || "(empty)"}</p>
        </div>
      )}
      <PostForm noValidate key={`${brief.version}-${actionData ? "typed" : "stored"}`}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={typed ? String(typed.version) : brief.version} />
        <TextInput
          name="title"
          label="Title"
          error={errors.title}
          defaultValue={value("title", brief.title)}
        />
        <Textarea
          name="purpose"
          label="Purpose"
          hint="What the commission is for, in plain words."
          error={errors.purpose}
          defaultValue={value("purpose", brief.purpose)}
          rows={5}
        />
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Public value sought: the outcomes you want for each dimension that matters
          </legend>
          <div className="govuk-hint">Leave a dimension empty if the brief does not address it.</div>
          {publicValueDimensions.map((dimension) => (
            <Textarea
              key={dimension}
              name={publicValueField(dimension)}
              label={dimensionLabels[dimension]}
              rows={2}
              error={errors[publicValueField(dimension)]}
              defaultValue={value(publicValueField(dimension), publicValue[dimension])}
            />
          ))}
        </fieldset>
        <TextInput
          name="budgetMin"
          label="Budget envelope: lowest (£)"
          widthClass="govuk-input--width-10"
          inputMode="decimal"
          error={errors.budgetMin}
          defaultValue={value(
            "budgetMin",
            penceToPoundsText(brief.budget_min_pence === null ? null : Number(brief.budget_min_pence)),
          )}
        />
        <TextInput
          name="budgetMax"
          label="Budget envelope: highest (£)"
          widthClass="govuk-input--width-10"
          inputMode="decimal"
          error={errors.budgetMax}
          defaultValue={value(
            "budgetMax",
            penceToPoundsText(brief.budget_max_pence === null ? null : Number(brief.budget_max_pence)),
          )}
        />
        <Textarea
          name="timeline"
          label="Timeline"
          hint="Key dates: market engagement, decision, start, review."
          error={errors.timeline}
          defaultValue={value("timeline", brief.timeline)}
          rows={3}
        />
        <Textarea
          name="engagementNotes"
          label="How the community's input changed the brief"
          hint="You said, we did: what you changed because of what residents and groups told you."
          error={errors.engagementNotes}
          defaultValue={value("engagementNotes", brief.engagement_notes)}
          rows={5}
        />
        <Button>Save the brief</Button>
      </PostForm>

      <h2 className="govuk-heading-m">Engagement record</h2>
      <p className="govuk-body">
        From the published needs: {needCount(engagement.needs)} from{" "}
        {formatMessage({ one: "1 person", other: "{count} people" }, "en", { count: engagement.people })},
        with{" "}
        {formatMessage({ one: "1 “me too”", other: "{count} “me too”s" }, "en", {
          count: engagement.supports,
        })}
        .{" "}
        <a className="govuk-link" href={`${base}/dashboard`}>
          See the dashboard
        </a>
      </p>
      <DataTable
        caption="Where people were heard"
        head={["Area", "Needs", "Few voices?"]}
        numeric={[1]}
        rows={engagement.areas.map((area) => [
          area.name,
          area.needs.toLocaleString("en-GB"),
          area.missing ? "Yes" : "No",
        ])}
      />
      <DataTable
        caption="Which affected groups"
        head={["Group", "Needs", "Few voices?"]}
        numeric={[1]}
        rows={engagement.affectedGroups.map((group) => [
          group.label,
          group.needs.toLocaleString("en-GB"),
          group.missing ? "Yes" : "No",
        ])}
      />
      <p className="govuk-body">
        <strong>Community groups who proposed:</strong>{" "}
        {engagement.communityGroups.length > 0 ? engagement.communityGroups.join(", ") : "none yet"}.{" "}
        <strong>Who is missing:</strong>{" "}
        {engagement.missing.length > 0
          ? engagement.missing.join(", ")
          : "no area or group with a known population is far below the rest"}
        .
      </p>
      <p className="govuk-body">
        <strong>Budget envelope:</strong>{" "}
        {budgetText({
          minPence: brief.budget_min_pence === null ? null : Number(brief.budget_min_pence),
          maxPence: brief.budget_max_pence === null ? null : Number(brief.budget_max_pence),
        }) ?? "not given"}
      </p>

      <h2 className="govuk-heading-m" id="versions">
        Published versions and exports
      </h2>
      {versions.length === 0 ? (
        <p className="govuk-body">Nothing published yet. Exports are made from published versions.</p>
      ) : (
        <ul className="govuk-list">
          {versions.map((version) => (
            <li key={version.version_number} className="govuk-!-margin-bottom-4">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                <a className="govuk-link" href={`/briefs/${brief.id}/v/${version.version_number}`}>
                  Version {version.version_number}
                </a>
                , published {formatDate(String(version.published_at))}
              </h3>
              {version.change_note && (
                <p className="govuk-body govuk-!-margin-bottom-1">{version.change_note}</p>
              )}
              <ul className="govuk-list gs-inline-list">
                {[
                  ["export.docx", "Word (DOCX)"],
                  ["export.md", "Markdown"],
                  ["evidence.csv", "Evidence pack (CSV)"],
                  ["print", "Print view"],
                ].map(([file, label]) => (
                  <li key={file}>
                    <a
                      className="govuk-link"
                      href={`${base}/briefs/${brief.id}/${file}?version=${version.version_number}`}
                    >
                      {label}
                      <span className="govuk-visually-hidden"> of version {version.version_number}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Commission brief: ${data.consultation.title}` : "Commission brief", {
      hasErrors: data?.hasErrors,
    }),
  },
];
