import { describe, expect, it } from 'vitest';
import { advectionExact } from './advection';
import { datasetKey, generatePdeDataset, generatePdeSample, type PdeDatasetSpec } from './dataset';
import { nrmse } from './nrmse';

const burgers: PdeDatasetSpec = { equation: 'burgers', params: { nu: 0.01 }, nx: 64, nt: 11, samples: 6, seed: 17 };

describe('generatePdeDataset', () => {
  it('is byte-identical for the same seed and different for another seed', () => {
    const a = generatePdeDataset(burgers);
    const b = generatePdeDataset(burgers);
    expect(Buffer.from(a.u.buffer).equals(Buffer.from(b.u.buffer))).toBe(true);
    const c = generatePdeDataset({ ...burgers, seed: 18 });
    expect(Buffer.from(a.u.buffer).equals(Buffer.from(c.u.buffer))).toBe(false);
  });

  it('nests: the first m samples of a larger set equal the set of m samples', () => {
    const big = generatePdeDataset(burgers);
    const small = generatePdeDataset({ ...burgers, samples: 3 });
    expect(Array.from(small.u)).toEqual(Array.from(big.u.subarray(0, small.u.length)));
    // And sample 4 alone is the same as sample 4 inside the set.
    const s4 = Float32Array.from(generatePdeSample(burgers, 4));
    expect(Array.from(s4)).toEqual(Array.from(big.u.subarray(4 * 11 * 64, 5 * 11 * 64)));
  });

  it('reports progress after each sample and has the documented shapes and grids', () => {
    const calls: [number, number][] = [];
    const ds = generatePdeDataset({ ...burgers, samples: 3 }, (d, t) => calls.push([d, t]));
    expect(calls).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(ds.u.length).toBe(3 * 11 * 64);
    expect(ds.channels).toBe(1);
    expect(ds.t[0]).toBe(0);
    expect(ds.t[10]).toBe(2); // Burgers: PDEBench span t ∈ [0, 2]
    expect(ds.x[0]).toBeCloseTo(0.5 / 64, 15);
    for (const v of ds.u) expect(Number.isFinite(v)).toBe(true);
  });

  it('advection data track the exact solution u₀(x − βt) (nRMSE small after a full run)', () => {
    const spec: PdeDatasetSpec = { equation: 'advection', params: { beta: 0.4 }, nx: 256, nt: 5, samples: 2, seed: 3 };
    const ds = generatePdeDataset(spec);
    // Reference: the exact shift of each sample's own t = 0 frame, by periodic linear interpolation.
    const exact = new Float64Array(ds.u.length);
    for (let s = 0; s < 2; s++) {
      const u0 = ds.u.subarray(s * 5 * 256, s * 5 * 256 + 256);
      const interp = (y: number): number => {
        const p = y * 256 - 0.5;
        const i = Math.floor(p);
        const w = p - i;
        return (1 - w) * u0[(i + 256) % 256] + w * u0[(i + 1) % 256];
      };
      ds.t.forEach((t, f) => exact.set(advectionExact(interp, 0.4, t, ds.x), (s * 5 + f) * 256));
    }
    const r = nrmse(ds.u, exact, { samples: 2, times: 5, channels: 1, nx: 256 }, 1);
    expect(r.mean).toBeLessThan(0.02);
  });

  it('reaction–diffusion data stay in [0, 1] and span t ∈ [0, 1]', () => {
    const ds = generatePdeDataset({ equation: 'reaction-diffusion', params: { nu: 0.5, rho: 10 }, nx: 64, nt: 6, samples: 4, seed: 1 });
    expect(ds.t[5]).toBe(1);
    for (const v of ds.u) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('CFD data are [samples, nt, 3, nx] with positive ρ, p on [−1, 1], and nest like the others', () => {
    const spec: PdeDatasetSpec = { equation: 'cfd', params: { eta: 0.01, zeta: 0.01, mach: 1 }, nx: 64, nt: 3, samples: 2, seed: 4 };
    const ds = generatePdeDataset(spec);
    expect(ds.channels).toBe(3);
    expect(ds.u.length).toBe(2 * 3 * 3 * 64);
    expect(ds.x[0]).toBeCloseTo(-1 + 1 / 64, 15);
    expect(ds.t[2]).toBe(1);
    for (let s = 0; s < 2; s++) {
      for (let f = 0; f < 3; f++) {
        for (const c of [0, 2]) {
          const off = ((s * 3 + f) * 3 + c) * 64;
          for (const v of ds.u.subarray(off, off + 64)) expect(v).toBeGreaterThan(0);
        }
      }
    }
    const one = generatePdeDataset({ ...spec, samples: 1 });
    expect(Array.from(one.u)).toEqual(Array.from(ds.u.subarray(0, one.u.length)));
  });

  it('rejects invalid specs', () => {
    expect(() => generatePdeDataset({ ...burgers, nx: 100 })).toThrow(/power of two/);
    expect(() => generatePdeDataset({ ...burgers, nt: 0 })).toThrow(/nt/);
    expect(() => generatePdeDataset({ ...burgers, params: { nu: -1 } })).toThrow(/nu/);
    expect(() => generatePdeDataset({ equation: 'advection', params: { beta: NaN }, nx: 64, nt: 2, samples: 1, seed: 0 })).toThrow(/beta/);
    expect(() => generatePdeDataset({ equation: 'cfd', params: { eta: 0, zeta: 0, mach: -1 }, nx: 64, nt: 2, samples: 1, seed: 0 })).toThrow(/mach/);
  });
});

describe('datasetKey', () => {
  it('is stable, ignores the sample count and parameter order, and changes with everything else', () => {
    const key = datasetKey(burgers);
    expect(key).toBe('pde-v1|burgers|nu=0.01|nx=64|nt=11|tEnd=2|seed=17');
    expect(datasetKey({ ...burgers, samples: 1000 })).toBe(key);
    const rd1 = datasetKey({ equation: 'reaction-diffusion', params: { nu: 1, rho: 5 }, nx: 128, nt: 21, samples: 1, seed: 0 });
    const rd2 = datasetKey({ equation: 'reaction-diffusion', params: { rho: 5, nu: 1 }, nx: 128, nt: 21, samples: 1, seed: 0 });
    expect(rd1).toBe(rd2);
    const variants = [
      { ...burgers, seed: 18 },
      { ...burgers, nx: 128 },
      { ...burgers, nt: 41 },
      { ...burgers, tEnd: 1 },
      { ...burgers, params: { nu: 0.1 } },
    ];
    for (const v of variants) expect(datasetKey(v)).not.toBe(key);
  });
});
