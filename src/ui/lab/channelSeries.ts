/**
 * Rows of the per-channel validation chart of multi-channel PDE tasks (CFD: density, velocity(ies),
 * pressure): the tasks report `nrmse.<channel>` in EvalResult.extra (train/tasks/pdeTask.ts).
 */
import { RUN_LABELS, type RunLabel } from './labState';
import type { PerRun } from './series';
import type { RunView } from './labState';

export interface ChannelSeries {
  key: string;
  label: RunLabel;
  channel: string;
  /** Index of the channel (for its colour). */
  index: number;
}

const PREFIX = 'nrmse.';

/** { step, `${run}:${channel}`: nRMSE } rows and the series in them (none for one-channel tasks). */
export function channelEvalRows(evaluations: PerRun<RunView['evaluations']>): { rows: Record<string, number | null>[]; series: ChannelSeries[] } {
  const byStep = new Map<number, Record<string, number | null>>();
  const channels: string[] = [];
  const present = new Set<RunLabel>();
  for (const label of RUN_LABELS) {
    for (const e of evaluations[label] ?? []) {
      for (const [k, v] of Object.entries(e.result.extra)) {
        if (!k.startsWith(PREFIX)) continue;
        const ch = k.slice(PREFIX.length);
        if (!channels.includes(ch)) channels.push(ch);
        present.add(label);
        const row = byStep.get(e.step) ?? { step: e.step };
        row[`${label}:${ch}`] = Number.isFinite(v) ? v : null;
        byStep.set(e.step, row);
      }
    }
  }
  const series = RUN_LABELS.filter((l) => present.has(l)).flatMap((label) => channels.map((channel, index) => ({ key: `${label}:${channel}`, label, channel, index })));
  return { rows: [...byStep.values()].sort((a, b) => (a.step as number) - (b.step as number)), series };
}
