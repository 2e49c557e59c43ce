/**
 * Module worker that activates a backend and runs the benchmark/correctness check inside a worker,
 * to prove (and measure) that wasm threads and WebGPU work off the main thread too. Thin on purpose:
 * everything it does is activate.ts and bench.ts, which also run in the page.
 */
import { errorMessage } from '../io/errors';
import { activateBackend } from './activate';
import { benchActiveBackend, verifyMatMul } from './bench';
import type { PlatformWorkerReply, PlatformWorkerRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<PlatformWorkerRequest>) => {
  const req = event.data;
  try {
    const report = await activateBackend(req.activate);
    const check = req.verify ? await verifyMatMul() : null;
    const bench = req.bench ? await benchActiveBackend(req.bench) : null;
    scope.postMessage({ kind: 'result', id: req.id, report, check, bench } satisfies PlatformWorkerReply);
  } catch (e) {
    scope.postMessage({ kind: 'error', id: req.id, message: errorMessage(e) } satisfies PlatformWorkerReply);
  }
};
