// Identities of the synthetic-matrix helpers: QR reproduces A with orthonormal Q; a planted
// spectrum is recovered by an independent SVD (ml-matrix); Pareto quantiles have Hill's α.
import { SingularValueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/math/random';
import { householderQr, powerLawEigenvalues, randomOrthonormal, withSingularValues } from './orthogonal';

describe('householderQr', () => {
  it('Q has orthonormal columns and QᵀA is upper triangular with diagonal R', () => {
    const rng = createRng(1);
    const [m, n] = [9, 4];
    const a = Float64Array.from({ length: m * n }, () => rng.normal());
    const { q, rDiag } = householderQr(a, m, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let qtq = 0;
        let qta = 0;
        for (let k = 0; k < m; k++) {
          qtq += q[k * n + i] * q[k * n + j];
          qta += q[k * n + i] * a[k * n + j];
        }
        expect(qtq).toBeCloseTo(i === j ? 1 : 0, 12);
        if (i > j) expect(qta).toBeCloseTo(0, 12);
        if (i === j) expect(qta).toBeCloseTo(rDiag[i], 12);
      }
    }
  });

  it('randomOrthonormal is deterministic per seed', () => {
    expect(randomOrthonormal(6, 3, createRng(4))).toEqual(randomOrthonormal(6, 3, createRng(4)));
    expect(randomOrthonormal(6, 3, createRng(4))).not.toEqual(randomOrthonormal(6, 3, createRng(5)));
  });
});

describe('withSingularValues', () => {
  it('plants the requested singular values (checked by ml-matrix SVD)', () => {
    const sigma = [5, 3, 2, 0.5, 0.1];
    const w = withSingularValues(8, 5, sigma, createRng(2));
    const rows = Array.from({ length: 8 }, (_, i) => Array.from(w.subarray(i * 5, i * 5 + 5)));
    const svd = new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false });
    svd.diagonal.forEach((s, k) => expect(s).toBeCloseTo(sigma[k], 10));
  });
});

describe('powerLawEigenvalues', () => {
  it('has Hill estimate ≈ α on the top half (the median fit of docs/METHOD.md §2)', () => {
    for (const alpha of [1.6, 2.5, 4]) {
      const l = powerLawEigenvalues(128, alpha);
      const i = 64;
      let s = 0;
      for (let j = i; j < 128; j++) s += Math.log(l[j] / l[i]);
      expect(1 + (128 - i) / s).toBeCloseTo(alpha, 0);
      expect(l[0]).toBeLessThan(l[127]);
    }
  });
});
