/**
 * The α-per-layer panel of the Lab: bars of each run's α at the first and the latest re-estimate, a
 * "random matrix of this shape" tick per layer, and a switch between Hill and FARMS α. The switch is a
 * display choice: its default is the run's `estimator`, and the run keeps scheduling with that. FARMS
 * needs the weights (it windows the matrix), so the α under both estimators comes from the ESD worker
 * with every re-estimate (EsdEvent `alphas`); the tick is re-fitted with the shown estimator in the
 * reference worker. Nothing of it runs on the main thread.
 */
import { useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../experiment/schema';
import { fitOptionsOf } from '../../experiment/assign';
import type { Estimator } from '../../math/types';
import { AlphaBarsChart } from '../charts/AlphaBarsChart';
import { ChartPanel } from '../charts/ChartPanel';
import { shapeKey, useAlphaRandom } from '../hooks/useAlphaRandom';
import { HELP } from './chartHelp';
import { ESTIMATOR_NAMES, EstimatorPicker } from './EstimatorPicker';
import type { RunLabel, RunView } from './labState';
import { alphaBarRows, alphasUnder } from './series';

export interface AlphaBarsPanelProps {
  baseline: RunView | undefined;
  tempbalance: RunView | undefined;
  labels: RunLabel[];
  config: ExperimentConfig;
  waiting: string;
}

export function AlphaBarsPanel({ baseline: b, tempbalance: t, labels, config, waiting }: AlphaBarsPanelProps) {
  const own = config.estimator;
  // null: follow the run's estimator (also when the setting changes); a pick sticks until the next pick.
  const [picked, setPicked] = useState<Estimator | null>(null);
  const estimator = picked ?? own;
  const [bInit, tInit, bNow, tNow] = [b?.initialLayers, t?.initialLayers, b?.layers, t?.layers];
  const [bInitE, tInitE, bNowE, tNowE] = [b?.initialEstimates, t?.initialEstimates, b?.estimates, t?.estimates];
  const bars = useMemo(
    () =>
      alphaBarRows(
        { baseline: alphasUnder(bInit, bInitE, estimator, own), tempbalance: alphasUnder(tInit, tInitE, estimator, own) },
        { baseline: alphasUnder(bNow, bNowE, estimator, own), tempbalance: alphasUnder(tNow, tNowE, estimator, own) },
      ),
    [bInit, tInit, bNow, tNow, bInitE, tInitE, bNowE, tNowE, estimator, own],
  );
  // α of a random matrix of each layer's shape, fitted as the bars are: the "still random" ticks.
  const fit = useMemo(() => ({ ...fitOptionsOf(config), estimator }), [config, estimator]);
  const current = bNow ?? tNow;
  const refs = useAlphaRandom(useMemo(() => (current ?? []).map((l) => l.shape), [current]), fit);
  const random = useMemo(() => {
    const shapes = new Map((current ?? []).map((l) => [l.name, l.shape]));
    return bars.map((r) => {
      const shape = shapes.get(r.name);
      return (shape && refs.get(shapeKey(shape))) ?? null;
    });
  }, [bars, current, refs]);
  const missing = bars.length > 0 && bars.every((r) => labels.every((l) => r[l] === null));

  return (
    <ChartPanel
      id="alpha-bars" slot={0}
      title="α per layer: initial vs now"
      help={HELP.alphaBars}
      empty={bars.length === 0 ? waiting : missing ? `No ${ESTIMATOR_NAMES[estimator]} α in this run (a run log saved before the Lab fitted both estimators): pick ${ESTIMATOR_NAMES[own]}.` : null}
      className="chart-panel--tall"
      tools={<EstimatorPicker value={estimator} own={own} onChange={setPicked} id="alpha-bars" />}
    >
      <AlphaBarsChart rows={bars} runs={labels} random={random} estimator={estimator} />
    </ChartPanel>
  );
}
