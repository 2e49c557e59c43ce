/**
 * The run log: a JSON file with the experiment's settings and every worker event needed to redraw
 * the Lab's charts, so a run can be saved, shared and viewed again without training. Import is
 * defensive: a file that is not a run log, or an event that does not have the shape of the
 * protocol, gives one clear error and changes nothing on screen.
 *
 * JSON has no NaN and no typed arrays: NaN/±Inf are written as null and typed arrays as plain
 * arrays; import turns the metric fields back into NaN and the PDE sample back into typed arrays.
 */
import { errorMessage } from '../../io/errors';
import { runName } from '../../experiment/method';
import { KEYS, SCHEMA, defaultConfig, type ExperimentConfig } from '../../experiment/schema';
import { parseValue, type Notice } from '../../experiment/url';
import { FromTrainerKind, type FromTrainer } from '../../workers/trainProtocol';
import { RUN_LABELS, initialLabState, labReducer, type LabState, type RunLabel } from './labState';

export const RUN_LOG_FORMAT = 'model-balancing-lab/run-log';
export const RUN_LOG_VERSION = 1;

export interface RunLog {
  format: typeof RUN_LOG_FORMAT;
  version: number;
  savedAt: string;
  preset: string | null;
  config: ExperimentConfig;
  /** Events of each run in the order they arrived (no `state` events: they carry whole weights). */
  runs: Partial<Record<RunLabel, FromTrainer[]>>;
}

/** Whether an event belongs in a run log (state snapshots are large and not needed to redraw). */
export function isLoggable(e: FromTrainer): boolean {
  return e.kind !== FromTrainerKind.state;
}

/**
 * An event as the log keeps it: an ESD event without its eigenvalues (`eigenvalues`, `tails`), which only
 * serve live re-fits and would multiply the file's size. A replayed log shows the runs' own fits.
 */
export function loggedForm(e: FromTrainer): FromTrainer {
  if (e.kind !== FromTrainerKind.esd || (e.eigenvalues === undefined && e.tails === undefined)) return e;
  const { eigenvalues: _eigenvalues, tails: _tails, ...rest } = e;
  return rest;
}

/** The log as pretty-enough JSON text. Typed arrays become arrays; JSON itself writes NaN as null. */
export function serialiseRunLog(log: RunLog): string {
  return JSON.stringify(log, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v));
}

export type ImportResult = { ok: true; log: RunLog; notices: Notice[] } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A JSON number, or null for what was NaN/Inf. */
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const isNumOrNull = (v: unknown) => typeof v === 'number' || v === null;

class LogError extends Error {}
function need(cond: boolean, what: string): asserts cond {
  if (!cond) throw new LogError(what);
}

const KINDS = new Set<string>(Object.values(FromTrainerKind));
const METRIC_KEYS = ['n_eigs', 'alpha', 'xmin', 'D', 'num_pl_spikes', 'lambda_max', 'log_spectral_norm', 'norm', 'log_norm', 'stable_rank', 'alpha_weighted', 'ms'];

function fixEval(v: unknown, where: string): void {
  need(isObj(v) && isNumOrNull(v.metric) && isNumOrNull(v.loss) && typeof v.metricName === 'string', `${where}: not an evaluation result`);
  v.metric = num(v.metric);
  v.loss = num(v.loss);
  if (!isObj(v.extra)) v.extra = {};
}

/** Check one event's shape and restore NaN / typed arrays in place. */
function fixEvent(e: unknown, where: string): FromTrainer {
  need(isObj(e) && typeof e.kind === 'string' && KINDS.has(e.kind), `${where}: unknown event kind`);
  need(typeof e.runId === 'number', `${where}: no runId`);
  switch (e.kind) {
    case FromTrainerKind.progress:
      need(typeof e.phase === 'string' && typeof e.done === 'number' && typeof e.total === 'number', `${where}: bad progress event`);
      break;
    case FromTrainerKind.ready:
      need(Array.isArray(e.params) && isObj(e.backend) && typeof e.totalSteps === 'number', `${where}: bad ready event`);
      break;
    case FromTrainerKind.steps:
      need(Array.isArray(e.points), `${where}: steps without points`);
      for (const p of e.points as unknown[]) {
        need(isObj(p) && typeof p.step === 'number' && isNumOrNull(p.loss) && isNumOrNull(p.lr), `${where}: bad step point`);
        p.loss = num(p.loss);
        p.lr = num(p.lr);
      }
      break;
    case FromTrainerKind.esd:
      need(typeof e.step === 'number' && Array.isArray(e.layers) && Array.isArray(e.charts) && Array.isArray(e.units) && isObj(e.ratios), `${where}: bad esd event`);
      for (const m of e.layers as unknown[]) {
        need(isObj(m) && typeof m.name === 'string' && Array.isArray(m.shape), `${where}: bad layer metrics`);
        for (const k of METRIC_KEYS) m[k] = num(m[k]);
      }
      for (const u of e.units as unknown[]) {
        need(isObj(u) && typeof u.key === 'string' && Array.isArray(u.layers), `${where}: bad unit`);
        u.alpha = num(u.alpha);
        u.ratio = num(u.ratio);
      }
      for (const c of e.charts as unknown[]) need(c === null || (isObj(c) && Array.isArray(c.bins) && Array.isArray(c.fitLine)), `${where}: bad ESD chart`);
      for (const k of Object.keys(e.ratios as Obj)) (e.ratios as Obj)[k] = num((e.ratios as Obj)[k]);
      e.globalLr = num(e.globalLr);
      // α per estimator (optional): JSON wrote NaN as null.
      if (e.alphas !== undefined) {
        need(Array.isArray(e.alphas), `${where}: bad per-estimator alphas`);
        for (const x of e.alphas as unknown[]) {
          need(x === null || isObj(x), `${where}: bad per-estimator alphas`);
          if (x) for (const k of Object.keys(x)) x[k] = num(x[k]);
        }
      }
      // Not part of a log (loggedForm); a hand-made file must not smuggle plain arrays in as ESDs.
      delete e.eigenvalues;
      delete e.evals; // the field's name before it was `eigenvalues`
      delete e.tails;
      break;
    case FromTrainerKind.eval:
      fixEval(e.result, where);
      break;
    case FromTrainerKind.prediction: {
      const s = e.sample;
      need(isObj(s) && Array.isArray(s.x) && Array.isArray(s.truth) && Array.isArray(s.pred) && Array.isArray(s.initial), `${where}: bad prediction`);
      s.x = Float64Array.from(s.x as unknown[], num);
      s.truth = Float32Array.from(s.truth as unknown[], num);
      s.pred = Float32Array.from(s.pred as unknown[], num);
      s.initial = Float32Array.from(s.initial as unknown[], num);
      break;
    }
    case FromTrainerKind.done:
      fixEval(e.val, where);
      fixEval(e.test, where);
      break;
    case FromTrainerKind.error:
      need(typeof e.message === 'string', `${where}: bad error event`);
      delete e.lastState;
      break;
  }
  return e as unknown as FromTrainer;
}

/** Settings from the file, each validated against the schema like a link; unknown ones are noticed. */
function readConfig(raw: unknown, notices: Notice[]): ExperimentConfig {
  need(isObj(raw), 'the file has no settings ("config")');
  const cfg = defaultConfig() as Record<string, unknown>;
  for (const [k, v] of Object.entries(raw)) {
    if (!(KEYS as string[]).includes(k)) {
      notices.push({ key: k, action: 'ignored', message: `Unknown setting "${k}" in the file was ignored.` });
      continue;
    }
    const key = k as (typeof KEYS)[number];
    const text = Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    const parsed = parseValue(key, SCHEMA[key], text);
    if (parsed.notice) notices.push(parsed.notice);
    if (parsed.ok) cfg[key] = parsed.value;
  }
  return cfg as ExperimentConfig;
}

/** Parse and validate a run-log file. Never throws. */
export function parseRunLog(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `This is not a JSON file (${errorMessage(e)}).` };
  }
  try {
    need(isObj(data) && data.format === RUN_LOG_FORMAT, 'This JSON file is not a Model Balancing Lab run log.');
    need(data.version === RUN_LOG_VERSION, `Run log version ${String(data.version)} is not supported (this lab reads version ${RUN_LOG_VERSION}).`);
    const notices: Notice[] = [];
    const config = readConfig(data.config, notices);
    need(isObj(data.runs), 'the file has no runs');
    const runs: RunLog['runs'] = {};
    let events = 0;
    for (const label of RUN_LABELS) {
      const list = (data.runs as Obj)[label];
      if (list === undefined) continue;
      need(Array.isArray(list), `runs.${label} is not a list of events`);
      runs[label] = list.map((e, i) => fixEvent(e, `runs.${label}[${i}]`));
      events += list.length;
    }
    need(events > 0, 'the file holds no events');
    const preset = typeof data.preset === 'string' ? data.preset : null;
    return { ok: true, log: { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, savedAt: String(data.savedAt ?? ''), preset, config, runs }, notices };
  } catch (e) {
    if (e instanceof LogError) return { ok: false, error: e.message.endsWith('.') ? e.message : `Not a valid run log: ${e.message}.` };
    throw e;
  }
}

/** The Lab state a run log redraws: the same reducer, fed the saved events. */
export function replayRunLog(log: RunLog, name: string): LabState {
  const start = RUN_LABELS.filter((l) => (log.runs[l]?.length ?? 0) > 0).map((label) => ({ label, runId: log.runs[label]![0].runId, name: runName(label, log.config) }));
  let state = labReducer(initialLabState, { type: 'start', runs: start });
  for (const label of RUN_LABELS) {
    for (const event of log.runs[label] ?? []) state = labReducer(state, { type: 'event', runLabel: label, event });
  }
  return labReducer(state, { type: 'imported', name });
}
