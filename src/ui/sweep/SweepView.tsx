/**
 * Sweep mode: choose a preset, data ratios, seeds and steps (or one of the published sweeps); run the
 * grid × {baseline, TempBalance} on the training workers; watch progress and time left; read the
 * paper-style charts and the table; export CSV / JSON. The sweep and its results live in IndexedDB, so a
 * reload keeps them and Resume runs only the unfinished jobs. The grid is also a link (sweepLink.ts): the
 * form opens pre-filled from one (never auto-started), the address bar follows the form, and a malformed
 * link opens with a notice per value that was not used.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { publishedFor, type PublishedSweep } from '../../experiment/publishedSweeps';
import { aggregate, aggregateCsv, reportJson, resultsCsv, sweepReport, timeLeftMs } from '../../experiment/sweep';
import type { Notice } from '../../experiment/url';
import { LinkNotices } from '../lab/LinkNotices';
import { download } from '../download';
import { PublishedSweeps } from './PublishedSweeps';
import { PublishedResults } from './PublishedResults';
import { SweepCharts } from './SweepCharts';
import { SweepForm } from './SweepForm';
import { SweepHelp } from './SweepHelp';
import { RunsTable, SweepTable } from './SweepTable';
import { DEFAULT_FORM, formOf, specOf, type FormValues } from './sweepForm';
import { useSweep, type SweepState } from './useSweep';
import { readSweepEntry, sweepUrl, useSweepAddressBar } from './useSweepLink';
import './sweep.css';

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function StatusLine({ state }: { state: SweepState }) {
  const { jobs, results, inFlight, phase, sweep, parallel } = state;
  if (phase === 'loading') return <p className="muted">Opening stored sweeps…</p>;
  if (!sweep) return <p className="muted">No sweep yet: choose a grid and press Start.</p>;
  const total = jobs.length;
  const done = results.length;
  const partial = Object.values(inFlight).reduce((a, f) => a + f, 0);
  const fraction = total ? (done + partial) / total : 0;
  const left = timeLeftMs(results.map((r) => r.ms), total - done, parallel);
  let text: string;
  if (phase === 'running') text = `Running: ${done} of ${total} jobs done, ${Object.keys(inFlight).length} in flight (${parallel} at a time)${left !== null ? `, about ${formatDuration(left)} left` : ''}.`;
  else if (phase === 'cancelling') text = 'Cancelling…';
  else if (done === total) text = `Done: all ${total} jobs finished.`;
  else if (sweep.status === 'running') text = `Interrupted (the page was reloaded): ${done} of ${total} jobs done. Resume runs the other ${total - done}.`;
  else text = `${sweep.status === 'cancelled' ? 'Cancelled' : 'Stopped'}: ${done} of ${total} jobs done. Resume runs the other ${total - done}.`;
  return (
    <div className="sweep-status" data-testid="sweep-status" data-done={done} data-total={total} data-phase={phase}>
      <progress max={1} value={fraction} aria-label="Sweep progress" />
      <span>{text}</span>
    </div>
  );
}

export function SweepView() {
  const [entry] = useState(readSweepEntry);
  const [form, setForm] = useState<FormValues>(() => (entry.link.spec ? formOf(entry.link.spec) : DEFAULT_FORM));
  const checked = useMemo(() => specOf(form), [form]);
  const spec = checked.spec ?? null;
  useSweepAddressBar(spec, entry);
  const { state, start, resume, cancel, clear } = useSweep({ open: entry.link.spec });
  const [formError, setFormError] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>(entry.link.notices);
  // A link's grid is already in the form; otherwise the reopened sweep's grid fills it, once it is read.
  const [prefilled, setPrefilled] = useState(entry.link.spec !== null);
  const agg = useMemo(() => aggregate(state.results), [state.results]);
  const busy = state.phase !== 'idle';
  const pending = state.jobs.length - state.results.length;

  // Show the reopened sweep's grid in the form, once (not over a link's grid).
  useEffect(() => {
    if (prefilled || !state.sweep) return;
    setForm(formOf(state.sweep.spec));
    setPrefilled(true);
  }, [prefilled, state.sweep]);

  const onChange = useCallback((key: keyof FormValues, value: string) => setForm((f) => ({ ...f, [key]: value })), []);
  const onPick = useCallback((p: PublishedSweep) => {
    setForm(formOf(p.spec));
    setFormError(null);
    setNotices([]);
    setPrefilled(true);
  }, []);
  const onSubmit = () => {
    setFormError(checked.error ?? null);
    if (spec) void start(spec);
  };
  const base = state.sweep ? `sweep-${state.sweep.spec.preset}` : 'sweep';
  const published = publishedFor(spec);

  return (
    <div className="sweep">
      <LinkNotices notices={notices} title="Some parts of this sweep link were not used as written" onDismiss={() => setNotices([])} />
      <PublishedSweeps active={published?.id ?? null} disabled={busy} onPick={onPick} />
      <SweepForm
        form={form}
        spec={spec}
        link={spec ? sweepUrl(spec) : null}
        busy={busy}
        running={state.phase === 'running'}
        canResume={!!state.sweep && pending > 0}
        canClear={!!state.sweep}
        onChange={onChange}
        onSubmit={onSubmit}
        onCancel={cancel}
        onResume={() => void resume()}
        onClear={() => void clear()}
      />

      {formError && <p className="error" role="alert">{formError}</p>}
      {state.error && <p className="error" role="alert">{state.error}</p>}
      {!state.persistent && <p className="error">Results are not saved across reloads: {state.storeNote}</p>}
      {state.notices.map((n) => (
        <p key={n.message} className="muted">
          Note: {n.message}
        </p>
      ))}
      <StatusLine state={state} />
      {state.failures.map((f) => (
        <p key={f.job.id} className="error">
          Ratio {f.job.ratio}, seed {f.job.seed}, {f.job.schedule} failed: {f.message} (Resume retries it.)
        </p>
      ))}

      <SweepHelp />
      {state.results.length === 0 && published && <PublishedResults published={published} />}
      {state.results.length > 0 && (
        <>
          <SweepCharts agg={agg} />
          <section className="panel sweep-numbers" aria-label="Sweep results">
            <div className="table-panel__head">
              <h2>Results</h2>
              <div className="sweep-exports">
                <button type="button" className="button" onClick={() => download(`${base}.csv`, aggregateCsv(agg), 'text/csv')}>
                  Table CSV
                </button>
                <button type="button" className="button" onClick={() => download(`${base}.runs.csv`, resultsCsv(state.results), 'text/csv')}>
                  Runs CSV
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => state.sweep && download(`${base}.json`, reportJson(sweepReport(state.sweep.spec, state.jobs, state.results)), 'application/json')}
                >
                  JSON
                </button>
              </div>
            </div>
            <SweepTable agg={agg} />
            <details>
              <summary>Every run ({state.results.length})</summary>
              <RunsTable results={state.results} />
            </details>
          </section>
        </>
      )}
    </div>
  );
}
