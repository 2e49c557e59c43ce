/**
 * Typed messages of the platform worker (one request, one reply; `id` pairs them).
 * Shared by platform.worker.ts and the client in debug.ts.
 */
import type { ActivateRequest, ActivationReport } from './activate';
import type { BenchOptions, BenchResult, MatMulCheck } from './bench';

export interface PlatformWorkerRequest {
  id: number;
  activate: ActivateRequest;
  /** Run the matMul correctness check after activation. */
  verify?: boolean;
  /** Run the benchmark after activation (omit to skip). */
  bench?: BenchOptions;
}

/** What one run in the worker produced: the same shapes the page-side functions return. */
export interface PlatformRunResult {
  report: ActivationReport;
  check: MatMulCheck | null;
  bench: BenchResult | null;
}

export type PlatformWorkerReply =
  | ({ kind: 'result'; id: number } & PlatformRunResult)
  | { kind: 'error'; id: number; message: string };
