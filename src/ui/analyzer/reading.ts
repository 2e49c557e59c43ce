/**
 * The HT-SR reading of a layer's α (docs/METHOD.md §2), as the table and chart show it.
 * Pure: no React, so it is unit-tested directly.
 */
import type { LayerMetrics } from '../../math/types';

/** Bands of α: < 2 very heavy-tailed, 2–6 well trained, > 6 close to random. */
export type AlphaBand = 'heavy' | 'good' | 'random' | 'none';

/** Band of one α value; NaN/∞ (no fit) is 'none'. Bounds 2 and 6 count as well trained. */
export function alphaBand(alpha: number): AlphaBand {
  if (!Number.isFinite(alpha)) return 'none';
  if (alpha < 2) return 'heavy';
  if (alpha > 6) return 'random';
  return 'good';
}

/** Words for each band, used in tooltips, the legend and screen-reader labels. */
export const BAND_LABEL: Record<AlphaBand, string> = {
  heavy: 'α < 2: very heavy-tailed, possibly over-trained',
  good: '2 ≤ α ≤ 6: well trained',
  random: 'α > 6: close to random, under-trained',
  none: 'no fit',
};

/** Short marker shown instead of α when a layer has no usable fit. */
export function statusNote(m: LayerMetrics): string | null {
  switch (m.status) {
    case 'not-finite':
      return 'weights contain NaN/Inf';
    case 'degenerate':
      return 'too few non-zero eigenvalues to fit';
    case 'too-few':
      return 'fewer eigenvalues than eigs_thresh: not scheduled';
    case 'ok':
      return null;
  }
}

/** Compact display of a metric: 4 significant digits, exponent form for very large/small, '—' for NaN. */
export function formatMetric(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
