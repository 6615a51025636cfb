import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Series } from "./chart-figure";

export type Datum = { label: string } & Record<string, number | string>;

/**
 * A bar chart: bars run across (one row per category, long labels stay readable) or up (few categories).
 * recharts draws it in the browser only; ChartFigure gives it its legend, text alternative and table.
 */
export default function BarChartView({
  data,
  series,
  across = true,
}: {
  data: Datum[];
  series: Series[];
  across?: boolean;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={data}
        layout={across ? "vertical" : "horizontal"}
        margin={{ top: 5, right: 20, bottom: 5, left: 10 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" />
        {across ? (
          <>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={180} interval={0} tick={{ fontSize: 14 }} />
          </>
        ) : (
          <>
            <XAxis type="category" dataKey="label" interval={0} tick={{ fontSize: 14 }} />
            <YAxis type="number" allowDecimals={false} />
          </>
        )}
        <Tooltip />
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
