/**
 * Sizes a recharts chart. Inside a ChartPanel the panel measures its own width and hands it down, so
 * the chart draws at its final size in the panel's queued draw (drawQueue.ts). recharts'
 * ResponsiveContainer instead draws once, measures in a ResizeObserver callback and draws again in a
 * render React schedules by itself, where the first draws of all charts land together in one long
 * task. Outside a panel (analyser, sweeps) the ResponsiveContainer is kept.
 */
import { cloneElement, createContext, useContext, type ReactElement } from 'react';
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
