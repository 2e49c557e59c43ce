/**
 * How far each scheduled matrix of a checkpoint has moved from a random matrix of its shape: PL_Alpha_Hill
 * (the papers' median fit, xmin_pos 2), the mean α of 64 Gaussian matrices of the same shape fitted the same
 * way, their difference, and the spread (population std) of the differences (src/math/imbalance.ts).
 * This is the measure of docs/PRETRAIN.md's imbalance goal.
 *
 *   npx tsx scripts/imbalance.ts FILE.safetensors [--match REGEX] [--xmin-pos 2] [--format table|json]
 *
 * --match selects the tensors by name; the default picks what TempBalance schedules in the lab's models:
 * the transformer blocks' attention and MLP matrices, and the FNO's 1×1 convolutions (blocks.N.w).
 */
import { parseArgs } from 'node:util';
import { inspectWeights, readWeights } from '../src/io/weights';
import { imbalanceOf } from '../src/math/imbalance';
import { DEFAULT_FIT_OPTIONS, type NamedTensor } from '../src/math/types';
import { openFileSource } from './lib/file-source';

const DEFAULT_MATCH = '^blocks\\.\\d+\\.((attn|mlp)\\.[^.]+|w)$';

async function main(): Promise<void> {
  const { values: a, positionals } = parseArgs({
    options: { match: { type: 'string', default: DEFAULT_MATCH }, 'xmin-pos': { type: 'string', default: '2' }, format: { type: 'string', default: 'table' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('usage: npx tsx scripts/imbalance.ts FILE.safetensors [--match REGEX] [--xmin-pos 2] [--format table|json]');
  const file = positionals[0];
  const match = new RegExp(a.match);
  const src = await openFileSource(file);
  const tensors: NamedTensor[] = [];
  try {
    const info = await inspectWeights(file, src);
    for await (const t of readWeights(file, src, info)) if (match.test(t.name)) tensors.push({ name: t.name, shape: t.shape, data: t.data });
  } finally {
    await src.close();
  }
  if (!tensors.length) throw new Error(`no tensor of ${file} matches /${a.match}/`);
  const res = imbalanceOf(tensors, { ...DEFAULT_FIT_OPTIONS, fit: 'median', xminPos: Number(a['xmin-pos']), filterZeros: false });
  if (a.format === 'json') {
    process.stdout.write(`${JSON.stringify(res, null, 1)}\n`);
    return;
  }
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
  console.log('| matrix | shape | α | α random (same shape) | α − α random |');
  console.log('|---|---|---|---|---|');
  for (const l of res.layers) console.log(`| ${l.name} | ${l.shape.join('×')} | ${f(l.alpha)} | ${f(l.alphaRandom)} | ${f(l.diff)} |`);
  console.log(`\nspread (population std of α − α random) over ${res.layers.length} matrices: ${f(res.spread)}; ${res.farFromRandom} matrices ≥ 0.5 from random`);
}

main().catch((e: unknown) => {
  process.stderr.write(`imbalance: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
