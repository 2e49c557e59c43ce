/**
 * The Lab's controls as data: which schema fields are shown, in which group, whether they apply to
 * the current config (momentum only for SGD, ρ only for reaction–diffusion, …), whether a change
 * applies live or on Reset, and the link ⇄ config round trip. Pure, so the URL round trip is tested
 * without a browser; the React form (Controls.tsx) renders whatever this module says.
 */
import { KEYS, SCHEMA, defaultConfig, type ExperimentConfig, type HIDEABLE, type Key } from '../../experiment/schema';
import { DEFAULT_PRESET_ID, PRESETS, findPreset, presetOverrides } from '../../experiment/presets';
import { decodeLink, encodeLink, type Notice } from '../../experiment/url';
import { LIVE_KEYS } from '../../workers/trainProtocol';

type Hideable = (typeof HIDEABLE)[number];

export interface ControlGroup {
  id: string;
  title: string;
  keys: Key[];
  /** A `hide=` item that hides the whole group. */
  hideAs?: Hideable;
}

/** Every setting except `hide` appears in exactly one group (tested). */
export const CONTROL_GROUPS: readonly ControlGroup[] = [
  { id: 'task', title: 'Task and data', keys: ['task', 'model', 'size', 'init', 'encoder', 'ratio', 'pdeParam', 'rho', 'mach', 'grid', 'seed'] },
  { id: 'schedule', title: 'Training', keys: ['mode', 'lr', 'schedule', 'steps', 'epochs', 'batch'] },
  // The method TempBalance is compared with and added to ("method" vs "method + TempBalance").
  { id: 'method', title: 'Method', keys: ['optimizer', 'sam', 'llrd', 'lora'] },
  { id: 'tempbalance', title: 'TempBalance', keys: ['metric', 'assign', 'unit', 'intervalMode', 'interval', 'minRatio', 'slope', 'sMin', 'sMax', 'expTemp', 'afterWarm', 'lrNormalize', 'alphaRef'], hideAs: 'tempbalance-options' },
  {
    id: 'advanced',
    title: 'Advanced',
    keys: ['wd', 'momentum', 'trust', 'warmup', 'stepEvery', 'gamma', 'evalEvery', 'select', 'fit', 'estimator', 'xminPos', 'filterZeros', 'eigsThresh', 'removeFirst', 'removeLast', 'backend'],
    hideAs: 'advanced',
  },
];

/** Human labels of the settings (the schema's help text is the longer explanation). */
export const LABELS: Record<Exclude<Key, 'hide'>, string> = {
  task: 'Task',
  model: 'Model',
  size: 'Model size',
  init: 'Start from',
  encoder: 'Pretrained encoder',
  ratio: 'Data ratio',
  seed: 'Seed',
  steps: 'Steps',
  epochs: 'Epochs (0 = use steps)',
  batch: 'Batch size',
  evalEvery: 'Evaluate every',
  select: 'Report',
  optimizer: 'Optimiser',
  lr: 'Learning rate η',
  wd: 'Weight decay',
  momentum: 'Momentum',
  trust: 'LARS trust η',
  sam: 'SAM ρ',
  lora: 'LoRA rank r',
  llrd: 'LLRD factor ξ',
  metric: 'Balanced metric',
  schedule: 'Global schedule',
  warmup: 'Warm-up fraction',
  stepEvery: 'Decay every (steps)',
  gamma: 'Decay factor γ',
  mode: 'Run',
  assign: 'Assign function',
  unit: 'Unit',
  interval: 'ESD interval (steps)',
  intervalMode: 'Re-estimate',
  afterWarm: 'Start after warm-up',
  minRatio: 'min ratio',
  slope: 'slope',
  sMin: 's_min',
  sMax: 's_max',
  expTemp: 'Temperature τ',
  lrNormalize: 'Normalise mean rate',
  alphaRef: 'α relative to',
  fit: 'Fit method (xmin)',
  estimator: 'α estimator',
  xminPos: 'xmin_pos',
  filterZeros: 'filter_zeros',
  eigsThresh: 'eigs_thresh',
  removeFirst: 'Skip embedding',
  removeLast: 'Skip head',
  pdeParam: 'PDE coefficient',
  rho: 'Reaction rate ρ',
  mach: 'Mach number M',
  grid: '2-D grid (cells per side)',
  backend: 'Backend',
};

const PDE_TASKS = new Set<string>(['advection', 'burgers', 'reaction-diffusion', 'darcy', 'cfd', 'cfd2d']);
const isPde = (cfg: ExperimentConfig) => PDE_TASKS.has(cfg.task);

/** Whether a setting has any effect under the rest of the config (irrelevant ones are disabled). */
export function isRelevant(key: Key, cfg: ExperimentConfig): boolean {
  switch (key) {
    case 'pdeParam':
      return isPde(cfg) && cfg.task !== 'cfd2d'; // the 2-D flow is inviscid (cfd2d.ts)
    case 'rho':
      return cfg.task === 'reaction-diffusion';
    case 'mach':
      return cfg.task === 'cfd' || cfg.task === 'cfd2d';
    case 'grid':
      return cfg.task === 'darcy' || cfg.task === 'cfd2d';
    case 'init':
      // setup.ts: checkpoints exist for the transformer and the FNO of the 1-D scalar tasks only.
      return cfg.model !== 'unet' && !['darcy', 'cfd', 'cfd2d'].includes(cfg.task);
    case 'encoder':
      return cfg.task === 'sentiment' && cfg.init === 'pretrained';
    case 'momentum':
      return cfg.optimizer === 'sgd' || cfg.optimizer === 'lars';
    case 'trust':
      return cfg.optimizer === 'lars';
    case 'lora':
      return cfg.model === 'transformer';
    case 'alphaRef':
      // run.ts: the shape correction applies to α only.
      return cfg.metric === 'alpha';
    case 'stepEvery':
    case 'gamma':
      return cfg.schedule === 'step';
    case 'warmup':
      // train/setup.ts: step decay runs without warm-up (PDEBench's StepLR).
      return cfg.schedule !== 'step';
    case 'minRatio':
    case 'slope':
      return cfg.assign === 'linear_map' || cfg.assign === 'rank';
    case 'sMin':
    case 'sMax':
    case 'expTemp':
      return cfg.assign === 'sigmoid';
    case 'xminPos':
      return cfg.fit === 'median';
    case 'steps':
      return cfg.epochs === 0;
    case 'interval':
      return cfg.intervalMode === 'steps';
    default:
      return true;
  }
}

/** The enum values a select offers under the rest of the config (models fit their task). */
export function allowedValues(key: Key, cfg: ExperimentConfig): readonly string[] {
  const field = SCHEMA[key];
  if (field.type !== 'enum') return [];
  if (key === 'model') return isPde(cfg) ? ['fno', 'unet'] : ['transformer'];
  return field.values;
}

const LIVE = new Set<string>(LIVE_KEYS);
/** True if changing the setting mid-run applies without a reset (trainProtocol LIVE_KEYS). */
export function isLive(key: Key): boolean {
  return LIVE.has(key);
}

/** Whether a control is hidden by the classroom `hide=` list. */
export function isHidden(key: Key, group: ControlGroup, hide: readonly string[]): boolean {
  return hide.includes(key) || (group.hideAs !== undefined && hide.includes(group.hideAs));
}

/**
 * Make a config consistent: a sentiment task needs the transformer, a PDE task FNO or UNet. Returns
 * the notices for a link (what was adjusted and why).
 */
export function normaliseConfig(cfg: ExperimentConfig): { config: ExperimentConfig; notices: Notice[] } {
  const allowed = allowedValues('model', cfg);
  if (allowed.includes(cfg.model)) return { config: cfg, notices: [] };
  const model = allowed[0] as ExperimentConfig['model'];
  return {
    config: { ...cfg, model },
    notices: [{ key: 'model', action: 'adjusted', message: `model=${cfg.model} cannot learn the ${cfg.task} task; using ${model}.` }],
  };
}

/** Set one field; keeps the config consistent (changing the task picks a model that can learn it). */
export function setField<K extends Key>(cfg: ExperimentConfig, key: K, value: ExperimentConfig[K]): ExperimentConfig {
  return normaliseConfig({ ...cfg, [key]: value }).config;
}

/** A preset applied on top of the defaults; the classroom `hide` list and the backend are kept. */
export function applyPreset(cfg: ExperimentConfig, presetId: string): ExperimentConfig {
  const p = findPreset(presetId);
  if (!p) return cfg;
  return normaliseConfig({ ...defaultConfig(), ...p.overrides, hide: cfg.hide, backend: cfg.backend }).config;
}

/** What the Lab reads from a link: the settings, the preset they started from, and every notice. */
export interface LabLink {
  config: ExperimentConfig;
  preset: string | null;
  view: string | null;
  notices: Notice[];
}

/** Keys of a link that do not describe the experiment itself (how and where it is shown). */
const PRESENTATION_KEYS = new Set(['v', 'view', 'backend', 'hide']);

/** True if a query sets no preset and no experiment setting (e.g. "" or "?backend=wasm"). */
function setsNothing(search: string): boolean {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  return [...params.keys()].every((k) => PRESENTATION_KEYS.has(k));
}

/**
 * Read the Lab's settings from a query string. Never throws. A link that names no preset and no
 * experiment setting (only e.g. backend= or hide=) opens the default preset.
 */
export function readLink(search: string): LabLink {
  const query = search.replace(/^\?/, '');
  const d = decodeLink(setsNothing(query) ? `preset=${DEFAULT_PRESET_ID}&${query}` : query, presetOverrides);
  const n = normaliseConfig(d.config);
  return { config: n.config, preset: d.preset, view: d.view, notices: [...d.notices, ...n.notices] };
}

/**
 * The query string that reproduces `cfg` (the preset it came from keeps the link short). A preset
 * that does not open the Lab is dropped. Without a preset, the task is always written, so the
 * link never reads back as "sets nothing" (which would open the default preset).
 */
export function writeLink(cfg: ExperimentConfig, preset: string | null): string {
  const usable = preset !== null && PRESETS.some((p) => p.id === preset && p.view === 'lab') ? preset : null;
  const query = encodeLink(cfg, { preset: usable, presets: presetOverrides });
  return setsNothing(query) ? `${query}&task=${cfg.task}` : query;
}

/** Keys whose values differ between two configs. */
export function changedKeys(a: ExperimentConfig, b: ExperimentConfig): Key[] {
  return KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Step of an `<input type=number>` for a field: whole numbers step 1, others a decade-aware step. */
export function inputStep(key: Key): number | 'any' {
  const f = SCHEMA[key];
  return f.type === 'number' && f.integer ? 1 : 'any';
}
