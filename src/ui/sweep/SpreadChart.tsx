/**
 * α spread across the scheduled layers vs data ratio, beside the gain chart: per schedule, the mean over
 * seeds of the spread at the run's first re-estimate (dashed) and at its last (solid). Shape-corrected by
 * default (α − α of a random matrix of the same shape: what training did, not the layers' shapes); a
 * toggle shows α as fitted. Sweeps that recorded no spreads (older result files) say so instead of
 * drawing an empty plot.
 *
 * Test hook as the other sweep charts: data-testid and, in data-points, the plotted rows (JSON).
 */
import { useMemo, useState } from 'react';
import { CartesianGrid, Label, Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import type { SweepAggregate } from '../../experiment/sweep';
import { shortTick } from '../charts/format';
import { LineLegend } from '../charts/LineLegend';
import { SCHEDULE_COLOURS as COLOURS, SCHEDULE_NAMES as NAMES } from './scheduleStyle';
import { niceLinearTicks } from '../charts/niceTicks';
import { RatioAxis } from './RatioAxis';
import { SPREAD_SERIES, spreadRange, spreadRows, type SpreadKind } from './spreadRows';

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v));

export interface SpreadChartProps {
  agg: SweepAggregate;
  /** The x axis of the other sweep charts, so the ratios line up. */
  domain: [number, number];
  ticks: number[];
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export function SpreadChart({ agg, domain, ticks, height, margin }: SpreadChartProps) {
  const [kind, setKind] = useState<SpreadKind>('corrected');
  const rows = useMemo(() => spreadRows(agg, kind), [agg, kind]);
  const range = spreadRange(rows);
  const axis = range ? niceLinearTicks(...range) : null;
  const what = kind === 'corrected' ? 'std of α − α_random(shape)' : 'std of α as fitted';

  return (
    <figure className="panel sweep-chart" data-testid="sweep-spread-chart" data-kind={kind} data-points={JSON.stringify(rows)}>
      <figcaption>
        α spread across layers vs data ratio{' '}
        <span className="muted">({what}; mean over seeds; dashed: first re-estimate, solid: last — both schedules start from the same weights, so their dashed lines usually coincide)</span>
        <label className="sweep-chart__toggle">
          <input type="checkbox" checked={kind === 'fitted'} onChange={(e) => setKind(e.target.checked ? 'fitted' : 'corrected')} data-testid="sweep-spread-fitted" /> as fitted
        </label>
      </figcaption>
      {rows.length > 0 && <LineLegend items={SPREAD_SERIES.map((s) => ({ name: `${NAMES[s.schedule]}, ${s.when}`, colour: COLOURS[s.schedule], dashed: s.when === 'start' }))} />}
      {rows.length === 0 || !axis ? (
        <p className="muted sweep-chart__empty" data-testid="sweep-spread-empty" style={{ minHeight: height / 2 }}>
          {/* One flex item, so the <code> inside flows with the text instead of becoming a column of its own. */}
          <span>
            This sweep recorded no α spreads: result files written before spreads were recorded, and sweeps run in this browser
            before they were, have none. A sweep run now with <code>npm run sweep</code> or in this view records them.
          </span>
        </p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <RatioAxis domain={domain} ticks={ticks} />
            <YAxis type="number" domain={axis.domain} ticks={axis.ticks} tickFormatter={shortTick} width={80} stroke="var(--axis)">
              <Label value="spread (std)" angle={-90} position="insideLeft" offset={4} fill="var(--muted)" />
            </YAxis>
            <Tooltip formatter={fmt} labelFormatter={(r) => `ratio ${r}`} />
            {SPREAD_SERIES.map((s) => (
              <Line
                key={s.key}
                name={`${NAMES[s.schedule]}, ${s.when}`}
                dataKey={s.key}
                stroke={COLOURS[s.schedule]}
                strokeWidth={2}
                strokeDasharray={s.when === 'start' ? '5 4' : undefined}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
