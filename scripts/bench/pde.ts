/**
 * Timing of dataset generation at the lab's sizes (not a test: timings depend on the machine).
 * Run: npx tsx src/data/pde/bench.ts [samples]   (default 256 samples; CPU and wall seconds per dataset).
 * The lead may move this under scripts/bench/ and add an npm script.
 */
import { generatePdeDataset, type PdeDatasetSpec } from '../../src/data/pde/dataset';

const samples = Number(process.argv[2] ?? 256);
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
