/**
 * Test helpers of the training worker (vitest only): the real handler with a synthetic task on the
 * cpu backend, the real ESD handler served on a MessageChannel (the same wire as in the browser),
 * and an uninterrupted reference run of the engine driven directly with the inline ESD.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultConfig, type ExperimentConfig } from '../../src/experiment/schema';
import { buildTransformer } from '../../src/models/transformer';
import type { ActiveBackend } from '../../src/platform/backendInit';
import type { BackendName } from '../../src/platform/backendPolicy';
import { inlineEsd } from '../../src/train/esdInline';
import { TrainingRun, type ScheduleLabel, type StepEvent } from '../../src/train/run';
import { runSettingsOf } from '../../src/train/setup';
import { syntheticTask } from './testTask';
import type { Task } from '../../src/train/tasks/types';
import { servePort } from '../../src/workers/esdHandler';
import { esdOverPort } from '../../src/workers/esdOverPort';
import { createTrainHandler, macrotask, type DeviceWatch, type TrainDeps, type TrainHandler } from '../../src/workers/trainHandler';
import type { FromTrainer, InitRequest } from '../../src/workers/trainProtocol';

/** A transformer small enough for hundreds of cpu steps per second. */
export const TEST_MODEL = { vocab: 12, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 32, classes: 2, dropout: 0.1 };

/** A config that trains the synthetic task: 16 steps, ESD every 5, evaluation every 5. */
export function testConfig(over: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    ...defaultConfig(),
    steps: 16,
    batch: 8,
    lr: 3e-3,
    interval: 5,
    evalEvery: 5,
    eigsThresh: 4,
    assign: 'linear_map',
    unit: 'layer',
    sMin: 0.5,
    slope: 1,
    seed: 3,
    ...over,
  };
}

/** A task whose `batch` throws at training step `failAt` (1-based), as a lost GPU device would. */
export function failingTask(failAt: number): Task {
  const task = syntheticTask();
  let calls = 0;
  return {
    ...task,
    batch(indices) {
      calls += 1;
      if (calls === failAt) throw new Error('GPU buffer mapping failed: device lost');
      return task.batch(indices);
    },
  };
}

export interface HarnessOptions {
  /** The backend the handler believes it runs on (tf itself stays on cpu). */
  backendName?: BackendName;
  /** Give the handler a device watch (GPU-like behaviour). */
  watch?: boolean;
  task?: () => Task;
  /** Poison this parameter with NaN after building (divergence tests). */
  poison?: string;
}

export interface Harness {
  handler: TrainHandler;
  out: FromTrainer[];
  deps: TrainDeps;
  /** Resolve the fake device's `lost` promise. */
  loseDevice(reason: string): void;
  init(config: ExperimentConfig, label: ScheduleLabel, extra?: Partial<InitRequest>): Promise<void>;
  /** Close the ESD channel (Node keeps the process alive while a port listens). */
  close(): void;
}

/** The real ESD handler on one end of a channel; the other end is what the trainer gets. */
export function esdChannel(): { port: MessagePort; close(): void } {
  const ch = new MessageChannel();
  servePort(ch.port1);
  return { port: ch.port2, close: () => (ch.port1.close(), ch.port2.close()) };
}

/** Deps of an in-process trainer on the cpu backend. */
export function testDeps(opts: HarnessOptions = {}, lostBox?: { fire?: (m: string) => void }): TrainDeps {
  return {
    initBackend: async (requested) => {
      await tf.setBackend('cpu');
      const name = opts.backendName ?? requested ?? 'cpu';
      return { name, reason: 'test', adapter: 'JavaScript (CPU)', failed: [] } satisfies ActiveBackend;
    },
    createLoaders: () => ({
      sentiment: () => Promise.reject(new Error('no data loaders in this test')),
      pde: () => Promise.reject(new Error('no data loaders in this test')),
      pretrained: () => Promise.reject(new Error('no data loaders in this test')),
    }),
    connectEsd: (port) => esdOverPort(port),
    build: async (cfg) => {
      const model = buildTransformer(TEST_MODEL, cfg.seed);
      if (opts.poison) {
        const v = model.params.find((p) => p.spec.name === opts.poison)!.variable;
        v.assign(tf.fill(v.shape, NaN));
      }
      return { task: opts.task?.() ?? syntheticTask(), model };
    },
    watchDevice: () => {
      if (!opts.watch) return null;
      const watch: DeviceWatch = { lost: new Promise<string>((r) => lostBox && (lostBox.fire = r)), destroy: () => lostBox?.fire?.('The GPU device was lost (destroyed): test') };
      return watch;
    },
    now: () => performance.now(),
    yieldToEvents: macrotask,
  };
}

export function harness(opts: HarnessOptions = {}): Harness {
  const out: FromTrainer[] = [];
  const lostBox: { fire?: (m: string) => void } = {};
  const deps = testDeps(opts, lostBox);
  const handler = createTrainHandler((m) => out.push(m), deps);
  const channels: { close(): void }[] = [];
  return {
    handler,
    out,
    deps,
    loseDevice: (m) => lostBox.fire?.(m),
    async init(config, label, extra = {}) {
      const ch = esdChannel();
      channels.push(ch);
      await handler.handle({ kind: 'init', runId: 1, config, label, esdPort: ch.port, ...extra });
    },
    close: () => channels.forEach((c) => c.close()),
  };
}

/** Every step point posted, in order, from the batched `steps` messages. */
export function stepPoints(out: readonly FromTrainer[]): StepEvent[] {
  return out.flatMap((m) => (m.kind === 'steps' ? m.points : []));
}

export function eventsOf<K extends FromTrainer['kind']>(out: readonly FromTrainer[], kind: K): Extract<FromTrainer, { kind: K }>[] {
  return out.filter((m): m is Extract<FromTrainer, { kind: K }> => m.kind === kind);
}

const references = new Map<string, Promise<{ losses: number[]; lrs: number[] }>>();

/** The engine driven directly (as src/train/experiment.ts does), with the inline ESD: the reference (memoised). */
export function referenceLosses(config: ExperimentConfig, label: ScheduleLabel): Promise<{ losses: number[]; lrs: number[] }> {
  const key = JSON.stringify([config, label]);
  if (!references.has(key)) references.set(key, computeReference(config, label));
  return references.get(key)!;
}

async function computeReference(config: ExperimentConfig, label: ScheduleLabel): Promise<{ losses: number[]; lrs: number[] }> {
  await tf.setBackend('cpu');
  const run = new TrainingRun(syntheticTask(), buildTransformer(TEST_MODEL, config.seed), runSettingsOf(config, label), inlineEsd);
  const losses: number[] = [];
  const lrs: number[] = [];
  try {
    while (!run.done) {
      const r = await run.trainStep();
      if (!r.ok) throw new Error(r.message);
      losses.push(r.event.loss);
      lrs.push(r.event.lr);
    }
  } finally {
    run.dispose();
  }
  return { losses, lrs };
}
