/**
 * Presets: small commented overrides of the defaults in schema.ts. Every preset is
 * also a link (`?preset=ID`), so a preset is exactly what a shared URL reproduces.
 */
import type { ExperimentConfig } from './schema';

export interface Preset {
  id: string;
  title: string;
  /** One line for `--list` and the preset picker. */
  summary: string;
  /** A few sentences for the lab's preset card: what to look at. */
  explain: string;
  /** Which view the preset opens. */
  view: 'lab' | 'analyzer';
  overrides: Partial<ExperimentConfig>;
}

/**
 * The papers' SciML recipe, shared by every PDE preset: PDEBench's FNO/UNet optimiser (Adam, lr 1e-3,
 * weight decay 1e-4) with its step decay ×0.5 every 100 *epochs* shortened to every 100 *steps* (our runs
 * are a few hundred steps, PDEBench's 500 epochs), and the TempBalance setting of the EMNLP paper's
 * SciML runs (layer-wise linear_map onto [0.6, 1.4], re-estimated every epoch), in Compare mode.
 * Differences from the authors' code: docs/METHOD.md §7.
 */
const SCIML_RECIPE: Partial<ExperimentConfig> = {
  optimizer: 'adam',
  lr: 1e-3,
  wd: 1e-4,
  schedule: 'step',
  stepEvery: 100,
  gamma: 0.5,
  mode: 'compare',
  assign: 'linear_map',
  unit: 'layer',
  minRatio: 0.6,
  slope: 0.8,
  interval: 0, // per epoch
};

/** The 1-D compressible-flow task of cfd-fno-low and cfd-unet-low: η = ζ = 0.1, M = 1, 10 % of the pool. */
const CFD_1D: Partial<ExperimentConfig> = {
  task: 'cfd',
  size: 'small',
  pdeParam: 0.1, // η = ζ
  mach: 1,
  ratio: 0.1,
  steps: 300,
  batch: 32,
  evalEvery: 50,
  ...SCIML_RECIPE,
};

/** FNO on Burgers ν = 0.01 from 5 % of the data: the from-scratch preset, and the base of its fine-tuning twin. */
const FNO_BURGERS_LOW: Partial<ExperimentConfig> = {
  task: 'burgers',
  model: 'fno',
  size: 'small',
  pdeParam: 0.01,
  ratio: 0.05, // 13 of 256 training trajectories
  steps: 300,
  batch: 32,
  evalEvery: 50,
  ...SCIML_RECIPE,
  eigsThresh: 12, // FNO matrices are width × width = 20 × 20
};

/**
 * The paper's RoBERTa fine-tuning recipe (AdamW, 6 % warm-up, linear decay, both runs side by side) with
 * the EMNLP rule of its GLUE scripts at small ratios: block-wise sigmoid, s_min = s_max = 1.25, τ = 10.
 */
const EMNLP_FINETUNE: Partial<ExperimentConfig> = {
  optimizer: 'adamw',
  wd: 0.01,
  schedule: 'linear',
  warmup: 0.06,
  mode: 'compare',
  assign: 'sigmoid',
  unit: 'block',
  sMin: 1.25,
  sMax: 1.25,
  expTemp: 10,
};

export const PRESETS: readonly Preset[] = [
  {
    id: 'sentiment-finetune-paper',
    title: 'Sentiment fine-tuning, the authors\' protocol',
    summary: 'Pretrained encoder fine-tuned for 10 epochs with the EMNLP protocol: block sigmoid, ESD ten times per epoch, best epoch on validation.',
    explain:
      'A pretrained encoder fine-tuned on 104 labelled sentences, trained and selected the way the authors\' NLP code does (docs/PROTOCOL.md): 10 epochs at every data ratio, ESDs re-estimated every min(100, max(1, batches per epoch / 10)) steps from step 0, block-wise sigmoid (τ = 10, xmin_pos 1.5, no normalisation) on top of 6 % warm-up and linear decay, and the test accuracy of the epoch with the best validation accuracy. The encoder (mlm-smallbatch, docs/PRETRAIN.md) is really imbalanced: with this preset\'s fit (xmin_pos 1.5) its four MLP matrices sit 2.3–2.4 below the α of a random matrix of their shape (the ticks on the α bars), its attention matrices 0.3–0.8 below (with the papers\' xmin_pos 2: 1.2–1.3 and 0.1–0.3). What our sweeps measured (docs/RESULTS.md, 10 seeds at the smallest ratios): fine-tuning this small encoder barely moves its spectra, accuracy stays near chance up to 209 examples, and TempBalance\'s paired gains (−1.5 to +1.5 points) are not distinguishable from zero.',
    view: 'lab',
    overrides: {
      task: 'sentiment',
      model: 'transformer',
      size: 'small',
      init: 'pretrained',
      encoder: 'mlm-smallbatch', // the encoder whose MLP matrices are far from random (docs/PRETRAIN.md)
      ratio: 0.05,
      epochs: 10,
      batch: 16,
      evalEvery: 0, // every epoch
      select: 'best-val',
      ...EMNLP_FINETUNE,
      // Chosen on validation from {3e-4, 1e-3, 3e-3} (docs/results/sentiment-finetune-paper-*.json): 3e-3 at 1–10 %.
      lr: 3e-3,
      xminPos: 1.5,
      lrNormalize: false,
      afterWarm: false,
      intervalMode: 'paper',
    },
  },
  {
    id: 'fno-burgers-finetune-5',
    title: 'FNO fine-tuning on 5 trajectories: a measured gain',
    summary: 'The pretrained FNO adapted to Burgers ν = 0.01 from 5 trajectories, 200 steps: the one setting where our sweeps measured TempBalance helping.',
    explain:
      'fno-burgers-finetune-low at 2 % of the data (5 training trajectories) for 200 steps: the FNO pretrained at ν = 0.1 adapts to the near-shocks of ν = 0.01, with layer-wise linear_map rates 0.6–1.4× (larger α, larger rate). Over 10 paired seeds (docs/RESULTS.md) TempBalance lowered the test nRMSE by 0.0048 (1.8 %) on 9 of them, p = 0.004; with 13 or more trajectories it made no difference. Seed 1, this preset, measured 0.2730 for the baseline and 0.2644 for TempBalance. Watch the spread chart: TempBalance narrows the spread of α as fitted, most of which is the 20 × 128 proj.fc1 against the 20 × 20 mixes, while the α bars\' random-shape ticks show how little the 20 × 20 mixes differ from random. A small, real effect, about a tenth of the paper\'s.',
    view: 'lab',
    overrides: { ...FNO_BURGERS_LOW, init: 'pretrained', ratio: 0.02, steps: 200 },
  },
  {
    id: 'sentiment-low',
    title: 'Sentiment, 5 % of the data',
    summary: 'Tiny transformer on 104 labelled sentences: TempBalance (layer-wise linear_map) vs baseline.',
    explain:
      'Does each layer train at its own pace with only a hundred training sentences? Watch α per layer and its spread. TempBalance gives layers with large α (less trained) a larger learning rate, between 0.5× and 1.5× the global rate (the NeurIPS TempBalance default). Trained from scratch, the 64×64 layers stay close to their random-initialisation spectra while the embedding moves most, so there is little for TempBalance to balance (docs/RESULTS.md).',
    view: 'lab',
    overrides: {
      task: 'sentiment',
      model: 'transformer',
      size: 'small',
      ratio: 0.05, // ≈ 104 of 2,086 training sentences: the low-data regime where the paper sees the largest gain
      steps: 150, // ≈ a minute for both runs on a laptop CPU (wasm)
      evalEvery: 25,
      optimizer: 'adamw',
      lr: 1e-3, // from scratch, not fine-tuning: a transformer from random init needs ~1e-3
      wd: 0.01,
      schedule: 'linear',
      warmup: 0.06, // the paper's 6 % warm-up
      mode: 'compare',
      // Layer-wise linear_map onto [0.5, 1.5]: with two identical blocks from the same random init, the
      // EMNLP block-wise sigmoid averages α per block and the blocks' means differ by ~0.01, so it would
      // barely change any rate; per layer, α spans 2.1–2.8 and the rates visibly differ.
      assign: 'linear_map',
      unit: 'layer',
      interval: 25,
      minRatio: 0.5,
      slope: 1,
    },
  },
  {
    id: 'sentiment-moderate',
    title: 'Sentiment, 50 % of the data',
    summary: 'Same model with ten times more data: the gap between TempBalance and the baseline should shrink.',
    explain: 'The paper finds that balancing matters less when data is plentiful. Compare the final accuracies with the 5 % preset.',
    view: 'lab',
    overrides: {
      task: 'sentiment',
      model: 'transformer',
      size: 'small',
      ratio: 0.5,
      steps: 300,
      evalEvery: 50,
      lr: 1e-3,
      mode: 'compare',
      assign: 'linear_map',
      unit: 'layer',
      interval: 50,
      minRatio: 0.5,
      slope: 1,
    },
  },
  {
    id: 'fno-burgers-low',
    title: 'FNO on Burgers, little data',
    summary: 'Fourier Neural Operator on viscous Burgers (ν = 0.01) from 13 trajectories; layer-wise linear_map 0.6–1.4.',
    explain:
      'Each training example is 10 frames of a Burgers trajectory; the model predicts the next frame and is scored by rolling out to t = 2 (nRMSE, lower is better). The SciML setting of the paper: layer-wise linear_map with lowest ratio 0.6 and slope 0.8, re-estimated every epoch.',
    view: 'lab',
    overrides: FNO_BURGERS_LOW,
  },
  {
    id: 'unet-advection',
    title: 'UNet on advection',
    summary: 'A 1-D UNet learns linear advection (β = 0.4) from 26 trajectories; the exact solution is a shifted initial condition.',
    explain: 'Convolution kernels are analysed by pooling the singular values of their k slices (conv_norm 0.5).',
    view: 'lab',
    overrides: {
      task: 'advection',
      model: 'unet',
      size: 'small',
      pdeParam: 0.4,
      ratio: 0.1,
      steps: 300,
      evalEvery: 50,
      ...SCIML_RECIPE,
      eigsThresh: 8,
    },
  },
  {
    id: 'fno-reaction-diffusion',
    title: 'FNO on reaction–diffusion',
    summary: 'FNO on ∂ₜu = ν∂ₓₓu + ρu(1−u) with ν = 0.5, ρ = 1, from 5 input frames.',
    explain: 'A stiff equation our solver handles with exact Fourier diffusion steps; the network only sees the frames.',
    view: 'lab',
    overrides: {
      task: 'reaction-diffusion',
      model: 'fno',
      size: 'small',
      pdeParam: 0.5,
      rho: 1,
      ratio: 0.1,
      steps: 300,
      evalEvery: 50,
      ...SCIML_RECIPE,
      eigsThresh: 12,
    },
  },
  {
    id: 'darcy-fno-low',
    title: 'Darcy flow, FNO, 5 % of the data',
    summary: '2-D FNO maps a permeability field to the pressure of −∇·(a∇u) = 1 (32×32), from 13 of 256 samples.',
    explain:
      'The paper\'s Darcy flow task (PDEBench-style, our own finite-volume solver): the input is a two-valued coefficient a (12 and 3, a thresholded Gaussian random field), the target the steady pressure u with u = 0 on the boundary. One map per sample, no rollout; nRMSE on the test set. Watch the field view: input, truth, prediction and error.',
    view: 'lab',
    overrides: {
      task: 'darcy',
      model: 'fno',
      size: 'small',
      pdeParam: 1, // β, the constant source
      grid: 32,
      ratio: 0.05, // 13 of 256 training samples
      steps: 300,
      batch: 8,
      evalEvery: 50,
      ...SCIML_RECIPE,
      eigsThresh: 12,
    },
  },
  {
    id: 'darcy-unet-low',
    title: 'Darcy flow, UNet, 5 % of the data',
    summary: '2-D UNet on the same Darcy data as darcy-fno-low (zero padding for the Dirichlet boundary).',
    explain: 'The paper trains both FNO and UNet on Darcy flow. The UNet\'s 3×3 kernels are analysed as 9 pooled slices (conv_norm 0.5).',
    view: 'lab',
    overrides: {
      task: 'darcy',
      model: 'unet',
      size: 'small',
      pdeParam: 1,
      grid: 32,
      ratio: 0.05,
      steps: 300,
      batch: 8,
      evalEvery: 50,
      ...SCIML_RECIPE,
      eigsThresh: 8,
    },
  },
  {
    id: 'cfd-fno-low',
    title: '1-D compressible flow, FNO, 10 % of the data',
    summary: 'FNO on 1-D compressible Navier–Stokes (η = ζ = 0.1, M = 1): density, velocity and pressure from 10 frames, rolled out.',
    explain:
      'PDEBench\'s CFD protocol: the model sees 10 frames of all three channels and predicts the next frame of all three; evaluation rolls out to t = 1. nRMSE is reported overall and per channel (density, velocity, pressure).',
    view: 'lab',
    overrides: { ...CFD_1D, model: 'fno', eigsThresh: 12 },
  },
  {
    id: 'cfd-unet-low',
    title: '1-D compressible flow, UNet, 10 % of the data',
    summary: '1-D UNet on the same compressible-flow data as cfd-fno-low: density, velocity and pressure from 10 frames, rolled out.',
    explain:
      'The paper trains both FNO and UNet on PDEBench\'s CFD tasks. Same data and protocol as cfd-fno-low; the UNet\'s 3-tap kernels are analysed as 3 pooled slices (conv_norm 0.5).',
    view: 'lab',
    overrides: { ...CFD_1D, model: 'unet', eigsThresh: 8 },
  },
  {
    id: 'cfd2d-fno-low',
    title: '2-D compressible flow, FNO, 10 % of the data',
    summary: '2-D FNO on periodic compressible flow (M = 0.1, 32×32): ρ, vx, vy, p from 10 frames, rolled out over the other 11 of 21.',
    explain:
      'The task of the paper\'s largest SciML gain (FNO on 2-D CFD at 0.6 % of the data). Our 2-D data are inviscid Euler flows from random sine-wave states (MUSCL + HLLC), 64 training trajectories in the pool, so 10 % is 6 trajectories. The field view shows the density; per-channel nRMSE is in the evaluation table.',
    view: 'lab',
    overrides: {
      task: 'cfd2d',
      model: 'fno',
      size: 'small',
      mach: 0.1,
      grid: 32,
      ratio: 0.1,
      steps: 300,
      batch: 8,
      evalEvery: 50,
      ...SCIML_RECIPE,
      eigsThresh: 12,
    },
  },
  {
    id: 'sentiment-finetune-low',
    title: 'Sentiment, fine-tuning a pretrained encoder on 5 % of the data',
    summary: 'Masked-LM-pretrained transformer fine-tuned on 104 sentences: EMNLP block-wise sigmoid TempBalance vs baseline.',
    explain:
      'The paper\'s main setting: a pretrained model fine-tuned with little labelled data. The encoder comes from public/pretrained (masked-LM on Moby-Dick and State of the Union addresses, docs/PRETRAIN.md), the classifier head is new; both runs start from identical weights. Pretraining leaves the two blocks\' α only slightly apart (their matrices stay near random spectra, docs/RESULTS.md); the block-wise sigmoid gives the block with larger α (less trained) up to 10^0.625 ≈ 4× the global rate and the one with smaller α as little as ≈ 0.24× (here ≈ 1.3× and 0.8×). This small encoder, pretrained for 1,500 steps on 19th-century prose and speeches, does not yet beat training from scratch with the sentiment tokenizer (preset sentiment-low).',
    view: 'lab',
    overrides: {
      task: 'sentiment',
      model: 'transformer',
      size: 'small', // the size of the checkpoint (vocab 1,000, dModel 64, 2 blocks)
      init: 'pretrained',
      ratio: 0.05, // ≈ 104 of 2,086 training sentences
      steps: 150,
      evalEvery: 25,
      ...EMNLP_FINETUNE,
      // Chosen on the validation split (seed 1, 150 steps; val accuracy baseline / TempBalance):
      // 1e-3 → 0.535 / 0.535, 3e-4 → 0.559 / 0.548. Far above RoBERTa's 2e-5: a tiny, briefly pretrained encoder.
      lr: 3e-4,
      interval: 25,
    },
  },
  {
    id: 'fno-burgers-finetune-low',
    title: 'FNO fine-tuning: Burgers ν = 0.1 → ν = 0.01, little data',
    summary: 'FNO pretrained on Burgers ν = 0.1 (all 256 trajectories) fine-tuned on ν = 0.01 from 13; layer-wise linear_map 0.6–1.4.',
    explain:
      'A SciML fine-tuning setting: the operator learned at a larger viscosity (smooth solutions, public/pretrained/fno-burgers-nu0.1.safetensors, npm run pretrain:fno) is adapted to ν = 0.01, whose solutions steepen into near-shocks, from 5 % of the data. Every weight starts from the checkpoint, so baseline and TempBalance start identical; compare the nRMSE with the from-scratch preset fno-burgers-low. Measured over 10 seeds (docs/RESULTS.md): with 5 trajectories (ratio 0.02) TempBalance lowers the test nRMSE by 1.8 % (9 of 10 seeds, p = 0.004); from 13 trajectories up it makes no difference or is slightly worse.',
    view: 'lab',
    // The checkpoint has the 'small' size (width 20, 12 modes, 4 layers, 10 input frames).
    overrides: { ...FNO_BURGERS_LOW, init: 'pretrained' },
  },
  {
    id: 'fno-burgers-finetune-paper',
    title: 'FNO fine-tuning, the authors\' FNO protocol',
    summary: 'FNO pretrained on Burgers ν = 0.1 fine-tuned on ν = 0.01 with the authors\' FNO settings: per-layer sigmoid, ESD once per epoch, zeros filtered, eigs_thresh 12.',
    explain:
      'The fine-tuning of fno-burgers-finetune-low with the TempBalance settings of the authors\' FNO script (docs/PROTOCOL.md): the sigmoid map of α − mean α per layer (their tb_std_sigmoid), ESDs once per epoch, eigenvalues ≤ 1e-5 filtered, xmin_pos 2, layers with fewer than 12 eigenvalues at the global rate, and the test nRMSE of the epoch with the best validation nRMSE. Not yet swept: the measured FNO fine-tuning results (docs/RESULTS.md) are those of fno-burgers-finetune-low\'s linear map.',
    view: 'lab',
    overrides: {
      ...FNO_BURGERS_LOW,
      init: 'pretrained',
      epochs: 25, // about as long as fno-burgers-low's 300 steps; not tuned
      batch: 32,
      evalEvery: 0,
      select: 'best-val',
      assign: 'sigmoid',
      unit: 'layer',
      sMin: 0.5,
      sMax: 0.5,
      expTemp: 10,
      intervalMode: 'epoch',
      filterZeros: true,
      xminPos: 2,
      eigsThresh: 12,
    },
  },
  {
    id: 'analyzer',
    title: 'Weights-file analyser',
    summary: 'Drop a .safetensors or .npy file and read every layer\'s ESD and α, like WeightWatcher in the browser.',
    explain: 'Nothing is uploaded: the file is read and analysed in a worker in your browser.',
    view: 'analyzer',
    overrides: {},
  },
];

/**
 * The preset a plain link opens: the setting whose layers are visibly imbalanced from step 0 (the
 * mlm-smallbatch encoder's MLP matrices sit far below their random-shape α; docs/PRETRAIN.md).
 */
export const DEFAULT_PRESET_ID = 'sentiment-finetune-paper';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The lookup the URL codec needs. */
export const presetOverrides = (id: string): Partial<ExperimentConfig> | undefined => findPreset(id)?.overrides;
