import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../experiment/schema';
import { assignLayerRates } from '../../train/tempbalance';
import { fakeLayer, fakeRunEvents } from '../../../test/support/fakeEvents';
import { initialLabState, labReducer, type LabState, type RunLabel } from './labState';
import { assignConfigOf } from '../../experiment/assign';
import { alphaBarRows, alphasUnder, alphaSpread, evalRows, lossRows, lrRows, mappingCurve, spreadRows } from './series';

function compareState(steps = 40): LabState {
  let s = labReducer(initialLabState, { type: 'start', runs: [{ label: 'baseline', runId: 1 }, { label: 'tempbalance', runId: 2 }] });
  for (const [label, runId] of [['baseline', 1], ['tempbalance', 2]] as [RunLabel, number][]) {
    for (const event of fakeRunEvents({ runId, label, steps })) s = labReducer(s, { type: 'event', runLabel: label, event });
  }
  return s;
}

describe('chart series', () => {
  it('α bars hold the first and the latest α of every layer of both runs', () => {
    const s = compareState();
    const rows = alphaBarRows({ baseline: s.runs.baseline!.initialLayers, tempbalance: s.runs.tempbalance!.initialLayers }, { baseline: s.runs.baseline!.layers, tempbalance: s.runs.tempbalance!.layers });
    const tb = s.runs.tempbalance!;
    expect(rows.map((r) => r.name)).toEqual(tb.layers.map((m) => m.name));
    rows.forEach((r, i) => {
      expect(r.tempbalance).toBe(tb.layers[i].alpha);
      expect(r.tempbalanceInitial).toBe(tb.initialLayers[i].alpha);
      expect(r.baseline).toBe(s.runs.baseline!.layers[i].alpha);
    });
  });

  it('α under an estimator: the per-estimator α when the run has them, else its own α only for its own estimator', () => {
    const layers = [fakeLayer('a', 3), fakeLayer('b', 5)];
    const estimates = [{ hill: 3, farms: 2.1 }, { hill: 5, farms: NaN }];
    expect(alphasUnder(layers, estimates, 'farms', 'hill')!.map((m) => m.alpha)).toEqual([2.1, NaN]);
    expect(alphasUnder(layers, estimates, 'hill', 'farms')!.map((m) => m.alpha)).toEqual([3, 5]);
    expect(alphasUnder(layers, estimates, 'farms', 'hill')![0]).toMatchObject({ name: 'a', shape: [64, 64] });
    // Without estimates (a log saved before they existed): the run's own estimator is its α, the other nothing.
    expect(alphasUnder(layers, [], 'hill', 'hill')).toBe(layers);
    expect(alphasUnder(layers, [], 'farms', 'hill')!.every((m) => Number.isNaN(m.alpha))).toBe(true);
    // An estimate missing for one layer (its analysis failed) is NaN, and the bar chart leaves it out.
    const rows = alphaBarRows({}, { baseline: alphasUnder(layers, [null, { farms: 2.4 }], 'farms', 'hill') });
    expect(rows.map((r) => r.baseline)).toEqual([null, 2.4]);
    expect(alphasUnder(undefined, undefined, 'farms', 'hill')).toBeUndefined();
  });

  it('α spread is the population standard deviation (numpy std, ddof=0) of finite α', () => {
    // np.std([2, 4, 4, 4, 5, 5, 7, 9]) == 2.0
    const alphas = Object.fromEntries([2, 4, 4, 4, 5, 5, 7, 9].map((a, i) => [`l${i}`, a]));
    const snap = { step: 0, alphas: { ...alphas, broken: NaN }, ratios: {}, units: [], globalLr: 1, applied: false };
    expect(alphaSpread(snap)).toBeCloseTo(2, 12);
    // Restricted to the scheduled units' members.
    const units = [{ key: 'block:0', block: 0, layers: ['l0', 'l7'], alpha: 5.5, ratio: 1 }];
    expect(alphaSpread({ ...snap, units })).toBeCloseTo(3.5, 12);
    // Each α passes through the adjustment first: subtracting 3 from l7 only gives np.std([2, 6]) == 2.
    expect(alphaSpread({ ...snap, units }, (n, x) => (n === 'l7' ? x - 3 : x))).toBeCloseTo(2, 12);
    expect(alphaSpread({ ...snap, units }, () => NaN)).toBeNull();
    const c = compareState();
    expect(spreadRows({ baseline: c.runs.baseline!.snapshots, tempbalance: c.runs.tempbalance!.snapshots }).map((r) => r.step)).toEqual([0, 20]);
  });

  it('per-unit learning rate is η_t times the ratio of the latest re-estimate before the step', () => {
    const s = compareState(400);
    const run = s.runs.tempbalance!;
    const { keys, rows } = lrRows(run, 120);
    expect(rows.length).toBeLessThanOrEqual(120);
    for (const row of rows) {
      const step = row.step as number;
      const snap = [...run.snapshots].reverse().find((x) => x.step < step)!;
      const eta = run.losses.find((p) => p.step === step)!.lr;
      expect(row['η_t']).toBe(eta);
      for (const k of keys) expect(row[k]).toBeCloseTo(eta * snap.units.find((u) => u.key === k)!.ratio, 15);
    }
  });

  it('loss and eval rows merge both runs on one step axis and stay under the point cap', () => {
    const s = compareState(1000);
    const rows = lossRows({ baseline: s.runs.baseline!.losses, tempbalance: s.runs.tempbalance!.losses }, 100);
    expect(rows.length).toBeLessThanOrEqual(200);
    for (let i = 1; i < rows.length; i++) expect(rows[i].step).toBeGreaterThan(rows[i - 1].step);
    const ev = evalRows({ baseline: s.runs.baseline!.evaluations, tempbalance: s.runs.tempbalance!.evaluations });
    expect(ev.metricName).toBe('accuracy');
    expect(ev.rows.every((r) => r.baseline !== undefined && r.tempbalance !== undefined)).toBe(true);
  });
});

describe('mappingCurve', () => {
  const units = [2.5, 3.1, 4.0, 5.2, 6.3].map((alpha, i) => ({ key: `u${i}`, alpha }));
  for (const assign of ['linear_map', 'sqrt', 'log2', 'rank', 'sigmoid'] as const) {
    it(`${assign}: the points are assignLayerRates of the units, and the curve passes near them`, () => {
      const cfg = assignConfigOf({ ...defaultConfig(), assign, minRatio: 0.5, sMin: 2, slope: 1 });
      const { curve, points } = mappingCurve(units, cfg, 2001);
      const direct = assignLayerRates(units.map((u) => u.alpha), cfg);
      points.forEach((p, i) => expect(p.ratio).toBe(direct[i]));
      for (const p of points) {
        // The nearest grid point: for continuous maps its ratio is close to the unit's own.
        const near = curve.reduce((b, c) => (Math.abs(c.alpha - p.alpha) < Math.abs(b.alpha - p.alpha) ? c : b));
        const tol = assign === 'rank' ? 0.25 : 0.02;
        expect(Math.abs(near.ratio - p.ratio)).toBeLessThan(tol);
      }
    });
  }

  it('linear_map is exact inside [min α, max α]: the line from (min, s_min) to (max, s_min + slope)', () => {
    const cfg = assignConfigOf({ ...defaultConfig(), assign: 'linear_map', minRatio: 0.6, slope: 0.8 });
    const { curve } = mappingCurve(units, cfg);
    for (const c of curve.filter((c) => c.alpha >= 2.5 && c.alpha <= 6.3)) {
      expect(c.ratio).toBeCloseTo(0.6 + (0.8 * (c.alpha - 2.5)) / (6.3 - 2.5), 12);
    }
  });

  it('has no curve with fewer than two finite α', () => {
    const cfg = assignConfigOf(defaultConfig());
    expect(mappingCurve([{ key: 'a', alpha: 3 }, { key: 'b', alpha: NaN }], cfg).curve).toEqual([]);
  });
});
