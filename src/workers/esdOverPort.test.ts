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
import type { Estimator, LayerEsd, NamedTensor } from '../math/types';
import { defaultEsdDeps, servePort } from './esdHandler';
import { esdOverPort } from './esdOverPort';
import { inlineEsd } from '../train/esdInline';

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
  it('returns, in snapshot order, one record per matrix: the metrics analyzeTensor gives, its chart, ESD and tail', async () => {
    const { esd, close } = connect();
    const ws = weights(1);
    const ref = ws.map((w) => analyzeTensor(w, FIT));
    const got = await esd.analyze(copy(ws), FIT);
    close();
    expect(got.map((l) => l.metrics.name)).toEqual(['a', 'b', 'tiny']);
    got.forEach((l, i) => expect({ ...l.metrics, ms: 0 }).toEqual({ ...ref[i].metrics, ms: 0 }));
    expect(got[0].chart).toEqual(esdChartData(ref[0].evals, { alpha: ref[0].metrics.alpha, xmin: ref[0].metrics.xmin }));
    expect(got[2].chart).toBeNull(); // 2 eigenvalues: no fit, no chart
    // The ESDs travel along (for the Lab's re-fits): the analysis's own, ascending, and its tail start.
    expect(got[0].eigenvalues).toEqual(ref[0].evals);
    expect(got[0].tail?.nFit).toBe(ref[0].evals.filter((v) => v > 0).length);
    expect(got[2].eigenvalues).toBeNull();
    expect(got[2].tail).toBeNull();
  });

  it('the record is the one the inline provider makes from the same weights (one record, either path)', async () => {
    const { esd, close } = connect();
    const ws = weights(6);
    const got = await esd.analyze(copy(ws), FIT);
    close();
    const inline = await inlineEsd(copy(ws), FIT);
    const noMs = (ls: LayerEsd[]) => ls.map((l) => ({ ...l, metrics: { ...l.metrics, ms: 0 } }));
    expect(noMs(got)).toEqual(noMs(inline));
  });

  it('turns a per-layer failure into a not-finite entry and keeps the other layers', async () => {
    const failing = { ...defaultEsdDeps, analyzeTensor: (t: Parameters<typeof analyzeTensor>[0], o: Parameters<typeof analyzeTensor>[1]) => {
      if (t.name === 'b') throw new Error('no convergence');
      return analyzeTensor(t, o);
    } };
    const { esd, close } = connect(failing);
    const got = await esd.analyze(copy(weights(2)), FIT);
    close();
    expect(got.map((l) => l.metrics.status)).toEqual(['ok', 'not-finite', expect.any(String)]);
    expect(got[1].metrics).toMatchObject({ name: 'b', shape: [24, 48] });
    expect(Number.isNaN(got[1].metrics.alpha)).toBe(true);
    expect(got[1]).toMatchObject({ chart: null, eigenvalues: null, tail: null });
  });

  it('two trainers on one ESD worker: concurrent analyses on separate ports both complete', async () => {
    const a = connect();
    const b = connect();
    const [ra, rb] = await Promise.all([a.esd.analyze(copy(weights(3)), FIT), b.esd.analyze(copy(weights(4)), FIT)]);
    a.close();
    b.close();
    expect(ra[0].metrics.alpha).toBe(analyzeTensor(weights(3)[0], FIT).metrics.alpha);
    expect(rb[0].metrics.alpha).toBe(analyzeTensor(weights(4)[0], FIT).metrics.alpha);
  });

  it('rejects a second request while one is in flight, and a pending one when closed', async () => {
    const { esd, close } = connect();
    const first = esd.analyze(copy(weights(5)), FIT);
    await expect(esd.analyze(copy(weights(5)), FIT)).rejects.toThrow(/already in flight/);
    close();
    await expect(first).rejects.toThrow(/closed/);
  });

  it('with estimators, every layer comes with its α under each (what the Lab switches between); without, none', async () => {
    const withBoth = connect(defaultEsdDeps, ['hill', 'farms']);
    const got = await withBoth.esd.analyze(copy(weights(7)), FIT);
    withBoth.close();
    weights(7).forEach((w, i) => {
      const farms = analyzeTensor(w, { ...FIT, estimator: 'farms' }).metrics.alpha;
      expect(got[i].alphas?.hill).toBe(got[i].metrics.alpha);
      if (Number.isNaN(farms)) expect(got[i].alphas?.farms).toBeNaN();
      else expect(got[i].alphas?.farms).toBe(farms);
    });
    const plain = connect();
    expect((await plain.esd.analyze(copy(weights(7)), FIT)).some((l) => l.alphas)).toBe(false);
    plain.close();
  });
});
