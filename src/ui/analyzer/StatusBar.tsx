/**
 * Progress of the current run and its errors. Fatal errors (unreadable file) are announced with
 * role="alert"; the table underneath keeps the previous results.
 */
import type { AnalysisState } from './analysisState';

export function StatusBar({ state }: { state: AnalysisState }) {
  const { status, runFile, received, total, ms, error, layerErrors } = state;
  return (
    <div className="status-bar" aria-live="polite" data-testid="status" data-status={status}>
      {status === 'idle' && <span className="muted">Ready. Everything runs in your browser; no file leaves this machine.</span>}
      {status === 'running' && (
        <span className="status-bar__progress">
          <progress max={total ?? undefined} value={total ? received : undefined} aria-label="Layers analysed" />
          Analysing <code>{runFile}</code>: {received}
          {total ? ` / ${total}` : ''} layer{received === 1 ? '' : 's'}…
        </span>
      )}
      {status === 'done' && (
        <span>
          <code>{runFile}</code>: {received} layers analysed in {ms !== null ? `${Math.round(ms)} ms` : '—'} (in a web worker).
        </span>
      )}
      {error && (
        <p className="error" role="alert" data-testid="analysis-error">
          <strong>Could not analyse the file.</strong> {error}
          {state.rows.length > 0 && state.source !== runFile && <span className="muted"> The table still shows {state.source}.</span>}
          {state.rows.length > 0 && state.source === runFile && state.sourceRunId !== state.runId && (
            <span className="muted"> The table still shows the previous results.</span>
          )}
        </p>
      )}
      {layerErrors.length > 0 && (
        <ul className="layer-errors" data-testid="layer-errors">
          {layerErrors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
