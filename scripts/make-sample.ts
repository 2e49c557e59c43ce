/**
 * `npm run sample`: writes public/sample.safetensors, a small deterministic model whose layers
 * span the whole HT-SR range (docs/METHOD.md §2: α < 2 very heavy-tailed, 2–6 well trained,
 * α > 6 random-like), so the app and `npm run analyze` have something meaningful to show.
 *
 * Layers with a "trained-looking" spectrum are W = U diag(σ) Vᵀ with Haar-random U, V and σ² at
 * the quantiles of a power law with exponent α (scripts/lib/orthogonal.ts): their ESD *is* that
 * power law, so the fitted α lands near the planted one. The random-like layer is plain Gaussian
 * initialisation (a Marchenko–Pastur bulk). Kernels are stored in tfjs layout ([k, c_in, c_out],
 * "__metadata__".layout = "tfjs"); a few tensors are F16/BF16/F64 to exercise every decoder.
 * Everything is seeded (createRng), so re-running reproduces the file byte for byte.
 *
 * Usage: npx tsx scripts/make-sample.ts [OUT]   (default public/sample.safetensors)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloatDtype } from '../src/io/dtype';
import { encodeSafetensors } from '../src/io/safetensors-write';
import { createRng } from '../src/math/random';
import type { Rng } from '../src/math/random';
import { powerLawEigenvalues, withSingularValues } from './lib/orthogonal';
import { runCli, UsageError } from './lib/cli';

const SEED = 20241101;
const D = 64; // model width
const VOCAB = 200;
const CONTEXT = 2048; // long enough that a Gaussian [CONTEXT, D] table has α ≈ 8 under the median fit

/** How a tensor's values are made. */
type Recipe =
  | { kind: 'powerlaw'; alpha: number } // planted ESD ∝ λ^(−α)
  | { kind: 'gaussian'; std: number } //   random init: MP bulk
  | { kind: 'constant'; value: number } // LayerNorm scale
  | { kind: 'small'; std: number }; //     biases

interface SampleTensor {
  name: string;
  shape: number[];
  dtype: FloatDtype;
  recipe: Recipe;
  /** Why the layer is there (printed when the file is written). */
  note: string;
}

const BLOCK0: SampleTensor[] = [
  { name: 'blocks.0.ln1.weight', shape: [D], dtype: 'F32', recipe: { kind: 'constant', value: 1 }, note: '1-D, skipped' },
  { name: 'blocks.0.attn.q', shape: [D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 2.5 }, note: 'well trained' },
  { name: 'blocks.0.attn.k', shape: [D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 3.0 }, note: 'well trained' },
  { name: 'blocks.0.attn.v', shape: [D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 4.0 }, note: 'well trained' },
  { name: 'blocks.0.attn.o', shape: [D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 1.6 }, note: 'very heavy-tailed' },
  { name: 'blocks.0.mlp.fc1', shape: [D, 4 * D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 3.2 }, note: 'well trained' },
  { name: 'blocks.0.mlp.fc1.bias', shape: [4 * D], dtype: 'F32', recipe: { kind: 'small', std: 0.02 }, note: '1-D, skipped' },
  { name: 'blocks.0.mlp.fc2', shape: [4 * D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 2.8 }, note: 'well trained' },
];

const BLOCK1: SampleTensor[] = [
  { name: 'blocks.1.ln1.weight', shape: [D], dtype: 'F16', recipe: { kind: 'constant', value: 1 }, note: '1-D, skipped' },
  { name: 'blocks.1.attn.q', shape: [D, D], dtype: 'F16', recipe: { kind: 'powerlaw', alpha: 1.8 }, note: 'very heavy-tailed' },
  { name: 'blocks.1.attn.k', shape: [D, D], dtype: 'F16', recipe: { kind: 'powerlaw', alpha: 7.5 }, note: 'random-like' },
  { name: 'blocks.1.attn.v', shape: [D, D], dtype: 'F16', recipe: { kind: 'powerlaw', alpha: 5.0 }, note: 'well trained' },
  { name: 'blocks.1.attn.o', shape: [D, D], dtype: 'F16', recipe: { kind: 'powerlaw', alpha: 3.6 }, note: 'well trained' },
  { name: 'blocks.1.conv', shape: [3, D, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 2.6 }, note: 'conv1d kernel [k, c_in, c_out]' },
  { name: 'blocks.1.mlp.fc1', shape: [D, 4 * D], dtype: 'BF16', recipe: { kind: 'powerlaw', alpha: 4.5 }, note: 'well trained' },
  { name: 'blocks.1.mlp.fc2', shape: [4 * D, D], dtype: 'BF16', recipe: { kind: 'powerlaw', alpha: 2.2 }, note: 'well trained' },
];

/** The whole model, in file order. */
export const SAMPLE_LAYOUT: SampleTensor[] = [
  { name: 'embed.tok', shape: [VOCAB, D], dtype: 'F32', recipe: { kind: 'powerlaw', alpha: 3.5 }, note: 'embedding' },
  { name: 'embed.pos', shape: [CONTEXT, D], dtype: 'F16', recipe: { kind: 'gaussian', std: 0.02 }, note: 'random init (MP bulk)' },
  ...BLOCK0,
  ...BLOCK1,
  { name: 'ln_f.weight', shape: [D], dtype: 'F32', recipe: { kind: 'constant', value: 1 }, note: '1-D, skipped' },
  { name: 'head', shape: [D, 10], dtype: 'F64', recipe: { kind: 'powerlaw', alpha: 3.0 }, note: 'classifier, too few eigenvalues' },
  { name: 'head.bias', shape: [10], dtype: 'F64', recipe: { kind: 'small', std: 0.02 }, note: '1-D, skipped' },
];

/** Singular values σ with σ² a power law of exponent α, median eigenvalue ≈ `scale`. */
function powerLawSigma(n: number, alpha: number, scale: number): Float64Array {
  const lambda = powerLawEigenvalues(n, alpha);
  const median = lambda[n >> 1];
  // powerLawEigenvalues is ascending; withSingularValues takes any order.
  return lambda.map((l) => Math.sqrt((l / median) * scale));
}

/** Values of one tensor (C order). Kernels plant the power law across all k slices together. */
function makeValues(t: SampleTensor, rng: Rng): Float64Array {
  const size = t.shape.reduce((a, b) => a * b, 1);
  const r = t.recipe;
  if (r.kind === 'constant') return new Float64Array(size).fill(r.value);
  if (r.kind === 'small' || r.kind === 'gaussian') return Float64Array.from({ length: size }, () => r.std * rng.normal());
  // The scale does not change α; a median eigenvalue of 1 keeps entries O(1/√d), well inside
  // the F16/BF16 range.
  if (t.shape.length === 2) {
    const [rows, cols] = t.shape;
    return withSingularValues(rows, cols, powerLawSigma(Math.min(rows, cols), r.alpha, 1), rng);
  }
  // Kernel [k, c_in, c_out]: the pooled ESD of the k slices is the power law. Slice s gets every
  // k-th quantile, so each slice alone is also a (coarser) power law with the same α.
  const [k, cIn, cOut] = t.shape;
  const per = Math.min(cIn, cOut);
  const all = powerLawSigma(k * per, r.alpha, 1);
  const out = new Float64Array(size);
  for (let s = 0; s < k; s++) {
    const sigma = Float64Array.from({ length: per }, (_, j) => all[j * k + s]);
    out.set(withSingularValues(cIn, cOut, sigma, rng.fork(`slice${s}`)), s * cIn * cOut);
  }
  return out;
}

/** Encode the sample model (deterministic bytes). */
export function makeSample(): Uint8Array {
  const root = createRng(SEED);
  const tensors = SAMPLE_LAYOUT.map((t) => ({ ...t, data: makeValues(t, root.fork(t.name)) }));
  return encodeSafetensors(tensors, { layout: 'tfjs', generator: 'scripts/make-sample.ts', seed: String(SEED) });
}

const isMain = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
const USAGE = `usage: npm run sample [-- OUT]
  write the deterministic sample model (layers spanning the whole α range)
  OUT                      output file (default public/sample.safetensors)
  -h, --help               show this help`;

if (isMain) {
  const outPath = runCli('sample', USAGE, { allowPositionals: true, options: {} }, ({ positionals }) => {
    if (positionals.length > 1) throw new UsageError(`expected at most one OUT, got ${positionals.length} arguments`);
    return positionals[0] ?? join(import.meta.dirname, '..', 'public', 'sample.safetensors');
  });
  const bytes = makeSample();
  writeFileSync(outPath, bytes);
  for (const t of SAMPLE_LAYOUT) {
    const planted = t.recipe.kind === 'powerlaw' ? `α≈${t.recipe.alpha}` : t.recipe.kind;
    console.log(`${t.name.padEnd(22)} ${t.shape.join('x').padEnd(10)} ${t.dtype.padEnd(5)} ${planted.padEnd(9)} ${t.note}`);
  }
  console.log(`wrote ${outPath} (${bytes.length} bytes)`);
}
