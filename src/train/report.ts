/**
 * The JSON shape of a finished experiment for the CLI and exports: one object with the config and,
 * per run, flat final metrics (`loss`, `val_accuracy`, `test_nRMSE`, …), the curve, and α and learning
 * rate of every layer at every re-estimate. NaN and ±∞ become null (JSON has no NaN).
 */
import { runName } from '../experiment/method';
import type { ExperimentReport } from './experiment';
import type { EvalResult } from './tasks/types';

export interface JsonRun {
  schedule: string;
  /** "Baseline" / "TempBalance", or "<method>" / "<method> + TB" (experiment/method.ts). */
  name: string;
  final: Record<string, number | string | null>;
  curve: Record<string, number | null>[];
  layers: { name: string; shape: number[]; block: number | null; steps: number[]; alpha: (number | null)[]; lr: (number | null)[] }[];
  ms: number;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

function flatEval(prefix: string, r: EvalResult): Record<string, number | null> {
  const out: Record<string, number | null> = { [`${prefix}_${r.metricName}`]: num(r.metric), [`${prefix}_loss`]: num(r.loss) };
  for (const [k, v] of Object.entries(r.extra)) out[`${prefix}_${k}`] = num(v);
  return out;
}

export function toJsonReport(rep: ExperimentReport): { config: unknown; task: string; backend: string; runs: JsonRun[] } {
  return {
    config: rep.config,
    task: rep.task,
    backend: rep.backend,
    runs: rep.runs.map((r) => ({
      schedule: r.schedule,
      name: runName(r.schedule, rep.config),
      final: {
        loss: num(r.final.loss),
        steps: r.final.steps,
        ...flatEval('val', r.final.val),
        ...flatEval('test', r.final.test),
        ...(r.final.diverged ? { diverged: r.final.diverged } : {}),
        ...(r.final.selectedStep !== undefined ? { selected_step: r.final.selectedStep } : {}),
      },
      curve: r.curve.map((p) => {
        const o: Record<string, number | null> = { step: p.step, loss: num(p.loss), lr: num(p.lr) };
        if (p.val !== undefined) o.val = num(p.val);
        if (p.valLoss !== undefined) o.val_loss = num(p.valLoss);
        return o;
      }),
      layers: r.layers.map((l) => ({ name: l.name, shape: l.shape, block: l.block, steps: l.steps, alpha: l.alpha.map(num), lr: l.lr.map(num) })),
      ms: Math.round(r.ms),
    })),
  };
}

/** A short human-readable table of the final metrics, one row per run. */
export function toTable(rep: ExperimentReport): string {
  const rows = rep.runs.map((r) => {
    const t = r.final.test;
    const v = r.final.val;
    return [runName(r.schedule, rep.config), String(r.final.steps), fmt(r.final.loss), `${v.metricName} ${fmt(v.metric)}`, `${t.metricName} ${fmt(t.metric)}`, `${(r.ms / 1000).toFixed(1)} s`, r.final.diverged ? 'DIVERGED' : ''];
  });
  const head = ['run', 'steps', 'train loss', 'validation', 'test', 'time', ''];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return [`${rep.task} — backend ${rep.backend}`, ...all.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())].join('\n');
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}
