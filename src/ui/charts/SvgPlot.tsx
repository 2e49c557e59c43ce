/**
 * The frame of the Lab's line and ESD charts as plain SVG: dashed grid, axes with the given ticks and
 * labels, and a clipped plot area in which the chart draws with the frame's scales.
 *
 * Why not recharts here: a recharts chart's first draw cost 60–170 ms of main thread in a Compare run
 * on two cores (React rendering its components and their store updates, all in one task), over the
 * Lab's 25 ms budget per task; these charts draw the same picture in a few milliseconds
 * (docs/BENCHMARKS.md, "Lab main thread"). Ticks are always given by the caller (niceTicks.ts,
 * logAxis.ts), so nothing is measured in the page.
 */
import { useId, type ReactNode } from 'react';
import { makeScale, type Scale } from './plotScale';

export interface PlotAxis {
  domain: readonly [number, number];
  ticks: readonly number[];
  log?: boolean;
  format(v: number): string;
  label: string;
}

export interface PlotMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PlotArea {
  x: Scale;
  y: Scale;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface SvgPlotProps {
  width: number;
  height: number;
  /** From plotArea(width, height, margin, x, y); the caller keeps it (memoised) for its own layers. */
  area: PlotArea;
  x: PlotAxis;
  y: PlotAxis;
  ariaLabel: string;
  /** Drawn clipped to the plot area. */
  children(area: PlotArea): ReactNode;
  /** Drawn on top, unclipped (markers with labels, pointer layers). */
  overlay?(area: PlotArea): ReactNode;
}

const TICK = 6;

/** The plot area of a frame, with its scales (also for hit-testing outside the SVG). */
export function plotArea(width: number, height: number, margin: PlotMargin, x: PlotAxis, y: PlotAxis): PlotArea {
  const left = margin.left;
  const top = margin.top;
  const w = Math.max(1, width - margin.left - margin.right);
  const h = Math.max(1, height - margin.top - margin.bottom);
  return {
    x: makeScale(x.domain, [left, left + w], x.log),
    y: makeScale(y.domain, [top + h, top], y.log),
    left,
    top,
    width: w,
    height: h,
  };
}

export function SvgPlot({ width, height, area, x, y, ariaLabel, children, overlay }: SvgPlotProps) {
  // useId's characters (e.g. «r0») are not all valid in a url(#…) reference.
  const clip = `plot-clip${useId().replace(/[^\w-]/g, '')}`;
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const xs = x.ticks.filter((t) => t >= Math.min(...x.domain) && t <= Math.max(...x.domain));
  const ys = y.ticks.filter((t) => t >= Math.min(...y.domain) && t <= Math.max(...y.domain));
  return (
    <svg className="chart-svg svg-plot" width={width} height={height} role="img" aria-label={ariaLabel}>
      <defs>
        <clipPath id={clip}>
          <rect x={area.left} y={area.top} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g className="svg-plot__grid" stroke="var(--grid)" strokeDasharray="3 3">
        {xs.map((t) => (
          <line key={`x${t}`} x1={area.x(t)} x2={area.x(t)} y1={area.top} y2={bottom} />
        ))}
        {ys.map((t) => (
          <line key={`y${t}`} x1={area.left} x2={right} y1={area.y(t)} y2={area.y(t)} />
        ))}
      </g>
      <g className="svg-plot__axis" stroke="var(--axis)" fill="var(--axis)" fontSize={12}>
        <line x1={area.left} x2={right} y1={bottom} y2={bottom} />
        <line x1={area.left} x2={area.left} y1={area.top} y2={bottom} />
        {xs.map((t) => (
          <g key={`x${t}`} transform={`translate(${area.x(t)},${bottom})`}>
            <line y2={TICK} />
            <text y={TICK + 12} textAnchor="middle" stroke="none">
              {x.format(t)}
            </text>
          </g>
        ))}
        {ys.map((t) => (
          <g key={`y${t}`} transform={`translate(${area.left},${area.y(t)})`}>
            <line x2={-TICK} />
            <text x={-TICK - 3} dy="0.35em" textAnchor="end" stroke="none">
              {y.format(t)}
            </text>
          </g>
        ))}
      </g>
      <text className="svg-plot__label" x={area.left + area.width / 2} y={height - 4} textAnchor="middle" fill="var(--muted)" fontSize={12}>
        {x.label}
      </text>
      <text className="svg-plot__label" transform={`translate(12,${area.top + area.height / 2}) rotate(-90)`} textAnchor="middle" fill="var(--muted)" fontSize={12}>
        {y.label}
      </text>
      <g clipPath={`url(#${clip})`}>{children(area)}</g>
      {overlay?.(area)}
    </svg>
  );
}
