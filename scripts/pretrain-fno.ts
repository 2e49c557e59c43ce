/**
 * Pretrain the lab's 'small' FNO on viscous Burgers with ν = 0.1, using the FULL training pool
 * (ratio 1, 256 trajectories), for fine-tuning at ν = 0.01 with little data (preset
 * 'fno-burgers-finetune-low'; the paper's SciML fine-tuning setting, docs/METHOD.md §4). Node, wasm
 * backend, deterministic: the data seed is fixed (setup.ts PDE_DATA), `--seed` fixes the initial weights
 * and the batch order, so the same flags give the same checkpoint.
 *
 *   npm run pretrain:fno -- [--steps 1000] [--batch 32] [--lr 1e-3] [--seed 0] [--backend wasm|cpu] [--out public/pretrained]
 *
 * The engine is the lab's own (TrainingRun, baseline schedule: Adam, wd 1e-4, step decay ×0.5 every
 * third of the run as PDEBench's StepLR), so pretraining and fine-tuning share every convention.
 * Writes OUT/fno-burgers-nu0.1.safetensors (saveFnoCheckpoint: all parameters + config) and
 * OUT/fno-pretrain-log.json (config, steps, wall time, loss curve, final validation nRMSE).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type ExperimentConfig } from '../src/experiment/schema';
import type { FnoModel } from '../src/models/fno';
import { saveFnoCheckpoint } from '../src/models/fnoCheckpoint';
import { inlineEsd } from '../src/train/esdInline';
import { TrainingRun } from '../src/train/run';
import { buildModel, buildTask, FNO_SIZES, PDE_DATA, PRETRAINED_FILES, runSettingsOf } from '../src/train/setup';
import { choiceFlag, numberFlag, runCli } from './lib/cli';
import { initNodeBackend, nodeLoaders, ROOT } from './lib/node-engine';

const USAGE = `usage: npm run pretrain:fno -- [options]
  --steps N                training steps (default 1000)
  --batch B                trajectories per step (default 32)
  --lr LR                  Adam learning rate, halved at each third of the run (default 1e-3)
  --seed S                 seed of the initial weights and the batch order (default 0)
  --nu NU                  viscosity of the pretraining data (default 0.1)
  --backend B              wasm (default) | cpu
  --out DIR                output directory (default public/pretrained)
  -h, --help               show this help
exit codes: 0 ok, 1 failed, 2 bad arguments`;

const a = runCli(
  'pretrain:fno',
  USAGE,
  {
    options: {
      steps: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '32' },
      lr: { type: 'string', default: '1e-3' },
      seed: { type: 'string', default: '0' },
      nu: { type: 'string', default: '0.1' },
      backend: { type: 'string', default: 'wasm' },
      out: { type: 'string', default: 'public/pretrained' },
    },
  },
  ({ values }) => {
    numberFlag('steps', values.steps, { integer: true, min: 1 });
    numberFlag('batch', values.batch, { integer: true, min: 1 });
    numberFlag('seed', values.seed, { integer: true });
    numberFlag('lr', values.lr, { min: 0 });
    numberFlag('nu', values.nu, { min: 0 });
    choiceFlag('backend', values.backend, ['wasm', 'cpu']);
    return values;
  },
);

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await initNodeBackend(a.backend === 'cpu' ? 'cpu' : 'wasm');
  const steps = Number(a.steps);
  const cfg: ExperimentConfig = {
    ...defaultConfig(),
    task: 'burgers',
    model: 'fno',
    size: 'small',
    init: 'scratch',
    pdeParam: Number(a.nu),
    ratio: 1, // the full pool: pretraining is the data-rich phase
    seed: Number(a.seed),
    steps,
    batch: Number(a.batch),
    evalEvery: Math.max(1, Math.floor(steps / 4)),
    optimizer: 'adam',
    lr: Number(a.lr),
    wd: 1e-4,
    schedule: 'step',
    stepEvery: Math.max(1, Math.ceil(steps / 3)),
    gamma: 0.5,
    mode: 'baseline',
    interval: 100_000, // no TempBalance: spectra only at step 0
  };
  const loaders = nodeLoaders();
  const task = await buildTask(cfg, loaders, (d, t) => {
    if (d === t || d % 64 === 0) process.stderr.write(`\rgenerating Burgers ν = ${cfg.pdeParam}: ${d}/${t} trajectories`);
  });
  process.stderr.write('\n');
  const tData = performance.now();
  const model = (await buildModel(cfg, loaders)) as FnoModel;
  const run = new TrainingRun(task, model, runSettingsOf(cfg, 'baseline'), inlineEsd);
  const curve: { step: number; loss: number; lr: number; valNrmse?: number }[] = [];
  let window: number[] = [];
  while (!run.done) {
    const out = await run.trainStep();
    if (!out.ok) throw new Error(`pretraining diverged: ${out.message}`);
    window.push(out.event.loss);
    const point: (typeof curve)[number] = { step: out.event.step, loss: out.event.loss, lr: out.event.lr };
    if (out.event.step % cfg.evalEvery === 0 || run.done) {
      point.valNrmse = (await run.evaluate('val')).result.metric;
      const mean = window.reduce((x, y) => x + y, 0) / window.length;
      console.log(`step ${out.event.step}/${steps}  train loss (mean since last) ${mean.toExponential(3)}  val nRMSE ${point.valNrmse.toFixed(4)}`);
      window = [];
    }
    curve.push(point);
  }
  const tTrain = performance.now();
  const val = await task.evaluate(model, 'val');
  const config = model.config;
  const bytes = await saveFnoCheckpoint(model, {
    task: `burgers nu=${cfg.pdeParam}`,
    steps: String(steps),
    seed: String(cfg.seed),
    val_nrmse: String(val.metric),
  });
  const outDir = path.resolve(ROOT, a.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, PRETRAINED_FILES.fno), bytes);
  const log = {
    command: `npm run pretrain:fno -- ${process.argv.slice(2).join(' ')}`.trim(),
    backend: backend.name,
    task: task.description,
    data: { ...PDE_DATA, nu: cfg.pdeParam, trainTrajectories: task.trainSize },
    model: { ...config, size: 'small', sizes: FNO_SIZES.small },
    optimiser: { kind: cfg.optimizer, lr: cfg.lr, weightDecay: cfg.wd, batch: cfg.batch, schedule: { kind: 'step', every: cfg.stepEvery, gamma: cfg.gamma } },
    seed: cfg.seed,
    steps,
    seconds: { data: (tData - t0) / 1000, train: (tTrain - tData) / 1000, total: (performance.now() - t0) / 1000 },
    final: { valNrmse: val.metric, valLoss: val.loss },
    curve,
  };
  writeFileSync(path.join(outDir, 'fno-pretrain-log.json'), `${JSON.stringify(log, null, 1)}\n`);
  console.log(`wrote ${path.join(a.out, PRETRAINED_FILES.fno)} (${bytes.length} bytes): val nRMSE ${val.metric.toFixed(4)} after ${steps} steps, ${log.seconds.total.toFixed(0)} s`);
  run.dispose();
}

await main();
