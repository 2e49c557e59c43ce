/**
 * The Lab's ESD chart: one layer of one run at its latest re-estimate. When the re-estimate came with
 * its eigenvalues (live runs; not replayed logs) the fit is interactive, as in the analyser: drag
 * xmin or pick another fit method and read the resulting α and D. Those fits are local to this chart
 * (the run keeps its own settings and fit); the lab's ESD worker, the one that analyses the runs'
 * snapshots, computes them (`fit-eigenvalues`, trainClient.ts `Lab.fitEigenvalues`), and Reset, a new
 * re-estimate or another layer returns to the run's own fit.
 */
import { memo, useCallback, useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../experiment/schema';
import type { FitMethod } from '../../math/types';
import type { RefitTarget } from '../../workers/protocol';
import type { FitEigenvalues } from '../../workers/trainClient';
import { ChartPanel } from '../charts/ChartPanel';
import { EsdChart } from '../charts/EsdChart';
import { EsdFit } from '../charts/EsdFit';
import { HELP } from './chartHelp';
import { currentLocalFit, fitKey, runFitOptions, type LocalFit } from './esdFit';
import type { RunLabel, RunView } from './labState';
import { RunPicker } from './RunPicker';
import { EstimatorReadout } from './EstimatorPicker';

/** The analyser's chart, memoised: without re-fits it only changes at a re-estimate. */
const MemoEsdChart = memo(EsdChart);
const HEIGHT = 230;
const METHODS: FitMethod[] = ['median', 'goodness-of-fit', 'fix-finger'];

export interface LabEsdPanelProps {
  runs: RunView[];
  /** Settings of the runs shown (their fit options decide which eigenvalues a re-fit sees). */
  config: ExperimentConfig;
  /** Shown while no re-estimate has arrived. */
  waiting: string;
  /** Re-fits in the lab's ESD worker (useLab). */
  fitEigenvalues: FitEigenvalues;
}

export function LabEsdPanel({ runs, config, waiting, fitEigenvalues }: LabEsdPanelProps) {
  const [label, setLabel] = useState<RunLabel>(runs.at(-1)!.label);
  const run = runs.find((r) => r.label === label) ?? runs.at(-1)!;
  const [layer, setLayer] = useState<string | null>(null);
  const [local, setLocal] = useState<LocalFit | null>(null);
  // Bumped when the fit changes for a reason other than the slider, to give the slider back to the fit.
  const [generation, setGeneration] = useState(0);

  const names = run.layers.map((m) => m.name);
  const name = layer !== null && names.includes(layer) ? layer : (names.find((_n, i) => run.charts[i] && Number.isFinite(run.layers[i].alpha)) ?? null);
  const i = name === null ? -1 : names.indexOf(name);
  const step = run.snapshots.at(-1)?.step;
  const key = name === null ? '' : fitKey(run, name, step);
  const shown = currentLocalFit(local, key);
  const { fit: runFit, xminPos, eigsThresh, estimator } = config;
  const options = useMemo(() => runFitOptions({ fit: runFit, xminPos, eigsThresh, estimator }), [runFit, xminPos, eigsThresh, estimator]);

  const own = i >= 0 ? { metrics: run.layers[i], chart: run.charts[i], tail: run.tails[i] ?? null, eigenvalues: run.spectra[i] ?? null } : null;
  const metrics = shown?.fit?.metrics ?? own?.metrics ?? null;
  const chart = shown?.fit?.chart ?? own?.chart ?? null;
  const tail = shown?.fit?.tail ?? own?.tail ?? null;
  const method = shown?.method ?? options.fit;
  const eigenvalues = own?.eigenvalues ?? null;
  const ownMetrics = own?.metrics ?? null;

  /** Ask the ESD worker for a fit of the shown layer; a reply for another layer or re-estimate is dropped. */
  const request = useCallback(
    (target: RefitTarget, nextMethod: FitMethod) => {
      if (!eigenvalues || !ownMetrics) return;
      setLocal((l) => ({ key, method: nextMethod, fit: l?.key === key ? l.fit : null }));
      fitEigenvalues(
        { layer: i, metrics: ownMetrics, eigenvalues, options, target },
        {
          onResult: (msg) => setLocal((l) => (l?.key === key ? { ...l, fit: msg } : l)),
          // A failed fit (e.g. a degenerate tail) keeps the previous fit on screen.
          onError: () => undefined,
        },
      );
    },
    [eigenvalues, ownMetrics, key, i, options, fitEigenvalues],
  );
  const onRefit = useCallback((target: RefitTarget) => request(target, method), [request, method]);
  const onMethod = useCallback(
    (m: FitMethod) => {
      setGeneration((g) => g + 1);
      request({ by: 'method', fit: m }, m);
    },
    [request],
  );
  const onReset = useCallback(() => {
    setLocal(null);
    setGeneration((g) => g + 1);
  }, []);

  // Memoised: the panel re-renders at every batch of training events, the chart only when its fit changes.
  const body = useMemo(() => {
    if (!chart) return null;
    if (!eigenvalues || !tail || !metrics) return <MemoEsdChart data={chart} height={HEIGHT} />;
    return (
      <EsdFit
        key={`${run.label}|${name}`}
        resetKey={`${key}|${generation}`}
        metrics={metrics}
        chart={chart}
        tail={tail}
        onRefit={onRefit}
        height={HEIGHT}
        footer={() => (
          <>
            <p className="reading esd-fit-method">
              <label title="How this chart chooses xmin (the run keeps its own setting)">
                Fit method of this chart
                <select value={method} onChange={(e) => onMethod(e.target.value as FitMethod)} data-testid="esd-fit-method">
                  {METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              {shown && (
                <button type="button" className="button button--link" onClick={onReset} data-testid="esd-fit-reset">
                  Reset to the run’s fit
                </button>
              )}
            </p>
            {shown && (
              <p className="muted reading" data-testid="esd-local-fit">
                This chart only: training keeps the run’s own {options.fit} fit.
              </p>
            )}
          </>
        )}
      />
    );
  }, [chart, eigenvalues, tail, metrics, run.label, name, key, generation, onRefit, onMethod, onReset, shown, method, options.fit]);

  return (
    <ChartPanel
      id="esd" slot={1}
      title={`ESD of one layer${step !== undefined ? ` (step ${step})` : ''}`}
      help={HELP.esd}
      empty={names.length === 0 ? waiting : chart ? null : 'No spectrum for this layer (fit failed or too few eigenvalues).'}
      tools={
        <>
          <RunPicker runs={runs} value={run.label} onChange={setLabel} id="esd" />
          <label className="inline-field">
            <span className="visually-hidden">Layer</span>
            <select value={name ?? ''} onChange={(e) => setLayer(e.target.value)} data-testid="esd-layer" disabled={names.length === 0}>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </>
      }
    >
      {body}
      {i >= 0 && <EstimatorReadout alphas={run.estimates[i] ?? null} own={estimator} />}
    </ChartPanel>
  );
}
