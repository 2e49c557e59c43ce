/**
 * α per layer as horizontal bars: initial (light) and now (full colour), baseline and TempBalance —
 * the paper's teaser picture — over the shaded HT-SR bands (α < 2, 2–6, > 6).
 */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { FitWidth } from './FitWidth';
import type { AlphaBarRow } from '../lab/series';
import type { RunLabel } from '../lab/labState';
import { ALPHA_BANDS, RUN_COLOURS, RUN_COLOURS_LIGHT, RUN_NAMES } from './palette';

export interface AlphaBarsChartProps {
  rows: AlphaBarRow[];
  runs: RunLabel[];
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—');

export const AlphaBarsChart = memo(function AlphaBarsChart({ rows, runs }: AlphaBarsChartProps) {
  let max = 8;
  for (const r of rows) for (const v of [r.baseline, r.baselineInitial, r.tempbalance, r.tempbalanceInitial]) if (v !== null && v > max) max = v;
  const top = Math.ceil(max);
  const height = Math.max(240, 70 + rows.length * (runs.length * 14 + 8));
  return (
    <div data-testid="alpha-bars" data-rows={JSON.stringify(rows)}>
      <FitWidth height={height}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 18, left: 4 }} barGap={1} barCategoryGap={4}>
          {ALPHA_BANDS.map((b) => (
            <ReferenceArea key={b.label} x1={b.from} x2={Math.min(b.to, top)} fill={b.fill} fillOpacity={0.08} ifOverflow="hidden" />
          ))}
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" horizontal={false} />
          <XAxis type="number" domain={[0, top]} stroke="var(--axis)" label={{ value: 'α (PL_Alpha_Hill)', position: 'insideBottom', offset: -10, fill: 'var(--muted)' }} />
          <YAxis type="category" dataKey="name" width={130} stroke="var(--axis)" tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={fmt} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 6 }} />
          {runs.flatMap((label) => [
            <Bar key={`${label}-0`} dataKey={`${label}Initial`} name={`${RUN_NAMES[label]} initial`} fill={RUN_COLOURS_LIGHT[label]} isAnimationActive={false} barSize={6} />,
            <Bar key={label} dataKey={label} name={`${RUN_NAMES[label]} now`} fill={RUN_COLOURS[label]} isAnimationActive={false} barSize={6} />,
          ])}
        </BarChart>
      </FitWidth>
    </div>
  );
});
