/**
 * LoRA (Hu et al. 2022) on the transformer's attention projections: each adapted matrix W [d_in, d_out]
 * is used as W + s·A·B with A [d_in, r] and B [r, d_out] trainable and W frozen. Only the adapters and
 * the classifier head train (the LoRA fine-tuning baseline of the paper's Table 1).
 *
 * - Targets: the query and value projections, the LoRA paper's choice and PEFT's default for RoBERTa.
 * - Init: B = 0, so the adapted model computes exactly what the base model did; A ~ U(±1/√d_in)
 *   (PyTorch's kaiming_uniform(a=√5), as PEFT), drawn from the run seed.
 * - Scale s = lora_alpha / r with lora_alpha = r, i.e. s = 1: the learning rate absorbs any other choice.
 * - ESD: computed on the effective weight W + s·A·B of each adapted layer only, as the authors'
 *   LoRA code does (`lora_esd_estimator` with add_W). Each adapter follows its layer (ParamSpec.layer),
 *   so TempBalance sets the rate of A and B from α of W + A·B.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { ParamRegistry, torchDefault } from './params';
import type { TransformerModel } from './transformer';
import type { ModelParam, TrainableModel } from './types';

/** Which attention matrices of each block get adapters. */
export const LORA_TARGETS = ['q', 'v'] as const;

/** One adapted matrix. */
interface Adapter {
  name: string;
  w: tf.Variable;
  a: tf.Variable;
  b: tf.Variable;
}

/**
 * Wrap a (possibly pretrained) transformer classifier with rank-`rank` LoRA adapters. The returned model
 * owns `base`: disposing it disposes both. `seed` draws A.
 */
export function withLora(base: TransformerModel, rank: number, seed: number): TrainableModel {
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`LoRA rank must be a whole number ≥ 1, got ${rank}`);
  const d = base.config.dModel;
  if (rank > d) throw new Error(`LoRA rank ${rank} exceeds the model width ${d}`);
  const reg = new ParamRegistry('lora', createRng(seed).fork('lora'));
  const adapters = new Map<string, Adapter>();
  for (const p of base.params) {
    const m = /^blocks\.(\d+)\.attn\.([qkvo])$/.exec(p.spec.name);
    if (!m || !(LORA_TARGETS as readonly string[]).includes(m[2])) continue;
    const [dIn, dOut] = p.variable.shape;
    const block = Number(m[1]);
    // role 'matrix': adapters take weight decay like the matrix they adapt; esd false: the ESD is of W + A·B.
    const a = reg.add({ name: `${p.spec.name}.lora_A`, block, layer: p.spec.name, role: 'matrix', esd: false }, [dIn, rank], torchDefault(dIn));
    const b = reg.add({ name: `${p.spec.name}.lora_B`, block, layer: p.spec.name, role: 'matrix', esd: false }, [rank, dOut], { kind: 'zeros' });
    adapters.set(p.spec.name, { name: p.spec.name, w: p.variable, a, b });
  }
  if (adapters.size === 0) throw new Error('LoRA: the model has no attention projections to adapt');
  const effective = (ad: Adapter): tf.Tensor => tf.add(ad.w, tf.matMul(ad.a, ad.b));
  base.encoder.setAttentionAdapter((name, w) => {
    const ad = adapters.get(name);
    return ad ? effective(ad) : w;
  });

  const trainsInLora = (name: string) => name === 'head' || name === 'head.bias';
  // Base parameters: frozen except the head; only the adapted matrices keep an ESD.
  const baseParams: ModelParam[] = base.params.map((p) => ({
    spec: { ...p.spec, esd: adapters.has(p.spec.name) },
    variable: p.variable,
    frozen: !trainsInLora(p.spec.name),
  }));
  const params = [...baseParams, ...reg.params];

  return {
    kind: 'transformer',
    params,
    apply: (x, training) => base.apply(x, training),
    async esdSnapshot() {
      const list = [...adapters.values()];
      const mats = list.map((ad) => tf.tidy(() => effective(ad)));
      try {
        const data = await Promise.all(mats.map((m) => m.data()));
        return list.map((ad, i) => ({ name: ad.name, shape: ad.w.shape.slice(), data: Float32Array.from(data[i] as Float32Array) }));
      } finally {
        tf.dispose(mats);
      }
    },
    beginStep: (step) => base.beginStep?.(step),
    dispose() {
      base.encoder.setAttentionAdapter(null);
      reg.dispose();
      base.dispose();
    },
  };
}
