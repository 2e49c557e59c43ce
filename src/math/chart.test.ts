import { describe, expect, it } from 'vitest';
import { defaultBins, esdChartData } from './chart';
import { fitPowerLaw } from './powerlaw';
import { createRng } from './random';

describe('esdChartData', () => {
  const rng = createRng(3);
  const evals = Float64Array.from({ length: 500 }, () => Math.pow(1 - rng.next(), -1 / 1.5) * 0.01).sort();
  const fit = fitPowerLaw(evals, { fit: 'median', xminPos: 2 });

  it('bins integrate to 1 (Σ density · width over geometric bins), counts sum to N, all coordinates > 0', () => {
    const c = esdChartData(evals, fit, 40);
    const lo = evals[0];
    const ratio = Math.pow(evals[499] / lo, 1 / 40);
    let mass = 0;
    let count = 0;
    for (const b of c.bins) {
      // Geometric centre x of [e, e·ratio] ⇒ width = x·(√ratio − 1/√ratio).
      mass += b.density * b.x * (Math.sqrt(ratio) - 1 / Math.sqrt(ratio));
      count += b.count;
      expect(b.x > 0 && Number.isFinite(b.x) && b.density > 0 && Number.isFinite(b.density)).toBe(true);
    }
    expect(mass).toBeCloseTo(1, 10);
    expect(count).toBe(500);
    expect(c.fitLine.length).toBeGreaterThan(1);
    for (const p of c.fitLine) expect(p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it('fit line starts at xmin with the tail share of the power-law pdf, ends at λ_max, slope −α', () => {
    const c = esdChartData(evals, fit);
    const first = c.fitLine[0];
    const last = c.fitLine[c.fitLine.length - 1];
    expect(first.x).toBe(fit.xmin);
    expect(first.y).toBeCloseTo((fit.numPlSpikes / 500) * ((fit.alpha - 1) / fit.xmin), 8);
    expect(last.x).toBeCloseTo(evals[499], 8);
    expect(Math.log(last.y / first.y) / Math.log(last.x / first.x)).toBeCloseTo(-fit.alpha, 10);
    expect(c.xmin).toBe(fit.xmin);
    expect(c.alpha).toBe(fit.alpha);
  });

  it('degenerate: zeros/NaN skipped, constant spectrum one unit-mass bin, no line without a finite α', () => {
    expect(esdChartData(new Float64Array(3), { alpha: NaN, xmin: NaN })).toMatchObject({ bins: [], fitLine: [] });
    const c = esdChartData(Float64Array.from([0, NaN, 2, 2, 2]), { alpha: Infinity, xmin: 2 });
    expect(c.bins).toHaveLength(1);
    expect(c.bins[0].count).toBe(3);
    expect(c.bins[0].density * (2 * 1.1 - 2 / 1.1)).toBeCloseTo(1, 12);
    expect(c.fitLine).toEqual([]);
  });
});

describe('defaultBins', () => {
  it('scales as 2√N within [8, 50], so small layers get a readable histogram', () => {
    expect(defaultBins(4)).toBe(8);
    expect(defaultBins(64)).toBe(16);
    expect(defaultBins(3072)).toBe(50);
    const chart = esdChartData(Float64Array.from({ length: 64 }, (_, i) => 1 + i), { alpha: 2, xmin: 32 });
    expect(chart.bins.length).toBeLessThanOrEqual(16);
  });
});
