/**
 * Frame of every Lab chart: a title, a one-paragraph "how to read this" help, a PNG export button
 * and an empty-state message while there is nothing to draw yet. The chart itself is the child.
 * Keeping the main thread free while data streams in (recharts draws are the main-thread cost of a
 * live run; docs/BENCHMARKS.md, "Lab main thread"):
 * - a new drawing (chart or empty message) is adopted through the page's draw queue (drawQueue.ts),
 *   one chart per task, so an event that changes many charts never becomes one long task;
 * - a panel adopts new data at most every MIN_REDRAW_MS, which bounds the drawing work per second
 *   however fast the training workers report;
 * - while the panel is scrolled out of view it keeps its last drawing and catches up when it returns.
 */
import { errorMessage } from '../../io/errors';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useInView } from './useInView';
import { chartDraws } from './drawQueue';
import { PanelWidth, useBodyWidth } from './FitWidth';
import { chartPng, mainSvg } from './exportPng';
import { download, slug } from '../download';

export interface ChartPanelProps {
  id: string;
  title: string;
  help: ReactNode;
  /** Shown instead of the chart while empty. */
  empty?: string | null;
  /** Controls next to the title (run or layer pickers). */
  tools?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Draw order among panels whose data changed together (lower first; the queue's priority). */
  slot?: number;
}

/** Shortest time between two adoptions of new data by one panel (ms). */
export const MIN_REDRAW_MS = 1000;

/** What a panel shows: its chart, or the empty-state message. */
interface Drawing {
  empty: string | null;
  children: ReactNode;
  /** Body width (px) the chart is drawn at; 0 before the first measurement. */
  width: number;
}

/** The drawn body, re-rendered only when the panel adopts a new drawing. */
const Body = memo(function Body({ drawing }: { drawing: Drawing }) {
  return drawing.empty ? <p className="muted chart-panel__empty">{drawing.empty}</p> : <PanelWidth.Provider value={drawing.width}>{drawing.children}</PanelWidth.Provider>;
});

export function ChartPanel({ id, title, help, empty, tools, children, className, slot = 0 }: ChartPanelProps) {
  const body = useRef<HTMLDivElement>(null);
  const inView = useInView(body);
  const width = useBodyWidth(body);
  const [shown, setShown] = useState<Drawing>(() => ({ empty: empty ?? null, children, width }));
  const lastDraw = useRef(0);
  useEffect(() => {
    if (!inView) return; // caught up when the panel scrolls back into view
    const next: Drawing = { empty: empty ?? null, children, width };
    let cancel = () => {};
    // An empty-state change is cheap and says something (e.g. "waiting"): no rate limit for it.
    const wait = next.empty ? 0 : Math.max(0, lastDraw.current + MIN_REDRAW_MS - performance.now());
    const t = setTimeout(() => {
      cancel = chartDraws.queue(
        body,
        () => {
          lastDraw.current = performance.now();
          // Synchronous, so this chart's whole draw (render, commit and recharts' spawned updates) is this task.
          flushSync(() => setShown(next));
        },
        slot,
        id,
      );
    }, wait);
    return () => {
      clearTimeout(t);
      cancel();
    };
  }, [children, empty, width, inView, slot, id]);
  const [error, setError] = useState<string | null>(null);

  const onPng = async () => {
    const svg = body.current ? mainSvg(body.current) : null;
    if (!svg) return;
    try {
      setError(null);
      download(`${slug(title)}.png`, await chartPng(svg, title), 'image/png');
    } catch (e) {
      setError(`Could not make the PNG: ${errorMessage(e)}`);
    }
  };

  const headingId = `chart-${id}-title`;
  return (
    <section className={`panel chart-panel ${className ?? ''}`} aria-labelledby={headingId} data-testid={`chart-${id}`}>
      <div className="chart-panel__head">
        <h2 id={headingId}>{title}</h2>
        <div className="chart-panel__tools">
          {tools}
          <button type="button" className="button button--small" onClick={() => void onPng()} disabled={!!shown.empty} aria-label={`Save “${title}” as PNG`} data-testid="chart-png">
            PNG
          </button>
        </div>
      </div>
      <div ref={body} className="chart-panel__body">
        <Body drawing={shown} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <details className="chart-help">
        <summary>How to read this</summary>
        {help}
      </details>
    </section>
  );
}
