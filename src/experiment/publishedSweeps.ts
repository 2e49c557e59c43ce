/**
 * The sweeps published in docs/RESULTS.md, as data: the Sweeps view turns each into a one-click card (and
 * a link), so a reader reruns exactly the grid behind a table. A plain array: append an entry when a sweep
 * is published. Each grid must equal the `spec` of its raw file docs/results/<id>.json (a unit test
 * checks this, and the run count, against those files).
 */
import type { SweepSpec } from './sweep';

export interface PublishedSweep {
  /** Stable id: the results file's name (docs/results/<id>.json); the preset it builds on is spec.preset. */
  id: string;
  title: string;
  /** Heading of its section in docs/RESULTS.md, so the card can say where the numbers are. */
  section: string;
  spec: SweepSpec;
  /** Runs in the grid: ratios × seeds (× learning rates) × 2 schedules. */
  runs: number;
  /**
   * Measured wall time of the whole published sweep, minutes: the CLI (`npm run sweep`) in Node on the
   * wasm backend, 2 shared CPU cores (wallMs of the results file, rounded). The browser runs the same
   * engine, so this is the order of magnitude a 2-core laptop needs.
   */
  wallMinutes: number;
}

export const PUBLISHED_SWEEPS: readonly PublishedSweep[] = [
  {
    id: 'sentiment-low',
    title: 'Sentiment, tiny transformer from scratch',
    section: 'Sentiment, tiny transformer from scratch — preset `sentiment-low`',
    spec: { preset: 'sentiment-low', ratios: [0.02, 0.05, 0.1, 0.25], seeds: [1, 2, 3] },
    runs: 24,
    wallMinutes: 28,
  },
  {
    id: 'sentiment-finetune-low',
    title: 'Sentiment, fine-tuning the pretrained encoder',
    section: 'Sentiment, fine-tuning the masked-LM-pretrained transformer — preset `sentiment-finetune-low`',
    spec: { preset: 'sentiment-finetune-low', ratios: [0.02, 0.05, 0.1, 0.25], seeds: [1, 2, 3] },
    runs: 24,
    wallMinutes: 18,
  },
  {
    id: 'fno-burgers-low',
    title: 'FNO on Burgers (ν = 0.01) from scratch',
    section: 'FNO on Burgers (ν = 0.01), from scratch — preset `fno-burgers-low`',
    spec: { preset: 'fno-burgers-low', ratios: [0.05, 0.1, 0.25, 0.5], seeds: [1, 2, 3] },
    runs: 24,
    wallMinutes: 25,
  },
  {
    id: 'fno-burgers-low-alpharef',
    title: 'FNO on Burgers from scratch, shape-corrected α',
    section: 'FNO on Burgers from scratch, α measured against random matrices — `fno-burgers-low` + `alphaRef=random`',
    spec: { preset: 'fno-burgers-low', ratios: [0.05, 0.1, 0.25, 0.5], seeds: [1, 2, 3], overrides: { alphaRef: 'random' } },
    runs: 24,
    wallMinutes: 28,
  },
  {
    id: 'fno-burgers-finetune-low',
    title: 'FNO fine-tuned: Burgers ν = 0.1 → 0.01',
    section: 'FNO fine-tuned: Burgers ν = 0.1 → ν = 0.01 — preset `fno-burgers-finetune-low`',
    spec: { preset: 'fno-burgers-finetune-low', ratios: [0.05, 0.1, 0.25, 0.5], seeds: [1, 2, 3] },
    runs: 24,
    wallMinutes: 18,
  },
  {
    id: 'sentiment-finetune-paper-smallest',
    title: 'Sentiment fine-tuning, authors\' protocol, 12–21 examples, 10 seeds',
    section: 'Sentiment fine-tuning, authors\' protocol, smallest ratios — `sentiment-finetune-paper`, 10 seeds',
    spec: { preset: 'sentiment-finetune-paper', ratios: [0.006, 0.01], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [3e-4, 1e-3, 3e-3] },
    runs: 120,
    wallMinutes: 30,
  },
  {
    id: 'sentiment-finetune-paper-larger',
    title: 'Sentiment fine-tuning, authors\' protocol, 42–209 examples, 5 seeds',
    section: 'Sentiment fine-tuning, authors\' protocol, larger ratios — `sentiment-finetune-paper`, 5 seeds',
    spec: { preset: 'sentiment-finetune-paper', ratios: [0.02, 0.05, 0.1], seeds: [1, 2, 3, 4, 5], lrs: [1e-3, 3e-3] },
    runs: 60,
    wallMinutes: 16,
  },
  {
    id: 'fno-burgers-finetune-low-smallest',
    title: 'FNO fine-tuned on 5 and 13 trajectories, 10 seeds',
    section: 'FNO fine-tuned, smallest ratios — `fno-burgers-finetune-low`, 200 steps, 10 seeds',
    spec: { preset: 'fno-burgers-finetune-low', ratios: [0.02, 0.05], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], steps: 200, overrides: { evalEvery: '200' } },
    runs: 40,
    wallMinutes: 14,
  },
  {
    id: 'fno-burgers-finetune-low-larger',
    title: 'FNO fine-tuned on 26–128 trajectories, 5 seeds',
    section: 'FNO fine-tuned, larger ratios — `fno-burgers-finetune-low`, 200 steps, 5 seeds',
    spec: { preset: 'fno-burgers-finetune-low', ratios: [0.1, 0.2, 0.5], seeds: [1, 2, 3, 4, 5], steps: 200, overrides: { evalEvery: '200' } },
    runs: 30,
    wallMinutes: 6,
  },
  {
    id: 'darcy-fno-smallest',
    title: 'Darcy flow, 2-D FNO on 5 and 13 samples, 10 seeds',
    section: 'Darcy flow, 2-D FNO from scratch — `darcy-fno-low`, lr 1e-2',
    spec: { preset: 'darcy-fno-low', ratios: [0.02, 0.05], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [0.01] },
    runs: 40,
    wallMinutes: 32,
  },
  {
    id: 'darcy-fno-larger',
    title: 'Darcy flow, 2-D FNO on 26 and 64 samples, 5 seeds',
    section: 'Darcy flow, 2-D FNO from scratch — `darcy-fno-low`, lr 1e-2',
    spec: { preset: 'darcy-fno-low', ratios: [0.1, 0.25], seeds: [1, 2, 3, 4, 5], lrs: [0.01] },
    runs: 20,
    wallMinutes: 20,
  },
  {
    id: 'darcy-unet-smallest',
    title: 'Darcy flow, 2-D UNet on 5 and 13 samples, 10 seeds',
    section: 'Darcy flow, 2-D UNet from scratch — `darcy-unet-low`, lr 3e-3',
    spec: { preset: 'darcy-unet-low', ratios: [0.02, 0.05], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [0.003] },
    runs: 40,
    wallMinutes: 115,
  },
  {
    id: 'darcy-unet-larger',
    title: 'Darcy flow, 2-D UNet on 26 and 64 samples, 5 seeds',
    section: 'Darcy flow, 2-D UNet from scratch — `darcy-unet-low`, lr 3e-3',
    spec: { preset: 'darcy-unet-low', ratios: [0.1, 0.25], seeds: [1, 2, 3, 4, 5], lrs: [0.003] },
    runs: 20,
    wallMinutes: 73,
  },
  {
    id: 'cfd-fno-smallest',
    title: '1-D compressible flow, FNO on 5 and 13 trajectories, 10 seeds',
    section: '1-D compressible flow, FNO from scratch — `cfd-fno-low`, lr 3e-3',
    spec: { preset: 'cfd-fno-low', ratios: [0.02, 0.05], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [0.003] },
    runs: 40,
    wallMinutes: 26,
  },
  {
    id: 'cfd-fno-larger',
    title: '1-D compressible flow, FNO on 26 and 64 trajectories, 5 seeds',
    section: '1-D compressible flow, FNO from scratch — `cfd-fno-low`, lr 3e-3',
    spec: { preset: 'cfd-fno-low', ratios: [0.1, 0.25], seeds: [1, 2, 3, 4, 5], lrs: [0.003] },
    runs: 20,
    wallMinutes: 14,
  },
  {
    id: 'cfd-unet-smallest',
    title: '1-D compressible flow, UNet on 5 and 13 trajectories, 10 seeds',
    section: '1-D compressible flow, UNet from scratch — `cfd-unet-low`, lr 1e-3',
    spec: { preset: 'cfd-unet-low', ratios: [0.02, 0.05], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [0.001] },
    runs: 40,
    wallMinutes: 45,
  },
  {
    id: 'cfd-unet-larger',
    title: '1-D compressible flow, UNet on 26 and 64 trajectories, 5 seeds',
    section: '1-D compressible flow, UNet from scratch — `cfd-unet-low`, lr 1e-3',
    spec: { preset: 'cfd-unet-low', ratios: [0.1, 0.25], seeds: [1, 2, 3, 4, 5], lrs: [0.001] },
    runs: 20,
    wallMinutes: 34,
  },
  {
    id: 'cfd2d-fno-smallest',
    title: '2-D compressible flow, FNO on 3 and 6 trajectories, 10 seeds',
    section: '2-D compressible flow, FNO from scratch — `cfd2d-fno-low`, lr 1e-2',
    spec: { preset: 'cfd2d-fno-low', ratios: [0.05, 0.1], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lrs: [0.01] },
    runs: 40,
    wallMinutes: 39,
  },
  {
    id: 'cfd2d-fno-larger',
    title: '2-D compressible flow, FNO on 16 and 32 trajectories, 5 seeds',
    section: '2-D compressible flow, FNO from scratch — `cfd2d-fno-low`, lr 1e-2',
    spec: { preset: 'cfd2d-fno-low', ratios: [0.25, 0.5], seeds: [1, 2, 3, 4, 5], lrs: [0.01] },
    runs: 20,
    wallMinutes: 20,
  },
];

/** True if two grids are the same sweep (same preset, ratios, seeds and learning rates in order, steps and extra settings). */
export function sameSpec(a: SweepSpec, b: SweepSpec): boolean {
  const list = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  const ov = (s: SweepSpec) => JSON.stringify(Object.entries(s.overrides ?? {}).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)));
  return a.preset === b.preset && list(a.ratios, b.ratios) && list(a.seeds, b.seeds) && list(a.lrs ?? [], b.lrs ?? []) && a.steps === b.steps && ov(a) === ov(b);
}

/** The published sweep with exactly this grid, if any (the card to highlight). */
export function publishedFor(spec: SweepSpec | null | undefined): PublishedSweep | undefined {
  return spec ? PUBLISHED_SWEEPS.find((p) => sameSpec(p.spec, spec)) : undefined;
}

/** "24 runs, ~25 min on a 2-core laptop": what a reader commits to before pressing Start. */
export function costLine(p: PublishedSweep): string {
  return `${p.runs} runs, ~${p.wallMinutes} min on a 2-core laptop`;
}
