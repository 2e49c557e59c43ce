/**
 * Timing of dataset generation at the lab's sizes (not a test: timings depend on the machine).
 * Run: npm run bench:pde [-- SAMPLES]   (default 256 samples; CPU and wall seconds per dataset).
 */
import { generatePdeDataset, type PdeDatasetSpec } from '../../src/data/pde/dataset';
import { numberFlag, runCli, UsageError } from '../lib/cli';

const USAGE = `usage: npm run bench:pde [-- SAMPLES]
  time the generation of each PDE dataset at the lab's sizes; results for docs/BENCHMARKS.md
  SAMPLES                  trajectories per dataset (default 256)
  -h, --help               show this help`;
const samples = runCli('bench:pde', USAGE, { allowPositionals: true, options: {} }, ({ positionals }) => {
  if (positionals.length > 1) throw new UsageError(`expected at most one SAMPLES, got ${positionals.length} arguments`);
  return numberFlag('samples', positionals[0], { integer: true, min: 1 }) ?? 256;
});
const specs: PdeDatasetSpec[] = [
  { equation: 'advection', params: { beta: 0.4 }, nx: 256, nt: 41, samples, seed: 0 },
  { equation: 'advection', params: { beta: 4 }, nx: 256, nt: 41, samples, seed: 0 },
  { equation: 'burgers', params: { nu: 0.001 }, nx: 256, nt: 41, samples, seed: 0 },
  { equation: 'burgers', params: { nu: 1 }, nx: 256, nt: 41, samples, seed: 0 },
  { equation: 'reaction-diffusion', params: { nu: 1, rho: 5 }, nx: 256, nt: 41, samples, seed: 0 },
  { equation: 'cfd', params: { eta: 0.01, zeta: 0.01, mach: 1 }, nx: 128, nt: 41, samples, seed: 0 },
  { equation: 'cfd', params: { eta: 0.1, zeta: 0.1, mach: 1 }, nx: 128, nt: 41, samples, seed: 0 },
];
for (const spec of specs) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  generatePdeDataset(spec);
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  // CPU time is the fairer number on a shared machine (wall time includes waiting for a core).
  const cpu = (c.user + c.system) / 1e6;
  const label = `${spec.equation.padEnd(18)} ${JSON.stringify(spec.params).padEnd(36)} nx=${spec.nx} samples=${samples}`;
  console.log(`${label}: cpu ${cpu.toFixed(2)} s, wall ${wall.toFixed(2)} s`);
}
