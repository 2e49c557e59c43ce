/**
 * The paper's two sweep figures, from the aggregate (docs/METHOD.md §4; EMNLP 2024 Figures 3 and 4):
 * the test metric against the data ratio for both schedules (mean ± sample std over seeds), and
 * TempBalance's improvement against the ratio (mean ± std of the per-seed paired differences).
 * Ratios are on a log axis, as in the paper, because they span decades (0.02 … 0.5).
 *
 * A third chart, SpreadChart.tsx, shows the α spread across layers against the same ratios.
 *
 * Test hook: each chart's wrapper carries data-testid and, in data-points, the plotted rows (JSON,
 * NaN as null) so e2e can check that what is drawn is finite.
 */
import { useMemo } from 'react';
import { CartesianGrid, ErrorBar, Label, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import { SWEEP_SCHEDULES, type SweepAggregate } from '../../experiment/sweep';
import { logDomain, logTicks } from '../charts/logAxis';
import { shortTick } from '../charts/format';
import { LineLegend } from '../charts/LineLegend';
import { SCHEDULE_COLOURS, SCHEDULE_NAMES } from './scheduleStyle';
import { niceLinearTicks } from '../charts/niceTicks';
import { RatioAxis } from './RatioAxis';
import { SpreadChart } from './SpreadChart';

/** recharts needs a number for an error bar: a spread that is undefined (one seed) is drawn as none. */
const bar = (std: number): number => (Number.isFinite(std) ? std : 0);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface MetricRow {
  ratio: number;
  baseline: number | null;
  baselineStd: number;
  tempbalance: number | null;
  tempbalanceStd: number;
}
export interface GainRow {
  ratio: number;
  gain: number | null;
  gainStd: number;
}

export function chartRows(agg: SweepAggregate): { metric: MetricRow[]; gain: GainRow[] } {
  return {
    metric: agg.rows.map((r) => ({
      ratio: r.ratio,
      baseline: finiteOrNull(r.baseline.mean),
      baselineStd: bar(r.baseline.std),
      tempbalance: finiteOrNull(r.tempbalance.mean),
      tempbalanceStd: bar(r.tempbalance.std),
    })),
    gain: agg.rows.filter((r) => r.improvement.n > 0).map((r) => ({ ratio: r.ratio, gain: finiteOrNull(r.improvement.mean), gainStd: bar(r.improvement.std) })),
  };
}

/** y range of the gain chart: always includes 0 (the "no effect" line) and every error bar, padded 10 %. */
export function gainDomain(rows: readonly GainRow[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const r of rows) {
    if (r.gain === null) continue;
    lo = Math.min(lo, r.gain - r.gainStd);
    hi = Math.max(hi, r.gain + r.gainStd);
  }
  // All zero (e.g. identical runs): still show a small range around the line.
  if (hi - lo < 1e-9) return [-0.01, 0.01];
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** y range of the metric chart: every mean ± std of both schedules (null when nothing is plotted yet). */
export function metricRange(rows: readonly MetricRow[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const [m, sd] of [[r.baseline, r.baselineStd], [r.tempbalance, r.tempbalanceStd]] as const) {
      if (m === null) continue;
      lo = Math.min(lo, m - sd);
      hi = Math.max(hi, m + sd);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

export function SweepCharts({ agg, height = 260 }: { agg: SweepAggregate; height?: number }) {
  const { metric, gain } = useMemo(() => chartRows(agg), [agg]);
  const ratios = metric.map((r) => r.ratio);
  // Pad less than the ESD chart: ratios are few and evenly spread on the log axis.
  const domain = logDomain(ratios, 1.6) ?? [0.01, 1];
  const ticks = logTicks(...domain);
  const name = agg.metricName ?? 'metric';
  const better = agg.higherIsBetter ? 'higher is better' : 'lower is better';
  const margin = { top: 12, right: 16, bottom: 28, left: 8 };
  const range = metricRange(metric);
  const metricAxis = range ? niceLinearTicks(...range) : null;
  const gainAxis = niceLinearTicks(...gainDomain(gain));

  return (
    <div className="sweep-charts">
      <figure className="panel sweep-chart" data-testid="sweep-metric-chart" data-points={JSON.stringify(metric)}>
        <figcaption>
          Test {name} vs data ratio <span className="muted">(mean ± std over seeds; {better})</span>
        </figcaption>
        <LineLegend items={SWEEP_SCHEDULES.map((s) => ({ name: SCHEDULE_NAMES[s], colour: SCHEDULE_COLOURS[s] }))} />
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={metric} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <RatioAxis domain={domain} ticks={ticks} />
            <YAxis type="number" domain={metricAxis?.domain ?? ['auto', 'auto']} ticks={metricAxis?.ticks} tickFormatter={shortTick} width={80} stroke="var(--axis)">
              <Label value={`test ${name}`} angle={-90} position="insideLeft" offset={4} fill="var(--muted)" />
            </YAxis>
            <Tooltip formatter={fmt} labelFormatter={(r) => `ratio ${r}`} />
            {SWEEP_SCHEDULES.map((s) => (
              <Line key={s} name={SCHEDULE_NAMES[s]} dataKey={s} stroke={SCHEDULE_COLOURS[s]} strokeWidth={2} isAnimationActive={false} connectNulls>
                <ErrorBar dataKey={`${s}Std`} width={6} stroke={SCHEDULE_COLOURS[s]} isAnimationActive={false} />
              </Line>
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="panel sweep-chart" data-testid="sweep-gain-chart" data-points={JSON.stringify(gain)}>
        <figcaption>
          TempBalance’s improvement vs data ratio{' '}
          <span className="muted">({agg.higherIsBetter ? 'TempBalance − baseline' : 'baseline − TempBalance'}, paired over seeds; above 0: TempBalance better)</span>
        </figcaption>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={gain} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <RatioAxis domain={domain} ticks={ticks} />
            <YAxis type="number" domain={gainAxis.domain} ticks={gainAxis.ticks} tickFormatter={shortTick} width={80} stroke="var(--axis)">
              <Label value={`Δ test ${name}`} angle={-90} position="insideLeft" offset={4} fill="var(--muted)" />
            </YAxis>
            <ReferenceLine y={0} stroke="var(--axis)" strokeDasharray="4 3" />
            <Tooltip formatter={fmt} labelFormatter={(r) => `ratio ${r}`} />
            <Line name="improvement" dataKey="gain" stroke="var(--sweep-tb)" strokeWidth={2} isAnimationActive={false} connectNulls>
              <ErrorBar dataKey="gainStd" width={6} stroke="var(--sweep-tb)" isAnimationActive={false} />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <SpreadChart agg={agg} domain={domain} ticks={ticks} height={height} margin={margin} />
    </div>
  );
}
