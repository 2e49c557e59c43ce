/**
 * `npm run bench:file [-- --file F.safetensors] [--rounds R]`: a whole weight file through the analyze
 * CLI on 1 thread and on every core, against the plain numpy pipeline on the same file
 * (scripts/bench/file_numpy.py: read, svd per layer, the same median Hill fit) single-threaded and with
 * default threads. Without --file it writes a 10-layer file of GPT-2-block shapes (2 blocks of c_attn
 * 768×2304, attn c_proj 768×768, c_fc 768×3072, mlp c_proj 3072×768, plus wpe 1024×768 and one more
 * 768×768; seeded Gaussian, std 0.02; 62 MB) to os.tmpdir(). Rounds are interleaved (each round runs
 * every variant once) and the best wall time per variant is reported, with peak RSS of our runs
 * (/usr/bin/time -v) and the largest |Δα| between our runs and numpy's. Results: docs/BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSafetensorsHeader } from '../../src/io/safetensors-write';
import type { TensorSpec } from '../../src/io/safetensors-write';
import { createRng } from '../../src/math/random';
import { numberFlag, runCli } from '../lib/cli';

const ROOT = join(import.meta.dirname, '..', '..');

/** The default file's tensors. */
function blockSpecs(): TensorSpec[] {
  const d = 768;
  const specs: TensorSpec[] = [{ name: 'wpe.weight', dtype: 'F32', shape: [1024, d] }];
  for (let i = 0; i < 2; i++) {
    specs.push(
      { name: `h.${i}.attn.c_attn.weight`, dtype: 'F32', shape: [d, 3 * d] },
      { name: `h.${i}.attn.c_proj.weight`, dtype: 'F32', shape: [d, d] },
      { name: `h.${i}.mlp.c_fc.weight`, dtype: 'F32', shape: [d, 4 * d] },
      { name: `h.${i}.mlp.c_proj.weight`, dtype: 'F32', shape: [4 * d, d] },
    );
  }
  specs.push({ name: 'lm_adapter.weight', dtype: 'F32', shape: [d, d] });
  return specs;
}

async function writeFile(path: string, specs: TensorSpec[]): Promise<void> {
  const { header } = buildSafetensorsHeader(specs, { format: 'pt', generator: 'scripts/bench/file.ts' });
  const fh = await open(path, 'w');
  try {
    await fh.write(header);
    const root = createRng(2024);
    for (const s of specs) {
      const rng = root.fork(s.name);
      const a = new Float32Array(s.shape.reduce((x, y) => x * y, 1));
      for (let k = 0; k < a.length; k++) a[k] = 0.02 * rng.normal();
      await fh.write(new Uint8Array(a.buffer));
    }
  } finally {
    await fh.close();
  }
}

interface Run {
  wall: number;
  rssMB: number;
  alphas: Map<string, number>;
}

/** Our CLI as a user runs it, under /usr/bin/time -v. */
function ours(file: string, threads: number): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', join('scripts', 'analyze.ts'), file, '--format', 'json', '--threads', String(threads)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const layers = (JSON.parse(r.stdout) as { layers: { name: string; alpha: number }[] }).layers;
  return { wall, rssMB: (rss * 1024) / 1e6, alphas: new Map(layers.map((l) => [l.name, l.alpha])) };
}

/** The numpy pipeline; `threads` 1 or null (OpenBLAS default). OPENBLAS_CORETYPE/L2_SIZE unset (see esd.ts). */
function numpy(file: string, dtype: 'f64' | 'f32', threads: 1 | null): Run {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads) Object.assign(env, { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });
  else delete env.OPENBLAS_NUM_THREADS;
  const t0 = performance.now();
  const out = execFileSync('python3', [join(import.meta.dirname, 'file_numpy.py'), file, dtype], { env, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const r = JSON.parse(out) as { wall_s: number; alphas: Record<string, number> };
  return { wall, rssMB: NaN, alphas: new Map(Object.entries(r.alphas)) };
}

async function main(): Promise<void> {
  const usage = `usage: npm run bench:file [-- --file F.safetensors] [--rounds R] [--delete]
  a whole weight file through the analyze CLI (1 thread, every core) against the numpy pipeline; results for docs/BENCHMARKS.md
  --file F                 the weight file (default: a 10-layer GPT-2-block file written to the temp directory)
  --rounds R               interleaved rounds; the best wall time per variant is reported (default 3)
  --delete                 delete the default file afterwards
  -h, --help               show this help`;
  const options = { options: { file: { type: 'string' }, rounds: { type: 'string', default: '3' }, delete: { type: 'boolean', default: false } } } as const;
  const { values, rounds } = runCli('bench:file', usage, options, (args) => ({
    values: args.values,
    rounds: numberFlag('rounds', args.values.rounds, { integer: true, min: 1 }) as number,
  }));
  let file = values.file;
  let temp = false;
  if (!file) {
    file = join(tmpdir(), 'mbl-bench-gpt2-blocks.safetensors');
    if (!existsSync(file)) await writeFile(file, blockSpecs());
    temp = true;
  }
  const cores = availableParallelism();
  console.log(`# whole-file benchmark ${new Date().toISOString()}, node ${process.version}, ${cores} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`file: ${file}`);
  const variants: [string, () => Run][] = [
    ['ours, 1 thread', () => ours(file, 1)],
    [`ours, ${cores} threads`, () => ours(file, cores)],
    ['numpy f64, 1 thread', () => numpy(file, 'f64', 1)],
    ['numpy f64, default threads', () => numpy(file, 'f64', null)],
    ['numpy f32, 1 thread', () => numpy(file, 'f32', 1)],
  ];
  const best = new Map<string, Run>();
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of variants) {
      const run = f();
      const b = best.get(name);
      if (!b || run.wall < b.wall) best.set(name, run);
      console.log(`round ${r + 1}: ${name} ${run.wall.toFixed(2)} s`);
    }
  }
  const ref = best.get('numpy f64, 1 thread')!;
  console.log(`\n| variant | best wall s (process) | vs numpy f64 1 thread | peak RSS MB | max |Δα| vs numpy f64 |`);
  console.log('|---|---|---|---|---|');
  for (const [name] of variants) {
    const b = best.get(name)!;
    let da = 0;
    for (const [k, a] of b.alphas) da = Math.max(da, Math.abs(a - (ref.alphas.get(k) ?? NaN)));
    console.log(`| ${name} | ${b.wall.toFixed(2)} | ${(b.wall / ref.wall).toFixed(2)}× | ${Number.isNaN(b.rssMB) ? '—' : b.rssMB.toFixed(0)} | ${da.toExponential(1)} |`);
  }
  if (temp && values.delete) unlinkSync(file);
}

await main();
