/**
 * Log-log ESD of one layer: the histogram density (points), the fitted power law over the tail
 * (line) and a vertical xmin marker the user can drag. Dragging only reports the new xmin value;
 * the worker re-fits (no math on the main thread) and the new chart data flows back in as props.
 *
 * Test hook: the wrapper carries data-testid="esd-chart" and, in data-chart, the exact chart data
 * (JSON) so e2e can check it is finite and matches what the SVG draws.
 */
import { useContext, useMemo, useRef, type PointerEvent } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Label,
  Line,
  ReferenceLine,
  Scatter,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisInverseScale,
  useXAxisScale,
} from 'recharts';
import { FitWidth, PanelWidth } from './FitWidth';
import type { EsdChartData } from '../../math/types';
import { fitLogTicks, formatLogTick, logDomain, logTicks } from './logAxis';

export interface EsdChartProps {
  data: EsdChartData;
  /** Called while the xmin marker is dragged, with the eigenvalue under the pointer. */
  onDragXmin?(xmin: number): void;
  height?: number;
}

/** Transparent overlay over the plot area that turns pointer drags into xmin values. */
function XminDragLayer({ xmin, onDrag }: { xmin: number; onDrag(x: number): void }) {
  const plot = usePlotArea();
  const scale = useXAxisScale();
  const invert = useXAxisInverseScale();
  const dragging = useRef(false);
  if (!plot || !scale || !invert) return null;

  const emit = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg) return;
    // recharts draws at 1 SVG unit per CSS pixel, so client → SVG is a translation.
    const px = Math.min(plot.x + plot.width, Math.max(plot.x, e.clientX - svg.getBoundingClientRect().left));
    const value = Number(invert(px));
    if (value > 0 && Number.isFinite(value)) onDrag(value);
  };
  const px = scale(xmin);

  return (
    <g className="xmin-drag">
      {px !== undefined && Number.isFinite(px) && (
        <rect x={px - 5} y={plot.y + plot.height / 2 - 10} width={10} height={20} rx={3} className="xmin-drag__handle" />
      )}
      <rect
        x={plot.x}
        y={plot.y}
        width={plot.width}
        height={plot.height}
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
    </g>
  );
}

/** Horizontal room one x tick label needs (px): labels are drawn without measuring (`interval={0}`). */
const X_TICK_PX = 44;
/** Vertical room per y tick label (px). */
const Y_TICK_PX = 22;

export function EsdChart({ data, onDragXmin, height = 270 }: EsdChartProps) {
  const width = useContext(PanelWidth) ?? 400;
  const { xDomain, yDomain, xTicks, yTicks, fitLine } = useMemo(() => {
    const xd = logDomain([...data.bins.map((b) => b.x), data.xmin], 1.5) ?? [1e-3, 1];
    const yd = logDomain(data.bins.map((b) => b.density), 2) ?? [1e-3, 1];
    // The fitted line may dive far below the histogram at large λ: keep only what is on the y range.
    const line = data.fitLine.filter((p) => p.y >= yd[0] && p.y <= yd[1] && p.x > 0);
    const plotW = Math.max(100, width - 80);
    const plotH = Math.max(60, height - 50);
    return {
      xDomain: xd,
      yDomain: yd,
      xTicks: fitLogTicks(logTicks(...xd), Math.floor(plotW / X_TICK_PX)),
      yTicks: fitLogTicks(logTicks(...yd), Math.floor(plotH / Y_TICK_PX)),
      fitLine: line,
    };
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
      <FitWidth height={height}>
        {/* No accessibilityLayer: there is no tooltip to walk; the xmin slider is the keyboard control. */}
        <ComposedChart accessibilityLayer={false} margin={{ top: 22, right: 16, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            type="number"
            dataKey="x"
            scale="log"
            domain={xDomain}
            ticks={xTicks}
            interval={0}
            tickFormatter={formatLogTick}
            allowDataOverflow
            stroke="var(--axis)"
          >
            <Label value="eigenvalue λ of WᵀW (log scale)" position="bottom" offset={10} fill="var(--muted)" />
          </XAxis>
          <YAxis
            type="number"
            scale="log"
            domain={yDomain}
            ticks={yTicks}
            interval={0}
            tickFormatter={formatLogTick}
            allowDataOverflow
            width={56}
            stroke="var(--axis)"
          >
            <Label value="density" angle={-90} position="insideLeft" offset={4} fill="var(--muted)" />
          </YAxis>
          <Scatter name="ESD histogram" data={data.bins} dataKey="density" fill="var(--esd-points)" isAnimationActive={false} />
          <Line
            name="power-law fit"
            data={fitLine}
            dataKey="y"
            stroke="var(--fit-line)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <ReferenceLine x={data.xmin} stroke="var(--xmin-line)" strokeWidth={2} strokeDasharray="6 3">
            <Label value="xmin" position="top" fill="var(--xmin-line)" offset={6} />
          </ReferenceLine>
          {onDragXmin && <XminDragLayer xmin={data.xmin} onDrag={onDragXmin} />}
        </ComposedChart>
      </FitWidth>
    </div>
  );
}
