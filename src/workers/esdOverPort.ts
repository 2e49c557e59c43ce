/**
 * The training worker's ESD provider: weight snapshots go to the ESD worker over a MessagePort (ESD
 * protocol, protocol.ts, `analyze-tensors`), and the `layer` replies (metrics, chart, ESD, tail) are
 * collected, one record per matrix, until `done`. The trainer awaits the result before its next step
 * (run.ts), so the step at which new learning rates apply never depends on how fast the ESD worker is.
 *
 * One request is in flight at a time (the trainer awaits each), but run ids still increase so a late
 * reply of an abandoned request (after `close`) can never be mistaken for the current one.
 */
import { DEFAULT_CONV_NORM } from '../math/esd';
import { notFiniteMetrics } from '../math/metrics';
import type { Estimator, LayerEsd } from '../math/types';
import type { EsdProvider } from '../train/run';
import { FromWorkerKind, ToWorkerKind, transferablesOf, type FromWorker, type ToWorker } from './protocol';

/** What we use of a MessagePort (the browser's and Node's both fit). */
export interface EsdPortLike {
  postMessage(msg: ToWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  close(): void;
}

/** The engine's ESD provider over a port, and how to release the port. */
export interface PortEsd {
  analyze: EsdProvider;
  close(): void;
}

interface Pending {
  runId: number;
  layers: (LayerEsd | undefined)[];
  weights: { name: string; shape: number[] }[];
  resolve(a: LayerEsd[]): void;
  reject(e: Error): void;
}

/**
 * Talk to the ESD worker over `port`. A per-layer error (the analyser threw on one matrix) becomes a
 * not-finite entry for that layer, so the scheduler leaves it at ratio 1; a fatal error rejects.
 * With `estimators`, every layer is also fitted with each of them (for the Lab's estimator switch).
 */
export function esdOverPort(port: EsdPortLike, convNorm = DEFAULT_CONV_NORM, estimators?: readonly Estimator[]): PortEsd {
  const want = estimators && estimators.length > 0 ? [...estimators] : undefined;
  let nextRun = 1;
  let pending: Pending | null = null;

  port.onmessage = (event) => {
    const msg = event.data;
    const p = pending;
    if (!p || msg.runId !== p.runId) return; // an abandoned request's late reply
    switch (msg.kind) {
      case FromWorkerKind.layer:
        p.layers[msg.index] = { metrics: msg.metrics, chart: msg.chart, eigenvalues: msg.eigenvalues ?? null, tail: msg.tail, ...(msg.alphas ? { alphas: msg.alphas } : {}) };
        return;
      case FromWorkerKind.error: {
        const i = msg.layer === undefined ? -1 : p.weights.findIndex((w) => w.name === msg.layer);
        if (i >= 0) {
          p.layers[i] = { metrics: notFiniteMetrics(p.weights[i].name, p.weights[i].shape), chart: null, eigenvalues: null, tail: null };
          return;
        }
        pending = null;
        p.reject(new Error(`ESD analysis failed: ${msg.message}`));
        return;
      }
      case FromWorkerKind.done: {
        pending = null;
        const missing = p.layers.findIndex((l) => l === undefined);
        if (missing >= 0) p.reject(new Error(`ESD analysis ended without layer ${p.weights[missing].name}`));
        else p.resolve(p.layers as LayerEsd[]);
        return;
      }
      case FromWorkerKind.refitResult:
        return; // the trainer never asks for refits
    }
  };

  const analyze: EsdProvider = (weights, fit) =>
    new Promise<LayerEsd[]>((resolve, reject) => {
      if (pending) {
        reject(new Error('an ESD analysis is already in flight on this port'));
        return;
      }
      const runId = nextRun++;
      pending = {
        runId,
        layers: new Array<LayerEsd | undefined>(weights.length).fill(undefined),
        weights: weights.map((w) => ({ name: w.name, shape: w.shape.slice() })),
        resolve,
        reject,
      };
      if (weights.length === 0) {
        pending = null;
        resolve([]);
        return;
      }
      // The snapshot arrays are fresh copies (TrainableModel.esdSnapshot), so transferring them is safe.
      // withEigenvalues: the ESDs travel on to the Lab, which re-fits them on request (another xmin or method).
      const msg: ToWorker = { kind: ToWorkerKind.analyzeTensors, runId, tensors: weights, options: { ...fit, convNorm }, withEigenvalues: true, ...(want ? { estimators: want } : {}) };
      port.postMessage(msg, transferablesOf(msg));
    });

  return {
    analyze,
    close() {
      pending?.reject(new Error('the ESD port was closed'));
      pending = null;
      port.onmessage = null;
      port.close();
    },
  };
}
