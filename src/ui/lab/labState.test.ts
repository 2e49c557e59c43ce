import { describe, expect, it } from 'vitest';
import type { FromTrainer } from '../../workers/trainProtocol';
import { farmsOf, fakeRunEvents } from '../../../test/support/fakeEvents';
import { fractionDone, initialLabState, labReducer, timeLeftMs, type LabState, type RunLabel } from './labState';

function feed(state: LabState, label: RunLabel, events: FromTrainer[], at = 0): LabState {
  return events.reduce((s, event, i) => labReducer(s, { type: 'event', runLabel: label, event, at: at + i * 100 }), state);
}
const started = (ids: Partial<Record<RunLabel, number>>) =>
  labReducer(initialLabState, { type: 'start', runs: Object.entries(ids).map(([label, runId]) => ({ label: label as RunLabel, runId: runId! })) });

describe('labReducer', () => {
  it('folds a whole run: every step, every re-estimate, first and latest metrics, final result', () => {
    const events = fakeRunEvents({ runId: 7, label: 'tempbalance', steps: 40, interval: 20 });
    const s = feed(started({ tempbalance: 7 }), 'tempbalance', events);
    const run = s.runs.tempbalance!;
    expect(run.status).toBe('done');
    expect(run.losses.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const esd = events.filter((e) => e.kind === 'esd');
    expect(run.snapshots.map((x) => x.step)).toEqual([0, 20]);
    expect(run.initialLayers).toBe(esd[0].layers);
    expect(run.layers).toBe(esd[1].layers);
    expect(run.evaluations.map((e) => e.step)).toEqual([20, 40]);
    expect(run.final?.test.split).toBe('test');
    expect(run.backend?.name).toBe('wasm');
  });

  it('drops events of a run that was reset (stale run id) and of labels that are not running', () => {
    const old = fakeRunEvents({ runId: 1, label: 'baseline' });
    let s = feed(started({ baseline: 2 }), 'baseline', old);
    expect(s.runs.baseline!.losses).toHaveLength(0);
    expect(s.runs.baseline!.status).toBe('preparing');
    s = feed(s, 'tempbalance', fakeRunEvents({ runId: 2, label: 'tempbalance' }));
    expect(s.runs.tempbalance).toBeUndefined();
  });

  it('gives the same state whether events come one by one or batched per frame', () => {
    const events = fakeRunEvents({ runId: 3, label: 'baseline' });
    const one = feed(started({ baseline: 3 }), 'baseline', events);
    const batched = labReducer(started({ baseline: 3 }), { type: 'batch', items: events.map((event, i) => ({ type: 'event', runLabel: 'baseline', event, at: i * 100 })) });
    expect(batched).toEqual(one);
  });

  it('estimates time left from the phase rate, then from ms per step', () => {
    let s = started({ baseline: 1 });
    const p = (done: number): FromTrainer => ({ kind: 'progress', runId: 1, phase: 'data', done, total: 10, message: '' });
    s = labReducer(s, { type: 'event', runLabel: 'baseline', event: p(0), at: 1000 });
    s = labReducer(s, { type: 'event', runLabel: 'baseline', event: p(4), at: 3000 });
    // 4 of 10 in 2 s ⇒ 6 more take 3 s.
    expect(timeLeftMs(s.runs.baseline!)).toBeCloseTo(3000, 9);
    expect(fractionDone(s.runs.baseline!)).toBeCloseTo(0.4, 12);
    const events = fakeRunEvents({ runId: 1, label: 'baseline', steps: 40 });
    s = feed(s, 'baseline', events.filter((e) => e.kind === 'ready' || e.kind === 'steps').slice(0, 3));
    const run = s.runs.baseline!;
    expect(run.step).toBe(20);
    expect(timeLeftMs(run)).toBe((40 - 20) * 5);
    expect(fractionDone(run)).toBe(0.5);
  });

  it('keeps a run going after a rejected update, stops it on divergence', () => {
    let s = feed(started({ baseline: 5 }), 'baseline', fakeRunEvents({ runId: 5, label: 'baseline' }).slice(0, 5));
    s = labReducer(s, { type: 'event', runLabel: 'baseline', event: { kind: 'error', runId: 5, reason: 'rejected', message: 'seed needs a reset', step: 10 } });
    expect(s.runs.baseline!.status).toBe('running');
    expect(s.runs.baseline!.notice).toBe('seed needs a reset');
    s = labReducer(s, { type: 'event', runLabel: 'baseline', event: { kind: 'error', runId: 5, reason: 'diverged', message: 'loss is NaN', step: 12 } });
    expect(s.runs.baseline!.status).toBe('error');
    expect(s.runs.baseline!.losses.length).toBeGreaterThan(0);
  });

  it('binds to the first run id it sees, and follows a recovery to a new worker', () => {
    let s = labReducer(initialLabState, { type: 'start', runs: [{ label: 'tempbalance', runId: null }] });
    s = feed(s, 'tempbalance', fakeRunEvents({ runId: 11, label: 'tempbalance', steps: 40 }).slice(0, 9));
    const before = s.runs.tempbalance!;
    expect(before.runId).toBe(11);
    expect(before.losses.length).toBe(30);
    s = labReducer(s, { type: 'event', runLabel: 'tempbalance', event: { kind: 'recovered', runId: 12, from: 'webgpu', to: 'wasm', step: 20, message: 'GPU device lost.' } });
    const after = s.runs.tempbalance!;
    expect(after.runId).toBe(12);
    expect(after.losses.every((p) => p.step <= 20)).toBe(true);
    expect(after.notice).toContain('wasm');
    // The old worker's late events are now stale.
    s = feed(s, 'tempbalance', fakeRunEvents({ runId: 11, label: 'tempbalance', steps: 40 }).slice(9));
    expect(s.runs.tempbalance!.status).not.toBe('done');
  });

  it('keeps the latest ESDs and tails per layer, and none for a log without them', () => {
    const events = fakeRunEvents({ runId: 4, label: 'baseline', steps: 40, interval: 20 });
    const esds = events.filter((e) => e.kind === 'esd');
    // Give every re-estimate its own ESDs, one layer without a fit (null), as the worker sends them.
    const withEigenvalues = esds.map((e, k) => ({
      ...e,
      eigenvalues: e.layers.map((_m, i) => (i === 1 ? null : Float64Array.of(k, i, 1, 2, 3))),
      tails: e.layers.map((_m, i) => (i === 1 ? null : { xminIndex: 2 + k, nFit: 4 })),
    }));
    const s = feed(started({ baseline: 4 }), 'baseline', events.map((e) => (e.kind === 'esd' ? withEigenvalues[esds.indexOf(e)] : e)));
    const run = s.runs.baseline!;
    expect(run.spectra).toBe(withEigenvalues[1].eigenvalues); // the latest re-estimate's, not copies
    expect(run.spectra[1]).toBeNull();
    expect(run.tails[0]).toEqual({ xminIndex: 3, nFit: 4 });
    expect(run.spectra).toHaveLength(run.layers.length);
    const plain = feed(started({ baseline: 4 }), 'baseline', events).runs.baseline!;
    expect(plain.spectra).toEqual(plain.layers.map(() => null));
    expect(plain.tails).toEqual(plain.layers.map(() => null));
  });

  it('keeps α per estimator of the first and the latest re-estimate, and none for events without them', () => {
    const events = fakeRunEvents({ runId: 4, label: 'baseline', steps: 40, interval: 20, estimates: true });
    const esds = events.filter((e) => e.kind === 'esd');
    const run = feed(started({ baseline: 4 }), 'baseline', events).runs.baseline!;
    expect(run.initialEstimates).toBe(esds[0].alphas);
    expect(run.estimates).toBe(esds.at(-1)!.alphas);
    run.layers.forEach((m, i) => expect(run.estimates[i]).toEqual({ hill: m.alpha, farms: farmsOf(m.alpha) }));
    run.initialLayers.forEach((m, i) => expect(run.initialEstimates[i]?.farms).toBe(farmsOf(m.alpha)));
    const plain = feed(started({ baseline: 4 }), 'baseline', fakeRunEvents({ runId: 4, label: 'baseline' })).runs.baseline!;
    expect(plain.estimates).toEqual([]);
    expect(plain.initialEstimates).toEqual([]);
  });

  it('commands only move runs that can train', () => {
    let s = started({ baseline: 1 });
    expect(labReducer(s, { type: 'command', runLabel: 'baseline', command: 'run' })).toBe(s);
    s = feed(s, 'baseline', fakeRunEvents({ runId: 1, label: 'baseline' }).slice(0, 3));
    expect(s.runs.baseline!.status).toBe('ready');
    expect(labReducer(s, { type: 'command', runLabel: 'baseline', command: 'run' }).runs.baseline!.status).toBe('running');
  });
});
