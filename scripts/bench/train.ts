/**
 * Training-speed benchmark (Node; wasm and cpu backends — GPU backends are measured in the browser, see
 * docs/BENCHMARKS.md "tfjs backends"). For each preset model it times, in the same run:
 *   bare  — the feasibility reference: a plain tfjs loop over the same model and batches
 *           (tf.variableGrads + tf.train.adam), nothing else;
 *   ours  — TrainingRun with the baseline schedule (sampler, per-parameter optimiser, schedule,
 *           loss read-back every step), ESDs only at step 0;
 *   tb    — TrainingRun with TempBalance at the preset's interval (ESD + fit + re-grouping included).
 * and prints steps/s with the ratios ours/bare (framework overhead) and tb/ours (TempBalance overhead).
 *
 *   npm run bench:train [-- --steps 10 --rounds 5 --backends wasm,cpu --presets sentiment-low,fno-burgers-low]
 */
import * as tf from '@tensorflow/tfjs';
import { PRESETS, presetOverrides } from '../../src/experiment/presets';
import { decodeLink } from '../../src/experiment/url';
import type { ExperimentConfig } from '../../src/experiment/schema';
import { inlineEsd } from '../../src/train/esdInline';
import { TrainingRun } from '../../src/train/run';
import { batchesPerEpoch } from '../../src/train/sampler';
import { buildModel, buildTask, runLengthOf, runSettingsOf } from '../../src/train/setup';
import type { TrainableModel } from '../../src/models/types';
import type { Task } from '../../src/train/tasks/types';
import { numberFlag, runCli, UsageError, unknownMessage } from '../lib/cli';
import { initNodeBackend, nodeLoaders } from '../lib/node-engine';

const USAGE = `usage: npm run bench:train [-- options]
  steps/s of each preset's model: bare tfjs loop, our engine (baseline), TempBalance; results for docs/BENCHMARKS.md
  --steps N                timed steps per round (default 10)
  --rounds N               rounds, interleaved (default 5)
  --warmup N               untimed steps first (default 5)
  --backends LIST          wasm,cpu (default)
  --presets LIST           lab presets (default: all but sentiment-moderate)
  -h, --help               show this help`;
const LAB_PRESETS = PRESETS.filter((p) => p.view === 'lab').map((p) => p.id);
const { values } = runCli(
  'bench:train',
  USAGE,
  {
    options: {
      steps: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '5' },
      backends: { type: 'string', default: 'wasm,cpu' },
      presets: { type: 'string', default: LAB_PRESETS.filter((id) => id !== 'sentiment-moderate').join(',') },
    },
  },
  (args) => {
    for (const key of ['steps', 'rounds'] as const) numberFlag(key, args.values[key], { integer: true, min: 1 });
    numberFlag('warmup', args.values.warmup, { integer: true, min: 0 });
    for (const b of args.values.backends.split(',')) if (b !== 'wasm' && b !== 'cpu') throw new UsageError(unknownMessage('backend', b, ['wasm', 'cpu']));
    for (const id of args.values.presets.split(',')) if (!LAB_PRESETS.includes(id)) throw new UsageError(unknownMessage('preset', id, LAB_PRESETS));
    return args;
  },
);
const STEPS = Number(values.steps);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);

/** Something that takes one training step. */
type Stepper = { step(): Promise<void>; dispose(): void };

function bareLoop(task: Task, cfg: ExperimentConfig, model: TrainableModel): Stepper {
  const vars = model.params.map((p) => p.variable);
  const opt = tf.train.adam(cfg.lr);
  const batch = Math.min(cfg.batch, task.trainSize);
  const batches = Array.from({ length: 4 }, (_, k) => task.batch(Int32Array.from({ length: batch }, (_, i) => (k * batch + i) % task.trainSize)));
  let i = 0;
  return {
    async step() {
      const { x, y } = batches[i++ % batches.length];
      const { value, grads } = tf.variableGrads(() => task.loss(model.apply(x, true), y), vars);
      opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
      await value.data(); // the same one read-back per step as ours
      tf.dispose([value, ...Object.values(grads)]);
    },
    dispose() {
      opt.dispose();
      batches.forEach((b) => tf.dispose([b.x, b.y]));
      model.dispose();
    },
  };
}

function engineLoop(task: Task, cfg: ExperimentConfig, model: TrainableModel, label: 'baseline' | 'tempbalance'): Stepper {
  // The baseline re-estimates only at step 0; TempBalance at the preset's interval (or interval rule).
  const never: Partial<ExperimentConfig> = { interval: 100_000, intervalMode: 'steps' };
  const length: Partial<ExperimentConfig> = { steps: 100_000, epochs: 0 };
  const settings = runSettingsOf({ ...cfg, ...length, ...(label === 'baseline' ? never : {}) }, label, task.trainSize);
  const run = new TrainingRun(task, model, settings, inlineEsd);
  return {
    async step() {
      const r = await run.trainStep();
      if (!r.ok) throw new Error(r.message);
    },
    dispose: () => run.dispose(),
  };
}

/**
 * Steps/s of each stepper, measured in interleaved rounds of STEPS steps (so a change in the shared
 * machine's load hits all three alike); the median over rounds.
 */
async function measure(steppers: Stepper[]): Promise<number[]> {
  for (const s of steppers) for (let i = 0; i < WARMUP; i++) await s.step();
  const rates: number[][] = steppers.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < steppers.length; k++) {
      const t0 = performance.now();
      for (let i = 0; i < STEPS; i++) await steppers[k].step();
      rates[k].push((1000 * STEPS) / (performance.now() - t0));
    }
  }
  return rates.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
}

const rows: string[] = [];
for (const backend of values.backends.split(',')) {
  const active = await initNodeBackend(backend as 'wasm' | 'cpu');
  for (const id of values.presets.split(',')) {
    const base = decodeLink(`preset=${id}`, presetOverrides).config;


    const loaders = nodeLoaders();
    const task = await buildTask(base, loaders);
    const cfg = base;
    const steppers = [
      bareLoop(task, cfg, await buildModel(cfg, loaders)),
      engineLoop(task, cfg, await buildModel(cfg, loaders), 'baseline'),
      engineLoop(task, cfg, await buildModel(cfg, loaders), 'tempbalance'),
    ];
    const [b, o, t] = await measure(steppers);
    steppers.forEach((s) => s.dispose());
    const esdInterval = runLengthOf(cfg, task.trainSize).esdInterval;
    const interval = esdInterval === 'epoch' ? `epoch (${batchesPerEpoch(task.trainSize, cfg.batch)} steps)` : `${esdInterval} steps${cfg.intervalMode === 'paper' ? ' (paper rule)' : ''}`;
    const row = `| ${active.name} | ${id} | ${b.toFixed(2)} | ${o.toFixed(2)} | ${t.toFixed(2)} | ${(b / o).toFixed(3)} | ${(o / t).toFixed(3)} | ${interval} |`;
    rows.push(row);
    console.log(row);
  }
}
console.log('\n| backend | preset | bare steps/s | ours steps/s | TempBalance steps/s | bare/ours (time ratio) | ours/TB (time ratio) | ESD interval |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
