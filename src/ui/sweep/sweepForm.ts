/**
 * The Sweep form's values ⇄ a SweepSpec. Pure (no React), so the form's validation is unit-tested. The form
 * is strict where a link is lenient (sweepLink.ts): a link drops a bad value with a notice, the form names
 * the first problem and refuses to start, since the reader is there to fix it.
 */
import { SCHEMA } from '../../experiment/schema';
import { SWEEP_SCHEDULES, parseNumberList, type SweepSpec } from '../../experiment/sweep';
import { DEFAULT_SWEEP_SPEC, formatOverrides, parseOverrides } from '../../experiment/sweepLink';

/** What the inputs hold: raw text, so a half-typed list is kept as typed. */
export interface FormValues {
  preset: string;
  ratios: string;
  seeds: string;
  /** Empty: the preset's steps. */
  steps: string;
  /** A learning-rate grid (every cell runs each rate; the aggregate keeps each schedule's best on validation); empty: none. */
  lrs: string;
  /** Extra settings, `key=value` separated by spaces (as `--set` on the CLI). */
  set: string;
}

/** The form showing a grid. Lists are written "0.02, 0.05" (a space after each comma reads better in an input). */
export function formOf(spec: SweepSpec): FormValues {
  return {
    preset: spec.preset,
    ratios: spec.ratios.join(', '),
    seeds: spec.seeds.join(', '),
    steps: spec.steps === undefined ? '' : String(spec.steps),
    lrs: (spec.lrs ?? []).join(', '),
    set: formatOverrides(spec.overrides),
  };
}

export const DEFAULT_FORM: FormValues = formOf(DEFAULT_SWEEP_SPEC);

/** The form as a spec, or the first problem with it (ranges are the schema's, as for a link). */
export function specOf(f: FormValues): { spec?: SweepSpec; error?: string } {
  const ratios = parseNumberList(f.ratios, 'Ratios');
  if (ratios.error) return { error: ratios.error };
  const { min, max } = SCHEMA.ratio;
  const outside = ratios.values.find((r) => r < min || r > max);
  if (outside !== undefined) return { error: `Ratios: ${outside} is outside ${min}–${max}` };
  const seeds = parseNumberList(f.seeds, 'Seeds', { integer: true });
  if (seeds.error) return { error: seeds.error };
  const badSeed = seeds.values.find((s) => s < SCHEMA.seed.min || s > SCHEMA.seed.max);
  if (badSeed !== undefined) return { error: `Seeds: ${badSeed} is outside ${SCHEMA.seed.min}–${SCHEMA.seed.max}` };
  const stepsText = f.steps.trim();
  const steps = stepsText === '' ? undefined : Number(stepsText);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= SCHEMA.steps.min && steps <= SCHEMA.steps.max)) {
    return { error: `Steps: a whole number from ${SCHEMA.steps.min} to ${SCHEMA.steps.max}, or empty for the preset’s` };
  }
  let lrs: number[] = [];
  if (f.lrs.trim() !== '') {
    const parsed = parseNumberList(f.lrs, 'Learning rates');
    if (parsed.error) return { error: parsed.error };
    const bad = parsed.values.find((x) => x < SCHEMA.lr.min || x > SCHEMA.lr.max);
    if (bad !== undefined) return { error: `Learning rates: ${bad} is outside ${SCHEMA.lr.min}–${SCHEMA.lr.max}` };
    lrs = parsed.values;
  }
  const set = parseOverrides(f.set);
  if (set.error) return { error: set.error };
  if (lrs.length > 0 && 'lr' in set.overrides) return { error: 'Extra settings: "lr" is set by the learning-rate grid; remove one of them' };
  return {
    spec: {
      preset: f.preset,
      ratios: ratios.values,
      seeds: seeds.values,
      ...(steps !== undefined ? { steps } : {}),
      ...(lrs.length > 0 ? { lrs } : {}),
      ...(Object.keys(set.overrides).length > 0 ? { overrides: set.overrides } : {}),
    },
  };
}

/** Runs a grid makes: every ratio × seed (× learning rate of an `lrs` grid) once per schedule. */
export function runCount(spec: SweepSpec): number {
  return spec.ratios.length * spec.seeds.length * Math.max(1, spec.lrs?.length ?? 0) * SWEEP_SCHEDULES.length;
}
