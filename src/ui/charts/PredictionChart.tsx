/**
 * PDE tasks: one test trajectory's last frame, ground truth vs each run's autoregressive rollout,
 * with the initial condition for reference. Rows are built by the caller (lab/series.ts).
 */
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { FitWidth } from './FitWidth';
import { LineLegend } from './LineLegend';
import type { RunLabel } from '../lab/labState';
import { RUN_COLOURS, RUN_NAMES } from './palette';
import { shortTick } from './format';

export interface PredictionChartProps {
  rows: Record<string, number | null>[];
  runs: RunLabel[];
  height?: number;
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : '—');

/** The reference lines: the initial condition and the ground truth. */
const INITIAL = { key: 'initial', name: 'initial u₀', colour: '#94a3b8', dashed: true };
const TRUTH = { key: 'truth', name: 'ground truth', colour: '#111827' };

export const PredictionChart = memo(function PredictionChart({ rows, runs, height = 220 }: PredictionChartProps) {
  return (
    <div data-testid="prediction-chart" data-points={rows.length}>
      <LineLegend items={[INITIAL, TRUTH, ...runs.map((l) => ({ name: `${RUN_NAMES[l]} prediction`, colour: RUN_COLOURS[l] }))]} />
      <FitWidth height={height}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          {/* The lab's scalar PDEs all live on x ∈ (0, 1) (docs/METHOD.md §5); fixed ticks read better than cell centres. */}
          <XAxis type="number" dataKey="x" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} interval={0} tickFormatter={shortTick} stroke="var(--axis)" label={{ value: 'x', position: 'insideBottom', offset: -8, fill: 'var(--muted)' }} />
          <YAxis type="number" domain={['auto', 'auto']} interval={0} tickFormatter={shortTick} width={52} stroke="var(--axis)" label={{ value: 'u', angle: -90, position: 'insideLeft', offset: 8, fill: 'var(--muted)' }} />
          <Tooltip formatter={fmt} isAnimationActive={false} />
          <Line dataKey={INITIAL.key} name={INITIAL.name} stroke={INITIAL.colour} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          <Line dataKey={TRUTH.key} name={TRUTH.name} stroke={TRUTH.colour} strokeWidth={2} dot={false} isAnimationActive={false} />
          {runs.map((l) => (
            <Line key={l} dataKey={l} name={`${RUN_NAMES[l]} prediction`} stroke={RUN_COLOURS[l]} strokeWidth={1.6} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </FitWidth>
    </div>
  );
});
