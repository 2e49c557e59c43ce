import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { cellCentres, randomInitialCondition, scaleToUnitInterval } from './initial';

describe('cellCentres', () => {
  it('puts n centres half a cell in from each end of [x0, x0 + L]', () => {
    expect(Array.from(cellCentres(4))).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(Array.from(cellCentres(2, -1, 2))).toEqual([-0.5, 0.5]);
  });
});

describe('randomInitialCondition', () => {
  it('evaluates the docs/METHOD.md §5 formula with the recorded draws', () => {
    const x = cellCentres(64);
    const rng = createRng(21);
    for (let d = 0; d < 50; d++) {
      const ic = randomInitialCondition(rng, x);
      expect(ic.counts.reduce((a, b) => a + b, 0)).toBe(2);
      for (let i = 0; i < x.length; i++) {
        let v = 0;
        for (let n = 1; n <= 4; n++) {
          v += ic.amplitudes[n - 1] * Math.sin(2 * Math.PI * n * ic.counts[n - 1] * x[i] + ic.phases[n - 1]);
        }
        if (ic.absApplied) v = ic.sign * Math.abs(v);
        if (ic.window) {
          v *= 0.5 * (Math.tanh((x[i] - ic.window.xL) / 0.01) - Math.tanh((x[i] - ic.window.xR) / 0.01));
        }
        expect(ic.u[i]).toBeCloseTo(v, 12);
      }
    }
  });

  it('has the documented frequencies: window ≈ p, |u| ≈ 0.1, modes uniform, edges in range', () => {
    const x = cellCentres(16);
    const draws = 20_000;
    for (const pWindow of [0.1, 0.5]) {
      const rng = createRng(Math.round(pWindow * 100));
      let windows = 0;
      let abs = 0;
      let negative = 0;
      const hit = [0, 0, 0, 0];
      for (let d = 0; d < draws; d++) {
        const ic = randomInitialCondition(rng, x, { pWindow });
        if (ic.window) {
          windows++;
          expect(ic.window.xL).toBeGreaterThanOrEqual(0.1);
          expect(ic.window.xL).toBeLessThan(0.45);
          expect(ic.window.xR).toBeGreaterThanOrEqual(0.55);
          expect(ic.window.xR).toBeLessThan(0.9);
        }
        if (ic.absApplied) {
          abs++;
          if (ic.sign < 0) negative++;
        }
        ic.counts.forEach((c, n) => {
          if (c > 0) hit[n]++;
        });
      }
      // Tolerances: 5 binomial standard errors.
      const within = (k: number, n: number, p: number): void => {
        expect(Math.abs(k / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      };
      within(windows, draws, pWindow);
      within(abs, draws, 0.1);
      within(negative, abs, 0.5);
      // P(mode n drawn at least once in two draws) = 1 − (3/4)² = 7/16.
      for (const h of hit) within(h, draws, 7 / 16);
    }
  });

  it('gives a one-signed field after |u| and a field that vanishes outside the window', () => {
    const x = cellCentres(128);
    const absIc = randomInitialCondition(createRng(1), x, { pAbs: 1 });
    const s = absIc.sign;
    for (const v of absIc.u) expect(v * s).toBeGreaterThanOrEqual(0);
    const win = randomInitialCondition(createRng(2), x, { pWindow: 1 });
    expect(win.window).not.toBeNull();
    const { xL, xR } = win.window!;
    x.forEach((xi, i) => {
      if (xi < xL - 0.1 || xi > xR + 0.1) expect(Math.abs(win.u[i])).toBeLessThan(1e-7);
    });
  });

  it('is reproducible from the seed and uses kTot and the domain for CFD settings', () => {
    const x = cellCentres(32, -1, 2);
    const opts = { kTot: 3, pWindow: 0.5, x0: -1, length: 2 };
    const a = randomInitialCondition(createRng(9), x, opts);
    const b = randomInitialCondition(createRng(9), x, opts);
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
    expect(a.counts).toHaveLength(3);
    // Periodic on [−1, 1]: the sum of sines repeats after L = 2 (u(x0) = u(x0 + L)).
    const ends = randomInitialCondition(createRng(9), Float64Array.of(-1, 1), { ...opts, pWindow: 0 });
    expect(ends.u[0]).toBeCloseTo(ends.u[1], 12);
  });
});

describe('scaleToUnitInterval', () => {
  it('maps min to 0 and max to 1 affinely, and a constant field to 0.5', () => {
    const u = Float64Array.of(-2, 0, 2, 1);
    scaleToUnitInterval(u);
    expect(Array.from(u)).toEqual([0, 0.5, 1, 0.75]);
    const c = Float64Array.of(3, 3);
    scaleToUnitInterval(c);
    expect(Array.from(c)).toEqual([0.5, 0.5]);
  });
});
