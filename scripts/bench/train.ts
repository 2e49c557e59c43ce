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
 *   npm run bench:train [-- --steps 30 --backends wasm,cpu --presets sentiment-low,fno-burgers-low]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { PRESETS, presetOverrides } from '../../src/experiment/presets';
import { decodeLink } from '../../src/experiment/url';
import type { ExperimentConfig } from '../../src/experiment/schema';
import { inlineEsd } from '../../src/train/esdInline';
import { TrainingRun } from '../../src/train/run';
import { buildModel, buildTask, runSettingsOf } from '../../src/train/setup';
import type { Task } from '../../src/train/tasks/types';
import { initNodeBackend, nodeLoaders } from '../lib/node-engine';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'wasm,cpu' },
    presets: { type: 'string', default: PRESETS.filter((p) => p.view === 'lab' && p.id !== 'sentiment-moderate').map((p) => p.id).join(',') },
  },
});
const STEPS = Number(values.steps);
const WARMUP = Number(values.warmup);

async function bare(task: Task, cfg: ExperimentConfig, vocab: number): Promise<number> {
  const model = buildModel(cfg, vocab);
  const vars = model.params.map((p) => p.variable);
  const opt = tf.train.adam(cfg.lr);
  const batches = Array.from({ length: 4 }, (_, k) => task.batch(Int32Array.from({ length: Math.min(cfg.batch, task.trainSize) }, (_, i) => (k * cfg.batch + i) % task.trainSize)));
  const step = async (i: number) => {
    const { x, y } = batches[i % batches.length];
    const { value, grads } = tf.variableGrads(() => task.loss(model.apply(x, true), y), vars);
    opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
    await value.data(); // the same one read-back per step as ours
    tf.dispose([value, ...Object.values(grads)]);
  };
  for (let i = 0; i < WARMUP; i++) await step(i);
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) await step(i);
  const ms = performance.now() - t0;
  opt.dispose();
  batches.forEach((b) => tf.dispose([b.x, b.y]));
  model.dispose();
  return (1000 * STEPS) / ms;
}

async function ours(task: Task, cfg: ExperimentConfig, vocab: number, label: 'baseline' | 'tempbalance'): Promise<number> {
  const run = new TrainingRun(task, buildModel(cfg, vocab), runSettingsOf({ ...cfg, steps: 100_000, interval: label === 'baseline' ? 100_000 : cfg.interval }, label), inlineEsd);
  for (let i = 0; i < WARMUP; i++) await run.trainStep();
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const r = await run.trainStep();
    if (!r.ok) throw new Error(r.message);
  }
  const ms = performance.now() - t0;
  run.dispose();
  return (1000 * STEPS) / ms;
}

const rows: string[] = [];
for (const backend of values.backends.split(',')) {
  const active = await initNodeBackend(backend as 'wasm' | 'cpu');
  for (const id of values.presets.split(',')) {
    const base = decodeLink(`preset=${id}`, presetOverrides).config;


    const loaders = nodeLoaders();
    const task = await buildTask(base, loaders);
    const vocab = base.task === 'sentiment' ? (await loaders.sentiment()).tokenizer.size : 0;
    const cfg = base;
    const b = await bare(task, cfg, vocab);
    const o = await ours(task, cfg, vocab, 'baseline');
    const t = await ours(task, cfg, vocab, 'tempbalance');
    const interval = cfg.interval === 0 ? `epoch (${Math.floor(task.trainSize / Math.min(cfg.batch, task.trainSize))} steps)` : `${cfg.interval} steps`;
    const row = `| ${active.name} | ${id} | ${b.toFixed(2)} | ${o.toFixed(2)} | ${t.toFixed(2)} | ${(b / o).toFixed(3)} | ${(o / t).toFixed(3)} | ${interval} |`;
    rows.push(row);
    console.log(row);
  }
}
console.log('\n| backend | preset | bare steps/s | ours steps/s | TempBalance steps/s | bare/ours (time ratio) | ours/TB (time ratio) | ESD interval |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
