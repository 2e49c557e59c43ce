/**
 * `window.__lab.train`: a small test/diagnostics API over the training client, used by
 * e2e/train.spec.ts (the lab UI drives trainClient.ts itself) and handy in the browser console.
 * Imported once from the app entry; it creates nothing until called. Returns JSON-safe summaries
 * (no typed arrays, no charts' raw points) so Playwright can read them.
 */
import { findPreset } from '../experiment/presets';
import { defaultConfig, type ExperimentConfig } from '../experiment/schema';
import type { BackendName } from '../platform/backendPolicy';
import type { ScheduleLabel } from '../train/run';
import { createLab, type Lab, type RunEvent, type RunHandle } from './trainClient';

export interface TrainDebugStart {
  preset?: string;
  overrides?: Partial<ExperimentConfig>;
  backend?: BackendName;
  /** Both runs (default) or one. */
  mode?: 'compare' | ScheduleLabel;
}

/** What one run did, in a form Playwright can compare. */
export interface RunSummary {
  label: ScheduleLabel;
  /** Backend of each worker the run had (more than one after a recovery). */
  backends: string[];
  steps: number[];
  losses: number[];
  esd: { step: number; alphas: (number | null)[]; charts: number; fitLines: number; ratios: Record<string, number>; applied: boolean }[];
  evaluations: { step: number; metric: number; metricName: string }[];
  predictions: { step: number; finite: boolean; length: number }[];
  /** `at`: when the page received it (performance.now(), ms), so a benchmark can time the data phase. */
  progress: { phase: string; done: number; total: number; message: string; at: number }[];
  recovered: { from: string; to: string; step: number }[];
  errors: { reason: string; message: string }[];
  done: { step: number; val: number; test: number } | null;
}

export interface TrainDebugApi {
  start(req: TrainDebugStart): number;
  run(id: number): void;
  pause(id: number): void;
  /** Resolves when every run of `id` is done or failed (or after `timeoutMs`), with the summaries. */
  whenFinished(id: number, timeoutMs?: number): Promise<RunSummary[]>;
  /** Resolves once every run of `id` has posted at least `n` step points. */
  whenSteps(id: number, n: number, timeoutMs?: number): Promise<RunSummary[]>;
  summary(id: number): RunSummary[];
  /** Destroy the WebGPU device of one run's worker (device-loss recovery test). */
  loseDevice(id: number, label: ScheduleLabel): void;
  dispose(id: number): void;
}

interface Session {
  runs: Map<ScheduleLabel, { handle: RunHandle; summary: RunSummary }>;
}

function emptySummary(label: ScheduleLabel): RunSummary {
  return { label, backends: [], steps: [], losses: [], esd: [], evaluations: [], predictions: [], progress: [], recovered: [], errors: [], done: null };
}

/** Fold one event into a summary. */
function record(s: RunSummary, e: RunEvent): void {
  switch (e.kind) {
    case 'ready':
      s.backends.push(e.backend.name);
      return;
    case 'progress':
      s.progress.push({ phase: e.phase, done: e.done, total: e.total, message: e.message, at: performance.now() });
      return;
    case 'steps':
      for (const p of e.points) {
        s.steps.push(p.step);
        s.losses.push(p.loss);
      }
      return;
    case 'esd':
      s.esd.push({
        step: e.step,
        alphas: e.layers.map((l) => (Number.isFinite(l.alpha) ? l.alpha : null)),
        charts: e.charts.filter((c) => c !== null && c.bins.length > 0).length,
        fitLines: e.charts.filter((c) => c !== null && c.fitLine.length > 1 && c.fitLine.every((p) => Number.isFinite(p.y))).length,
        ratios: e.ratios,
        applied: e.applied,
      });
      return;
    case 'eval':
      s.evaluations.push({ step: e.step, metric: e.result.metric, metricName: e.result.metricName });
      return;
    case 'prediction':
      s.predictions.push({ step: e.step, finite: e.sample.pred.every(Number.isFinite), length: e.sample.pred.length });
      return;
    case 'recovered': {
      // Points after the resume step will come again from the new worker.
      const keep = s.steps.findIndex((st) => st > e.step);
      if (keep >= 0) {
        s.steps.length = keep;
        s.losses.length = keep;
      }
      s.recovered.push({ from: e.from, to: e.to, step: e.step });
      return;
    }
    case 'error':
      s.errors.push({ reason: e.reason, message: e.message });
      return;
    case 'done':
      s.done = { step: e.step, val: e.val.metric, test: e.test.metric };
      return;
  }
}

export function createTrainDebugApi(makeLab: () => Lab = () => createLab()): TrainDebugApi {
  let lab: Lab | null = null;
  const sessions = new Map<number, Session>();
  let nextId = 1;
  const get = (id: number): Session => {
    const s = sessions.get(id);
    if (!s) throw new Error(`no training session ${id}`);
    return s;
  };
  const summaries = (id: number) => [...get(id).runs.values()].map((r) => structuredClone(r.summary));
  const waitFor = (id: number, ok: (s: RunSummary) => boolean, timeoutMs: number) =>
    new Promise<RunSummary[]>((resolve) => {
      const t0 = performance.now();
      const poll = () => {
        const all = [...get(id).runs.values()].map((r) => r.summary);
        if (all.every(ok) || performance.now() - t0 > timeoutMs) resolve(summaries(id));
        else setTimeout(poll, 50);
      };
      poll();
    });
  const terminal = (s: RunSummary) => s.done !== null || s.errors.some((e) => e.reason !== 'rejected');

  return {
    start(req) {
      lab ??= makeLab();
      const config: ExperimentConfig = { ...defaultConfig(), ...(req.preset ? findPreset(req.preset)?.overrides : {}), ...req.overrides };
      const labels: ScheduleLabel[] = !req.mode || req.mode === 'compare' ? ['baseline', 'tempbalance'] : [req.mode];
      const session: Session = { runs: new Map() };
      for (const label of labels) {
        const summary = emptySummary(label);
        const handle = lab.startRun(config, label, { backend: req.backend, onEvent: (e) => record(summary, e) });
        session.runs.set(label, { handle, summary });
      }
      const id = nextId++;
      sessions.set(id, session);
      return id;
    },
    run: (id) => get(id).runs.forEach((r) => r.handle.run()),
    pause: (id) => get(id).runs.forEach((r) => r.handle.pause()),
    whenFinished: (id, timeoutMs = 600_000) => waitFor(id, terminal, timeoutMs),
    whenSteps: (id, n, timeoutMs = 600_000) => waitFor(id, (s) => s.steps.length >= n || terminal(s), timeoutMs),
    summary: summaries,
    loseDevice: (id, label) => get(id).runs.get(label)?.handle.debugLoseDevice(),
    dispose(id) {
      get(id).runs.forEach((r) => r.handle.dispose());
      sessions.delete(id);
    },
  };
}

/** Install the API as `globalThis.__lab.train`, keeping whatever else `__lab` holds. */
export function installTrainDebugHook(target: object = globalThis): void {
  const host = target as { __lab?: Record<string, unknown> };
  host.__lab = { ...(host.__lab ?? {}), train: createTrainDebugApi() };
}

installTrainDebugHook();
