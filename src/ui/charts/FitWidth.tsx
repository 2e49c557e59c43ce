/**
 * Sizes a recharts chart. Inside a ChartPanel the panel measures its own width and hands it down, so
 * the chart draws at its final size in the panel's queued draw (drawQueue.ts). recharts'
 * ResponsiveContainer instead draws once, measures in a ResizeObserver callback and draws again in a
 * render React schedules by itself, where the first draws of all charts land together in one long
 * task. Outside a panel (analyser, sweeps) the ResponsiveContainer is kept.
 */
import { cloneElement, createContext, useContext, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode, type RefObject } from 'react';
import { ResponsiveContainer } from 'recharts';

/** The panel's body width in px; 0 until measured; undefined outside a panel. */
export const PanelWidth = createContext<number | undefined>(undefined);

/** `chart` (a recharts chart element) at the panel's width and `height`. */
export function FitWidth({ height, children }: { height: number; children: ReactElement<{ width?: number; height?: number }> }) {
  const width = useContext(PanelWidth);
  if (width === undefined) {
    return (
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    );
  }
  if (width <= 0) return <div style={{ height }} />;
  return cloneElement(children, { width, height });
}

/**
 * The element's width (clientWidth) in whole px; 0 until the first measurement. Measured in a
 * ResizeObserver callback, which runs after the browser's own layout: reading clientWidth in a layout
 * effect instead forced a layout of the whole page inside the task that mounted the panels (≈ 20 ms
 * of the Run click's main-thread work; docs/BENCHMARKS.md, "Lab main thread").
 */
export function useBodyWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof ResizeObserver === 'undefined') {
      setWidth(Math.floor(el.clientWidth));
      return;
    }
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** Outside a ChartPanel: measures its own width and hands it to the plain-SVG chart inside. */
export function OwnWidth({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useBodyWidth(ref);
  return (
    <div ref={ref}>
      <PanelWidth.Provider value={width}>{children}</PanelWidth.Provider>
    </div>
  );
}
