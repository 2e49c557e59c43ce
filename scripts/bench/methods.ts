/**
 * Speed of the comparison methods (issue 10) against plain AdamW on the same model, in one run (Node,
 * wasm or cpu backend). Every method runs as a TrainingRun with the baseline schedule (ESD at step 0
 * only, so the figure is the method's own cost; TempBalance's overhead is bench:train's), in
 * interleaved rounds so load changes on a shared machine hit every method alike; median over rounds.
 *
 *   npx tsx scripts/bench/methods.ts [--preset sentiment-finetune-low] [--steps 5] [--rounds 5] [--warmup 3] [--backend wasm]
 */
import { presetOverrides } from '../../src/experiment/presets';
import type { ExperimentConfig } from '../../src/experiment/schema';
import { decodeLink } from '../../src/experiment/url';
import { runName } from '../../src/experiment/method';
import { inlineEsd } from '../../src/train/esdInline';
import { TrainingRun } from '../../src/train/run';
import { buildModel, buildTask, runSettingsOf } from '../../src/train/setup';
import { choiceFlag, numberFlag, runCli } from '../lib/cli';
import { initNodeBackend, nodeLoaders } from '../lib/node-engine';

const USAGE = `usage: npx tsx scripts/bench/methods.ts [options]
  steps/s of each comparison method against AdamW on one preset's model; results for docs/BENCHMARKS.md
  --preset ID              lab preset (default sentiment-finetune-low)
  --steps N                timed steps per round (default 5)
  --rounds N               rounds, interleaved (default 5)
  --warmup N               untimed steps first (default 3)
  --backend B              wasm (default) | cpu
  -h, --help               show this help`;
const OPTIONS = {
  options: {
    preset: { type: 'string', default: 'sentiment-finetune-low' },
    steps: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
  },
} as const;
const { STEPS, ROUNDS, WARMUP, values } = runCli('bench:methods', USAGE, OPTIONS, ({ values: v }) => ({
  STEPS: numberFlag('steps', v.steps, { integer: true, min: 1 }) as number,
  ROUNDS: numberFlag('rounds', v.rounds, { integer: true, min: 1 }) as number,
  WARMUP: numberFlag('warmup', v.warmup, { integer: true, min: 0 }) as number,
  values: { preset: v.preset, backend: choiceFlag('backend', v.backend, ['wasm', 'cpu'] as const) },
}));

/** The methods, as the settings that switch them on; the first is the reference. */
const METHODS: { id: string; set: Partial<ExperimentConfig> }[] = [
  { id: 'adamw', set: { optimizer: 'adamw' } },
  { id: 'adafactor', set: { optimizer: 'adafactor' } },
  { id: 'lamb', set: { optimizer: 'lamb' } },
  { id: 'lars', set: { optimizer: 'lars', lr: 1 } },
  { id: 'sam', set: { optimizer: 'adamw', sam: 0.05 } },
  { id: 'llrd', set: { optimizer: 'adamw', llrd: 0.8 } },
  { id: 'lora', set: { optimizer: 'adamw', lora: 8 } },
];

const active = await initNodeBackend(values.backend as 'wasm' | 'cpu');
const base = decodeLink(`preset=${values.preset}`, presetOverrides).config;
const loaders = nodeLoaders();
const task = await buildTask(base, loaders);
const runs = await Promise.all(
  METHODS.map(async (m) => {
    const cfg = { ...base, ...m.set, steps: 100_000, interval: 100_000 };
    return { m, cfg, run: new TrainingRun(task, await buildModel(cfg, loaders), runSettingsOf(cfg, 'baseline'), inlineEsd) };
  }),
);
const step = async (run: TrainingRun) => {
  const r = await run.trainStep();
  if (!r.ok) throw new Error(r.message);
};
for (const { run } of runs) for (let i = 0; i < WARMUP; i++) await step(run);
const rates: number[][] = runs.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < runs.length; k++) {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) await step(runs[k].run);
    rates[k].push((1000 * STEPS) / (performance.now() - t0));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = median(rates[0]);
console.log(`backend ${active.name}, preset ${values.preset}, ${task.description}; ${ROUNDS} rounds × ${STEPS} steps after ${WARMUP} warm-up steps`);
console.log('\n| method | steps/s | time per step vs AdamW |');
console.log('|---|---|---|');
runs.forEach(({ m, cfg }, k) => {
  const s = median(rates[k]);
  console.log(`| ${m.id === 'adamw' ? 'AdamW (reference)' : runName('baseline', cfg)} | ${s.toFixed(2)} | ${(ref / s).toFixed(2)}× |`);
});
runs.forEach(({ run }) => run.dispose());
