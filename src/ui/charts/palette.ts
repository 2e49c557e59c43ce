/**
 * Chart colours. Baseline blue and TempBalance orange everywhere (the same pair in every chart, so
 * overlays read at a glance); a qualitative palette for per-layer lines, dark enough for white
 * backgrounds. The α bands use the analyser's heavy / well-trained / random-like colours.
 */
import type { RunLabel } from '../lab/labState';

export const RUN_COLOURS: Record<RunLabel, string> = { baseline: '#2452a8', tempbalance: '#c2410c' };
/** Lighter shades for the "initial" bars. */
export const RUN_COLOURS_LIGHT: Record<RunLabel, string> = { baseline: '#9db4e0', tempbalance: '#f0b48f' };
export const RUN_NAMES: Record<RunLabel, string> = { baseline: 'Baseline', tempbalance: 'TempBalance' };

const SERIES = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#ff7f0e', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173'];

/** Colour of the i-th series of a multi-line chart. */
export function seriesColour(i: number): string {
  return SERIES[i % SERIES.length];
}

/** HT-SR bands of α (docs/METHOD.md §2): heavy-tailed < 2 ≤ well trained ≤ 6 < random-like. */
export const ALPHA_BANDS = [
  { from: 0, to: 2, fill: '#c2410c', label: 'α < 2' },
  { from: 2, to: 6, fill: '#15803d', label: '2–6' },
  { from: 6, to: Infinity, fill: '#1d5fbf', label: 'α > 6' },
] as const;
