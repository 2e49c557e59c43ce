/**
 * The ESD worker's handler, driven directly (no Worker): message order, supersession and cancel,
 * one error per malformed file, per-layer errors, and refits checked against independent paths
 * (the Hill formula written out here, and analyzeTensor run with the other fit method).
 */
import { describe, expect, it } from 'vitest';
import { analyzeTensor } from '../math/analyze';
import { fitAtIndex, fitPowerLaw } from '../math/powerlaw';
import { createRng } from '../math/random';
import { DEFAULT_FIT_OPTIONS, type NamedTensor } from '../math/types';
import { encodeSafetensors } from '../io/safetensors-write';
import { createEsdHandler, defaultEsdDeps } from './esdHandler';
import type { AnalyzeOptions, FitEigenvaluesRequest, FromWorker, LayerMessage, RefitResultMessage, ToWorker } from './protocol';

const OPTS: AnalyzeOptions = { ...DEFAULT_FIT_OPTIONS, eigsThresh: 10, convNorm: 0.5 };

/** Seeded Gaussian matrix, scaled like a default init. */
function gaussian(name: string, rows: number, cols: number, seed: number): NamedTensor {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal() / Math.sqrt(rows);
  return { name, shape: [rows, cols], data };
}

/** A few layers of different sizes (copied fresh for each use: buffers may be "transferred"). */
function layers(): NamedTensor[] {
  return [gaussian('a.weight', 40, 60, 1), gaussian('b.weight', 64, 32, 2), gaussian('c.weight', 30, 30, 3)];
}

function setup() {
  const out: FromWorker[] = [];
  const handler = createEsdHandler((m) => out.push(m));
  return { out, handler };
}

const tensorsMsg = (runId: number, tensors: NamedTensor[]): ToWorker => ({ kind: 'analyze-tensors', runId, tensors, options: OPTS });

/** Hill estimate written out from docs/METHOD.md §2, independent of src/math. */
function hill(sortedAsc: number[], i: number): number {
  let s = 0;
  for (let j = i; j < sortedAsc.length; j++) s += Math.log(sortedAsc[j] / sortedAsc[i]);
  return 1 + (sortedAsc.length - i) / s;
}

describe('ESD handler: analysis runs', () => {
  it('posts one layer message per tensor in order, then done, with the metrics analyzeTensor gives', async () => {
    const { out, handler } = setup();
    await handler.handle(tensorsMsg(1, layers()));
    expect(out.map((m) => m.kind)).toEqual(['layer', 'layer', 'layer', 'done']);
    const ls = out.slice(0, 3) as LayerMessage[];
    expect(ls.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(ls.every((m) => m.total === 3 && m.runId === 1)).toBe(true);
    layers().forEach((t, i) => {
      const ref = analyzeTensor(t, OPTS).metrics;
      expect(ls[i].metrics.alpha).toBe(ref.alpha);
      expect(ls[i].metrics.name).toBe(t.name);
      // The slider position points at the table's xmin.
      expect(ls[i].tail).not.toBeNull();
      expect(ls[i].chart?.xmin).toBe(ref.xmin);
    });
    expect(out[3]).toMatchObject({ kind: 'done', runId: 1, layers: 3 });
  });

  it('reads a safetensors file (ArrayBuffer and Blob) in file order', async () => {
    const ts = layers();
    const bytes = encodeSafetensors(ts.map((t) => ({ name: t.name, dtype: 'F32' as const, shape: t.shape, data: t.data })));
    for (const file of [bytes.slice().buffer, new Blob([bytes.slice()])]) {
      const { out, handler } = setup();
      await handler.handle({ kind: 'analyze-file', runId: 7, fileName: 'm.safetensors', file, options: OPTS });
      const ls = out.filter((m): m is LayerMessage => m.kind === 'layer');
      expect(ls.map((m) => m.metrics.name)).toEqual(ts.map((t) => t.name));
      // The header is read first, so even the first layer knows how many follow.
      expect(ls.map((m) => m.total)).toEqual([3, 3, 3]);
      expect(out.at(-1)).toMatchObject({ kind: 'done', runId: 7, layers: 3 });
    }
  });

  it('a newer request supersedes a running one between layers', async () => {
    const out: FromWorker[] = [];
    let second: Promise<void> | null = null;
    const handler = createEsdHandler((m) => {
      out.push(m);
      // As soon as run 1 has posted its first layer, run 2 arrives (like a second onmessage).
      if (m.kind === 'layer' && m.runId === 1 && second === null) second = handler.handle(tensorsMsg(2, layers().slice(0, 1)));
    });
    await handler.handle(tensorsMsg(1, layers()));
    await second;
    const run1 = out.filter((m) => m.runId === 1);
    expect(run1.map((m) => m.kind)).toEqual(['layer']);
    expect(out.filter((m) => m.runId === 2).map((m) => m.kind)).toEqual(['layer', 'done']);
  });

  it('cancel stops the current run and posts nothing more', async () => {
    const out: FromWorker[] = [];
    const handler = createEsdHandler((m) => {
      out.push(m);
      if (m.kind === 'layer' && m.index === 0) void handler.handle({ kind: 'cancel', runId: 1 });
    });
    await handler.handle(tensorsMsg(1, layers()));
    expect(out.map((m) => m.kind)).toEqual(['layer']);
  });

  it('a malformed file gives exactly one fatal error and the handler keeps working', async () => {
    const { out, handler } = setup();
    const junk = new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 123, 34, 120]).buffer; // header length 200, 3 bytes present
    await handler.handle({ kind: 'analyze-file', runId: 1, fileName: 'bad.safetensors', file: junk, options: OPTS });
    await handler.handle({ kind: 'analyze-file', runId: 2, fileName: 'x.bin', file: new ArrayBuffer(8), options: OPTS });
    expect(out).toHaveLength(2);
    expect(out.every((m) => m.kind === 'error' && m.layer === undefined)).toBe(true);
    expect((out[0] as { message: string }).message).toMatch(/^bad\.safetensors: /);
    expect((out[1] as { message: string }).message).toMatch(/extension/);
    await handler.handle(tensorsMsg(3, layers()));
    expect(out.at(-1)).toMatchObject({ kind: 'done', runId: 3 });
  });

  it('a layer that fails is reported alone and the run goes on', async () => {
    const out: FromWorker[] = [];
    const handler = createEsdHandler((m) => out.push(m), {
      ...defaultEsdDeps,
      analyzeTensor: (t, o) => {
        if (t.name === 'b.weight') throw new RangeError('unsupported shape');
        return analyzeTensor(t, o);
      },
    });
    await handler.handle(tensorsMsg(1, layers()));
    expect(out.map((m) => m.kind)).toEqual(['layer', 'error', 'layer', 'done']);
    expect(out[1]).toMatchObject({ layer: 'b.weight', message: 'b.weight: unsupported shape' });
  });

  it('a layer of NaN weights arrives flagged, without a chart', async () => {
    const { out, handler } = setup();
    const bad = gaussian('nan.weight', 20, 20, 4);
    bad.data[5] = NaN;
    await handler.handle(tensorsMsg(1, [bad]));
    const m = out[0] as LayerMessage;
    expect(m.metrics.status).toBe('not-finite');
    expect(m.chart).toBeNull();
    expect(m.tail).toBeNull();
  });
});

describe('ESD handler: refit from cached eigenvalues', () => {
  async function analysed() {
    const { out, handler } = setup();
    await handler.handle(tensorsMsg(1, layers()));
    const first = out[0] as LayerMessage;
    out.length = 0;
    return { out, handler, first };
  }

  it('refit at the original index reproduces the table α; another index matches the Hill formula', async () => {
    const { out, handler, first } = await analysed();
    const i0 = first.tail!.xminIndex;
    await handler.handle({ kind: 'refit', runId: 1, seq: 1, layer: 0, target: { by: 'index', xminIndex: i0 } });
    await handler.handle({ kind: 'refit', runId: 1, seq: 2, layer: 0, target: { by: 'index', xminIndex: 5 } });
    const [same, moved] = out as RefitResultMessage[];
    expect(same.metrics.alpha).toBe(first.metrics.alpha);
    expect(same.metrics.D).toBe(first.metrics.D);
    // Independent reference: eigenvalues = squared singular values; reuse the analysis's own ESD
    // only through its sorted values, and compute α by the formula.
    const evals = Array.from(analyzeTensor(layers()[0], OPTS).evals).filter((v) => v > 0).sort((a, b) => a - b);
    expect(moved.tail).toEqual({ xminIndex: 5, nFit: evals.length });
    expect(moved.metrics.xmin).toBe(evals[5]);
    expect(moved.metrics.alpha).toBeCloseTo(hill(evals, 5), 10);
    expect(moved.metrics.num_pl_spikes).toBe(evals.length - 5);
    expect(moved.metrics.alpha_weighted).toBeCloseTo(moved.metrics.alpha * Math.log10(first.metrics.lambda_max), 12);
    expect(moved.chart.xmin).toBe(evals[5]);
    expect(moved.seq).toBe(2);
  });

  it('refit by value snaps to the nearest eigenvalue; indices are clamped to keep two tail values', async () => {
    const { out, handler, first } = await analysed();
    const nFit = first.tail!.nFit;
    await handler.handle({ kind: 'refit', runId: 1, seq: 1, layer: 0, target: { by: 'index', xminIndex: nFit + 10 } });
    expect((out[0] as RefitResultMessage).tail.xminIndex).toBe(nFit - 2);
    const evals = Array.from(analyzeTensor(layers()[0], OPTS).evals).filter((v) => v > 0).sort((a, b) => a - b);
    await handler.handle({ kind: 'refit', runId: 1, seq: 2, layer: 0, target: { by: 'value', xmin: evals[12] * 1.0001 } });
    expect((out[1] as RefitResultMessage).tail.xminIndex).toBe(12);
  });

  it('refit with another method equals a fresh analysis with that method', async () => {
    const { out, handler } = await analysed();
    await handler.handle({ kind: 'refit', runId: 1, seq: 1, layer: 1, target: { by: 'method', fit: 'goodness-of-fit' } });
    const ref = analyzeTensor(layers()[1], { ...OPTS, fit: 'goodness-of-fit' }).metrics;
    const got = (out[0] as RefitResultMessage).metrics;
    expect(got.alpha).toBe(ref.alpha);
    expect(got.xmin).toBe(ref.xmin);
    expect(got.D).toBe(ref.D);
  });

  it('refit of a superseded run or an unknown layer is an error tagged with its seq', async () => {
    const { out, handler } = await analysed();
    await handler.handle({ kind: 'refit', runId: 1, seq: 1, layer: 9, target: { by: 'index', xminIndex: 1 } });
    await handler.handle(tensorsMsg(2, layers().slice(0, 1)));
    await handler.handle({ kind: 'refit', runId: 1, seq: 2, layer: 0, target: { by: 'index', xminIndex: 1 } });
    const errors = out.filter((m) => m.kind === 'error');
    expect(errors.map((m) => m.seq)).toEqual([1, 2]);
  });
});

describe('ESD handler: fit-eigenvalues on an ESD sent along', () => {
  /** A layer analysed with withEigenvalues, as the training worker's requests are. */
  async function layerWithEvals(): Promise<LayerMessage> {
    const { out, handler } = setup();
    await handler.handle({ ...tensorsMsg(1, layers().slice(0, 1)), withEigenvalues: true } as ToWorker);
    return out[0] as LayerMessage;
  }
  const fitMsg = (l: LayerMessage, seq: number, target: FitEigenvaluesRequest['target']): FitEigenvaluesRequest => ({
    kind: 'fit-eigenvalues', runId: 4, seq, layer: l.index, metrics: l.metrics, eigenvalues: l.eigenvalues!, options: OPTS, target,
  });

  it('layer messages carry the ESD only when asked, and it is the analysis\'s own', async () => {
    const l = await layerWithEvals();
    expect(l.eigenvalues).toEqual(analyzeTensor(layers()[0], OPTS).evals);
    const { out, handler } = setup();
    await handler.handle(tensorsMsg(1, layers().slice(0, 1)));
    expect((out[0] as LayerMessage).eigenvalues).toBeUndefined();
  });

  it('gives the α and D of fitAtIndex / fitPowerLaw on those eigenvalues, without any run', async () => {
    const l = await layerWithEvals();
    const sorted = Float64Array.from(l.eigenvalues!).filter((v) => v > 0).sort();
    // A fresh handler: no run, no cache; the request alone is enough.
    const { out, handler } = setup();
    await handler.handle(fitMsg(l, 1, { by: 'index', xminIndex: 7 }));
    await handler.handle(fitMsg(l, 2, { by: 'method', fit: 'goodness-of-fit' }));
    await handler.handle(fitMsg(l, 3, { by: 'method', fit: OPTS.fit }));
    const [byIndex, byMethod, own] = out as RefitResultMessage[];
    const ref = fitAtIndex(sorted, 7);
    expect(byIndex).toMatchObject({ kind: 'refit-result', runId: 4, seq: 1, layer: 0, tail: { xminIndex: 7, nFit: sorted.length } });
    expect(byIndex.metrics.alpha).toBe(ref.alpha);
    expect(byIndex.metrics.D).toBe(ref.D);
    expect(byIndex.metrics.alpha).toBeCloseTo(hill(Array.from(sorted), 7), 10);
    expect(byIndex.chart.xmin).toBe(sorted[7]);
    const gof = fitPowerLaw(sorted, { ...OPTS, fit: 'goodness-of-fit' });
    expect(byMethod.metrics).toMatchObject({ alpha: gof.alpha, D: gof.D, xmin: gof.xmin });
    // The run's own method reproduces the run's own fit: Reset in the Lab shows the same numbers.
    expect(own.metrics.alpha).toBe(l.metrics.alpha);
    expect(own.metrics.D).toBe(l.metrics.D);
    expect(own.tail).toEqual(l.tail);
  });

  it('leaves the current run and its refit cache alone', async () => {
    const { out, handler } = setup();
    await handler.handle(tensorsMsg(1, layers().slice(0, 2)));
    const l = (await layerWithEvals());
    await handler.handle(fitMsg(l, 1, { by: 'index', xminIndex: 3 }));
    await handler.handle({ kind: 'refit', runId: 1, seq: 2, layer: 1, target: { by: 'index', xminIndex: 3 } });
    expect(out.slice(-2).map((m) => m.kind)).toEqual(['refit-result', 'refit-result']);
  });

  it('recomputes status: a re-fit whose tail is all ties (α = ∞) is degenerate, not the first fit\'s ok', async () => {
    const l = await layerWithEvals();
    expect(l.metrics.status).toBe('ok');
    // 12 eigenvalues (≥ eigsThresh 10), the top five tied: a tail starting at index 7 has Σ ln = 0.
    const evals = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 9, 9, 9, 9, 9);
    const { out, handler } = setup();
    await handler.handle({ ...fitMsg(l, 1, { by: 'index', xminIndex: 7 }), eigenvalues: evals });
    await handler.handle({ ...fitMsg(l, 2, { by: 'index', xminIndex: 2 }), eigenvalues: evals });
    await handler.handle({ ...fitMsg(l, 3, { by: 'index', xminIndex: 2 }), eigenvalues: evals, options: { ...OPTS, eigsThresh: 50 } });
    const [tied, fine, few] = out as RefitResultMessage[];
    expect(tied.metrics.alpha).toBe(Infinity);
    expect(tied.metrics.status).toBe('degenerate');
    expect(tied.metrics.alpha_weighted).toBeNaN();
    expect(fine.metrics.status).toBe('ok');
    expect(few.metrics.status).toBe('too-few');
  });

  it('too few eigenvalues is an error tagged with its seq', async () => {
    const l = await layerWithEvals();
    const { out, handler } = setup();
    await handler.handle({ ...fitMsg(l, 5, { by: 'index', xminIndex: 0 }), eigenvalues: Float64Array.of(0, 1, 2) });
    expect(out[0]).toMatchObject({ kind: 'error', seq: 5, layer: l.metrics.name });
  });
});

describe('ESD handler: α under other estimators', () => {
  it('with `estimators`, each layer message carries α under each, equal to a fresh analysis with that estimator', async () => {
    const { out, handler } = setup();
    // 64×32 and 40×60 are not square: FARMS windows them, so its α differs from Hill's.
    await handler.handle({ kind: 'analyze-tensors', runId: 1, tensors: layers(), options: OPTS, estimators: ['hill', 'farms'] });
    const ls = out.filter((m): m is LayerMessage => m.kind === 'layer');
    expect(ls).toHaveLength(3);
    layers().forEach((t, i) => {
      const hillAlpha = analyzeTensor(t, { ...OPTS, estimator: 'hill' }).metrics.alpha;
      const farmsAlpha = analyzeTensor(t, { ...OPTS, estimator: 'farms' }).metrics.alpha;
      // The run's own estimator (Hill here) is its metrics' α, not a second analysis that could differ.
      expect(ls[i].alphas?.hill).toBe(ls[i].metrics.alpha);
      expect(ls[i].alphas?.hill).toBe(hillAlpha);
      expect(ls[i].alphas?.farms).toBe(farmsAlpha);
    });
    expect(ls[0].alphas!.farms).not.toBeCloseTo(ls[0].alphas!.hill!, 3);
  });

  it('a FARMS run gets its Hill α from one more analysis; without `estimators` no alphas are sent', async () => {
    const { out, handler } = setup();
    const farmsOpts = { ...OPTS, estimator: 'farms' as const };
    await handler.handle({ kind: 'analyze-tensors', runId: 1, tensors: layers().slice(1, 2), options: farmsOpts, estimators: ['hill', 'farms'] });
    const l = out[0] as LayerMessage;
    expect(l.metrics.alpha).toBe(analyzeTensor(layers()[1], farmsOpts).metrics.alpha);
    expect(l.alphas).toEqual({ farms: l.metrics.alpha, hill: analyzeTensor(layers()[1], OPTS).metrics.alpha });
    const plain = setup();
    await plain.handler.handle(tensorsMsg(2, layers().slice(1, 2)));
    expect((plain.out[0] as LayerMessage).alphas).toBeUndefined();
  });
});
