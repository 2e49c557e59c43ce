/**
 * Frame of every Lab chart: a title, a one-paragraph "how to read this" help, a PNG export button
 * and an empty-state message while there is nothing to draw yet. The chart itself is the child.
 * Keeping the main thread free while data streams in (recharts redraws are the main-thread cost of
 * a live run):
 * - while the panel is scrolled out of view its chart keeps its last drawing;
 * - a new drawing is adopted `slot` × STAGGER_MS after it arrives, as a transition, so when one
 *   event changes many charts (an ESD re-estimate) each chart commits in its own task instead of
 *   all of them in one long one.
 */
import { errorMessage } from '../../io/errors';
import { memo, startTransition, useEffect, useRef, useState, type ReactNode } from 'react';
import { useInView } from './useInView';
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
  /** Stagger position among the panels that update together (0 = at once). */
  slot?: number;
}

const STAGGER_MS = 60;

/** Renders its children, but skips re-rendering while `live` is false (props compare as equal). */
const Frozen = memo(
  function Frozen({ children }: { children: ReactNode; live: boolean }) {
    return <>{children}</>;
  },
  (_prev, next) => !next.live,
);

export function ChartPanel({ id, title, help, empty, tools, children, className, slot = 0 }: ChartPanelProps) {
  const body = useRef<HTMLDivElement>(null);
  const inView = useInView(body);
  const [shown, setShown] = useState(children);
  useEffect(() => {
    const t = setTimeout(() => startTransition(() => setShown(children)), slot * STAGGER_MS);
    return () => clearTimeout(t);
  }, [children, slot]);
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
          <button type="button" className="button button--small" onClick={() => void onPng()} disabled={!!empty} aria-label={`Save “${title}” as PNG`} data-testid="chart-png">
            PNG
          </button>
        </div>
      </div>
      <div ref={body} className="chart-panel__body">
        {empty ? <p className="muted chart-panel__empty">{empty}</p> : <Frozen live={inView}>{shown}</Frozen>}
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
