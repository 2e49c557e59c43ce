/**
 * The ESD worker on several layer analysers (esdHandler.ts analyzeOnPool, layerAnalyzers.ts): the same
 * layer messages as the one-thread path, in file order, whatever order the layers finish in; per-layer
 * errors; a superseded run stops; and the request/reply protocol of the layer workers.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTensor } from '../math/analyze';
import { createRng } from '../math/random';
import { DEFAULT_FIT_OPTIONS, type NamedTensor } from '../math/types';
import { encodeSafetensors } from '../io/safetensors-write';
import { createEsdHandler, defaultEsdDeps } from './esdHandler';
import { serveLayerRequests, workerAnalyzer, type LayerAnalyzer, type LayerReply, type LayerRequest, type LayerWorkerLike } from './layerAnalyzers';
import type { AnalyzeOptions, FromWorker, LayerMessage } from './protocol';

const OPTS: AnalyzeOptions = { ...DEFAULT_FIT_OPTIONS, eigsThresh: 10, convNorm: 0.5 };

function gaussian(name: string, rows: number, cols: number, seed: number): NamedTensor {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal() / Math.sqrt(rows);
  return { name, shape: [rows, cols], data };
}

/** A file whose layers differ in size (so largest-first reorders them), plus a 1-D bias (skipped). */
function file(): Uint8Array<ArrayBuffer> {
  const ts = [gaussian('a', 20, 30, 1), gaussian('b', 90, 70, 2), gaussian('c', 40, 40, 3), gaussian('d', 64, 12, 4), gaussian('e', 50, 80, 5)];
  const bias = { name: 'bias', shape: [7], data: new Float32Array(7) };
  return new Uint8Array(encodeSafetensors([...ts, bias].map((t) => ({ name: t.name, dtype: 'F32' as const, shape: t.shape, data: t.data }))));
}

/** A fake layer worker running serveLayerRequests after a delay that depends on the layer. */
function fakeWorker(delay: (name: string) => number, fail?: string): LayerWorkerLike {
  const w: LayerWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(msg: LayerRequest) {
      const serve = serveLayerRequests(
        (reply: LayerReply) => w.onmessage?.({ data: reply } as MessageEvent<LayerReply>),
        (t, o) => {
          if (t.name === fail) throw new Error('boom');
          return analyzeTensor(t, o);
        },
      );
      setTimeout(() => serve(msg), delay(msg.tensor.name));
    },
    terminate() {},
  };
  return w;
}

async function run(analyzers: LayerAnalyzer[] | undefined, bytes = file()): Promise<FromWorker[]> {
  const out: FromWorker[] = [];
  const handler = createEsdHandler((m) => out.push(m), { ...defaultEsdDeps, analyzers: analyzers && (() => analyzers) });
  await handler.handle({ kind: 'analyze-file', runId: 3, fileName: 'm.safetensors', file: new Blob([bytes.slice()]), options: OPTS });
  return out;
}

/** Layer messages without the timing. */
const layersOf = (out: FromWorker[]) =>
  out.filter((m): m is LayerMessage => m.kind === 'layer').map((m) => ({ ...m, metrics: { ...m.metrics, ms: 0 } }));

describe('ESD worker with layer workers', () => {
  it('posts the same layer messages as the one-thread path, in file order, then done', async () => {
    const seq = await run(undefined);
    // Early layers finish last: results arrive out of order and must be re-ordered.
    const delays: Record<string, number> = { a: 30, b: 1, c: 20, d: 5, e: 2 };
    for (const n of [2, 3]) {
      const pool = Array.from({ length: n }, () => workerAnalyzer(fakeWorker((name) => delays[name])));
      const par = await run(pool);
      expect(par.map((m) => m.kind)).toEqual(['layer', 'layer', 'layer', 'layer', 'layer', 'done']);
      expect(layersOf(par).map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
      expect(layersOf(par)).toEqual(layersOf(seq));
      expect(par[5]).toMatchObject({ kind: 'done', layers: 5 });
    }
  });

  it('a layer that throws is reported for that layer only', async () => {
    const pool = [0, 1].map(() => workerAnalyzer(fakeWorker(() => 1, 'c')));
    const out = await run(pool);
    expect(out.filter((m) => m.kind === 'error')).toEqual([{ kind: 'error', runId: 3, layer: 'c', message: 'c: boom' }]);
    expect(layersOf(out).map((m) => m.metrics.name)).toEqual(['a', 'b', 'd', 'e']);
    expect(out.at(-1)).toMatchObject({ kind: 'done' });
  });

  it('a newer run supersedes: the old one posts nothing more', async () => {
    const out: FromWorker[] = [];
    const pool = [0, 1].map(() => workerAnalyzer(fakeWorker(() => 10)));
    const handler = createEsdHandler((m) => out.push(m), { ...defaultEsdDeps, analyzers: () => pool });
    const first = handler.handle({ kind: 'analyze-file', runId: 1, fileName: 'm.safetensors', file: new Blob([file().slice()]), options: OPTS });
    await new Promise((r) => setTimeout(r, 5));
    await handler.handle({ kind: 'analyze-file', runId: 2, fileName: 'm.safetensors', file: new Blob([file().slice()]), options: OPTS });
    await first;
    expect(out.filter((m) => m.runId === 1)).toEqual([]);
    expect(out.filter((m) => m.runId === 2 && m.kind === 'layer')).toHaveLength(5);
  });

  it('a crashed worker fails its pending layer with the worker error', async () => {
    const w: LayerWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: () => setTimeout(() => w.onerror?.({ message: 'out of memory' } as ErrorEvent), 1),
      terminate() {},
    };
    const a = workerAnalyzer(w);
    await expect(a.analyze(gaussian('x', 4, 4, 1), OPTS)).rejects.toThrow('out of memory');
  });
});
