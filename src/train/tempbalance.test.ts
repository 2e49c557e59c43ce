import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../models/types';
import type { LayerEstimate } from './groups';
import {
  DEFAULT_TEMPBALANCE,
  TempBalanceScheduler,
  assignLayerRates,
  computeRatios,
  type AssignConfig,
  type TempBalanceConfig,
} from './tempbalance';

const assign = (over: Partial<AssignConfig>): AssignConfig => ({ ...DEFAULT_TEMPBALANCE, ...over });
const rates = (alphas: number[], over: Partial<AssignConfig>): number[] => Array.from(assignLayerRates(alphas, assign(over)));
const close = (got: number[], want: number[], digits = 12): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], digits));
};

describe('assignLayerRates: linear_map', () => {
  it('maps [min α, max α] onto [s_min, s_min + slope]', () => {
    // α = 2, 3, 4, 6; lo 2, hi 6 ⇒ 0.5 + (α − 2)/4 = 0.5, 0.75, 1.0, 1.5.
    close(rates([2, 3, 4, 6], { assignFunc: 'linear_map' }), [0.5, 0.75, 1.0, 1.5]);
    // SciML: s_min 0.6, slope 0.8 ⇒ 0.6 + 0.8(α − 2)/4 = 0.6, 0.8, 1.0, 1.4.
    close(rates([2, 3, 4, 6], { assignFunc: 'linear_map', sMin: 0.6, slope: 0.8 }), [0.6, 0.8, 1.0, 1.4]);
  });

  it('lr_normalize makes the mean ratio 1', () => {
    // Mean of 0.5, 0.75, 1, 1.5 = 3.75/4 = 0.9375 ⇒ 0.5/0.9375 = 8/15, 0.75/0.9375 = 0.8, 16/15, 1.6.
    const r = rates([2, 3, 4, 6], { assignFunc: 'linear_map', lrNormalize: true });
    close(r, [8 / 15, 0.8, 16 / 15, 1.6]);
    expect(r.reduce((s, x) => s + x, 0) / r.length).toBeCloseTo(1, 14);
  });

  it('all α equal, or one layer ⇒ every ratio 1', () => {
    close(rates([3, 3, 3], { assignFunc: 'linear_map' }), [1, 1, 1]);
    close(rates([4], { assignFunc: 'linear_map' }), [1]);
    close(rates([], { assignFunc: 'linear_map' }), []);
  });

  it('NaN / Inf α: ratio 1 and excluded from min and max', () => {
    // Finite α = 2 and 6 only ⇒ 0.5 and 1.5; a NaN must not stretch or poison the range.
    close(rates([2, Number.NaN, 6, Number.POSITIVE_INFINITY], { assignFunc: 'linear_map' }), [0.5, 1, 1.5, 1]);
    // One finite value left ⇒ nothing to balance.
    close(rates([3, Number.NaN], { assignFunc: 'linear_map' }), [1, 1]);
  });
});

describe('assignLayerRates: sqrt, log2, rank', () => {
  it('sqrt: L · √α / Σ√α', () => {
    // √(1, 4, 9) = 1, 2, 3; Σ = 6; L = 3 ⇒ 3/6 · (1, 2, 3) = 0.5, 1, 1.5.
    close(rates([1, 4, 9], { assignFunc: 'sqrt' }), [0.5, 1, 1.5]);
    // NaN excluded from Σ: √(1, 9) = 1, 3; Σ = 4; L = 2 ⇒ 0.5, 1.5.
    close(rates([1, Number.NaN, 9], { assignFunc: 'sqrt' }), [0.5, 1, 1.5]);
  });

  it('log2: L · log2 α / Σ log2 α, with the α ≤ 1 guard', () => {
    // log2(2, 4, 16) = 1, 2, 4; Σ = 7; L = 3 ⇒ 3/7, 6/7, 12/7.
    close(rates([2, 4, 16], { assignFunc: 'log2' }), [3 / 7, 6 / 7, 12 / 7]);
    // α = 1 ⇒ log2 = 0 ⇒ ratio 0 (continuous limit); log2(2, 4) = 1, 2; Σ = 3 ⇒ 0, 1, 2.
    close(rates([1, 2, 4], { assignFunc: 'log2' }), [0, 1, 2]);
    // α = 0.5 ⇒ log2 = −1, clamped to 0 (not a negative rate): same as α = 1.
    close(rates([0.5, 2, 4], { assignFunc: 'log2' }), [0, 1, 2]);
    // Every α ≤ 1 ⇒ Σ = 0 ⇒ every ratio 1 (no division by zero).
    close(rates([0.5, 1], { assignFunc: 'log2' }), [1, 1]);
  });

  it('rank: k-th smallest gets s_min + slope·k/L; ties share the mean', () => {
    // α = 5, 2, 9, 3 ⇒ ranks 2, 0, 3, 1 (L = 4) ⇒ 0.5 + k/4 = 1.0, 0.5, 1.25, 0.75.
    close(rates([5, 2, 9, 3], { assignFunc: 'rank' }), [1.0, 0.5, 1.25, 0.75]);
    // α = 3, 3, 1 ⇒ 1 is rank 0 (0.5); the two 3s tie on ranks 1, 2 ⇒ mean rank 1.5 ⇒ 0.5 + 1.5/3 = 1.
    close(rates([3, 3, 1], { assignFunc: 'rank' }), [1, 1, 0.5]);
    // Same multiset in another order gives the same ratio per α (order-independent).
    close(rates([1, 3, 3], { assignFunc: 'rank' }), [0.5, 1, 1]);
    close(rates([7], { assignFunc: 'rank' }), [1]);
  });
});

describe('assignLayerRates: sigmoid (EMNLP block-wise rule)', () => {
  it('matches f(x) = s·(σ(τx) − ½), ratio 10^f', () => {
    // τ = 1, α = 2.5, 3, 3.5 ⇒ mean 3, x = −0.5, 0, 0.5. σ(0.5) = 1/(1 + e^−0.5) = 0.6224593312.
    // x = 0.5 > 0: f = s_max·0.1224593312 = 0.1224593312 ⇒ 10^f = 1.3257429649.
    // x = −0.5:   f = s_min·(σ(−0.5) − ½) = 2·(−0.1224593312) ⇒ 10^f = 0.5689594794.
    // x = 0:      f = 0 ⇒ 1.
    close(rates([2.5, 3, 3.5], { assignFunc: 'sigmoid', expTemp: 1 }), [0.5689594794, 1, 1.3257429649], 9);
  });

  it('default τ = 10 saturates at 10^(−s_min/2) and 10^(s_max/2)', () => {
    // α = 2, 4 ⇒ x = ∓1; σ(10) = 0.9999546; ratios 10^(−2·0.4999546) = 0.1000209, 10^0.4999546 = 3.1619471.
    const r = rates([2, 4], { assignFunc: 'sigmoid' });
    close(r, [0.10002090868, 3.16194711680], 9);
    expect(r[0]).toBeGreaterThan(0.1);
    expect(r[1]).toBeLessThan(Math.sqrt(10));
  });

  it('all α equal ⇒ 1; GLUE tuning 0.25/0.25 is symmetric', () => {
    close(rates([3, 3], { assignFunc: 'sigmoid' }), [1, 1]);
    // s_min = s_max ⇒ ratios at ±x are reciprocal: r(−x)·r(x) = 10^(s(σ(−τx) + σ(τx) − 1)) = 1.
    const r = rates([2.9, 3.1], { assignFunc: 'sigmoid', sigmoidMin: 0.25, sigmoidMax: 0.25 });
    expect(r[0] * r[1]).toBeCloseTo(1, 14);
    expect(r[0]).toBeLessThan(1);
  });
});

// A two-block model: embeddings, blocks with q (+bias), LayerNorm, ffn.w1, then a head.
function model(blocks: number): ParamSpec[] {
  const ps: ParamSpec[] = [
    { name: 'embed.tok', block: null, layer: 'embed.tok', role: 'embedding', esd: true },
    { name: 'embed.pos', block: null, layer: 'embed.pos', role: 'embedding', esd: true },
  ];
  for (let b = 0; b < blocks; b++) {
    const q = `blocks.${b}.attn.q`;
    ps.push(
      { name: q, block: b, layer: q, role: 'matrix', esd: true },
      { name: `${q}.bias`, block: b, layer: q, role: 'bias', esd: false },
      { name: `blocks.${b}.ln1.gamma`, block: b, layer: q, role: 'norm', esd: false },
      { name: `blocks.${b}.ffn.w1`, block: b, layer: `blocks.${b}.ffn.w1`, role: 'matrix', esd: true },
    );
  }
  ps.push(
    { name: 'head', block: null, layer: 'head', role: 'head', esd: true },
    { name: 'head.bias', block: null, layer: 'head', role: 'bias', esd: false },
  );
  return ps;
}
const est = (name: string, alpha: number, n_eigs = 64, status: LayerEstimate['status'] = 'ok'): LayerEstimate => ({
  name,
  alpha,
  n_eigs,
  status,
});
// Block 0: q α 2, w1 α 4 ⇒ mean 3. Block 1: q α 5, w1 fit failed (NaN) ⇒ mean 5.
// Block 2: q has 10 eigenvalues (< eigs_thresh 50) ⇒ excluded; w1 α 7 ⇒ mean 7. Embeddings/head: α 9.
const estimates: LayerEstimate[] = [
  est('embed.tok', 9),
  est('embed.pos', 9),
  est('blocks.0.attn.q', 2),
  est('blocks.0.ffn.w1', 4),
  est('blocks.1.attn.q', 5),
  est('blocks.1.ffn.w1', Number.NaN, 64, 'degenerate'),
  est('blocks.2.attn.q', 1.5, 10),
  est('blocks.2.ffn.w1', 7),
  est('head', 9),
];
const tb = (over: Partial<TempBalanceConfig>): TempBalanceConfig => ({ ...DEFAULT_TEMPBALANCE, ...over });

describe('computeRatios: units', () => {
  it('block unit: mean α over schedulable matrices, every parameter of the block follows', () => {
    // Block α = 3, 5, 7 ⇒ linear map 0.5 + (α − 3)/4 = 0.5, 1.0, 1.5.
    const u = computeRatios(model(3), estimates, tb({ unit: 'block' }), 0);
    close(u.units.map((x) => x.alpha), [3, 5, 7]);
    const r = u.ratios;
    for (const n of ['blocks.0.attn.q', 'blocks.0.attn.q.bias', 'blocks.0.ln1.gamma', 'blocks.0.ffn.w1']) {
      expect(r.get(n)).toBeCloseTo(0.5, 14);
    }
    expect(r.get('blocks.1.ffn.w1')).toBeCloseTo(1.0, 14); // NaN matrix still follows its block
    expect(r.get('blocks.2.attn.q')).toBeCloseTo(1.5, 14); // so does the too-small one
    for (const n of ['embed.tok', 'embed.pos', 'head', 'head.bias']) expect(r.get(n)).toBe(1);
    expect(r.size).toBe(model(3).length);
  });

  it('layer unit: each matrix its own ratio; biases and norms follow their layer', () => {
    // Schedulable α: 2, 4, 5, 7 ⇒ 0.5 + (α − 2)/5 = 0.5, 0.9, 1.1, 1.5.
    const r = computeRatios(model(3), estimates, tb({ unit: 'layer' }), 0).ratios;
    expect(r.get('blocks.0.attn.q')).toBeCloseTo(0.5, 14);
    expect(r.get('blocks.0.attn.q.bias')).toBeCloseTo(0.5, 14);
    expect(r.get('blocks.0.ln1.gamma')).toBeCloseTo(0.5, 14);
    expect(r.get('blocks.0.ffn.w1')).toBeCloseTo(0.9, 14);
    expect(r.get('blocks.1.attn.q')).toBeCloseTo(1.1, 14);
    expect(r.get('blocks.2.ffn.w1')).toBeCloseTo(1.5, 14);
    // Not scheduled: NaN α, below eigs_thresh, embeddings, head.
    for (const n of ['blocks.1.ffn.w1', 'blocks.2.attn.q', 'blocks.2.attn.q.bias', 'embed.tok', 'head']) {
      expect(r.get(n)).toBe(1);
    }
  });

  it('remove_first_layer = false schedules the embeddings (layer unit)', () => {
    // Schedulable α: 9, 9, 2, 4, 5, 7 ⇒ lo 2, hi 9 ⇒ embeddings 1.5, q0 0.5, w1_0 0.5 + 2/7.
    const r = computeRatios(model(3), estimates, tb({ unit: 'layer', removeFirstLayer: false }), 0).ratios;
    expect(r.get('embed.tok')).toBeCloseTo(1.5, 14);
    expect(r.get('embed.pos')).toBeCloseTo(1.5, 14);
    expect(r.get('blocks.0.ffn.w1')).toBeCloseTo(0.5 + 2 / 7, 14);
    expect(r.get('head')).toBe(1);
  });

  it('reports a verdict for every ESD matrix', () => {
    const u = computeRatios(model(3), estimates, tb({ unit: 'layer' }), 0);
    const v = Object.fromEntries(u.layers.map((l) => [l.name, l.verdict]));
    expect(v['embed.tok']).toBe('first-layer');
    expect(v['head']).toBe('last-layer');
    expect(v['blocks.1.ffn.w1']).toBe('fit-failed');
    expect(v['blocks.2.attn.q']).toBe('too-few-eigs');
    expect(v['blocks.0.attn.q']).toBe('scheduled');
  });

  it('baseline (enabled = false): every ratio 1, units still reported', () => {
    const u = computeRatios(model(3), estimates, tb({ unit: 'block', enabled: false }), 0);
    expect(u.applied).toBe(false);
    expect([...u.ratios.values()].every((x) => x === 1)).toBe(true);
    expect(u.units.length).toBe(3);
  });
});

describe('TempBalanceScheduler', () => {
  it('re-estimates on the cadence, holds ratios in between, scales by η_t', () => {
    const s = new TempBalanceScheduler(model(3), tb({ unit: 'block', esdInterval: 4 }));
    expect([0, 1, 3, 4, 8, 9].map((t) => s.shouldReestimate(t, false))).toEqual([true, false, false, true, true, false]);
    expect(s.ratio('blocks.0.attn.q')).toBe(1); // before any estimate: baseline
    s.update(0, estimates);
    // Held until the next update; lr = η_t · ratio (block 2 ratio 1.5).
    expect(s.lr('blocks.2.ln1.gamma', 0.01)).toBeCloseTo(0.015, 15);
    expect(s.lr('head', 0.01)).toBe(0.01);
    expect(s.ratio('no.such.param')).toBe(1);
    // A new estimate replaces the ratios: now all blocks equal ⇒ all 1.
    s.update(4, estimates.map((e) => ({ ...e, alpha: 3 })));
    expect(s.ratio('blocks.2.ln1.gamma')).toBe(1);
  });

  it("esd_interval 'epoch' follows epoch ends", () => {
    const s = new TempBalanceScheduler(model(1), tb({ esdInterval: 'epoch' }));
    expect(s.shouldReestimate(0, false)).toBe(true);
    expect(s.shouldReestimate(5, false)).toBe(false);
    expect(s.shouldReestimate(5, true)).toBe(true);
  });

  it('after_warm: ratios stay 1 during warm-up, balancing starts at its end', () => {
    const s = new TempBalanceScheduler(model(3), tb({ unit: 'block', afterWarm: true, warmupSteps: 10, esdInterval: 100 }));
    expect(s.shouldReestimate(10, false)).toBe(true); // end of warm-up, off the 100-step grid
    const early = s.update(5, estimates);
    expect(early.applied).toBe(false);
    expect(s.ratio('blocks.0.attn.q')).toBe(1);
    const late = s.update(10, estimates);
    expect(late.applied).toBe(true);
    expect(s.ratio('blocks.0.attn.q')).toBeCloseTo(0.5, 14);
  });
});
