/**
 * UNet 1-D: shapes, shift equivariance (an identity of circular conv + pooling by 2 per level),
 * gradients against finite differences, naming/blocks, seeding and tensor leaks.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { buildUnet, type UnetConfig } from './unet';
import { expectModelGradientsMatch, expectNoPdeTrainingLeaks, expectSeededInit, maxAbsDiff, randomTensor, useCpuBackend } from '../../test/support/modelTestkit';

const SMALL: Partial<UnetConfig> = { nx: 16, inFrames: 3, outFrames: 2, levels: 2, features: 4 };

useCpuBackend();

describe('buildUnet', () => {
  it('maps [batch, inFrames, nx] to [batch, outFrames, nx], with and without norms', () => {
    for (const norm of [true, false]) {
      const model = buildUnet({ ...SMALL, norm }, 1);
      tf.tidy(() => {
        expect(model.apply(tf.ones([3, 3, 16]), false).shape).toEqual([3, 2, 16]);
      });
      model.dispose();
    }
    expect(() => buildUnet({ ...SMALL, nx: 18 }, 1)).toThrow(/divisible/);
  });

  it('is equivariant to circular shifts by 2^levels (and not, in general, to a shift by 1)', () => {
    const model = buildUnet(SMALL, 2);
    const rng = createRng(41);
    tf.tidy(() => {
      const x = randomTensor(rng, [1, 3, 16]);
      const roll = (t: tf.Tensor, s: number) => tf.concat([tf.slice(t, [0, 0, 16 - s], [-1, -1, s]), tf.slice(t, [0, 0, 0], [-1, -1, 16 - s])], 2);
      const y = model.apply(x, false);
      expect(maxAbsDiff(model.apply(roll(x, 4), false).dataSync(), roll(y, 4).dataSync())).toBeLessThan(1e-5);
      // Pooling breaks equivariance for odd shifts: the identity above is not vacuous.
      expect(maxAbsDiff(model.apply(roll(x, 1), false).dataSync(), roll(y, 1).dataSync())).toBeGreaterThan(1e-3);
    });
    model.dispose();
  });

  it('names are unique; levels are blocks (enc/dec share them, bottleneck = levels, head = null)', async () => {
    const model = buildUnet(SMALL, 3);
    const names = model.params.map((p) => p.spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of model.params) {
      const m = /^(?:enc|dec)\.(\d+)\./.exec(p.spec.name);
      const expected = m ? Number(m[1]) : p.spec.name.startsWith('bottleneck') ? 2 : null;
      expect(p.spec.block, p.spec.name).toBe(expected);
      expect(names).toContain(p.spec.layer);
    }
    const snap = await model.esdSnapshot();
    expect(snap.map((s) => [s.name, s.shape])).toEqual([
      ['enc.0.conv1', [3, 3, 4]],
      ['enc.0.conv2', [3, 4, 4]],
      ['enc.1.conv1', [3, 4, 8]],
      ['enc.1.conv2', [3, 8, 8]],
      ['bottleneck.conv1', [3, 8, 16]],
      ['bottleneck.conv2', [3, 16, 16]],
      ['dec.1.up', [2, 16, 8]],
      ['dec.1.conv1', [3, 16, 8]],
      ['dec.1.conv2', [3, 8, 8]],
      ['dec.0.up', [2, 8, 4]],
      ['dec.0.conv1', [3, 8, 4]],
      ['dec.0.conv2', [3, 4, 4]],
      ['head', [1, 4, 2]],
    ]);
    expect(names).toContain('enc.0.norm1.gamma');
    model.dispose();
  });

  it('same seed ⇒ identical initial weights; another seed ⇒ different ones', () => {
    expectSeededInit((seed) => buildUnet(SMALL, seed));
  });

  it('whole-model gradients match finite differences on sampled coordinates', () => {
    // nx 8 keeps the ~200 loss evaluations fast on the cpu backend.
    const model = buildUnet({ ...SMALL, nx: 8, norm: false }, 7);
    expectModelGradientsMatch(model, createRng(42), [2, 3, 8], [2, 2, 8]);
    model.dispose();
  });

  it('no tensor leaks over 50 forward+backward steps; dispose frees everything it made', () => {
    expectNoPdeTrainingLeaks(() => buildUnet({ ...SMALL, nx: 8 }, 8), createRng(43), [1, 3, 8], [1, 2, 8]);
  });
});
