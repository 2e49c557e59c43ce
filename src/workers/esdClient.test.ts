/**
 * The client over a fake port that runs the real handler asynchronously (as a worker would):
 * messages of superseded runs and overtaken refits never reach the callbacks, and big buffers
 * are put in the transfer list.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../math/random';
import { DEFAULT_FIT_OPTIONS, type LayerMetrics, type NamedTensor } from '../math/types';
import { createEsdClient, type WorkerPort } from './esdClient';
import { createEsdHandler } from './esdHandler';
import type { AnalyzeOptions, FromWorker, RefitResultMessage, ToWorker } from './protocol';

const OPTS: AnalyzeOptions = { ...DEFAULT_FIT_OPTIONS, eigsThresh: 10, convNorm: 0.5 };

function tensor(name: string, seed: number): NamedTensor {
  const rng = createRng(seed);
  const data = new Float32Array(30 * 40);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { name, shape: [30, 40], data };
}

/** A port whose "worker" is the real handler; each hop is a macrotask, like postMessage. */
function fakePort() {
  const transfers: Transferable[][] = [];
  const port: WorkerPort = {
    onmessage: null,
    postMessage(msg: ToWorker, transfer: Transferable[]) {
      transfers.push(transfer);
      setTimeout(() => void handler.handle(msg), 0);
    },
    terminate() {},
  };
  const handler = createEsdHandler((m: FromWorker) => setTimeout(() => port.onmessage?.({ data: m } as MessageEvent<FromWorker>), 0));
  return { port, transfers };
}

const until = async (cond: () => boolean) => {
  for (let k = 0; k < 2000 && !cond(); k++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
};

describe('ESD client', () => {
  it('only the latest run reaches its callbacks', async () => {
    const { port, transfers } = fakePort();
    const client = createEsdClient(port);
    const seen: string[] = [];
    const cb = (tag: string) => ({
      onLayer: () => seen.push(`${tag}:layer`),
      onDone: () => seen.push(`${tag}:done`),
      onError: () => seen.push(`${tag}:error`),
    });
    const t1 = [tensor('a', 1), tensor('b', 2), tensor('c', 3)];
    client.analyzeTensors(t1, OPTS, cb('old'));
    expect(transfers[0]).toHaveLength(3); // one buffer per tensor, transferred
    client.analyzeTensors([tensor('d', 4)], OPTS, cb('new'));
    await until(() => seen.includes('new:done'));
    expect(seen.filter((s) => s.startsWith('old'))).toEqual([]);
    expect(seen).toEqual(['new:layer', 'new:done']);
  });

  it('only the reply to the latest refit is delivered', async () => {
    const { port } = fakePort();
    const client = createEsdClient(port);
    let done = false;
    client.analyzeTensors([tensor('a', 1)], OPTS, { onLayer() {}, onDone: () => (done = true), onError() {} });
    await until(() => done);
    const results: number[] = [];
    const cb = { onResult: (m: { tail: { xminIndex: number } }) => results.push(m.tail.xminIndex), onError() {} };
    client.refit(0, { by: 'index', xminIndex: 3 }, cb);
    client.refit(0, { by: 'index', xminIndex: 4 }, cb);
    client.refit(0, { by: 'index', xminIndex: 5 }, cb);
    await until(() => results.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(results).toEqual([5]);
  });

  it('fit-eigenvalues: only the newest reply is delivered, and the caller keeps its ESD', async () => {
    const { port, transfers } = fakePort();
    const client = createEsdClient(port);
    const evals = Float64Array.from({ length: 40 }, (_v, k) => (k + 1) ** 2 / 100);
    const metrics = { name: 'a', lambda_max: evals[39] } as LayerMetrics;
    const results: number[] = [];
    const cb = { onResult: (m: RefitResultMessage) => results.push(m.tail.xminIndex), onError() {} };
    for (const i of [3, 4, 9]) client.fitEigenvalues({ layer: 0, metrics, eigenvalues: evals, options: OPTS, target: { by: 'index', xminIndex: i } }, cb);
    expect(transfers.every((t) => t.length === 0)).toBe(true);
    await until(() => results.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(results).toEqual([9]);
    expect(evals.length).toBe(40); // not detached
  });

  it('cancel drops the rest of the run', async () => {
    const { port } = fakePort();
    const client = createEsdClient(port);
    const seen: string[] = [];
    client.analyzeTensors([tensor('a', 1), tensor('b', 2)], OPTS, {
      onLayer: () => seen.push('layer'),
      onDone: () => seen.push('done'),
      onError: () => seen.push('error'),
    });
    client.cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  });
});
