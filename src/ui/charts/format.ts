/**
 * Number formatting of chart ticks and tooltips: short, and never "2.400e-4" where "2.4e-4" will do.
 */

/** Tooltip numbers: 4 significant digits. */
export const fmtNum = (v: unknown) => (typeof v === 'number' ? (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(2)) : '—');
/** Tick labels: as short as possible ("0.4", "2.4e-4", "0"); 4 significant digits so close ticks stay distinct. */
export function shortTick(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) return String(Number(v.toPrecision(4)));
  return v.toExponential(1).replace('e+', 'e');
}
