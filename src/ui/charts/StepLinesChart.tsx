/**
 * A line chart over optimiser steps: one line per series key (runs or layers), rows already
 * downsampled by the caller. Used for the loss, the validation metric, α over time, the α spread
 * and the learning rates. Optional log y axis; a missing value (null) is skipped and its neighbours
 * joined. Hovering shows every series' value at the nearest step.
 *
 * Plain SVG (SvgPlot.tsx), not recharts: the first draw of a recharts line chart was the longest
 * main-thread task of a Compare run (docs/BENCHMARKS.md, "Lab main thread").
 */
import { memo, useContext, useMemo, useState, type PointerEvent } from 'react';
import { PanelWidth } from './FitWidth';
import { LineLegend } from './LineLegend';
import { niceLinearTicks, stepTicks } from './niceTicks';
import { fmtNum, shortTick } from './format';
import { formatLogTick, logDomain, logTicks } from './logAxis';
import { nearestIndex, polylinePath } from './plotScale';
import { plotArea, SvgPlot, type PlotArea, type PlotAxis } from './SvgPlot';

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

const MARGIN = { top: 8, right: 16, bottom: 34, left: 74 };

type Row = StepLinesChartProps['rows'][number];
const num = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The axes of the chart: steps on x; y log, fixed or around the data on round ticks. */
export function stepAxes(rows: readonly Row[], series: readonly LineSeries[], yLabel: string, logY?: boolean, yDomain?: [number, number]): { x: PlotAxis; y: PlotAxis; steps: number[] } {
  const steps = rows.map((r) => r.step).filter(num);
  const lo = steps.length ? Math.min(...steps) : 0;
  const hi = steps.length ? Math.max(...steps) : 1;
  const x: PlotAxis = { domain: hi > lo ? [lo, hi] : [lo, lo + 1], ticks: stepTicks(steps) ?? [lo], format: shortTick, label: 'step' };
  const values = rows.flatMap((r) => series.map((s) => r[s.key])).filter(num);
  let y: PlotAxis;
  const log = logY ? logDomain(values, 1.2) : null;
  if (log) y = { domain: log, ticks: logTicks(...log), log: true, format: formatLogTick, label: yLabel };
  else if (yDomain) y = { domain: yDomain, ticks: niceLinearTicks(...yDomain).ticks, format: shortTick, label: yLabel };
  else {
    const nice = niceLinearTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 1);
    y = { domain: nice.domain, ticks: nice.ticks, format: shortTick, label: yLabel };
  }
  return { x, y, steps };
}

/** The drawn lines; re-rendered only when the data or size change, not on hover. */
const Lines = memo(function Lines({ rows, series, area, logY }: { rows: readonly Row[]; series: readonly LineSeries[]; area: PlotArea; logY: boolean }) {
  const yOf = (v: number | null | undefined) => (num(v) && (!logY || v > 0) ? area.y(v) : NaN);
  return (
    <>
      {series.map((s) => {
        const points = rows.map((r) => [num(r.step) ? area.x(r.step) : NaN, yOf(r[s.key])] as const);
        const only = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
        return (
          <g key={s.key} data-series={s.key}>
            <path
              className="chart-line"
              d={polylinePath(points)}
              fill="none"
              stroke={s.colour}
              strokeWidth={1.6}
              strokeDasharray={s.dashed ? '5 3' : undefined}
            />
            {s.dots &&
              points.map(([x, y], i) => (Number.isFinite(x) && Number.isFinite(y) ? <circle key={i} className="chart-dot" cx={x} cy={y} r={2.5} fill="#fff" stroke={s.colour} strokeWidth={1.4} /> : null))}
            {/* A line needs two points: a series with one so far shows it as a dot. */}
            {!s.dots && only.length === 1 && <circle className="chart-dot" cx={only[0][0]} cy={only[0][1]} r={2.5} fill={s.colour} />}
          </g>
        );
      })}
    </>
  );
});

export const StepLinesChart = memo(function StepLinesChart({ rows, series, yLabel, logY, height = 220, yDomain, testId, legend = true }: StepLinesChartProps) {
  const panelWidth = useContext(PanelWidth);
  const width = panelWidth === undefined ? 640 : panelWidth;
  const { x, y, steps } = useMemo(() => stepAxes(rows, series, yLabel, logY, yDomain), [rows, series, yLabel, logY, yDomain]);
  const area = useMemo(() => plotArea(Math.max(width, 1), height, MARGIN, x, y), [width, height, x, y]);
  const [hover, setHover] = useState<number | null>(null);
  if (width <= 0) return <div data-testid={testId} data-points={rows.length} style={{ height }} />;

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg || steps.length === 0) return;
    const step = area.x.invert(e.clientX - svg.getBoundingClientRect().left);
    const k = nearestIndex(steps, step);
    setHover(rows.findIndex((r) => r.step === steps[k]));
  };
  const hovered = hover !== null && hover >= 0 ? rows[hover] : undefined;
  const hx = hovered && num(hovered.step) ? area.x(hovered.step) : null;

  return (
    <div className="step-lines" data-testid={testId} data-points={rows.length} onPointerLeave={() => setHover(null)}>
      {legend && <LineLegend items={series.map((s) => ({ name: s.name, colour: s.colour, dashed: s.dashed }))} />}
      <SvgPlot
        width={width}
        height={height}
        area={area}
        x={x}
        y={y}
        ariaLabel={`${yLabel} over training steps: ${series.map((s) => s.name).join(', ')}`}
        overlay={(a) => (
          <>
            {hx !== null && <line x1={hx} x2={hx} y1={a.top} y2={a.top + a.height} stroke="var(--axis)" strokeDasharray="2 2" pointerEvents="none" />}
            <rect x={a.left} y={a.top} width={a.width} height={a.height} fill="transparent" onPointerMove={onMove} data-testid={`${testId}-hover`} />
          </>
        )}
      >
        {(a) => <Lines rows={rows} series={series} area={a} logY={!!y.log} />}
      </SvgPlot>
      {hovered && hx !== null && (
        <div className="chart-tip" style={hx > width / 2 ? { right: width - hx + 8 } : { left: hx + 8 }} role="status">
          <strong>step {hovered.step}</strong>
          {series.map((s) => (
            <span key={s.key} style={{ color: s.colour }}>
              {s.name}: {fmtNum(hovered[s.key])}
            </span>
          ))}
        </div>
      )}
    </div>
  );
});
