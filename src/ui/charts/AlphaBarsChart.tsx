/**
 * α per layer as horizontal bars: initial (light) and now (full colour), baseline and TempBalance —
 * the paper's teaser picture — over the shaded HT-SR bands (α < 2, 2–6, > 6), with a black tick per
 * layer at the α of a random Gaussian matrix of the same shape fitted the same way: a bar at its tick
 * is "still random", a bar far from it is what training changed.
 *
 * Plain SVG rather than recharts: a recharts bar chart of ~15 layers × 4 bars took 200+ ms of main
 * thread to draw the first time and 15–40 ms per update (measured in a Compare run); this one is a
 * few hundred elements written once per update. Hovering a row shows its numbers.
 */
import { memo, useContext, useState, type ReactNode } from 'react';
import type { AlphaBarRow } from '../lab/series';
import type { RunLabel } from '../lab/labState';
import { PanelWidth } from './FitWidth';
import { ALPHA_BANDS, RUN_COLOURS, RUN_COLOURS_LIGHT, RUN_NAMES } from './palette';

export interface AlphaBarsChartProps {
  rows: AlphaBarRow[];
  runs: RunLabel[];
  /** α of a random matrix of each row's shape (same order as `rows`); null where unknown (yet). */
  random?: (number | null)[];
}

const LEFT = 140;
const RIGHT = 16;
/** Height of one legend line. */
const LEGEND_LINE = 20;
const BOTTOM = 36;
const BAR = 6;
const GAP = 8;
const MARKER = '#111827';

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;

export const AlphaBarsChart = memo(function AlphaBarsChart({ rows, runs, random = [] }: AlphaBarsChartProps) {
  const panelWidth = useContext(PanelWidth);
  const width = panelWidth && panelWidth > 0 ? panelWidth : 640;
  const [hover, setHover] = useState<number | null>(null);

  let max = 8;
  for (const r of rows) for (const v of [r.baseline, r.baselineInitial, r.tempbalance, r.tempbalanceInitial]) if (v !== null && v > max) max = v;
  for (const v of random) if (v !== null && v > max) max = v;
  const top = Math.ceil(max);
  const legend = legendLayout(runs, width);
  const TOP = legend.lines * LEGEND_LINE + 6;
  const group = runs.length * 2 * (BAR + 1);
  const rowH = group + GAP;
  const height = Math.max(200, TOP + BOTTOM + rows.length * rowH);
  const x = (a: number) => LEFT + ((width - LEFT - RIGHT) * Math.min(Math.max(a, 0), top)) / top;
  const ticks = Array.from({ length: top + 1 }, (_, k) => k).filter((k) => top <= 12 || k % 2 === 0);
  const bottom = TOP + rows.length * rowH;
  const hovered = hover !== null ? rows[hover] : undefined;

  return (
    <div className="alpha-bars" data-testid="alpha-bars" data-rows={JSON.stringify(rows)} data-random={JSON.stringify(random)} onMouseLeave={() => setHover(null)}>
      <svg className="chart-svg" width={width} height={height} role="img" aria-label="α per layer, initial and now, with the α of a random matrix of the same shape">
        {ALPHA_BANDS.map((b) => (
          <rect key={b.label} x={x(b.from)} y={TOP} width={Math.max(0, x(Math.min(b.to, top)) - x(b.from))} height={bottom - TOP} fill={b.fill} fillOpacity={0.08} />
        ))}
        {ticks.map((k) => (
          <g key={k}>
            <line x1={x(k)} x2={x(k)} y1={TOP} y2={bottom} stroke="var(--grid)" strokeDasharray="3 3" />
            <text x={x(k)} y={bottom + 14} textAnchor="middle" fontSize={11} fill="var(--muted)">
              {k}
            </text>
          </g>
        ))}
        <text x={(LEFT + width - RIGHT) / 2} y={bottom + 30} textAnchor="middle" fontSize={12} fill="var(--muted)">
          α (PL_Alpha_Hill)
        </text>
        <Legend items={legend.items} />
        {rows.map((r, i) => {
          const y0 = TOP + i * rowH + GAP / 2;
          const ref = random[i] ?? null;
          return (
            <g key={r.name} onMouseEnter={() => setHover(i)} data-layer={r.name}>
              <rect x={0} y={y0 - GAP / 2} width={width} height={rowH} fill={hover === i ? 'rgba(0,0,0,0.05)' : 'transparent'} />
              <text x={LEFT - 6} y={y0 + group / 2} textAnchor="end" dominantBaseline="middle" fontSize={11} fill="var(--axis)">
                {r.name.length > 22 ? `…${r.name.slice(-21)}` : r.name}
              </text>
              {runs.map((label, k) => {
                const initial = r[`${label}Initial`];
                const now = r[label];
                const y = y0 + k * 2 * (BAR + 1);
                return (
                  <g key={label}>
                    {initial !== null && <rect x={LEFT} y={y} width={x(initial) - LEFT} height={BAR} fill={RUN_COLOURS_LIGHT[label]} />}
                    {now !== null && <rect x={LEFT} y={y + BAR + 1} width={x(now) - LEFT} height={BAR} fill={RUN_COLOURS[label]} />}
                  </g>
                );
              })}
              {ref !== null && Number.isFinite(ref) && (
                <line className="alpha-bars__random" x1={x(ref)} x2={x(ref)} y1={y0 - 3} y2={y0 + group + 2} stroke={MARKER} strokeWidth={2.5} />
              )}
            </g>
          );
        })}
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={bottom} stroke="var(--axis)" />
      </svg>
      {hovered && hover !== null && (
        <div className="alpha-bars__tip" role="status" data-testid="alpha-bars-tip" style={{ top: TOP + hover * rowH + rowH + 4 }}>
          <strong>{hovered.name}</strong>
          <span>random matrix of this shape: α {fmt(random[hover])}</span>
          {runs.map((label) => {
            const now = hovered[label];
            const ref = random[hover] ?? null;
            return (
              <span key={label}>
                {RUN_NAMES[label]}: α {fmt(hovered[`${label}Initial`])} → {fmt(now)}
                {now !== null && ref !== null && Number.isFinite(ref) ? ` (${signed(now - ref)} from random)` : ''}
              </span>
            );
          })}
        </div>
      )}
    </div>
  );
});

interface LegendItem {
  key: string;
  label: string;
  x: number;
  y: number;
  draw: (x: number, y: number) => ReactNode;
}

/** Legend items placed left to right, wrapping onto new lines when the chart is narrow. */
function legendLayout(runs: RunLabel[], width: number): { items: LegendItem[]; lines: number } {
  const raw: Omit<LegendItem, 'x' | 'y'>[] = [];
  for (const label of runs) {
    raw.push({ key: `${label}-0`, label: `${RUN_NAMES[label]} initial`, draw: (x, y) => <rect x={x} y={y + 3} width={12} height={8} fill={RUN_COLOURS_LIGHT[label]} /> });
    raw.push({ key: label, label: `${RUN_NAMES[label]} now`, draw: (x, y) => <rect x={x} y={y + 3} width={12} height={8} fill={RUN_COLOURS[label]} /> });
  }
  raw.push({ key: 'random', label: 'random matrix, same shape', draw: (x, y) => <line x1={x + 6} x2={x + 6} y1={y} y2={y + 14} stroke={MARKER} strokeWidth={2.5} /> });
  const items: LegendItem[] = [];
  let x = 8;
  let line = 0;
  for (const it of raw) {
    // Roughly 6.3 px per character at 12 px: enough to space the items without measuring text.
    const w = 18 + it.label.length * 6.3 + 14;
    if (x > 8 && x + w > width) {
      x = 8;
      line++;
    }
    items.push({ ...it, x, y: 4 + line * LEGEND_LINE });
    x += w;
  }
  return { items, lines: line + 1 };
}

function Legend({ items }: { items: LegendItem[] }) {
  return (
    <g className="alpha-bars__legend">
      {items.map((it) => (
        <g key={it.key}>
          {it.draw(it.x, it.y)}
          <text x={it.x + 17} y={it.y + 11} fontSize={12} fill="var(--text, #111)">
            {it.label}
          </text>
        </g>
      ))}
    </g>
  );
}
