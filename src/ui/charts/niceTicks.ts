/**
 * Round axis ticks for a linear range: steps of 1, 2, 2.5 or 5 × 10^k, about `target` of them, and a
 * domain widened to whole steps — so a sweep chart reads 0.50, 0.51 … rather than recharts' raw
 * split of a fixed domain (0.5058, 0.5062 …). Pure.
 */
const MANTISSAS = [1, 2, 2.5, 5, 10];

/** Domain [lo', hi'] ⊇ [lo, hi] on whole steps, and the ticks from lo' to hi'. lo > hi are swapped. */
export function niceLinearTicks(lo: number, hi: number, target = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    // A single value: a small symmetric range around it.
    const half = Math.abs(hi) > 0 ? Math.abs(hi) * 0.01 : 0.01;
    [lo, hi] = [lo - half, hi + half];
  }
  const raw = (hi - lo) / Math.max(1, target - 1);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = pow * (MANTISSAS.find((m) => m * pow >= raw * (1 - 1e-9)) ?? 10);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  // Multiply integers by the step (no accumulated sums), then round off binary noise: 0.1·3 → 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(digits)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/** Whole-step ticks inside the steps' range (about five); undefined with fewer than two distinct steps. */
export function stepTicks(steps: readonly number[]): number[] | undefined {
  if (steps.length === 0) return undefined;
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  if (hi - lo < 1) return undefined;
  const inside = niceLinearTicks(lo, hi, 6).ticks.filter((t) => t >= lo && t <= hi && Number.isInteger(t));
  return inside.length >= 2 ? inside : [lo, hi];
}
