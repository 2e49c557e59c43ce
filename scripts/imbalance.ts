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
import { inspectWeights, readWeights } from '../src/io/weights';
import { errorMessage } from '../src/io/errors';
import { imbalanceOf } from '../src/math/imbalance';
import { DEFAULT_FIT_OPTIONS, type NamedTensor } from '../src/math/types';
import { choiceFlag, numberFlag, runCli, UsageError } from './lib/cli';
import { openFileSource } from './lib/file-source';

const DEFAULT_MATCH = '^blocks\\.\\d+\\.((attn|mlp)\\.[^.]+|w)$';

const USAGE = `usage: npx tsx scripts/imbalance.ts FILE.safetensors [options]
  α − α_random(shape) per scheduled matrix of a checkpoint, and their spread (docs/PRETRAIN.md)
  --match REGEX            tensors to include (default: transformer block matrices, FNO blocks.N.w)
  --xmin-pos X             median fit position, X > 1 (default 2)
  --format F               table (default) | json
  -h, --help               show this help
exit codes: 0 ok, 2 bad arguments or unreadable file`;

const args = runCli(
  'imbalance',
  USAGE,
  { allowPositionals: true, options: { match: { type: 'string', default: DEFAULT_MATCH }, 'xmin-pos': { type: 'string', default: '2' }, format: { type: 'string', default: 'table' } } },
  ({ values, positionals }) => {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one FILE, got ${positionals.length}` : 'missing FILE');
    let match: RegExp;
    try {
      match = new RegExp(values.match);
    } catch {
      throw new UsageError(`--match is not a regular expression: '${values.match}'`);
    }
    const xminPos = numberFlag('xmin-pos', values['xmin-pos'], { min: 1.0000001 }) ?? 2;
    return { file: positionals[0], match, matchText: values.match, xminPos, format: choiceFlag('format', values.format, ['table', 'json']) };
  },
);

async function main(): Promise<void> {
  const { file, match, matchText, xminPos, format } = args;
  const src = await openFileSource(file);
  const tensors: NamedTensor[] = [];
  try {
    const info = await inspectWeights(file, src);
    for await (const t of readWeights(file, src, info)) if (match.test(t.name)) tensors.push({ name: t.name, shape: t.shape, data: t.data });
  } finally {
    await src.close();
  }
  if (!tensors.length) throw new Error(`no tensor of ${file} matches /${matchText}/`);
  const res = imbalanceOf(tensors, { ...DEFAULT_FIT_OPTIONS, fit: 'median', xminPos, filterZeros: false });
  if (format === 'json') {
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
  process.stderr.write(`imbalance: ${errorMessage(e)}\n`);
  process.exit(2);
});
