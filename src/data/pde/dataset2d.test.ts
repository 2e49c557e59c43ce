/**
 * The 2-D datasets (Darcy flow, 2-D compressible flow) through generatePdeDataset: layout, channels,
 * determinism and nesting, that the stored pressure solves the stored coefficient's problem, and spec checks.
 */
import { describe, expect, it } from 'vitest';
import { cellsPerFrame, generatePdeDataset, pdeChannels, type PdeDatasetSpec } from './dataset';
import { solveDarcy } from './darcy';

const darcy: PdeDatasetSpec = { equation: 'darcy', params: { beta: 1 }, nx: 16, nt: 1, samples: 3, seed: 4 };
const cfd2d: PdeDatasetSpec = { equation: 'cfd2d', params: { mach: 0.5 }, nx: 8, nt: 3, samples: 2, seed: 4, tEnd: 0.2 };

describe('2-D PDE datasets', () => {
  it('stores Darcy samples as [samples, 1, (a, u), nx, nx] with u solving a’s problem', () => {
    const ds = generatePdeDataset(darcy);
    const cells = cellsPerFrame(darcy);
    expect(cells).toBe(256);
    expect(ds.channels).toBe(2);
    expect(ds.u.length).toBe(3 * 2 * cells);
    for (let s = 0; s < 3; s++) {
      const a = ds.u.subarray(s * 2 * cells, s * 2 * cells + cells);
      expect(a.every((v) => v === 3 || v === 12)).toBe(true);
      const u = ds.u.subarray(s * 2 * cells + cells, (s + 1) * 2 * cells);
      const ref = solveDarcy(a, 1).u;
      for (let k = 0; k < cells; k++) expect(Math.abs(u[k] - ref[k])).toBeLessThan(1e-6 * Math.max(...ref));
    }
    // Different samples differ; the same spec repeats; a smaller set is a prefix.
    expect(ds.u.subarray(0, cells)).not.toEqual(ds.u.subarray(2 * cells, 3 * cells));
    expect(generatePdeDataset(darcy).u).toEqual(ds.u);
    expect(generatePdeDataset({ ...darcy, samples: 1 }).u).toEqual(ds.u.subarray(0, 2 * cells));
  });

  it('stores 2-D CFD as [samples, nt, (ρ, vx, vy, p), nx, nx] with frame 0 the initial state', () => {
    const ds = generatePdeDataset(cfd2d);
    expect(pdeChannels('cfd2d')).toBe(4);
    expect(ds.u.length).toBe(2 * 3 * 4 * 64);
    expect(Array.from(ds.t)).toEqual([0, 0.1, 0.2].map((v) => expect.closeTo(v, 12)));
    const rho0 = ds.u.subarray(0, 64);
    expect(Math.min(...rho0)).toBeGreaterThanOrEqual(0.5 - 1e-6);
    expect(Math.max(...rho0)).toBeLessThanOrEqual(1.5 + 1e-6);
    // Mass is conserved between frames (float32 storage).
    const mass = (f: number) => ds.u.subarray(f * 256, f * 256 + 64).reduce((s, v) => s + v, 0);
    expect(Math.abs(mass(2) - mass(0))).toBeLessThan(1e-4);
  });

  it('rejects bad 2-D specs', () => {
    expect(() => generatePdeDataset({ ...darcy, nt: 2 })).toThrow(/steady/);
    expect(() => generatePdeDataset({ ...darcy, params: { beta: 0 } })).toThrow(/beta/);
    expect(() => generatePdeDataset({ ...cfd2d, params: { mach: -1 } })).toThrow(/mach/);
    expect(() => generatePdeDataset({ ...cfd2d, nx: 512 })).toThrow(/256/);
  });
});
