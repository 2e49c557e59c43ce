import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../models/types';
import { edgeLayers, estimateVerdict, expandToParams, planUnits, unitKeyOf } from './groups';

const p = (name: string, block: number | null, esd = true, layer = name): ParamSpec => ({
  name,
  block,
  layer,
  role: esd ? 'matrix' : 'bias',
  esd,
});

describe('edgeLayers', () => {
  it('FNO shape: block-less matrices before / after the blocks', () => {
    // lifting P (before), 2 Fourier layers, projection Q1, Q2 (after).
    const ps = [p('lift', null), p('lift.bias', null, false, 'lift'), p('f0.spec', 0), p('f0.w', 0), p('f1.spec', 1), p('q1', null), p('q2', null)];
    const { first, last } = edgeLayers(ps);
    expect([...first]).toEqual(['lift']);
    expect([...last].sort()).toEqual(['q1', 'q2']);
  });

  it('UNet shape: the first conv sits in level 0 and is still the first layer', () => {
    const ps = [p('enc.0.conv1', 0), p('enc.0.conv1.bias', 0, false, 'enc.0.conv1'), p('enc.0.conv2', 0), p('dec.0.up', 0), p('head', null)];
    const { first, last } = edgeLayers(ps);
    expect([...first]).toEqual(['enc.0.conv1']);
    expect([...last]).toEqual(['head']);
  });

  it('no block indices: first and last ESD matrix (authors’ rule)', () => {
    const { first, last } = edgeLayers([p('a', null), p('a.b', null, false, 'a'), p('b', null), p('c', null)]);
    expect([...first]).toEqual(['a']);
    expect([...last]).toEqual(['c']);
  });
});

describe('estimateVerdict', () => {
  it('separates the reasons a matrix is not scheduled', () => {
    expect(estimateVerdict(undefined, 50)).toBe('no-metrics');
    expect(estimateVerdict({ name: 'x', alpha: 3, n_eigs: 64, status: 'ok' }, 50)).toBe('scheduled');
    expect(estimateVerdict({ name: 'x', alpha: 3, n_eigs: 49, status: 'ok' }, 50)).toBe('too-few-eigs');
    expect(estimateVerdict({ name: 'x', alpha: 3, n_eigs: 64, status: 'too-few' }, 50)).toBe('too-few-eigs');
    expect(estimateVerdict({ name: 'x', alpha: Number.NaN, n_eigs: 64, status: 'ok' }, 50)).toBe('fit-failed');
    expect(estimateVerdict({ name: 'x', alpha: Number.NaN, n_eigs: 0, status: 'not-finite' }, 50)).toBe('not-finite');
  });
});

describe('planUnits / expandToParams', () => {
  const ps = [p('emb', null), p('b0.q', 0), p('b0.k', 0), p('b0.ln', 0, false, 'b0.q'), p('b1.q', 1), p('head', null)];
  const ests = [
    { name: 'emb', alpha: 8, n_eigs: 64, status: 'ok' as const },
    { name: 'b0.q', alpha: 2, n_eigs: 64, status: 'ok' as const },
    { name: 'b0.k', alpha: 5, n_eigs: 64, status: 'ok' as const },
    { name: 'b1.q', alpha: 4, n_eigs: 64, status: 'ok' as const },
    { name: 'head', alpha: 8, n_eigs: 64, status: 'ok' as const },
  ];

  it('block mode averages α per block in model order', () => {
    // Block 0: (2 + 5)/2 = 3.5; block 1: 4. Embedding/head removed by default.
    const plan = planUnits(ps, ests, { unit: 'block', removeFirstLayer: true, removeLastLayer: true, eigsThresh: 50 });
    expect(plan.units.map((u) => [u.key, u.alpha, u.layers.length])).toEqual([
      ['block:0', 3.5, 2],
      ['block:1', 4, 1],
    ]);
  });

  it('block mode: a kept block-less matrix is "no-block", never a unit', () => {
    const plan = planUnits(ps, ests, { unit: 'block', removeFirstLayer: false, removeLastLayer: true, eigsThresh: 50 });
    expect(plan.layers.find((l) => l.name === 'emb')?.verdict).toBe('no-block');
    expect(plan.units.length).toBe(2);
  });

  it('expandToParams: followers take their unit ratio, the rest 1', () => {
    const layerRatios = new Map([['b0.q', 0.7]]);
    const r = expandToParams(ps, layerRatios, 'layer');
    expect(r.get('b0.ln')).toBe(0.7);
    expect(r.get('b0.k')).toBe(1);
    const blockRatios = new Map([['block:0', 1.3]]);
    const rb = expandToParams(ps, blockRatios, 'block');
    expect([rb.get('b0.q'), rb.get('b0.k'), rb.get('b0.ln'), rb.get('b1.q'), rb.get('emb')]).toEqual([1.3, 1.3, 1.3, 1, 1]);
    expect(unitKeyOf(p('x', null), 'block')).toBeNull();
  });
});
