/**
 * Cost of the Lab's estimator switch: one re-estimate of each lab preset's model in the ESD worker's
 * handler (src/workers/esdHandler.ts, the code the worker runs), with the run's own estimator only
 * (what sweeps and the CLI pay) and with `estimators: ['hill', 'farms']` (what a Lab run asks for, so the
 * α bars can switch). Same weights, same run, interleaved rounds, best of each; the ratio is the price.
 *
 *   npx tsx scripts/bench/lab-estimators.ts [--rounds N] [--presets a,b]
 */
import { loadavg } from 'node:os';
import { fitOptionsOf } from '../../src/experiment/assign';
import { PRESETS, presetOverrides } from '../../src/experiment/presets';
import { decodeLink } from '../../src/experiment/url';
import { DEFAULT_CONV_NORM } from '../../src/math/esd';
import type { Estimator, NamedTensor } from '../../src/math/types';
import { buildModel } from '../../src/train/setup';
import { createEsdHandler } from '../../src/workers/esdHandler';
import { numberFlag, runCli, UsageError, unknownMessage } from '../lib/cli';
import { initNodeBackend, nodeLoaders } from '../lib/node-engine';

const USAGE = `usage: npx tsx scripts/bench/lab-estimators.ts [options]
  one re-estimate per lab preset in the ESD handler: the run's estimator only vs Hill + FARMS (docs/BENCHMARKS.md)
  --rounds N               interleaved rounds, best of each (default 3)
  --presets LIST           lab presets (default: all)
  -h, --help               show this help`;
const LAB = PRESETS.filter((p) => p.view === 'lab').map((p) => p.id);
const { values } = runCli(
  'lab-estimators',
  USAGE,
  { options: { rounds: { type: 'string', default: '3' }, presets: { type: 'string', default: LAB.join(',') } } },
  (args) => {
    numberFlag('rounds', args.values.rounds, { integer: true, min: 1 });
    for (const id of args.values.presets.split(',')) if (!LAB.includes(id)) throw new UsageError(unknownMessage('preset', id, LAB));
    return args;
  },
);
const ROUNDS = Number(values.rounds);
const presets = values.presets.split(',');

/** Wall time of one analyze-tensors run over copies of `weights`, ms. */
async function reEstimate(weights: NamedTensor[], fit: ReturnType<typeof fitOptionsOf>, estimators?: Estimator[]): Promise<number> {
  const handler = createEsdHandler(() => {});
  const tensors = weights.map((w) => ({ ...w, data: w.data.slice() }));
  const t0 = performance.now();
  await handler.handle({ kind: 'analyze-tensors', runId: 1, tensors, options: { ...fit, convNorm: DEFAULT_CONV_NORM }, withEigenvalues: true, ...(estimators ? { estimators } : {}) });
  return performance.now() - t0;
}

await initNodeBackend('cpu');
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}; best of ${ROUNDS} rounds`);
console.log('| preset | ESD matrices | shapes | run estimator only, ms | Hill + FARMS, ms | ratio |');
console.log('|---|---|---|---|---|---|');
for (const id of presets) {
  const cfg = decodeLink(`preset=${id}`, presetOverrides).config;
  const model = await buildModel(cfg, nodeLoaders());
  const weights = await model.esdSnapshot();
  model.dispose();
  const fit = fitOptionsOf(cfg);
  let own = Infinity;
  let both = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    own = Math.min(own, await reEstimate(weights, fit));
    both = Math.min(both, await reEstimate(weights, fit, ['hill', 'farms']));
  }
  const shapes = [...new Set(weights.map((w) => w.shape.join('×')))].join(', ');
  console.log(`| ${id} | ${weights.length} | ${shapes} | ${own.toFixed(0)} | ${both.toFixed(0)} | ${(both / own).toFixed(2)} |`);
}
