// public/sample.safetensors: committed bytes = generator output (seeded), and the planted spectra
// come back out of the reader + numerics: ESD = planted σ² and α ≈ the planted exponent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '../../src/io/source';
import { inspectWeights, readWeights } from '../../src/io/weights';
import { alphaReading } from '../../src/io/report';
import { analyzeTensor } from '../../src/math/analyze';
import { powerLawEigenvalues } from '../../scripts/lib/orthogonal';
import { SAMPLE_LAYOUT, makeSample } from '../../scripts/make-sample';

const committed = new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'sample.safetensors')));

describe('public/sample.safetensors', () => {
  it('is exactly what `npm run sample` writes (regenerate and commit if this fails)', () => {
    const fresh = makeSample();
    expect(fresh.length).toBe(committed.length);
    expect(Buffer.from(fresh).equals(Buffer.from(committed))).toBe(true);
    expect(committed.length).toBeLessThan(1.5e6);
  });

  it('declares tfjs layout and its generator, and skips only 1-D tensors', async () => {
    const info = await inspectWeights('sample.safetensors', fromBytes(committed));
    expect(info.metadata).toMatchObject({ layout: 'tfjs', generator: 'scripts/make-sample.ts' });
    expect(info.tensors.map((t) => t.name)).toEqual(SAMPLE_LAYOUT.map((t) => t.name));
    expect(info.tensors.filter((t) => !t.layer).every((t) => t.shape.length === 1)).toBe(true);
    expect(new Set(info.tensors.map((t) => t.dtype))).toEqual(new Set(['F32', 'F16', 'BF16', 'F64']));
  });

  it('recovers the planted spectra: ESD = σ² and α near the planted exponent; every HT-SR band is present', async () => {
    const bands = new Set<string>();
    for await (const t of readWeights('sample.safetensors', fromBytes(committed))) {
      const spec = SAMPLE_LAYOUT.find((s) => s.name === t.name)!;
      const { metrics, evals } = analyzeTensor(t);
      bands.add(alphaReading(metrics.alpha));
      if (spec.recipe.kind === 'gaussian') {
        expect(metrics.alpha).toBeGreaterThan(6); // Marchenko–Pastur bulk reads as random-like
        continue;
      }
      if (spec.recipe.kind !== 'powerlaw') continue;
      const planted = spec.recipe.alpha;
      if (t.name !== 'head') expect(Math.abs(metrics.alpha - planted)).toBeLessThan(0.05 * planted + 0.1);
      if (spec.dtype === 'F32' && t.shape.length === 2) {
        // The ESD up to scale is the power-law quantile set the generator planted (float32 rounding only).
        const n = evals.length;
        const ref = powerLawEigenvalues(n, planted);
        const ratio = evals[n >> 1] / ref[n >> 1];
        for (let k = 0; k < n; k++) expect(evals[k] / (ref[k] * ratio)).toBeCloseTo(1, 4);
      }
    }
    expect(bands).toEqual(new Set(['heavy-tailed', 'well-trained', 'random-like']));
  });
});
