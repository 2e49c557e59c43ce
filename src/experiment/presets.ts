/**
 * Presets: small commented overrides of the defaults in schema.ts (STYLE.md habit 7). Every preset is
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

export const PRESETS: readonly Preset[] = [
  {
    id: 'sentiment-low',
    title: 'Sentiment, 5 % of the data',
    summary: 'Tiny transformer on 104 labelled sentences: TempBalance (layer-wise linear_map) vs baseline.',
    explain:
      'With only a hundred training sentences the layers train unevenly: watch α per layer and its spread. TempBalance gives layers with large α (less trained) a larger learning rate, between 0.5× and 1.5× the global rate (the NeurIPS TempBalance default). Trained from scratch, the 64×64 layers stay close to their random-initialisation spectra while the embedding moves most.',
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
      sMin: 0.5,
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
      sMin: 0.5,
      slope: 1,
    },
  },
  {
    id: 'fno-burgers-low',
    title: 'FNO on Burgers, little data',
    summary: 'Fourier Neural Operator on viscous Burgers (ν = 0.01) from 13 trajectories; layer-wise linear_map 0.6–1.4.',
    explain:
      'Each training example is 10 frames of a Burgers trajectory; the model predicts the next frame and is scored by rolling out to t = 2 (nRMSE, lower is better). The SciML setting of the paper: layer-wise linear_map with s_min 0.6 and slope 0.8, re-estimated every epoch.',
    view: 'lab',
    overrides: {
      task: 'burgers',
      model: 'fno',
      size: 'small',
      pdeParam: 0.01,
      ratio: 0.05, // 13 of 256 training trajectories
      steps: 300,
      batch: 32,
      evalEvery: 50,
      optimizer: 'adam', // Adam lr 1e-3, wd 1e-4, step decay ×0.5 (PDEBench FNO)
      lr: 1e-3,
      wd: 1e-4,
      schedule: 'step',
      stepEvery: 100,
      gamma: 0.5,
      mode: 'compare',
      assign: 'linear_map',
      unit: 'layer',
      sMin: 0.6,
      slope: 0.8,
      interval: 0, // per epoch, as in the paper's SciML runs
      eigsThresh: 12, // FNO matrices are width × width = 20 × 20
    },
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
      optimizer: 'adam',
      lr: 1e-3,
      wd: 1e-4,
      schedule: 'step',
      stepEvery: 100,
      gamma: 0.5,
      mode: 'compare',
      assign: 'linear_map',
      unit: 'layer',
      sMin: 0.6,
      slope: 0.8,
      interval: 0,
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
      optimizer: 'adam',
      lr: 1e-3,
      wd: 1e-4,
      schedule: 'step',
      stepEvery: 100,
      gamma: 0.5,
      mode: 'compare',
      assign: 'linear_map',
      unit: 'layer',
      sMin: 0.6,
      slope: 0.8,
      interval: 0,
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

export const DEFAULT_PRESET_ID = 'sentiment-low';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The lookup the URL codec needs. */
export const presetOverrides = (id: string): Partial<ExperimentConfig> | undefined => findPreset(id)?.overrides;
