/**
 * State of the weights analyser as a pure reducer over worker messages (tested without React).
 *
 * The table always shows one complete-or-streaming run. A new run does not clear it: its rows
 * replace the old ones only when its first layer arrives, so a malformed file (which fails before
 * any layer) leaves the previous results on screen next to the error.
 */
import type { EsdChartData, LayerMetrics } from '../../math/types';
import type { DoneMessage, ErrorMessage, LayerMessage, RefitResultMessage, TailInfo } from '../../workers/protocol';

/** One row of the layer table. */
export interface LayerRow {
  /** Position in the file (0-based); also the worker's layer id for refits. */
  index: number;
  metrics: LayerMetrics;
  chart: EsdChartData | null;
  tail: TailInfo | null;
  /** True once the user moved xmin away from the fit the options chose. */
  refitted: boolean;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'failed';

export interface AnalysisState {
  /** Rows on screen and the file they came from. */
  rows: LayerRow[];
  source: string | null;
  /** Run id the rows came from (0 before any). */
  sourceRunId: number;
  /** The run in flight or last finished. */
  runId: number;
  runFile: string | null;
  status: RunStatus;
  /** Layers received by the current run, and its total when known. */
  received: number;
  total: number | null;
  ms: number | null;
  /** Fatal error of the last run (file unreadable), shown prominently. */
  error: string | null;
  /** Non-fatal errors of single layers of the current run. */
  layerErrors: string[];
  /** File index of the selected layer, or null. */
  selected: number | null;
}

export type AnalysisAction =
  | { type: 'start'; runId: number; fileName: string }
  | { type: 'message'; msg: LayerMessage | DoneMessage | ErrorMessage }
  /** `moved`: the user chose this xmin (false when resetting to the options' own fit). */
  | { type: 'refit'; msg: RefitResultMessage; moved: boolean }
  | { type: 'local-error'; message: string }
  | { type: 'select'; index: number };

export const initialAnalysisState: AnalysisState = {
  rows: [],
  source: null,
  sourceRunId: 0,
  runId: 0,
  runFile: null,
  status: 'idle',
  received: 0,
  total: null,
  ms: null,
  error: null,
  layerErrors: [],
  selected: null,
};

/** The first row that has a chart: what the chart shows before the user picks a layer. */
function firstCharted(rows: LayerRow[]): number | null {
  return rows.find((r) => r.chart !== null)?.index ?? null;
}

function onLayer(s: AnalysisState, msg: LayerMessage): AnalysisState {
  const row: LayerRow = { index: msg.index, metrics: msg.metrics, chart: msg.chart, tail: msg.tail, refitted: false };
  // First layer of a new run: now (and only now) the old table gives way.
  const fresh = s.received === 0;
  const rows = fresh ? [row] : [...s.rows, row];
  const selected = fresh || s.selected === null ? firstCharted(rows) : s.selected;
  return { ...s, rows, source: s.runFile, sourceRunId: s.runId, received: s.received + 1, total: msg.total ?? s.total, selected };
}

/** Pure state transition. Messages of other runs are ignored (the client drops them already; belt and braces). */
export function analysisReducer(s: AnalysisState, a: AnalysisAction): AnalysisState {
  switch (a.type) {
    case 'start':
      return { ...s, runId: a.runId, runFile: a.fileName, status: 'running', received: 0, total: null, ms: null, error: null, layerErrors: [] };
    case 'select':
      return s.rows.some((r) => r.index === a.index) ? { ...s, selected: a.index } : s;
    case 'local-error':
      return { ...s, status: 'failed', error: a.message };
    case 'refit': {
      const m = a.msg;
      if (m.runId !== s.runId) return s;
      const rows = s.rows.map((r) => (r.index === m.layer ? { ...r, metrics: m.metrics, chart: m.chart, tail: m.tail, refitted: a.moved } : r));
      return { ...s, rows };
    }
    case 'message': {
      const msg = a.msg;
      if (msg.runId !== s.runId) return s;
      switch (msg.kind) {
        case 'layer':
          return onLayer(s, msg);
        case 'done':
          // A file with no tensors at all: say so rather than show an empty table silently.
          if (msg.layers === 0) return { ...s, status: 'failed', error: `${s.runFile ?? 'file'}: no weight tensors found` };
          return { ...s, status: 'done', ms: msg.ms, total: msg.layers };
        case 'error':
          if (msg.layer !== undefined) return { ...s, layerErrors: [...s.layerErrors, msg.message] };
          return { ...s, status: 'failed', error: msg.message };
      }
    }
  }
}
