/**
 * The weights analyser ("WeightWatcher in the browser"): pick a file or the sample model, watch
 * layers stream in from the ESD worker, inspect and re-fit one layer's spectrum, export a CSV.
 */
import { errorMessage } from '../../io/errors';
import { useCallback, useRef, useState } from 'react';
import { DEFAULT_FIT_OPTIONS } from '../../math/types';
import type { AnalyzeOptions } from '../../workers/protocol';
import { useEsdAnalysis } from '../hooks/useEsdAnalysis';
import { EsdPanel } from './EsdPanel';
import { FilePicker } from './FilePicker';
import { FitOptionsForm } from './FitOptionsForm';
import { HelpText } from './HelpText';
import { LayerTable } from './LayerTable';
import { StatusBar } from './StatusBar';
import { formatReport } from '../../io/report';
import { download } from '../download';

/** Default analysis options: the papers' fit and the NLP threshold; conv kernels scaled by √0.5. */
export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = { ...DEFAULT_FIT_OPTIONS, convNorm: 0.5 };

/** The sample model shipped in public/ (served next to index.html whatever the base path). */
const SAMPLE_NAME = 'sample.safetensors';

/** Download name of the CSV export: `model.safetensors` → `model.esd.csv`. */
function csvFileName(source: string | null): string {
  return `${(source ?? 'layers').replace(/\.(safetensors|npy)$/i, '')}.esd.csv`;
}


export function AnalyzerView() {
  const { state, analyze, refit, select, fail } = useEsdAnalysis();
  const [options, setOptions] = useState<AnalyzeOptions>(DEFAULT_ANALYZE_OPTIONS);
  const [loadingSample, setLoadingSample] = useState(false);
  // Files by run id, so an option change re-analyses the file whose rows are on screen (not a
  // malformed one that failed after it). Only the latest few runs are kept.
  const files = useRef(new Map<number, { name: string; blob: Blob }>());

  const run = useCallback(
    (name: string, blob: Blob, opts: AnalyzeOptions) => {
      const runId = analyze(name, blob, opts);
      const map = files.current;
      map.set(runId, { name, blob });
      for (const id of map.keys()) if (map.size > 4) map.delete(id);
    },
    [analyze],
  );

  const onSample = useCallback(async () => {
    setLoadingSample(true);
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}${SAMPLE_NAME}`);
      if (!res.ok) throw new Error(`could not load the sample model (HTTP ${res.status})`);
      run(SAMPLE_NAME, await res.blob(), options);
    } catch (e) {
      fail(`${SAMPLE_NAME}: ${errorMessage(e)}`);
    } finally {
      setLoadingSample(false);
    }
  }, [fail, options, run]);

  const onOptions = (next: AnalyzeOptions) => {
    setOptions(next);
    const shown = files.current.get(state.sourceRunId);
    if (shown) run(shown.name, shown.blob, next);
  };

  const selectedRow = state.rows.find((r) => r.index === state.selected) ?? null;

  return (
    <div className="analyzer">
      <section className="panel controls" aria-label="Input and fit options">
        <FilePicker onFile={(f) => run(f.name, f, options)} onSample={() => void onSample()} busy={loadingSample} />
        <FitOptionsForm options={options} onChange={onOptions} />
      </section>

      <StatusBar state={state} />

      <div className="analyzer__main">
        <section className="panel table-panel" aria-label="Layer metrics">
          <div className="table-panel__head">
            <h2>
              Layers{state.source && <span className="muted"> — {state.source}</span>}
            </h2>
            <button
              type="button"
              className="button"
              disabled={state.rows.length === 0}
              data-testid="export-csv"
              onClick={() => download(csvFileName(state.source), formatReport(state.rows.map((r) => r.metrics), 'csv'), 'text/csv')}
            >
              Export CSV
            </button>
          </div>
          {state.rows.length > 0 ? (
            <LayerTable rows={state.rows} selected={state.selected} onSelect={select} />
          ) : (
            <p className="muted empty">No layers yet. Load the sample model or drop a weights file.</p>
          )}
          <p className="legend" aria-label="Colour legend">
            <span className="alpha--heavy">● α &lt; 2 heavy-tailed</span>
            <span className="alpha--good">● 2–6 well trained</span>
            <span className="alpha--random">● α &gt; 6 under-trained</span>
            <span className="layer-row--dim">grey: n_eigs &lt; eigs_thresh</span>
          </p>
        </section>
        <div className="side">
          <EsdPanel key={`${state.sourceRunId}:${state.selected}`} row={selectedRow} method={options.fit} onRefit={refit} />
          <HelpText />
        </div>
      </div>
    </div>
  );
}
