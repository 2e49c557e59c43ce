import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../experiment/schema';
import type { FromTrainer } from '../../workers/trainProtocol';
import { fakeLayer, fakeRunEvents } from '../../../test/support/fakeEvents';
import { initialLabState, labReducer, type RunLabel } from './labState';
import { RUN_LOG_FORMAT, isLoggable, loggedForm, parseRunLog, replayRunLog, serialiseRunLog, type RunLog } from './runLog';

function liveLog(): { log: RunLog; events: Record<RunLabel, FromTrainer[]> } {
  const events = {
    baseline: fakeRunEvents({ runId: 1, label: 'baseline', estimates: true }),
    tempbalance: fakeRunEvents({ runId: 2, label: 'tempbalance' }),
  };
  // A failed fit (NaN α), a PDE prediction with typed arrays and a state event that must not be logged.
  const esd = events.tempbalance.findLast((e) => e.kind === 'esd')!;
  if (esd.kind === 'esd') esd.layers.push(fakeLayer('head', NaN));
  // Per-estimator α with a failed FARMS fit: NaN must survive JSON (written as null).
  const withEstimates = events.baseline.findLast((e) => e.kind === 'esd')!;
  if (withEstimates.kind === 'esd') withEstimates.alphas![0] = { hill: withEstimates.layers[0].alpha, farms: NaN };
  events.tempbalance.push({
    kind: 'prediction',
    runId: 2,
    step: 40,
    sample: { x: Float64Array.from([0, 0.5]), frame: 9, truth: Float32Array.from([1, 2]), pred: Float32Array.from([1.5, NaN]), initial: Float32Array.from([0, 1]) },
  });
  events.tempbalance.push({ kind: 'state', runId: 2, state: { step: 40, weights: {}, optimizer: { kind: 'adam', step: 0, names: [], values: [] } as never, ratios: [] } });
  const log: RunLog = {
    format: RUN_LOG_FORMAT,
    version: 1,
    savedAt: '2026-01-01T00:00:00Z',
    preset: 'sentiment-low',
    config: { ...defaultConfig(), seed: 9, hide: ['task'] },
    runs: { baseline: events.baseline.filter(isLoggable), tempbalance: events.tempbalance.filter(isLoggable) },
  };
  return { log, events };
}

describe('run log', () => {
  it('redraws exactly what was seen live: export → JSON → import → replay', () => {
    const { log, events } = liveLog();
    let live = labReducer(initialLabState, { type: 'start', runs: [{ label: 'baseline', runId: 1 }, { label: 'tempbalance', runId: 2 }] });
    for (const label of ['baseline', 'tempbalance'] as const) for (const event of events[label]) live = labReducer(live, { type: 'event', runLabel: label, event });

    const parsed = parseRunLog(serialiseRunLog(log));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.notices).toEqual([]);
    expect(parsed.log.config).toEqual(log.config);
    const replayed = replayRunLog(parsed.log, 'saved.json');
    expect(replayed.source).toBe('imported');
    expect(replayed.runs).toEqual(live.runs);
    const pred = replayed.runs.tempbalance!.prediction!.sample;
    expect(pred.pred).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(pred.pred[1])).toBe(true);
    expect(Number.isNaN(replayed.runs.tempbalance!.layers.at(-1)!.alpha)).toBe(true);
    expect(replayed.runs.baseline!.estimates[0]!.farms).toBeNaN();
    expect(replayed.runs.baseline!.estimates).toHaveLength(replayed.runs.baseline!.layers.length);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"format": ', /not a JSON file/],
    ['another JSON file', '{"layers": []}', /not a Model Balancing Lab run log/],
    [
      'per-estimator alphas that are not a list',
      JSON.stringify({ format: RUN_LOG_FORMAT, version: 1, config: {}, runs: { baseline: [{ kind: 'esd', runId: 1, step: 0, layers: [], charts: [], units: [], ratios: {}, alphas: 3 }] } }),
      /bad per-estimator alphas/,
    ],
    ['a future version', JSON.stringify({ format: RUN_LOG_FORMAT, version: 99 }), /version 99/],
    ['no runs', JSON.stringify({ format: RUN_LOG_FORMAT, version: 1, config: {}, runs: {} }), /no events/],
    ['an unknown event', JSON.stringify({ format: RUN_LOG_FORMAT, version: 1, config: {}, runs: { baseline: [{ kind: 'boom', runId: 1 }] } }), /runs\.baseline\[0\]: unknown event kind/],
    [
      'a malformed step point',
      JSON.stringify({ format: RUN_LOG_FORMAT, version: 1, config: {}, runs: { baseline: [{ kind: 'steps', runId: 1, points: [{ step: 'x' }] }] } }),
      /bad step point/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} with a clear message`, () => {
      const r = parseRunLog(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  }

  it('leaves the ESD eigenvalues out of the log, and drops any a file brings along', () => {
    const esd = fakeRunEvents({ runId: 1, label: 'baseline' }).find((e) => e.kind === 'esd')!;
    if (esd.kind !== 'esd') throw new Error('no esd event');
    const live = { ...esd, eigenvalues: esd.layers.map(() => Float64Array.of(1, 2, 3)), tails: esd.layers.map(() => ({ xminIndex: 1, nFit: 3 })) };
    expect(loggedForm(live)).toEqual(esd);
    expect(live.eigenvalues).toHaveLength(esd.layers.length); // the live event itself is untouched
    const { log } = liveLog();
    const fromFile = JSON.parse(serialiseRunLog({ ...log, runs: { baseline: [live] } })).runs.baseline[0];
    expect(fromFile.eigenvalues).toHaveLength(esd.layers.length);
    // …also under the field's earlier name, `evals`.
    log.runs.baseline = [{ ...fromFile, evals: fromFile.eigenvalues }];
    const parsed = parseRunLog(serialiseRunLog(log));
    expect(parsed.ok && parsed.log.runs.baseline![0]).not.toHaveProperty('eigenvalues');
    expect(parsed.ok && parsed.log.runs.baseline![0]).not.toHaveProperty('evals');
    expect(parsed.ok && parsed.log.runs.baseline![0]).not.toHaveProperty('tails');
  });

  it('reads settings like a link: unknown keys and bad values become notices, not failures', () => {
    const { log } = liveLog();
    const text = serialiseRunLog({ ...log, config: { ...log.config, lr: 50, wat: 1 } as never });
    const r = parseRunLog(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.log.config.lr).toBe(1);
    expect(r.notices.map((n) => `${n.key}:${n.action}`).sort()).toEqual(['lr:clamped', 'wat:ignored']);
  });
});
