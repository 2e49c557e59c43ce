/**
 * A chart's legend as an HTML row above the plot, in place of recharts' <Legend>: that one measures its
 * own box on every draw (a forced layout of the whole page, the largest part of a Lab chart's first draw;
 * docs/BENCHMARKS.md, "Lab main thread"), and in a narrow panel wraps onto a second line over the plot.
 * An item is a line (solid or dashed) or, for a scatter, a dot. The PNG export leaves HTML out: a
 * legend's text is the series names, which the exported title and the page still show.
 */
import { memo } from 'react';

export interface LegendEntry {
  name: string;
  colour: string;
  dashed?: boolean;
  /** Drawn as a dot (a scatter series), not a line. */
  dot?: boolean;
}

export const LineLegend = memo(function LineLegend({ items }: { items: readonly LegendEntry[] }) {
  return (
    <ul className="line-legend">
      {items.map((s) => (
        <li key={s.name}>
          <svg width={22} height={10} aria-hidden="true">
            {s.dot ? (
              <circle cx={11} cy={5} r={4} fill={s.colour} />
            ) : (
              <line x1={1} x2={21} y1={5} y2={5} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
            )}
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
});
