/**
 * How spread out the scheduled layers' α are (population standard deviation, as the lab's chart), at the start and end of each run of an experiment JSON
 * (`npm run experiment -- … --format json`): the paper's diagnosis is that low-data training leaves α
 * imbalanced and TempBalance narrows the spread (docs/METHOD.md §4). Printed twice: for α as fitted,
 * and for α minus the random-matrix α of each layer's shape (src/math/reference.ts), which removes the
 * part of the spread that is only the layers' shapes.
 *
 *   npx tsx scripts/alpha-spread.ts FILE.json [FILE.json …]
 *
 * Layers counted: those inside a block (the scheduled ones under the default remove_first/last rules).
 * The fit is the run's own (`fit`, `xminPos` of the config in the file).
 */
import { readFileSync } from 'node:fs';
import { fitOptionsOf } from '../src/experiment/assign';
import type { ExperimentConfig } from '../src/experiment/schema';
import { randomReferenceAlpha } from '../src/math/reference';
import type { JsonRun } from '../src/train/report';
import { runCli, UsageError } from './lib/cli';

interface ExperimentJson {
  config: ExperimentConfig;
  runs: JsonRun[];
}

const USAGE = `usage: npx tsx scripts/alpha-spread.ts EXPERIMENT.json [...]
  the spread of α over the scheduled layers of npm run experiment -- --format json outputs
  -h, --help               show this help`;
const files = runCli('alpha-spread', USAGE, { allowPositionals: true, options: {} }, ({ positionals }) => {
  if (!positionals.length) throw new UsageError('missing EXPERIMENT.json');
  return positionals;
});
/** Population standard deviation (numpy's default, as the lab's spread chart): the layers are all there is, not a sample. */
function std(xs: number[]): number {
  const v = xs.filter(Number.isFinite);
  if (v.length < 2) return NaN;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
}
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
console.log('| file | ratio | schedule | α std, start → end | shape-corrected α std, start → end | val | test |');
console.log('|---|---|---|---|---|---|---|');
for (const file of files) {
  const json = JSON.parse(readFileSync(file, 'utf8')) as ExperimentJson;
  const fit = fitOptionsOf(json.config);
  for (const run of json.runs) {
    const layers = run.layers.filter((l) => l.block !== null);
    if (layers.some((l) => !l.shape)) throw new Error(`${file}: layer shapes missing (re-run the experiment with this version)`);
    const at = (k: 'first' | 'last', corrected: boolean) =>
      std(
        layers.map((l) => {
          const a = (k === 'first' ? l.alpha[0] : l.alpha[l.alpha.length - 1]) ?? NaN;
          return corrected ? a - randomReferenceAlpha(l.shape, fit) : a;
        }),
      );
    const metric = Object.keys(run.final).find((k) => k.startsWith('test_') && k !== 'test_loss') ?? 'test';
    const valKey = metric.replace('test_', 'val_');
    const label = run.schedule + (json.config.alphaRef === 'random' && run.schedule === 'tempbalance' ? ' (alphaRef)' : '');
    console.log(
      `| ${file.split('/').pop()} | ${json.config.ratio} | ${label} | ${f(at('first', false))} → ${f(at('last', false))} | ${f(at('first', true))} → ${f(at('last', true))} | ${f(Number(run.final[valKey]))} | ${f(Number(run.final[metric]))} |`,
    );
  }
}
