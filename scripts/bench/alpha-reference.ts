/**
 * `npm run bench:alpha-ref`: cost and precision of α_random(shape, fit, estimator) (src/math/reference.ts)
 * and the cost of a FARMS analysis against a Hill analysis of the same matrix.
 *
 * For each shape of this lab's models (and GPT-2-small's largest) and each estimator: the reference's
 * α, standard error and draws, its cold wall time (first call, computed) and a cache hit's, and, as the
 * ratio's reference measured in the same run, one analyzeTensor of one Gaussian matrix of that shape
 * with that estimator (best of 3). Usage: npm run bench:alpha-ref [-- --big] (--big adds 768×3072).
 */
import { loadavg } from 'node:os';
import { analyzeTensor } from '../../src/math/analyze';
import { createRng } from '../../src/math/random';
import { randomAlpha } from '../../src/math/reference';
import { DEFAULT_FIT_OPTIONS, ESTIMATORS } from '../../src/math/types';
import { runCli } from '../lib/cli';

const SHAPES: number[][] = [[20, 20], [20, 128], [128, 20], [64, 64], [64, 128], [64, 256], [1000, 64], [3, 64, 64]];
const USAGE = `usage: npm run bench:alpha-ref [-- --big]
  cost and precision of the random-matrix α reference and of FARMS against Hill; results for docs/BENCHMARKS.md
  --big                    add GPT-2's 768×3072
  -h, --help               show this help`;
const { values } = runCli('bench:alpha-ref', USAGE, { options: { big: { type: 'boolean', default: false } } });
if (values.big) SHAPES.push([768, 3072]);

function bestMs(f: () => void, reps = 3): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}`);
console.log('| shape | estimator | α_random | SE | draws | reference, cold ms | cache hit µs | one analysis ms | cold / one analysis |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const shape of SHAPES) {
  const rng = createRng(99);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => rng.normal());
  for (const estimator of ESTIMATORS) {
    const fit = { ...DEFAULT_FIT_OPTIONS, estimator };
    const one = bestMs(() => analyzeTensor({ name: 'w', shape, data }, fit));
    const ref = randomAlpha(shape, fit);
    const t0 = performance.now();
    for (let k = 0; k < 1000; k++) randomAlpha(shape, fit);
    const hitUs = ((performance.now() - t0) / 1000) * 1000;
    console.log(
      `| ${shape.join('×')} | ${estimator} | ${ref.alpha.toFixed(3)} | ${ref.se.toFixed(4)} | ${ref.draws} | ${ref.ms.toFixed(0)} | ${hitUs.toFixed(1)} | ${one.toFixed(2)} | ${(ref.ms / one).toFixed(0)} |`,
    );
  }
}
