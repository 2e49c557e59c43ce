/**
 * The training worker's ESD provider: weight snapshots go to the ESD worker over a MessagePort (ESD
 * protocol, protocol.ts, `analyze-tensors`), and the `layer` replies (metrics + chart) are collected
 * until `done`. The trainer awaits the result before its next step (run.ts), so the step at which new
 * learning rates apply never depends on how fast the ESD worker is.
 *
 * One request is in flight at a time (the trainer awaits each), but run ids still increase so a late
 * reply of an abandoned request (after `close`) can never be mistaken for the current one.
 */
import { DEFAULT_CONV_NORM } from '../math/esd';
import { notFiniteMetrics } from '../math/metrics';
import type { EsdChartData, FitOptions, LayerMetrics, NamedTensor } from '../math/types';
import type { EsdProvider } from '../train/run';
import { FromWorkerKind, ToWorkerKind, transferablesOf, type FromWorker, type TailInfo, type ToWorker } from './protocol';

/** One weight snapshot analysed over the port: metrics and chart of every ESD matrix, in snapshot order. */
export interface SnapshotAnalysis {
  layers: LayerMetrics[];
  /** Null for layers without a fit (too few eigenvalues, not finite). */
  charts: (EsdChartData | null)[];
  /** Each charted layer's ESD (ascending) and where its tail starts, for the Lab's xmin slider. */
  evals: (Float64Array | null)[];
  tails: (TailInfo | null)[];
}

/** What the trainer's `esd` event carries besides the metrics. */
export type EsdExtras = Omit<SnapshotAnalysis, 'layers'>;

/** Analyses a weight snapshot somewhere (the ESD worker; inline in tests). */
export type EsdSource = (weights: NamedTensor[], fit: FitOptions) => Promise<SnapshotAnalysis>;

/** What we use of a MessagePort (the browser's and Node's both fit). */
export interface EsdPortLike {
  postMessage(msg: ToWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  close(): void;
}

/** An ESD source over a port, and how to release the port. */
export interface PortEsd {
  analyze: EsdSource;
  close(): void;
}

interface Pending {
  runId: number;
  layers: (LayerMetrics | undefined)[];
  charts: (EsdChartData | null)[];
  evals: (Float64Array | null)[];
  tails: (TailInfo | null)[];
  weights: { name: string; shape: number[] }[];
  resolve(a: SnapshotAnalysis): void;
  reject(e: Error): void;
}

/**
 * Talk to the ESD worker over `port`. A per-layer error (the analyser threw on one matrix) becomes a
 * not-finite entry for that layer, so the scheduler leaves it at ratio 1; a fatal error rejects.
 */
export function esdOverPort(port: EsdPortLike, convNorm = DEFAULT_CONV_NORM): PortEsd {
  let nextRun = 1;
  let pending: Pending | null = null;

  port.onmessage = (event) => {
    const msg = event.data;
    const p = pending;
    if (!p || msg.runId !== p.runId) return; // an abandoned request's late reply
    switch (msg.kind) {
      case FromWorkerKind.layer:
        p.layers[msg.index] = msg.metrics;
        p.charts[msg.index] = msg.chart;
        p.evals[msg.index] = msg.evals ?? null;
        p.tails[msg.index] = msg.tail;
        return;
      case FromWorkerKind.error: {
        const i = msg.layer === undefined ? -1 : p.weights.findIndex((w) => w.name === msg.layer);
        if (i >= 0) {
          p.layers[i] = notFiniteMetrics(p.weights[i].name, p.weights[i].shape);
          p.charts[i] = null;
          p.evals[i] = null;
          p.tails[i] = null;
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
        else p.resolve({ layers: p.layers as LayerMetrics[], charts: p.charts, evals: p.evals, tails: p.tails });
        return;
      }
      case FromWorkerKind.refitResult:
        return; // the trainer never asks for refits
    }
  };

  const analyze: EsdSource = (weights, fit) =>
    new Promise<SnapshotAnalysis>((resolve, reject) => {
      if (pending) {
        reject(new Error('an ESD analysis is already in flight on this port'));
        return;
      }
      const runId = nextRun++;
      pending = {
        runId,
        layers: new Array<LayerMetrics | undefined>(weights.length).fill(undefined),
        charts: new Array<EsdChartData | null>(weights.length).fill(null),
        evals: new Array<Float64Array | null>(weights.length).fill(null),
        tails: new Array<TailInfo | null>(weights.length).fill(null),
        weights: weights.map((w) => ({ name: w.name, shape: w.shape.slice() })),
        resolve,
        reject,
      };
      if (weights.length === 0) {
        pending = null;
        resolve({ layers: [], charts: [], evals: [], tails: [] });
        return;
      }
      // The snapshot arrays are fresh copies (TrainableModel.esdSnapshot), so transferring them is safe.
      // withEvals: the ESDs travel on to the Lab, which re-fits them on request (another xmin or method).
      const msg: ToWorker = { kind: ToWorkerKind.analyzeTensors, runId, tensors: weights, options: { ...fit, convNorm }, withEvals: true };
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

const NO_EXTRAS: EsdExtras = { charts: [], evals: [], tails: [] };

/**
 * Adapts an EsdSource to the engine's EsdProvider (metrics only) and keeps the charts, ESDs and tails
 * of the latest analysis aside, for the trainer's `esd` event (taken once: the ESDs are transferred).
 */
export function chartKeepingProvider(source: EsdSource): { provider: EsdProvider; takeCharts(): EsdExtras } {
  let extras = NO_EXTRAS;
  return {
    provider: async (weights, fit) => {
      const { layers, ...rest } = await source(weights, fit);
      extras = rest;
      return layers;
    },
    takeCharts() {
      const out = extras;
      extras = NO_EXTRAS;
      return out;
    },
  };
}
