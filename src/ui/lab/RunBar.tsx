/**
 * Run / Pause / Step / Reset, and for every run: what it is doing (a progress bar with time left
 * for data generation, shader warm-up, training and evaluation), the backend and adapter in use,
 * and any error or notice. Pure rendering of the Lab state.
 */
import { anyRunning, fractionDone, presentRuns, timeLeftMs, type LabState, type RunView } from './labState';

export interface RunBarProps {
  state: LabState;
  onRun(): void;
  onPause(): void;
  onStep(): void;
  onReset(): void;
  /** Settings changed that need a reset to apply. */
  pendingCount: number;
}

const PHASE_NAMES = { backend: 'Starting backend', data: 'Preparing data', warmup: 'Warming up shaders', train: 'Training', eval: 'Evaluating' } as const;

/** "1 min 05 s", "12 s", "< 1 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 1) return '< 1 s';
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function RunStatus({ run }: { run: RunView }) {
  const frac = fractionDone(run);
  const left = timeLeftMs(run);
  const phase = run.progress ? PHASE_NAMES[run.progress.phase] : run.status === 'done' ? 'Done' : run.status === 'paused' ? 'Paused' : run.status === 'ready' ? 'Ready' : run.status === 'error' ? 'Stopped' : run.status === 'running' ? 'Training' : 'Starting';
  const lastEval = run.evaluations.at(-1)?.result;
  return (
    <div
      className={`run-status run-status--${run.label}`}
      data-testid={`run-status-${run.label}`}
      data-status={run.status}
      data-step={run.step}
      data-loss={String(run.losses.at(-1)?.loss ?? '')}
      data-applied={String(run.snapshots.at(-1)?.applied ?? false)}
      data-ratios={JSON.stringify(run.snapshots.at(-1)?.ratios ?? {})}
    >
      <div className="run-status__line">
        <strong className="run-status__name">{run.name}</strong>
        <span>{phase}</span>
        <progress max={1} value={frac ?? undefined} aria-label={`${run.name} progress`} />
        <span className="run-status__num">
          {run.totalSteps > 0 ? `step ${run.step} / ${run.totalSteps}` : (run.progress?.message ?? '')}
          {left !== null && ` · ${formatDuration(left)} left`}
          {run.msPerStep !== null && run.status === 'running' && ` · ${run.msPerStep.toFixed(0)} ms/step`}
        </span>
        {lastEval && (
          <span className="run-status__num">
            {lastEval.metricName} {lastEval.metric.toFixed(3)}
          </span>
        )}
        {run.final && (
          <span className="run-status__num" data-testid={`final-${run.label}`}>
            test {run.final.test.metricName} <strong>{run.final.test.metric.toFixed(3)}</strong>
          </span>
        )}
      </div>
      <div className="run-status__backend" data-testid={`backend-${run.label}`} data-backend={run.backend?.name ?? ''}>
        {run.backend ? (
          <>
            Backend <code>{run.backend.name}</code> · {run.backend.adapter}
            {run.backend.failed.length > 0 && <span className="muted"> (tried first: {run.backend.failed.map((f) => f.name).join(', ')})</span>}
          </>
        ) : (
          <span className="muted">{run.progress?.message ?? 'Choosing a backend…'}</span>
        )}
      </div>
      {run.error && (
        <p className="error" role="alert" data-testid={`run-error-${run.label}`}>
          {run.error.reason === 'diverged' ? 'The loss diverged (NaN or Inf); lower the learning rate and press Reset. ' : ''}
          {run.error.message}
        </p>
      )}
      {run.notice && (
        <p className="run-notice" role="status">
          {run.notice}
        </p>
      )}
    </div>
  );
}

export function RunBar({ state, onRun, onPause, onStep, onReset, pendingCount }: RunBarProps) {
  const runs = presentRuns(state);
  const running = anyRunning(state);
  const imported = state.source === 'imported';
  const finished = runs.length > 0 && runs.every((r) => r.status === 'done' || r.status === 'error');
  return (
    <section className="panel run-bar" aria-label="Run controls and progress">
      <div className="run-bar__buttons">
        <button type="button" className="button button--primary" onClick={onRun} disabled={running || finished || imported} data-testid="run">
          Run
        </button>
        <button type="button" className="button" onClick={onPause} disabled={!running} data-testid="pause">
          Pause
        </button>
        <button type="button" className="button" onClick={onStep} disabled={running || finished || imported} data-testid="step" title="Take one optimiser step, then pause">
          Step
        </button>
        <button type="button" className="button" onClick={onReset} disabled={runs.length === 0} data-testid="reset">
          Reset{pendingCount > 0 ? ` (apply ${pendingCount} change${pendingCount === 1 ? '' : 's'})` : ''}
        </button>
        {imported && (
          <span className="muted" data-testid="imported-banner">
            Showing a saved run: <code>{state.importedName}</code>. Press Reset to train again.
          </span>
        )}
      </div>
      {runs.length === 0 ? (
        <p className="muted run-bar__idle">Press Run to build the data and model and start training. Everything runs in your browser.</p>
      ) : (
        runs.map((r) => <RunStatus key={r.label} run={r} />)
      )}
    </section>
  );
}
