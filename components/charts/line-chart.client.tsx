import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Series } from "./chart-figure";
import { fullLabel, type Datum } from "./bar-chart.client";

/**
 * A line per series over time; drawn in the browser only (see ChartFigure). Each point's `label` is its
 * tick, `title` the full date the tooltip shows.
 */
export default function LineChartView({ data, series }: { data: Datum[]; series: Series[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 5, right: 20, bottom: 5, left: 10 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fontSize: 14 }} minTickGap={20} />
        <YAxis allowDecimals={false} />
        <Tooltip labelFormatter={fullLabel} />
        {series.map((item) => (
          <Line
            key={item.key}
            type="linear"
            dataKey={item.key}
            name={item.label}
            stroke={item.colour}
            strokeWidth={2}
            dot={data.length < 40}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
