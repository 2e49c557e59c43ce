/**
 * Sweep mode: choose a preset, data ratios, seeds and steps; run the grid × {baseline, TempBalance}
 * on the training workers; watch progress and time left; read the paper-style charts and the table;
 * export CSV / JSON. The sweep and its results live in IndexedDB, so a reload keeps them and Resume
 * runs only the unfinished jobs.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { PRESETS, findPreset } from '../../experiment/presets';
import { aggregate, aggregateCsv, parseNumberList, reportJson, resultsCsv, sweepReport, timeLeftMs, type SweepSpec } from '../../experiment/sweep';
import { SweepCharts } from './SweepCharts';
import { SweepHelp } from './SweepHelp';
import { RunsTable, SweepTable } from './SweepTable';
import { useSweep, type SweepState } from './useSweep';
import './sweep.css';
import { download } from '../download';

const LAB_PRESETS = PRESETS.filter((p) => p.view === 'lab');

interface FormValues {
  preset: string;
  ratios: string;
  seeds: string;
  steps: string;
}

const DEFAULT_FORM: FormValues = { preset: LAB_PRESETS[0]?.id ?? '', ratios: '0.02, 0.05, 0.1, 0.5', seeds: '1, 2, 3', steps: '' };

function formOf(spec: SweepSpec): FormValues {
  return { preset: spec.preset, ratios: spec.ratios.join(', '), seeds: spec.seeds.join(', '), steps: spec.steps === undefined ? '' : String(spec.steps) };
}

/** The form as a spec, or the first problem with it. */
function specOf(f: FormValues): { spec?: SweepSpec; error?: string } {
  const ratios = parseNumberList(f.ratios, 'Ratios');
  if (ratios.error) return { error: ratios.error };
  if (ratios.values.some((r) => r <= 0 || r > 1)) return { error: 'Ratios: each must be in (0, 1]' };
  const seeds = parseNumberList(f.seeds, 'Seeds', { integer: true });
  if (seeds.error) return { error: seeds.error };
  const steps = f.steps.trim() === '' ? undefined : Number(f.steps);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) return { error: 'Steps: a whole number ≥ 1, or empty for the preset’s' };
  return { spec: { preset: f.preset, ratios: ratios.values, seeds: seeds.values, ...(steps !== undefined ? { steps } : {}) } };
}


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
  const { state, start, resume, cancel, clear } = useSweep();
  const [form, setForm] = useState<FormValues>(DEFAULT_FORM);
  const [formError, setFormError] = useState<string | null>(null);
  const [prefilled, setPrefilled] = useState(false);
  const agg = useMemo(() => aggregate(state.results), [state.results]);
  const busy = state.phase !== 'idle';
  const pending = state.jobs.length - state.results.length;

  // Show the reopened sweep's grid in the form, once.
  useEffect(() => {
    if (prefilled || !state.sweep) return;
    setForm(formOf(state.sweep.spec));
    setPrefilled(true);
  }, [prefilled, state.sweep]);

  const preset = findPreset(form.preset);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const { spec, error } = specOf(form);
    setFormError(error ?? null);
    if (spec) void start(spec);
  };
  const set = (k: keyof FormValues) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const base = state.sweep ? `sweep-${state.sweep.spec.preset}` : 'sweep';

  return (
    <div className="sweep">
      <form className="panel controls sweep-form" onSubmit={onSubmit} aria-label="Sweep grid">
        <div className="field">
          <label htmlFor="sweep-preset">Preset</label>
          <select id="sweep-preset" value={form.preset} onChange={set('preset')} disabled={busy}>
            {LAB_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sweep-ratios">Data ratios</label>
          <input id="sweep-ratios" className="sweep-form__list" value={form.ratios} onChange={set('ratios')} disabled={busy} />
        </div>
        <div className="field">
          <label htmlFor="sweep-seeds">Seeds</label>
          <input id="sweep-seeds" className="sweep-form__list" value={form.seeds} onChange={set('seeds')} disabled={busy} />
        </div>
        <div className="field">
          <label htmlFor="sweep-steps">Steps per run</label>
          <input id="sweep-steps" type="number" min={1} placeholder={String(preset?.overrides.steps ?? '')} value={form.steps} onChange={set('steps')} disabled={busy} />
        </div>
        <div className="sweep-form__buttons">
          <button type="submit" className="button button--primary" disabled={busy}>
            Start
          </button>
          <button type="button" className="button" onClick={cancel} disabled={state.phase !== 'running'}>
            Cancel
          </button>
          <button type="button" className="button" onClick={() => void resume()} disabled={busy || !state.sweep || pending === 0}>
            Resume
          </button>
          <button type="button" className="button" onClick={() => void clear()} disabled={busy || !state.sweep}>
            Clear
          </button>
        </div>
        <p className="muted sweep-form__summary">
          {preset?.summary} Each ratio × seed runs twice (baseline and TempBalance).
        </p>
      </form>

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
