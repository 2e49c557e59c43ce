/**
 * Domains and ticks for log-scaled chart axes. recharts' log scale needs a strictly positive
 * domain and picks awkward ticks on its own; these helpers give decade ticks (1, 10, 100, …) and,
 * when the data spans less than two decades, the 1-2-5 steps in between.
 */

/** [lo, hi] around the positive, finite values, padded by `pad` (a factor) on each side; null if none. */
export function logDomain(values: Iterable<number>, pad = 1.3): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return null;
  // A single value still needs a non-empty range.
  if (lo === hi) return [lo / 10, hi * 10];
  return [lo / pad, hi * pad];
}

/** Tick values inside [lo, hi]: powers of ten, plus 2× and 5× when the range spans less than 2.5 decades. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  // Fewer than ~2.5 decades on screen leave too few decade ticks: add the 2× and 5× steps.
  const mantissas = Math.log10(hi / lo) < 2.5 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = first; e <= last; e++) {
    for (const m of mantissas) {
      // Build from the exponent so 10^-3 prints as 0.001, not 0.0010000000000000002.
      const v = Number(`${m}e${e}`);
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * At most `max` of `ticks` (from logTicks): the 2× and 5× steps go first, then every other decade, so
 * that labels drawn without recharts' measuring (`interval={0}`) do not collide on a narrow axis.
 */
export function fitLogTicks(ticks: readonly number[], max: number): number[] {
  if (ticks.length <= max) return [...ticks];
  const decades = ticks.filter((t) => Number.isInteger(Math.log10(t)));
  if (decades.length < 2) return [ticks[0], ticks[ticks.length - 1]]; // less than a decade: its two ends
  let step = 1;
  while (Math.ceil(decades.length / step) > Math.max(2, max)) step++;
  return decades.filter((_, i) => i % step === 0);
}

/** Tick label: 10^k as a superscript power when far from 1, plain digits otherwise. */
export function formatLogTick(v: number): string {
  const e = Math.log10(v);
  if (Number.isInteger(e) && Math.abs(e) >= 3) {
    const sup = String(e).replace(/-/g, '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
    return `10${sup}`;
  }
  if (v >= 1e4 || v < 1e-3) return v.toExponential(0);
  return String(v);
}
