/**
 * A line chart over optimiser steps: one line per series key (runs or layers), rows already
 * downsampled by the caller. Used for the loss, the validation metric, α over time, the α spread
 * and the learning rates. Optional log y axis; gaps (null) are drawn as gaps.
 *
 * Ticks are computed here and every one is drawn (`interval={0}`): recharts would otherwise measure each
 * tick label in the page to thin them out, a forced layout per label on a chart's first draw.
 */
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { FitWidth } from './FitWidth';
import { LineLegend } from './LineLegend';
import { stepTicks } from './niceTicks';
import { fmtNum, shortTick } from './format';
import { formatLogTick, logDomain, logTicks } from './logAxis';

export interface LineSeries {
  key: string;
  name: string;
  colour: string;
  dashed?: boolean;
  /** Draw a dot on every point (sparse series such as evaluations). */
  dots?: boolean;
}

export interface StepLinesChartProps {
  rows: Record<string, number | null | undefined>[];
  series: LineSeries[];
  yLabel: string;
  logY?: boolean;
  height?: number;
  /** Fixed y domain (e.g. accuracy 0–1). */
  yDomain?: [number, number];
  testId: string;
  legend?: boolean;
}

export const StepLinesChart = memo(function StepLinesChart({ rows, series, yLabel, logY, height = 220, yDomain, testId, legend = true }: StepLinesChartProps) {
  let domain: [number, number] | undefined = yDomain;
  let ticks: number[] | undefined;
  if (logY) {
    const values = rows.flatMap((r) => series.map((s) => r[s.key])).filter((v): v is number => typeof v === 'number');
    const d = logDomain(values, 1.2);
    if (d) {
      domain = d;
      ticks = logTicks(...d);
    }
  }
  const steps = rows.map((r) => r.step).filter((v): v is number => typeof v === 'number');
  const xTicks = stepTicks(steps);
  return (
    <div data-testid={testId} data-points={rows.length}>
      {legend && <LineLegend items={series.map((s) => ({ name: s.name, colour: s.colour, dashed: s.dashed }))} />}
      <FitWidth height={height}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis type="number" dataKey="step" domain={['dataMin', 'dataMax']} ticks={xTicks} interval={0} stroke="var(--axis)" allowDecimals={false} label={{ value: 'step', position: 'insideBottom', offset: -8, fill: 'var(--muted)' }} />
          <YAxis
            type="number"
            scale={logY ? 'log' : 'auto'}
            domain={domain ?? ['auto', 'auto']}
            ticks={ticks}
            tickFormatter={logY ? formatLogTick : shortTick}
            allowDataOverflow={!!logY}
            interval={0}
            width={70}
            stroke="var(--axis)"
            label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 0, fill: 'var(--muted)', style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={fmtNum} labelFormatter={(s) => `step ${String(s)}`} isAnimationActive={false} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.colour}
              strokeWidth={1.6}
              strokeDasharray={s.dashed ? '5 3' : undefined}
              dot={s.dots ? { r: 2.5 } : false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </FitWidth>
    </div>
  );
});
