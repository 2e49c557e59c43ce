/**
 * 2-D PDE data benchmark (Node; not a test — timings depend on the machine):
 *   1. generation time per sample of every new data set at the lab's sizes (CPU seconds, median of
 *      samples; wall time on a shared machine includes waiting for a core);
 *   2. the Darcy solver (IC(0)-PCG, tol 1e-10) against scipy on the same systems, in the same run:
 *      the coefficient fields are written to a temporary JSON, scripts/bench/darcy_scipy.py solves
 *      them with spsolve (direct) and with conjugate gradients, and reports its times and the largest
 *      relative difference from our solution.
 *
 *   npx tsx scripts/bench/pde2d.ts [--samples 8]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePdeSample, type PdeDatasetSpec } from '../../src/data/pde/dataset';
import { solveDarcy } from '../../src/data/pde/darcy';
import { gaussianRandomField, thresholdField } from '../../src/data/pde/grf';
import { createRng } from '../../src/math/random';
import { numberFlag, runCli } from '../lib/cli';

const USAGE = `usage: npm run bench:pde2d [-- --samples N]
  generation time per sample of the 2-D data sets and the Darcy solver against scipy; results for docs/BENCHMARKS.md
  --samples N              samples per data set (default 8; the median is reported)
  -h, --help               show this help`;
const SAMPLES = runCli('bench:pde2d', USAGE, { options: { samples: { type: 'string', default: '8' } } }, ({ values }) => numberFlag('samples', values.samples, { integer: true, min: 1 }) as number);

function cpuSeconds<T>(f: () => T): { value: T; cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`## Generation per sample (median of ${SAMPLES}; CPU s / wall s)`);
const specs: PdeDatasetSpec[] = [
  { equation: 'darcy', params: { beta: 1 }, nx: 32, nt: 1, samples: SAMPLES, seed: 0 },
  { equation: 'darcy', params: { beta: 1 }, nx: 64, nt: 1, samples: SAMPLES, seed: 0 },
  { equation: 'cfd2d', params: { mach: 0.1 }, nx: 32, nt: 21, samples: SAMPLES, seed: 0 },
  { equation: 'cfd2d', params: { mach: 1 }, nx: 32, nt: 21, samples: SAMPLES, seed: 0 },
  { equation: 'cfd2d', params: { mach: 0.1 }, nx: 64, nt: 21, samples: Math.max(2, Math.floor(SAMPLES / 4)), seed: 0 },
  { equation: 'cfd', params: { eta: 0.1, zeta: 0.1, mach: 1 }, nx: 128, nt: 41, samples: SAMPLES, seed: 0 },
];
for (const spec of specs) {
  const runs = Array.from({ length: spec.samples }, (_, i) => cpuSeconds(() => generatePdeSample(spec, i)));
  const label = `${spec.equation} ${JSON.stringify(spec.params)} ${spec.nx}${spec.equation === 'cfd' ? '' : `×${spec.nx}`}, ${spec.nt} frame(s)`;
  console.log(`${label.padEnd(58)} ${median(runs.map((r) => r.cpu)).toFixed(3)} / ${median(runs.map((r) => r.wall)).toFixed(3)}`);
}

console.log('\n## Darcy solver vs scipy on the same systems (β = 1, thresholded GRF coefficient)');
const dir = mkdtempSync(path.join(tmpdir(), 'darcy-bench-'));
const cases = [32, 64, 128].map((n) => {
  const a = thresholdField(gaussianRandomField(createRng(n).fork('a'), n));
  const reps = n <= 64 ? 10 : 3;
  const times: number[] = [];
  let sol = solveDarcy(a, 1);
  for (let r = 0; r < reps; r++) {
    const t = cpuSeconds(() => solveDarcy(a, 1));
    times.push(t.cpu);
    sol = t.value;
  }
  return { n, a: Array.from(a), u: Array.from(sol.u), ours: median(times), iterations: sol.iterations };
});
const file = path.join(dir, 'systems.json');
writeFileSync(file, JSON.stringify(cases.map(({ n, a, u }) => ({ n, a, u }))));
const py = JSON.parse(execFileSync('python3', [path.join('scripts', 'bench', 'darcy_scipy.py'), file], { encoding: 'utf8' })) as {
  n: number; spsolve: number; cg: number; cgIterations: number; maxRelDiff: number;
}[];
console.log('grid      ours PCG (iters)     scipy spsolve   scipy cg (iters)    ours/spsolve  max |Δu|/max|u|');
for (const c of cases) {
  const p = py.find((q) => q.n === c.n)!;
  console.log(
    `${`${c.n}×${c.n}`.padEnd(9)} ${(c.ours * 1e3).toFixed(2).padStart(8)} ms (${String(c.iterations).padStart(3)})   ${(p.spsolve * 1e3).toFixed(2).padStart(8)} ms   ${(p.cg * 1e3).toFixed(2).padStart(8)} ms (${String(p.cgIterations).padStart(3)})   ${(c.ours / p.spsolve).toFixed(2).padStart(8)}      ${p.maxRelDiff.toExponential(1)}`,
  );
}
