/**
 * The trainer's ESD provider over a real MessageChannel to the real ESD handler (servePort): results
 * equal analyzeTensor on the same weights, per-layer failures become not-finite entries, and two
 * ports served by one ESD worker never supersede each other's runs (compare mode shares one worker).
 */
import { describe, expect, it } from 'vitest';
import { analyzeTensor } from '../math/analyze';
import { esdChartData } from '../math/chart';
import { createRng } from '../math/random';
import { DEFAULT_FIT_OPTIONS } from '../math/types';
import type { Estimator, NamedTensor } from '../math/types';
import { defaultEsdDeps, servePort } from './esdHandler';
import { chartKeepingProvider, esdOverPort } from './esdOverPort';

const FIT = { ...DEFAULT_FIT_OPTIONS, eigsThresh: 10 };

function weights(seed: number): NamedTensor[] {
  const rng = createRng(seed);
  const mat = (name: string, r: number, c: number) => ({ name, shape: [r, c], data: Float32Array.from({ length: r * c }, () => rng.normal() / Math.sqrt(r)) });
  return [mat('a', 40, 30), mat('b', 24, 48), mat('tiny', 2, 4)];
}

/** Copies, since the provider transfers (detaches) the buffers it sends. */
const copy = (ws: NamedTensor[]) => ws.map((w) => ({ ...w, data: w.data.slice() }));

function connect(deps = defaultEsdDeps, estimators?: readonly Estimator[]) {
  const ch = new MessageChannel();
  servePort(ch.port1, deps);
  const esd = esdOverPort(ch.port2, undefined, estimators);
  return { esd, close: () => (esd.close(), ch.port1.close()) };
}

describe('esdOverPort', () => {
  it('returns, in snapshot order, the metrics analyzeTensor gives and the chart of that fit', async () => {
    const { esd, close } = connect();
    const ws = weights(1);
    const ref = ws.map((w) => analyzeTensor(w, FIT));
    const got = await esd.analyze(copy(ws), FIT);
    close();
    expect(got.layers.map((l) => l.name)).toEqual(['a', 'b', 'tiny']);
    got.layers.forEach((l, i) => expect({ ...l, ms: 0 }).toEqual({ ...ref[i].metrics, ms: 0 }));
    expect(got.charts[0]).toEqual(esdChartData(ref[0].evals, { alpha: ref[0].metrics.alpha, xmin: ref[0].metrics.xmin }));
    expect(got.charts[2]).toBeNull(); // 2 eigenvalues: no fit, no chart
    // The ESDs travel along (for the Lab's re-fits): the analysis's own, ascending, and its tail start.
    expect(got.evals[0]).toEqual(ref[0].evals);
    expect(got.tails[0]?.nFit).toBe(ref[0].evals.filter((v) => v > 0).length);
    expect(got.evals[2]).toBeNull();
    expect(got.tails[2]).toBeNull();
  });

  it('turns a per-layer failure into a not-finite entry and keeps the other layers', async () => {
    const failing = { ...defaultEsdDeps, analyzeTensor: (t: Parameters<typeof analyzeTensor>[0], o: Parameters<typeof analyzeTensor>[1]) => {
      if (t.name === 'b') throw new Error('no convergence');
      return analyzeTensor(t, o);
    } };
    const { esd, close } = connect(failing);
    const got = await esd.analyze(copy(weights(2)), FIT);
    close();
    expect(got.layers.map((l) => l.status)).toEqual(['ok', 'not-finite', expect.any(String)]);
    expect(got.layers[1]).toMatchObject({ name: 'b', shape: [24, 48] });
    expect(Number.isNaN(got.layers[1].alpha)).toBe(true);
    expect(got.charts[1]).toBeNull();
  });

  it('two trainers on one ESD worker: concurrent analyses on separate ports both complete', async () => {
    const a = connect();
    const b = connect();
    const [ra, rb] = await Promise.all([a.esd.analyze(copy(weights(3)), FIT), b.esd.analyze(copy(weights(4)), FIT)]);
    a.close();
    b.close();
    expect(ra.layers[0].alpha).toBe(analyzeTensor(weights(3)[0], FIT).metrics.alpha);
    expect(rb.layers[0].alpha).toBe(analyzeTensor(weights(4)[0], FIT).metrics.alpha);
  });

  it('rejects a second request while one is in flight, and a pending one when closed', async () => {
    const { esd, close } = connect();
    const first = esd.analyze(copy(weights(5)), FIT);
    await expect(esd.analyze(copy(weights(5)), FIT)).rejects.toThrow(/already in flight/);
    close();
    await expect(first).rejects.toThrow(/closed/);
  });

  it('chartKeepingProvider hands the metrics to the engine and keeps the charts for the event', async () => {
    const { esd, close } = connect();
    const keep = chartKeepingProvider(esd.analyze);
    const layers = await keep.provider(copy(weights(6)), FIT);
    close();
    const { charts, evals, tails } = keep.takeCharts();
    expect(charts).toHaveLength(layers.length);
    expect(evals).toHaveLength(layers.length);
    expect(tails).toHaveLength(layers.length);
    expect(charts[0]?.alpha).toBe(layers[0].alpha);
    // Taken once: the ESD buffers are transferred with the event that carries them.
    expect(keep.takeCharts()).toEqual({ charts: [], evals: [], tails: [], alphas: [] });
  });

  it('with estimators, every layer comes with its α under each (what the Lab switches between); without, none', async () => {
    const withBoth = connect(defaultEsdDeps, ['hill', 'farms']);
    const got = await withBoth.esd.analyze(copy(weights(7)), FIT);
    withBoth.close();
    weights(7).forEach((w, i) => {
      const farms = analyzeTensor(w, { ...FIT, estimator: 'farms' }).metrics.alpha;
      expect(got.alphas[i]?.hill).toBe(got.layers[i].alpha);
      if (Number.isNaN(farms)) expect(got.alphas[i]?.farms).toBeNaN();
      else expect(got.alphas[i]?.farms).toBe(farms);
    });
    const plain = connect();
    expect((await plain.esd.analyze(copy(weights(7)), FIT)).alphas).toEqual([]);
    plain.close();
  });
});
