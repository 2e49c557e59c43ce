/**
 * Log-log ESD of one layer: the histogram density (points), the fitted power law over the tail
 * (line) and a vertical xmin marker the user can drag. Dragging only reports the new xmin value;
 * the worker re-fits (no math on the main thread) and the new chart data flows back in as props.
 *
 * Test hook: the wrapper carries data-testid="esd-chart" and, in data-chart, the exact chart data
 * (JSON) so e2e can check it is finite and matches what the SVG draws.
 */
import { useContext, useMemo, useRef, type PointerEvent } from 'react';
import { OwnWidth, PanelWidth } from './FitWidth';
import type { EsdChartData } from '../../math/types';
import { fitLogTicks, formatLogTick, logDomain, logTicks } from './logAxis';
import { polylinePath, px } from './plotScale';
import { plotArea, SvgPlot, type PlotArea, type PlotAxis } from './SvgPlot';

export interface EsdChartProps {
  data: EsdChartData;
  /** Called while the xmin marker is dragged, with the eigenvalue under the pointer. */
  onDragXmin?(xmin: number): void;
  height?: number;
}

const MARGIN = { top: 22, right: 16, bottom: 40, left: 64 };

/** The xmin marker, and (when draggable) a transparent layer over the plot turning drags into xmin values. */
function XminLayer({ area, xmin, onDrag }: { area: PlotArea; xmin: number; onDrag?(x: number): void }) {
  const dragging = useRef(false);
  const px = area.x(xmin);
  const emit = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg || !onDrag) return;
    // The SVG draws at 1 unit per CSS pixel, so client → SVG is a translation.
    const x = Math.min(area.left + area.width, Math.max(area.left, e.clientX - svg.getBoundingClientRect().left));
    const value = area.x.invert(x);
    if (value > 0 && Number.isFinite(value)) onDrag(value);
  };
  const inside = Number.isFinite(px) && px >= area.left && px <= area.left + area.width;
  return (
    <g className="xmin-drag">
      {inside && (
        <g className="xmin-line">
          <line x1={px} x2={px} y1={area.top} y2={area.top + area.height} stroke="var(--xmin-line)" strokeWidth={2} strokeDasharray="6 3" />
          <text x={px} y={area.top - 6} textAnchor="middle" fill="var(--xmin-line)" fontSize={12}>
            xmin
          </text>
        </g>
      )}
      {onDrag && inside && <rect x={px - 5} y={area.top + area.height / 2 - 10} width={10} height={20} rx={3} className="xmin-drag__handle" />}
      {onDrag && (
        <rect
          x={area.left}
          y={area.top}
          width={area.width}
          height={area.height}
          fill="transparent"
          style={{ cursor: 'ew-resize', touchAction: 'none' }}
          data-testid="xmin-drag-area"
          onPointerDown={(e) => {
            dragging.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            emit(e);
          }}
          onPointerMove={(e) => {
            if (dragging.current) emit(e);
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
          onPointerCancel={() => {
            dragging.current = false;
          }}
        />
      )}
    </g>
  );
}

/** Horizontal room one x tick label needs (px): labels are drawn without measuring (`interval={0}`). */
const X_TICK_PX = 44;
/** Vertical room per y tick label (px). */
const Y_TICK_PX = 22;

export function EsdChart(props: EsdChartProps) {
  // Outside a ChartPanel (the analyser) the chart measures its own width.
  return useContext(PanelWidth) === undefined ? (
    <OwnWidth>
      <EsdPlot {...props} />
    </OwnWidth>
  ) : (
    <EsdPlot {...props} />
  );
}

function EsdPlot({ data, onDragXmin, height = 270 }: EsdChartProps) {
  const panelWidth = useContext(PanelWidth) ?? 0;
  const width = Math.max(panelWidth, 1);
  const { x, y, area, fitLine } = useMemo(() => {
    const xd = logDomain([...data.bins.map((b) => b.x), data.xmin], 1.5) ?? [1e-3, 1];
    const yd = logDomain(data.bins.map((b) => b.density), 2) ?? [1e-3, 1];
    // The fitted line may dive far below the histogram at large λ: keep only what is on the y range.
    const line = data.fitLine.filter((p) => p.y >= yd[0] && p.y <= yd[1] && p.x > 0);
    const plotW = Math.max(100, width - 80);
    const plotH = Math.max(60, height - 50);
    const xAxis: PlotAxis = { domain: xd, ticks: fitLogTicks(logTicks(...xd), Math.floor(plotW / X_TICK_PX)), log: true, format: formatLogTick, label: 'eigenvalue λ of WᵀW (log scale)' };
    const yAxis: PlotAxis = { domain: yd, ticks: fitLogTicks(logTicks(...yd), Math.floor(plotH / Y_TICK_PX)), log: true, format: formatLogTick, label: 'density' };
    return { x: xAxis, y: yAxis, area: plotArea(width, height, MARGIN, xAxis, yAxis), fitLine: line };
  }, [data, width, height]);

  const serialised = useMemo(() => JSON.stringify(data), [data]);

  return (
    <div
      className="esd-chart"
      role="img"
      aria-label={`Log-log eigenvalue histogram with the fitted power law: ${data.bins.length} bins, xmin ${data.xmin.toPrecision(3)}, alpha ${data.alpha.toPrecision(3)}`}
      data-testid="esd-chart"
      data-chart={serialised}
      data-xmin={data.xmin}
      data-alpha={data.alpha}
    >
      {panelWidth <= 0 ? (
        <div style={{ height }} />
      ) : (
        <SvgPlot width={width} height={height} area={area} x={x} y={y} ariaLabel="ESD histogram and power-law fit" overlay={(a) => <XminLayer area={a} xmin={data.xmin} onDrag={onDragXmin} />}>
          {(a) => (
            <>
              <g className="esd-points" fill="var(--esd-points)">
                {data.bins.map((b, i) => (b.x > 0 && b.density > 0 ? <circle key={i} className="esd-point" cx={px(a.x(b.x))} cy={px(a.y(b.density))} r={3.5} /> : null))}
              </g>
              <path className="chart-line" d={polylinePath(fitLine.map((p) => [a.x(p.x), a.y(p.y)] as const))} fill="none" stroke="var(--fit-line)" strokeWidth={2} />
            </>
          )}
        </SvgPlot>
      )}
    </div>
  );
}
