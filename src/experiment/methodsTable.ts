/**
 * The paper's Table 1 from sweeps: one sweep per method (both schedules, a learning-rate grid chosen on
 * validation per method, ratio and schedule), compared with the plain fine-tuning sweep (FT). For each
 * method and ratio: its test metric without and with TempBalance, TempBalance's paired gain within the
 * method (the add-on question), each of the two against FT's baseline, and method + TB against FT + TB,
 * paired over seeds (the "better than what?" questions). Same seeds ⇒ same data subset, initial weights and batch order.
 */
import { pairedTTest } from '../math/stats';
import { meanStd, selectByValidation, type JobResult, type Stats, type SweepSchedule } from './sweep';

/** A paired comparison over seeds, signed so that positive means the first-named side did better. */
export interface PairedGain extends Stats {
  /** Two-sided paired t-test p-value (NaN with fewer than two pairs). */
  p: number;
  /** Seeds on which the first-named side did strictly better. */
  won: number;
}

export interface MethodRow {
  method: string;
  ratio: number;
  /** The learning rate validation chose per schedule (absent without a grid). */
  lr?: Partial<Record<SweepSchedule, number>>;
  baseline: Stats;
  tempbalance: Stats;
  /** Method + TB over the method alone. */
  tbGain: PairedGain;
  /** The method over FT's baseline. */
  vsFt: PairedGain;
  /** Method + TB over FT's baseline. */
  tbVsFt: PairedGain;
  /** Method + TB over FT + TB: does the combination beat TempBalance alone? */
  tbVsFtTb: PairedGain;
}

type Kept = Map<string, JobResult>; // `${ratio}|${seed}|${schedule}` → run (the chosen rate's)

const key = (ratio: number, seed: number, schedule: SweepSchedule) => `${ratio}|${seed}|${schedule}`;

function keep(results: readonly JobResult[]): { runs: Kept; chosen: Map<string, number> } {
  const { kept, chosen } = selectByValidation(results.filter((r) => !r.error));
  return { runs: new Map(kept.map((r) => [key(r.ratio, r.seed, r.schedule), r])), chosen };
}

/** Paired gain of `a` over `b` on the seeds both have a finite test metric for. */
function paired(a: Kept, sa: SweepSchedule, b: Kept, sb: SweepSchedule, ratio: number, seeds: readonly number[], higherIsBetter: boolean): PairedGain {
  const pairs = seeds.flatMap((s) => {
    const x = a.get(key(ratio, s, sa))?.test;
    const y = b.get(key(ratio, s, sb))?.test;
    return x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y) ? [higherIsBetter ? x - y : y - x] : [];
  });
  return { ...meanStd(pairs), p: pairedTTest(pairs.map(() => 0), pairs).p, won: pairs.filter((d) => d > 0).length };
}

/**
 * One row per method and ratio (methods in the order given, ratios ascending). `ft` is the plain
 * fine-tuning sweep; it is also listed as the first method, so its own row shows TB alone over FT.
 */
export function methodRows(ft: readonly JobResult[], methods: readonly (readonly [string, readonly JobResult[]])[]): MethodRow[] {
  const ref = keep(ft).runs;
  const higherIsBetter = ft.find((r) => !r.error)?.higherIsBetter ?? true;
  const rows: MethodRow[] = [];
  for (const [method, results] of methods) {
    const { runs, chosen } = keep(results);
    const ratios = [...new Set(results.map((r) => r.ratio))].sort((a, b) => a - b);
    for (const ratio of ratios) {
      const seeds = [...new Set(results.filter((r) => r.ratio === ratio).map((r) => r.seed))].sort((a, b) => a - b);
      const test = (s: SweepSchedule) => meanStd(seeds.map((seed) => runs.get(key(ratio, seed, s))?.test ?? NaN));
      const lrB = chosen.get(`${ratio}|baseline`);
      const lrT = chosen.get(`${ratio}|tempbalance`);
      const lr = lrB !== undefined || lrT !== undefined ? { lr: { ...(lrB !== undefined ? { baseline: lrB } : {}), ...(lrT !== undefined ? { tempbalance: lrT } : {}) } } : {};
      rows.push({
        method,
        ratio,
        ...lr,
        baseline: test('baseline'),
        tempbalance: test('tempbalance'),
        tbGain: paired(runs, 'tempbalance', runs, 'baseline', ratio, seeds, higherIsBetter),
        vsFt: paired(runs, 'baseline', ref, 'baseline', ratio, seeds, higherIsBetter),
        tbVsFt: paired(runs, 'tempbalance', ref, 'baseline', ratio, seeds, higherIsBetter),
        tbVsFtTb: paired(runs, 'tempbalance', ref, 'tempbalance', ratio, seeds, higherIsBetter),
      });
    }
  }
  return rows;
}
