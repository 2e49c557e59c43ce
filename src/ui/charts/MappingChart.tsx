/**
 * The α → learning-rate-ratio map of the chosen assign function (a line) with every scheduled
 * unit's current (α, ratio) on it (dots), and ratio 1 (= η_t, the baseline) as a reference line.
 */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { FitWidth } from './FitWidth';
import { LineLegend } from './LineLegend';
import { RUN_COLOURS } from './palette';
import { shortTick } from './format';
import { niceLinearTicks } from './niceTicks';

/** Round α ticks inside the curve's own range (the line spans the whole axis, so the domain stays the data's). */
function alphaTicks(curve: readonly { alpha: number }[]): number[] | undefined {
  if (curve.length < 2) return undefined;
  const lo = Math.min(...curve.map((p) => p.alpha));
  const hi = Math.max(...curve.map((p) => p.alpha));
  const inside = niceLinearTicks(lo, hi).ticks.filter((t) => t >= lo - 1e-12 && t <= hi + 1e-12);
  return inside.length >= 2 ? inside : undefined;
}

export interface MappingChartProps {
  curve: { alpha: number; ratio: number }[];
  points: { key: string; alpha: number; ratio: number }[];
  assign: string;
  height?: number;
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v));
const CURVE_COLOUR = '#475569';
const UNITS = { name: 'units now', colour: RUN_COLOURS.tempbalance, dot: true };

export const MappingChart = memo(function MappingChart({ curve, points, assign, height = 220 }: MappingChartProps) {
  const curveName = `${assign} map`;
  return (
    <div data-testid="mapping-chart" data-points={JSON.stringify(points)}>
      <LineLegend items={[{ name: curveName, colour: CURVE_COLOUR }, UNITS]} />
      <FitWidth height={height}>
        <ComposedChart margin={{ top: 4, right: 12, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis type="number" dataKey="alpha" domain={['dataMin', 'dataMax']} ticks={alphaTicks(curve)} interval={0} tickFormatter={shortTick} stroke="var(--axis)" label={{ value: 'α of the unit', position: 'insideBottom', offset: -8, fill: 'var(--muted)' }} />
          <YAxis type="number" dataKey="ratio" domain={['auto', 'auto']} interval={0} tickFormatter={shortTick} width={56} stroke="var(--axis)" label={{ value: 'ηₗ / η_t', angle: -90, position: 'insideLeft', offset: 0, fill: 'var(--muted)', style: { textAnchor: 'middle' } }} />
          <ReferenceLine y={1} stroke="var(--axis)" strokeDasharray="4 4" />
          <Tooltip formatter={fmt} isAnimationActive={false} />
          <Line data={curve} dataKey="ratio" name={curveName} stroke={CURVE_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Scatter data={points} dataKey="ratio" name={UNITS.name} fill={UNITS.colour} isAnimationActive={false} />
        </ComposedChart>
      </FitWidth>
    </div>
  );
});
