import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import type { Series } from "./chart-figure";

/**
 * A doughnut: one slice per series, sized by its value. recharts draws it in the browser only; ChartFigure
 * gives it its legend (which doubles as the key to the colours), text alternative and table.
 */
export default function DoughnutChartView({
  values,
  series,
}: {
  values: Record<string, number>;
  series: Series[];
}) {
  const data = series.map((item) => ({
    key: item.key,
    name: item.label,
    value: values[item.key] ?? 0,
    colour: item.colour,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <PieChart accessibilityLayer={false}>
        <Pie
          data={data}
          dataKey="value"
          nameKey="name"
          innerRadius="55%"
          outerRadius="85%"
          paddingAngle={1}
          isAnimationActive={false}
          label={({ name }) => String(name)}
        >
          {data.map((slice) => (
            <Cell key={slice.key} fill={slice.colour} stroke="#ffffff" />
          ))}
        </Pie>
        <Tooltip />
      </PieChart>
    </ResponsiveContainer>
  );
}
