/**
 * Public entry of src/models: one factory over the three builders, so the training worker can build
 * a model from a serialisable config. Every model is seeded: same kind + config + seed ⇒ the same
 * initial weights on every backend.
 */
import { buildFno, DEFAULT_FNO_CONFIG, type FnoConfig, type FnoModel } from './fno';
import { buildTransformer, DEFAULT_TRANSFORMER_CONFIG, type TransformerConfig, type TransformerModel } from './transformer';
import { buildUnet, DEFAULT_UNET_CONFIG, type UnetConfig, type UnetModel } from './unet';

export type { ModelParam, ParamRole, ParamSpec, TrainableModel } from './types';
export { buildFno, buildTransformer, buildUnet, DEFAULT_FNO_CONFIG, DEFAULT_TRANSFORMER_CONFIG, DEFAULT_UNET_CONFIG };
export type { FnoConfig, FnoModel, TransformerConfig, TransformerModel, UnetConfig, UnetModel };

/** A model request: its kind, config overrides (on top of the kind's defaults) and seed. */
export type ModelSpec =
  | { kind: 'transformer'; config: Partial<TransformerConfig>; seed: number }
  | { kind: 'fno'; config: Partial<FnoConfig>; seed: number }
  | { kind: 'unet'; config: Partial<UnetConfig>; seed: number };

/** Build any of the three models from a ModelSpec. */
export function buildModel(spec: ModelSpec): TransformerModel | FnoModel | UnetModel {
  switch (spec.kind) {
    case 'transformer':
      return buildTransformer(spec.config, spec.seed);
    case 'fno':
      return buildFno(spec.config, spec.seed);
    case 'unet':
      return buildUnet(spec.config, spec.seed);
  }
}
