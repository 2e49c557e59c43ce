/**
 * The Lab's chart grid. Each panel derives its rows with `useMemo` from the parts of the state it
 * draws (arrays keep their identity until new events touch them), so an event re-renders only the
 * charts whose data changed. All math lives in series.ts.
 */
import { useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../experiment/schema';
import { AlphaBarsPanel } from './AlphaBarsPanel';
import { ChartPanel } from '../charts/ChartPanel';
import { MappingChart } from '../charts/MappingChart';
import { PredictionChart } from '../charts/PredictionChart';
import { FieldView } from '../charts/FieldView';
import { channelEvalRows } from './channelSeries';
import { RUN_COLOURS, RUN_NAMES, seriesColour } from '../charts/palette';
import { StepLinesChart, type LineSeries } from '../charts/StepLinesChart';
import { HELP } from './chartHelp';
import type { FitEigenvalues } from '../../workers/trainClient';
import { LabEsdPanel } from './LabEsdPanel';
import { RunPicker } from './RunPicker';
import { presentRuns, RUN_LABELS, type LabState, type RunLabel, type RunView } from './labState';
import { assignConfigOf, fitOptionsOf } from '../../experiment/assign';
import type { LayerMetrics } from '../../math/types';
import { shapeKey, useAlphaRandom } from '../hooks/useAlphaRandom';
import { alphaTimeRows, evalRows, lossRows, lrRows, mappingCurve, predictionRows, spreadRows, type AlphaAdjust } from './series';

const WAITING = 'Waiting for the first ESD re-estimate…';

function AlphaTimePanel({ runs }: { runs: RunView[] }) {
  const [label, setLabel] = useState<RunLabel>(runs.at(-1)!.label);
  const run = runs.find((r) => r.label === label) ?? runs.at(-1)!;
  const { layers, snapshots } = run;
  const { names, rows } = useMemo(() => alphaTimeRows(layers, snapshots), [layers, snapshots]);
  const series: LineSeries[] = useMemo(() => names.map((n, k) => ({ key: n, name: n, colour: seriesColour(k), dots: true })), [names]);
  return (
    <ChartPanel id="alpha-time" slot={4} title="α over time, per layer" help={HELP.alphaTime} empty={rows.length === 0 ? WAITING : null} tools={<RunPicker runs={runs} value={run.label} onChange={setLabel} id="alpha-time" />}>
      <StepLinesChart rows={rows} series={series} yLabel="α" testId="alpha-time-lines" legend={names.length <= 8} />
    </ChartPanel>
  );
}

function LrPanel({ runs }: { runs: RunView[] }) {
  const [label, setLabel] = useState<RunLabel>(runs.at(-1)!.label);
  const run = runs.find((r) => r.label === label) ?? runs.at(-1)!;
  const { losses, snapshots } = run;
  const { keys, rows } = useMemo(() => lrRows({ losses, snapshots }), [losses, snapshots]);
  const series: LineSeries[] = useMemo(
    () => [{ key: 'η_t', name: 'η_t (global)', colour: '#111827', dashed: true }, ...keys.map((k, i) => ({ key: k, name: k, colour: seriesColour(i) }))],
    [keys],
  );
  return (
    <ChartPanel id="lr" slot={5} title="Learning rate per unit" help={HELP.lr} empty={rows.length === 0 ? 'Waiting for the first steps…' : null} tools={<RunPicker runs={runs} value={run.label} onChange={setLabel} id="lr" />}>
      <StepLinesChart rows={rows} series={series} yLabel="learning rate" testId="lr-lines" legend={keys.length <= 8} />
    </ChartPanel>
  );
}

/**
 * α − α_random(shape) per layer, as the scheduler sees it with alphaRef = random (src/math/reference.ts).
 * `refs` come from the reference worker (useAlphaRandom); a layer whose reference has not arrived is NaN.
 */
function shapeCorrection(layers: readonly LayerMetrics[], refs: ReadonlyMap<string, number>): AlphaAdjust {
  const shapes = new Map(layers.map((l) => [l.name, l.shape]));
  return (name, alpha) => {
    const shape = shapes.get(name);
    const ref = shape ? refs.get(shapeKey(shape)) : undefined;
    return ref === undefined ? NaN : alpha - ref;
  };
}

function MappingPanel({ run, config }: { run: RunView | undefined; config: ExperimentConfig }) {
  const units = run?.snapshots.at(-1)?.units;
  const cfg = useMemo(() => assignConfigOf(config), [config]);
  const { curve, points } = useMemo(() => mappingCurve(units ?? [], cfg), [units, cfg]);
  return (
    <ChartPanel id="mapping" slot={6} title={`${config.alphaRef === 'random' ? 'shape-corrected α' : 'α'} → learning rate (${config.assign})`} help={HELP.mapping} empty={curve.length === 0 ? 'Needs two or more scheduled units with a finite α.' : null}>
      <MappingChart curve={curve} points={points} assign={config.assign} />
    </ChartPanel>
  );
}

/** The Lab's charts of the runs in `state`; `fitEigenvalues` re-fits the ESD chart in the lab's ESD worker. */
export function LabCharts({ state, config, fitEigenvalues }: { state: LabState; config: ExperimentConfig; fitEigenvalues: FitEigenvalues }) {
  const runs = presentRuns(state);
  const { baseline, tempbalance } = state.runs;
  const labelKey = runs.map((r) => r.label).join(',');
  // One array per set of runs: the memoised charts that take it skip renders it did not cause.
  const labels = useMemo(() => (labelKey ? (labelKey.split(',') as RunLabel[]) : []), [labelKey]);
  const nameKey = runs.map((r) => r.name).join('\n');
  // Stable series lists, so the memoised charts skip renders their data did not cause.
  const [lines, dotted] = useMemo(() => {
    const ls = labelKey.split(',') as RunLabel[];
    const names = nameKey.split('\n');
    const make = (dots: boolean): LineSeries[] => ls.map((l, i) => ({ key: l, name: names[i] ?? RUN_NAMES[l], colour: RUN_COLOURS[l], dots }));
    return [make(false), make(true)];
  }, [labelKey, nameKey]);

  // Each series depends on one array per run; those keep their identity until new events touch them.
  const [b, t] = [baseline, tempbalance];
  const [bNow, tNow] = [b?.layers, t?.layers];
  const [bSnap, tSnap, bLoss, tLoss, bEval, tEval, bPred, tPred] = [b?.snapshots, t?.snapshots, b?.losses, t?.losses, b?.evaluations, t?.evaluations, b?.prediction, t?.prediction];
  // α of a random matrix of each layer's shape, fitted as the run fits (estimator included): the shape correction.
  const fit = useMemo(() => fitOptionsOf(config), [config]);
  const current = bNow ?? tNow;
  const refs = useAlphaRandom(useMemo(() => (current ?? []).map((l) => l.shape), [current]), fit);
  const corrected = config.alphaRef === 'random';
  const adjust = useMemo(() => (corrected ? shapeCorrection(current ?? [], refs) : undefined), [corrected, current, refs]);
  const spread = useMemo(() => spreadRows({ baseline: bSnap, tempbalance: tSnap }, adjust), [bSnap, tSnap, adjust]);
  const loss = useMemo(() => lossRows({ baseline: bLoss, tempbalance: tLoss }), [bLoss, tLoss]);
  const metricRows = useMemo(() => evalRows({ baseline: bEval, tempbalance: tEval }), [bEval, tEval]);
  const pred = useMemo(() => predictionRows({ baseline: bPred, tempbalance: tPred }), [bPred, tPred]);
  const channelEvals = useMemo(() => channelEvalRows({ baseline: bEval, tempbalance: tEval }), [bEval, tEval]);
  const channelLines: LineSeries[] = useMemo(
    () => channelEvals.series.map((s) => ({ key: s.key, name: `${RUN_NAMES[s.label]} ${s.channel}`, colour: seriesColour(s.index), dashed: s.label === 'baseline', dots: true })),
    [channelEvals.series],
  );
  const fieldSamples = useMemo(
    () => RUN_LABELS.flatMap((label) => {
      const p = label === 'baseline' ? bPred : tPred;
      return p?.sample.side ? [{ label, sample: p.sample }] : [];
    }),
    [bPred, tPred],
  );
  const fieldStep = tPred?.step ?? bPred?.step ?? null;

  if (runs.length === 0) return null;
  const metricName = metricRows.metricName ?? 'metric';
  const isPde = config.task !== 'sentiment';

  return (
    <div className="lab-charts">
      <AlphaBarsPanel baseline={baseline} tempbalance={tempbalance} labels={labels} config={config} waiting={WAITING} />
      <LabEsdPanel runs={runs} config={config} waiting={WAITING} fitEigenvalues={fitEigenvalues} />
      <ChartPanel id="loss" slot={0} title="Training loss" help={HELP.loss} empty={loss.length === 0 ? 'Waiting for the first steps…' : null}>
        <StepLinesChart rows={loss} series={lines} yLabel="loss" testId="loss-lines" />
      </ChartPanel>
      <ChartPanel id="metric" slot={2} title={`Validation ${metricName}`} help={HELP.metric} empty={metricRows.rows.length === 0 ? 'Waiting for the first evaluation…' : null}>
        <StepLinesChart rows={metricRows.rows} series={dotted} yLabel={metricName} yDomain={metricName === 'accuracy' ? [0, 1] : undefined} testId="metric-lines" />
      </ChartPanel>
      <ChartPanel id="spread" slot={3} title={`Spread of ${corrected ? 'shape-corrected α' : 'α'} across layers (std)`} help={HELP.spread} empty={spread.length === 0 ? WAITING : null}>
        <StepLinesChart rows={spread} series={dotted} yLabel="std of α" testId="spread-lines" />
      </ChartPanel>
      <AlphaTimePanel runs={runs} />
      <LrPanel runs={runs} />
      <MappingPanel run={tempbalance ?? baseline} config={config} />
      {channelLines.length > 0 && (
        <ChartPanel id="channels" slot={2} title="Validation nRMSE per channel" help={HELP.channels} empty={channelEvals.rows.length === 0 ? 'Waiting for the first evaluation…' : null}>
          <StepLinesChart rows={channelEvals.rows} series={channelLines} yLabel="nRMSE" testId="channel-lines" />
        </ChartPanel>
      )}
      {isPde && fieldSamples.length > 0 && (
        <ChartPanel id="fields" slot={7} title={`Fields: input, truth, prediction, error${fieldStep !== null ? ` (step ${fieldStep})` : ''}`} help={HELP.fields} className="chart-panel--wide">
          <FieldView samples={fieldSamples} />
        </ChartPanel>
      )}
      {isPde && fieldSamples.length === 0 && (
        <ChartPanel
          id="prediction" slot={7}
          title={`Prediction vs truth${pred.step !== null ? ` (step ${pred.step}, frame ${pred.frame})` : ''}`}
          help={HELP.prediction}
          empty={pred.rows.length === 0 ? 'Waiting for the first evaluation…' : null}
        >
          <PredictionChart rows={pred.rows} runs={labels.filter((l) => state.runs[l]?.prediction)} />
        </ChartPanel>
      )}
    </div>
  );
}
