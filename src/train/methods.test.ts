import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../models/types';
import { balanceEstimates, llrdFactors } from './methods';

const spec = (name: string, block: number | null, role: ParamSpec['role'] = 'matrix'): ParamSpec => ({ name, block, layer: name, role, esd: role === 'matrix' });
// A 3-block encoder in registration (forward) order.
const PARAMS: ParamSpec[] = [
  spec('embed.tok', null, 'embedding'),
  spec('embed.pos', null, 'embedding'),
  spec('blocks.0.attn.q', 0),
  spec('blocks.0.ln1.gamma', 0, 'norm'),
  spec('blocks.1.attn.q', 1),
  spec('blocks.2.attn.q', 2),
  spec('ln_f.gamma', null, 'norm'),
  spec('head', null, 'head'),
];

describe('llrdFactors', () => {
  it('decays by ξ per block from the top: head 1, top block 1, block 0 ξ², embeddings ξ³', () => {
    const f = llrdFactors(PARAMS, 0.5);
    expect(Object.fromEntries(f)).toEqual({
      'embed.tok': 0.125,
      'embed.pos': 0.125,
      'blocks.0.attn.q': 0.25,
      'blocks.0.ln1.gamma': 0.25,
      'blocks.1.attn.q': 0.5,
      'blocks.2.attn.q': 1,
      'ln_f.gamma': 1,
      head: 1,
    });
  });
  it('ξ = 1 is off; a model without blocks is all 1; ξ outside (0, 1] is refused', () => {
    expect([...llrdFactors(PARAMS, 1).values()].every((x) => x === 1)).toBe(true);
    expect([...llrdFactors([spec('a', null), spec('b', null)], 0.3).values()]).toEqual([1, 1]);
    expect(() => llrdFactors(PARAMS, 0)).toThrow(/LLRD factor/);
    expect(() => llrdFactors(PARAMS, 1.5)).toThrow(/LLRD factor/);
  });
});

describe('balanceEstimates', () => {
  const layers = [
    { name: 'a', alpha: 3, lambda_max: 10, stable_rank: 4 },
    { name: 'b', alpha: 5, lambda_max: 2, stable_rank: 7 },
  ];
  it('puts the chosen metric where the scheduler reads α, leaving the input alone', () => {
    expect(balanceEstimates(layers, 'alpha').map((l) => l.alpha)).toEqual([3, 5]);
    expect(balanceEstimates(layers, 'spectral_norm').map((l) => l.alpha)).toEqual([10, 2]);
    expect(balanceEstimates(layers, 'stable_rank').map((l) => l.alpha)).toEqual([4, 7]);
    expect(layers[0].alpha).toBe(3);
  });
});
