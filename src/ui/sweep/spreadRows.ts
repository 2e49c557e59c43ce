/**
 * Rows of the Sweeps view's "α spread vs data ratio" chart, from the aggregate's per-ratio spread means
 * (src/experiment/sweep.ts `spread`, recorded per run at its first and last re-estimate): the paper's
 * diagnosis — with less data the layers' α spread out (its Fig. 2), TempBalance pulls them back (Figs. 7–8).
 * Pure (no React), so the numbers are tested apart from the drawing.
 */
import type { SweepAggregate } from '../../experiment/sweep';

/** Which spread: α − α of a random matrix of the same shape (`corrected`), or α as fitted. */
export type SpreadKind = 'corrected' | 'fitted';

/** One ratio: mean spread over seeds, per schedule, at the start and at the end of training; null where unknown. */
export interface SpreadRow {
  ratio: number;
  baselineStart: number | null;
  baselineEnd: number | null;
  tempbalanceStart: number | null;
  tempbalanceEnd: number | null;
  /** Runs (seeds) averaged for each schedule. */
  baselineN: number;
  tempbalanceN: number;
}

/** The series of the chart, in legend order (a dashed line at the start, a solid one at the end). */
export const SPREAD_SERIES = [
  { key: 'baselineStart', schedule: 'baseline', when: 'start' },
  { key: 'baselineEnd', schedule: 'baseline', when: 'end' },
  { key: 'tempbalanceStart', schedule: 'tempbalance', when: 'start' },
  { key: 'tempbalanceEnd', schedule: 'tempbalance', when: 'end' },
] as const;

const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** One row per ratio that has a recorded spread; empty when the sweep recorded none (older JSONs). */
export function spreadRows(agg: SweepAggregate, kind: SpreadKind): SpreadRow[] {
  return agg.rows.flatMap((r) => {
    const s = r.spread;
    if (!s) return [];
    return [
      {
        ratio: r.ratio,
        baselineStart: finiteOrNull(s.baseline.start[kind]),
        baselineEnd: finiteOrNull(s.baseline.end[kind]),
        tempbalanceStart: finiteOrNull(s.tempbalance.start[kind]),
        tempbalanceEnd: finiteOrNull(s.tempbalance.end[kind]),
        baselineN: s.baseline.n,
        tempbalanceN: s.tempbalance.n,
      },
    ];
  });
}

/** y range over every plotted value, or null when nothing is plotted. */
export function spreadRange(rows: readonly SpreadRow[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const { key } of SPREAD_SERIES) {
      const v = r[key];
      if (v === null) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
