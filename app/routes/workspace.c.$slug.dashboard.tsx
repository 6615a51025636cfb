import { useErrorTitle } from "~/lib/forms";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { lazy } from "react";
import { ChartFigure, chartColours, type Series } from "~components/charts/chart-figure";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate, formatMessage } from "~/lib/i18n";
import { needCount } from "~/features/need-groups/grouping-forms";
import { pageTitle } from "~/lib/meta";
import { affectedGroupLabels, MISSING_SHARE } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { filterParams, parseExplorerQuery } from "~/features/needs/explorer-query";
import { NeedFilterFields } from "~/features/consultations/workspace-ui";
import { getDashboard, type ReachRow } from "~/features/consultations/dashboard.server";
import {
  bucketTimeline,
  chartTitles,
  consultationPeriod,
  type TimelineBucket,
} from "~/features/consultations/dashboard-timeline";
import { getExplorerChoices } from "~/features/needs/workspace-needs.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

// recharts is loaded by this page alone, in the browser, after the figures and tables have arrived.
const BarChartView = lazy(() => import("~components/charts/bar-chart.client"));
const LineChartView = lazy(() => import("~components/charts/line-chart.client"));

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const { filters, errors } = parseExplorerQuery(new URL(request.url).searchParams);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const choices = await getExplorerChoices({ tx, consultationId: consultation.id });
    const dashboard = await getDashboard({
      tx,
      consultationId: consultation.id,
      filters,
      groupLabels: affectedGroupLabels,
    });
    // Over the consultation's own period, so an imported need dated years earlier cannot stretch the chart.
    const timeline = bucketTimeline(
      dashboard.overTime.points,
      consultationPeriod(consultation, dashboard.overTime.points[0]?.period ?? null),
    );
    return json({
      consultation,
      timeline,
      choices,
      filters,
      query: filterParams({ ...filters, sort: "newest" }).toString(),
      errors,
      dashboard,
      hasErrors: Object.keys(errors).length > 0,
    });
  });
}

const [blue, red, green, purple] = chartColours;
const areaCount = { one: "1 area", other: "{count} areas" };
const needsSeries: Series = { key: "needs", label: "Needs", colour: blue };
const supportsSeries: Series = { key: "supports", label: "Supports (“me too”)", colour: red };
const timelineSupportsSeries: Series = { ...supportsSeries, label: "Supports (“me too”) on those needs" };
const proposalsSeries: Series = { key: "proposals", label: "Proposals", colour: purple };
const rateSeries: Series = { key: "per1000", label: "Voices per 1,000 residents", colour: green };

const number = (value: number) => value.toLocaleString("en-GB");
const tick = (day: string) =>
  new Date(day).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const bucketName = (bucket: TimelineBucket) =>
  bucket.start === bucket.end
    ? formatDate(bucket.start)
    : `${formatDate(bucket.start)} to ${formatDate(bucket.end)}`;
const needsWord = (count: number) => (count === 1 ? "1 need" : `${number(count)} needs`);
const rate = (value: number | null) =>
  value === null ? "–" : value.toLocaleString("en-GB", { maximumFractionDigits: 1 });

function MissingTable({
  caption,
  rows,
  overall,
}: {
  caption: string;
  rows: ReachRow[];
  overall: number | null;
}) {
  const counted = rows.filter((row) => row.population !== null);
  if (counted.length === 0) {
    return (
      <p className="govuk-body">
        No populations are given for {caption.toLowerCase()}, so the dashboard cannot compare voices with
        population. Add them on the consultation’s setup pages.
      </p>
    );
  }
  return (
    <DataTable
      caption={`${caption}: voices against population (overall ${rate(overall)} per 1,000)`}
      head={["Name", "Population", "Voices", "Per 1,000", "Heard from"]}
      numeric={[1, 2, 3]}
      rows={counted
        .slice()
        .sort((a, b) => (a.per1000 ?? 0) - (b.per1000 ?? 0))
        .map((row) => [
          row.label,
          number(row.population!),
          number(row.voices),
          rate(row.per1000),
          row.missing ? (
            <strong key="missing" className="govuk-tag govuk-tag--red">
              Few voices
            </strong>
          ) : (
            "In line"
          ),
        ])}
    />
  );
}

export default function Dashboard() {
  const { consultation, timeline, choices, filters, query, errors, dashboard } =
    useLoaderData<typeof loader>();
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  const { summary } = dashboard;
  const missingAreas = dashboard.byArea.filter((row) => row.missing);
  const missingGroups = dashboard.byGroup.filter((row) => row.missing);
  const areasWithRate = dashboard.byArea.filter((row) => row.per1000 !== null);
  const groupsWithRate = dashboard.byGroup.filter((row) => row.per1000 !== null);
  const topTitles = chartTitles(dashboard.topNeeds, 32);
  return (
    <>
      <ErrorSummary errors={summaryOf(errors, ["q", "from", "to"])} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/dashboard"
        heading="Dashboard"
      />
      <details className="govuk-details" open={query !== "" || Object.keys(errors).length > 0}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Filter every chart</span>
        </summary>
        <div className="govuk-details__text">
          <Form method="get" action={`${base}/dashboard`}>
            <NeedFilterFields filters={filters} choices={choices} errors={errors} />
            <div className="govuk-button-group">
              <Button>Apply filters</Button>
              {query && (
                <a className="govuk-link" href={`${base}/dashboard`}>
                  Clear filters
                </a>
              )}
            </div>
          </Form>
        </div>
      </details>
      <p className="govuk-body">
        {filters.status
          ? ""
          : "Counting new and published needs; choose a status to count hidden or withdrawn ones. "}
        <a className="govuk-link" href={`${base}/needs${query ? `?${query}` : ""}`}>
          Read these needs in the explorer
        </a>
      </p>

      <h2 className="govuk-heading-m">At a glance</h2>
      <DataTable
        caption="Totals for the needs counted"
        head={["Figure", "Value"]}
        numeric={[1]}
        rows={[
          ["Needs", number(summary.needs)],
          ["Distinct people heard (authors and supporters)", number(summary.people)],
          ["People who posted a need", number(summary.authors)],
          ["Supports (“me too”)", number(summary.supports)],
          ["First need received", summary.first ? formatDate(summary.first) : "–"],
          ["Latest need received", summary.last ? formatDate(summary.last) : "–"],
        ]}
      />

      <h2 className="govuk-heading-m" id="missing">
        Who is missing
      </h2>
      <p className="govuk-body">
        A voice is a need posted or a “me too” given. Areas and groups whose voices per 1,000 residents are
        below {Math.round(MISSING_SHARE * 100)}% of the overall rate are marked: reach out to them before the
        consultation closes.
      </p>
      {missingAreas.length + missingGroups.length > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Few voices from {[...missingAreas, ...missingGroups].map((row) => row.label).join(", ")}.
          </strong>
        </div>
      ) : (
        <p className="govuk-body">No area or group with a population given is far below the overall rate.</p>
      )}
      <MissingTable caption="Areas" rows={dashboard.byArea} overall={dashboard.overallPer1000.areas} />
      <MissingTable
        caption="Affected groups"
        rows={dashboard.byGroup}
        overall={dashboard.overallPer1000.groups}
      />
      {areasWithRate.length > 0 && (
        <ChartFigure
          id="chart-area-rate"
          title="Voices per 1,000 residents, by area"
          summary={`Bar chart of voices per 1,000 residents in ${formatMessage(areaCount, "en", { count: areasWithRate.length })}.`}
          series={[rateSeries]}
          table={{
            head: ["Area", "Per 1,000"],
            rows: areasWithRate.map((row) => [row.label, rate(row.per1000)]),
            numeric: [1],
          }}
        >
          {(visible) => (
            <BarChartView
              data={areasWithRate.map((row) => ({
                label: row.label,
                per1000: Number((row.per1000 ?? 0).toFixed(2)),
              }))}
              series={visible}
            />
          )}
        </ChartFigure>
      )}
      {groupsWithRate.length > 0 && (
        <ChartFigure
          id="chart-group-rate"
          title="Voices per 1,000 residents, by affected group"
          summary={`Bar chart of voices per 1,000 residents in ${formatMessage({ one: "1 affected group", other: "{count} affected groups" }, "en", { count: groupsWithRate.length })}.`}
          series={[rateSeries]}
          table={{
            head: ["Affected group", "Per 1,000"],
            rows: groupsWithRate.map((row) => [row.label, rate(row.per1000)]),
            numeric: [1],
          }}
        >
          {(visible) => (
            <BarChartView
              data={groupsWithRate.map((row) => ({
                label: row.label,
                per1000: Number((row.per1000 ?? 0).toFixed(2)),
              }))}
              series={visible}
            />
          )}
        </ChartFigure>
      )}

      <h2 className="govuk-heading-m">What people said</h2>
      <ChartFigure
        id="chart-over-time"
        title={`Needs received each ${timeline.unit}`}
        summary={`Line charts of needs received and the supports on them, each ${timeline.unit} from ${formatDate(timeline.from)} to ${formatDate(timeline.to)}.`}
        series={[needsSeries, timelineSupportsSeries]}
        separate
        table={{
          head: [timeline.unit === "day" ? "Day" : "Week", "Needs", "Supports on those needs"],
          rows: timeline.buckets.map((bucket) => [bucketName(bucket), bucket.needs, bucket.supports]),
          numeric: [1, 2],
        }}
      >
        {(visible) => (
          <LineChartView
            data={timeline.buckets.map((bucket) => ({
              label: tick(bucket.start),
              title: timeline.unit === "day" ? bucketName(bucket) : `Week of ${bucketName(bucket)}`,
              needs: bucket.needs,
              supports: bucket.supports,
            }))}
            series={visible}
          />
        )}
      </ChartFigure>
      <p className="govuk-body" id="timeline-period">
        From {consultation.opens_at ? "the day the consultation opened" : "the first need received"},{" "}
        {formatDate(timeline.from)}, to {formatDate(timeline.to)}. A support is counted on the day its need
        was received.
        {timeline.before.needs > 0 &&
          ` ${needsWord(timeline.before.needs)} dated before ${formatDate(timeline.from)} (imported or entered later) ${timeline.before.needs === 1 ? "is" : "are"} counted in the totals but not in the chart.`}
        {timeline.after.needs > 0 &&
          ` ${needsWord(timeline.after.needs)} dated after ${formatDate(timeline.to)} ${timeline.after.needs === 1 ? "is" : "are"} counted in the totals but not in the chart.`}
      </p>
      <ChartFigure
        id="chart-theme"
        title="Needs, supports and proposals by theme"
        summary={`Bar chart by theme, over ${formatMessage({ one: "1 theme", other: "{count} themes" }, "en", { count: dashboard.byTheme.length })}.`}
        series={[needsSeries, supportsSeries, proposalsSeries]}
        separate
        table={{
          head: ["Theme", "Needs", "Supports", "Proposals"],
          rows: dashboard.byTheme.map((row) => [row.label, row.needs, row.supports, row.proposals]),
          numeric: [1, 2, 3],
        }}
      >
        {(visible) => (
          <BarChartView
            data={dashboard.byTheme.map(({ label, needs, supports, proposals }) => ({
              label,
              needs,
              supports,
              proposals,
            }))}
            series={visible}
          />
        )}
      </ChartFigure>
      <ChartFigure
        id="chart-area"
        title="Needs and supports by area"
        summary={`Bar chart by area, over ${formatMessage(areaCount, "en", { count: dashboard.byArea.length })}.`}
        series={[needsSeries, supportsSeries]}
        separate
        table={{
          head: ["Area", "Needs", "Supports", "Population"],
          rows: dashboard.byArea.map((row) => [
            row.label,
            row.needs,
            row.supports,
            row.population === null ? "Not given" : row.population,
          ]),
          numeric: [1, 2, 3],
        }}
      >
        {(visible) => (
          <BarChartView
            data={dashboard.byArea.map(({ label, needs, supports }) => ({ label, needs, supports }))}
            series={visible}
          />
        )}
      </ChartFigure>
      <ChartFigure
        id="chart-group"
        title="Needs and supports by affected group"
        summary="Bar chart by affected group. A need can name several groups."
        series={[needsSeries, supportsSeries]}
        separate
        table={{
          head: ["Affected group", "Needs", "Supports", "Population"],
          rows: dashboard.byGroup.map((row) => [
            row.label,
            row.needs,
            row.supports,
            row.population === null ? "Not given" : row.population,
          ]),
          numeric: [1, 2, 3],
        }}
      >
        {(visible) => (
          <BarChartView
            data={dashboard.byGroup.map(({ label, needs, supports }) => ({ label, needs, supports }))}
            series={visible}
          />
        )}
      </ChartFigure>
      <ChartFigure
        id="chart-seriousness"
        title="How serious, as residents rated it"
        summary="Column chart of needs at each level of seriousness, from 1 (a little) to 5 (very)."
        series={[needsSeries]}
        table={{
          head: ["Seriousness", "Needs"],
          rows: dashboard.seriousness.map((row) => [row.label, row.needs]),
          numeric: [1],
        }}
      >
        {(visible) => (
          <BarChartView
            across={false}
            data={dashboard.seriousness.map(({ label, needs }) => ({ label, needs }))}
            series={visible}
          />
        )}
      </ChartFigure>
      <ChartFigure
        id="chart-top"
        title="Most-supported needs"
        summary={`Bar chart of the ${needCount(dashboard.topNeeds.length)} with the most supports.`}
        series={[supportsSeries]}
        table={{
          head: ["Need", "Reference", "Supports"],
          rows: dashboard.topNeeds.map((need) => [need.title, need.reference, need.supports]),
          numeric: [2],
        }}
      >
        {(visible) => (
          <BarChartView
            data={dashboard.topNeeds.map((need, index) => ({
              label: topTitles[index]!,
              title: need.title,
              supports: need.supports,
            }))}
            series={visible}
            labelWidth={290}
          />
        )}
      </ChartFigure>
      <ul className="govuk-list">
        {dashboard.topNeeds.map((need) => (
          <li key={need.reference}>
            <a className="govuk-link" href={`${base}/needs/${need.reference}`}>
              {need.title}
            </a>{" "}
            ({need.reference}, {need.supports === 1 ? "1 support" : `${number(need.supports)} supports`})
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Dashboard: ${data.consultation.title}` : "Dashboard", {
      hasErrors: data?.hasErrors,
    }),
  },
];
