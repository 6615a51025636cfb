import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Series } from "./chart-figure";

/** One category: `label` on the axis; `title`, when given, is the full name the tooltip shows. */
export type Datum = { label: string; title?: string } & Record<string, number | string | undefined>;

/** The tooltip's heading: the full name of a category whose axis label was shortened. */
export function fullLabel(label: unknown, payload: readonly { payload?: unknown }[] | undefined): string {
  const datum = payload?.[0]?.payload as Datum | undefined;
  return datum?.title ?? String(label ?? "");
}

/**
 * A bar chart: bars run across (one row per category, long labels stay readable) or up (few categories).
 * recharts draws it in the browser only; ChartFigure gives it its legend, text alternative and table. Its
 * text takes the page's typeface from ChartFigure's wrapper (.gs-chart).
 */
export default function BarChartView({
  data,
  series,
  across = true,
  labelWidth = 180,
}: {
  data: Datum[];
  series: Series[];
  across?: boolean;
  /** Room for the category labels when bars run across, in pixels. */
  labelWidth?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={data}
        layout={across ? "vertical" : "horizontal"}
        margin={{ top: 5, right: 30, bottom: 5, left: across ? 25 : 10 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" />
        {across ? (
          <>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={labelWidth} interval={0} tick={{ fontSize: 14 }} />
          </>
        ) : (
          <>
            <XAxis type="category" dataKey="label" interval={0} tick={{ fontSize: 14 }} />
            <YAxis type="number" allowDecimals={false} />
          </>
        )}
        <Tooltip labelFormatter={fullLabel} />
        {series.map((item) => (
          <Bar
            key={item.key}
            dataKey={item.key}
            name={item.label}
            fill={item.colour}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
