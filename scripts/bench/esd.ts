/**
 * `npm run bench:esd`: speed and accuracy of the ESD + power-law core against numpy and ml-matrix.
 *
 * 1. Seeded Gaussian matrices (createRng) for 128², 256×1024, 512², 768², 768×3072, 1024×4096 are written
 *    as raw float64 to os.tmpdir()/mbl-esd-bench/W_RxC.f64.
 * 2. Ours: analyzeTensor (finiteness check, ESD, every metric with the median fit: "ESD + fit") with
 *    each eigenvalue engine, the WebAssembly SIMD kernel and the JavaScript path (src/math/wasm/kernel.ts;
 *    best of reps, CPU and wall time); then the fit alone: 'median' and 'goodness-of-fit' timed
 *    separately; goodness-of-fit (O(N²)) also on Pareto spectra of N = 1024, 2048, 3072.
 * 3. numpy: scripts/bench/esd_numpy.py on the same files, np.linalg.svd(W, compute_uv=False), once with
 *    OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=1 and once with default threads; it also reports which BLAS
 *    kernel runs. If OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set (some machines here set them for old
 *    OpenBLAS builds; they slow a current numpy), a third run has both unset, and all are printed.
 * 4. ml-matrix (the library we do not use): SVD without vectors, and the symmetric EVD of our Gram matrix
 *    (not above 768×3072: minutes per matrix).
 * 5. Accuracy against numpy: max |Δλ| / λ_max over the spectrum, and max relative error over the top
 *    half (the part the median fit uses).
 * Both wall and CPU time are shown, best of several runs: under contention wall time counts the
 * neighbours, while CPU time of a V8 process also counts its background compiler and GC threads.
 * Usage: npm run bench:esd [-- --skip-ml]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { analyzeTensor } from '../../src/math/analyze';
import { smallerGram } from '../../src/math/gram';
import { fitPowerLaw } from '../../src/math/powerlaw';
import { createRng } from '../../src/math/random';
import { runCli } from '../lib/cli';
import { setEigenEngine } from '../../src/math/wasm/kernel';

const SIZES: [number, number][] = [[128, 128], [256, 1024], [512, 512], [768, 768], [768, 3072], [1024, 4096]];
const DIR = join(tmpdir(), 'mbl-esd-bench');
const USAGE = `usage: npm run bench:esd [-- --skip-ml]
  ESD + power-law fit speed and accuracy against numpy (and ml-matrix); results for docs/BENCHMARKS.md
  --skip-ml                leave out the ml-matrix comparison
  -h, --help               show this help`;
const skipMl = runCli('bench:esd', USAGE, { options: { 'skip-ml': { type: 'boolean' } } }).values['skip-ml'] === true;

interface Timing {
  cpu: number;
  wall: number;
}

/**
 * Best (minimum) CPU and wall milliseconds of `reps` runs of f, after `warm` warm-up runs. Minimum, as
 * Python's timeit recommends: on this shared 2-core machine the other runs measure the neighbours.
 * Warm-up because V8 needs a few calls before the short loops of small sizes reach optimised code (the
 * ESD worker analyses many layers, so the warm state is the relevant one).
 */
function time(f: () => void, reps: number, warm = 1): Timing {
  for (let k = 0; k < warm; k++) f();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpu: Math.min(...cpu), wall: Math.min(...wall) };
}

function gaussian(rows: number, cols: number): Float64Array {
  const rng = createRng(2024).fork(`${rows}x${cols}`);
  const s = 1 / Math.sqrt(cols);
  return Float64Array.from({ length: rows * cols }, () => rng.normal() * s);
}

/** [max |Δλ|/λ_max over all, max |Δλ|/λ over the top half] against a reference, both ascending. */
function errors(ours: ArrayLike<number>, ref: Float64Array): [number, number] {
  const n = ref.length;
  const lmax = ref[n - 1];
  let abs = 0;
  let rel = 0;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(ours[k] - ref[k]);
    abs = Math.max(abs, d / lmax);
    if (k >= n / 2) rel = Math.max(rel, d / ref[k]);
  }
  return [abs, rel];
}

interface NumpyRun {
  numpy: string;
  blas: string;
  OPENBLAS_CORETYPE: string | null;
  OPENBLAS_L2_SIZE: string | null;
  sizes: Record<string, { wall_ms: number; cpu_ms: number }>;
}

function runNumpy(env: NodeJS.ProcessEnv): NumpyRun {
  const script = join(import.meta.dirname, 'esd_numpy.py');
  const out = execFileSync('python3', [script, DIR, ...SIZES.map(([r, c]) => `${r}x${c}`)], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out) as NumpyRun;
}

/** A copy of the environment without the given variables (undefined values must not reach the child). */
function without(env: NodeJS.ProcessEnv, ...keys: string[]): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of keys) delete out[k];
  return out;
}

const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const e = (x: number): string => x.toExponential(1);

function main(): void {
  mkdirSync(DIR, { recursive: true });
  console.log(`# ESD + fit benchmark  (${new Date().toISOString()}, node ${process.version}, load avg ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  const mats = new Map<string, Float64Array>();
  for (const [r, c] of SIZES) {
    const w = gaussian(r, c);
    mats.set(`${r}x${c}`, w);
    writeFileSync(join(DIR, `W_${r}x${c}.f64`), new Uint8Array(w.buffer));
  }

  // numpy first (its files are needed for the accuracy columns).
  const base = { ...process.env };
  const single = runNumpy({ ...base, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });
  const multi = runNumpy(without(base, 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS'));
  let unset: NumpyRun | null = null;
  if (base.OPENBLAS_CORETYPE || base.OPENBLAS_L2_SIZE) {
    unset = runNumpy({ ...without(base, 'OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'), OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });
  }
  console.log(`numpy ${single.numpy}; BLAS (1 thread run): ${single.blas}`);
  console.log(`BLAS (default threads run): ${multi.blas}`);
  console.log(`OPENBLAS_CORETYPE=${single.OPENBLAS_CORETYPE ?? '(unset)'} OPENBLAS_L2_SIZE=${single.OPENBLAS_L2_SIZE ?? '(unset)'}`);
  if (unset) console.log(`with both unset: ${unset.blas}`);

  console.log('\n| size | ours wasm ESD+fit wall / cpu ms | numpy 1 thr wall / cpu ms | ratio wall / cpu | ours JS ESD+fit wall / cpu ms | JS / wasm (cpu) | numpy default thr wall ms |' +
    (unset ? ' numpy 1 thr, CORETYPE/L2_SIZE unset, wall / cpu ms | ratio to it wall / cpu |' : '') +
    ' fit median ms | fit GoF ms | ml-matrix SVD ms | ml-matrix EVD(G) ms | err wasm all / top half | err JS all / top half | err ml SVD all / top half |');
  console.log('|---|---|---|---|---|---|---|' + (unset ? '---|---|' : '') + '---|---|---|---|---|---|---|');
  for (const [r, c] of SIZES) {
    const key = `${r}x${c}`;
    const w = mats.get(key)!;
    const big = r * c > 512 * 512;
    const reps = big ? 5 : 15;
    const t = { name: key, shape: [r, c], data: w };
    let ev: Float64Array = new Float64Array(0);
    let evJs: Float64Array = new Float64Array(0);
    setEigenEngine('wasm-simd');
    const ours = time(() => (ev = analyzeTensor(t).evals), reps, big ? 1 : 5);
    setEigenEngine('js');
    const js = time(() => (evJs = analyzeTensor(t).evals), big ? 3 : reps, big ? 1 : 5);
    setEigenEngine('auto');
    const med = time(() => fitPowerLaw(ev, { fit: 'median', xminPos: 2 }), reps);
    const gof = time(() => fitPowerLaw(ev, { fit: 'goodness-of-fit', xminPos: 2 }), reps);
    const buf = readFileSync(join(DIR, `np_${key}.f64`));
    const ref = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const [ea, er] = errors(ev, ref);
    const [ja, jr] = errors(evJs, ref);
    let mlSvd = '—';
    let mlEvd = '—';
    let mlErr = '—';
    if (!skipMl && r * c <= 768 * 3072) {
      const rows = Array.from({ length: r }, (_, i) => Array.from(w.subarray(i * c, (i + 1) * c)));
      let sv: number[] = [];
      const t = time(() => {
        sv = new SingularValueDecomposition(new Matrix(rows), {
          computeLeftSingularVectors: false,
          computeRightSingularVectors: false,
          autoTranspose: true,
        }).diagonal;
      }, big ? 1 : 3);
      mlSvd = f(t.wall);
      const mlEv = sv.map((s) => s * s).sort((a, b) => a - b);
      const [ma, mr] = errors(mlEv, ref);
      mlErr = `${e(ma)} / ${e(mr)}`;
      const g = smallerGram(w, r, c);
      const n = g.n;
      const gRows = Array.from({ length: n }, (_, i) => Array.from(g.gram.subarray(i * n, (i + 1) * n)));
      mlEvd = f(time(() => new EigenvalueDecomposition(new Matrix(gRows), { assumeSymmetric: true }), big ? 1 : 3).wall);
    }
    const np1 = single.sizes[key];
    console.log(`| ${r}×${c} | ${f(ours.wall)} / ${f(ours.cpu)} | ${f(np1.wall_ms)} / ${f(np1.cpu_ms)} | ` +
      `${(ours.wall / np1.wall_ms).toFixed(2)}× / ${(ours.cpu / np1.cpu_ms).toFixed(2)}× | ${f(js.wall)} / ${f(js.cpu)} | ${(js.cpu / ours.cpu).toFixed(1)}× | ${f(multi.sizes[key].wall_ms)} |` +
      // The run without the environment's OpenBLAS overrides is numpy as installed: the fair reference.
      (unset ? ` ${f(unset.sizes[key].wall_ms)} / ${f(unset.sizes[key].cpu_ms)} | ${(ours.wall / unset.sizes[key].wall_ms).toFixed(2)}× / ${(ours.cpu / unset.sizes[key].cpu_ms).toFixed(2)}× |` : '') +
      ` ${f(med.wall)} | ${f(gof.wall)} | ${mlSvd} | ${mlEvd} | ${e(ea)} / ${e(er)} | ${e(ja)} / ${e(jr)} | ${mlErr} |`);
  }

  console.log('\n| N (Pareto α=3 spectrum) | goodness-of-fit ms | fix-finger ms | median ms |');
  console.log('|---|---|---|---|');
  for (const N of [1024, 2048, 3072]) {
    const rng = createRng(7).fork(`gof${N}`);
    const s = Float64Array.from({ length: N }, () => Math.pow(1 - rng.next(), -1 / 2)).sort();
    const g = time(() => fitPowerLaw(s, { fit: 'goodness-of-fit', xminPos: 2 }), 5);
    const ff = time(() => fitPowerLaw(s, { fit: 'fix-finger', xminPos: 2 }), 5);
    const m = time(() => fitPowerLaw(s, { fit: 'median', xminPos: 2 }), 3);
    console.log(`| ${N} | ${f(g.wall)} | ${f(ff.wall)} | ${f(m.wall)} |`);
  }
}

main();
