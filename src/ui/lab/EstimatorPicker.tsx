/**
 * Which estimator a Lab chart shows α with (Hill: the layer's own ESD; FARMS: fixed-aspect-ratio windows,
 * src/math/farms.ts). A display choice only: the run keeps fitting with its own `estimator` setting.
 */
import { ESTIMATORS, type Estimator, type EstimatorAlphas } from '../../math/types';

/** Short names of the estimators, as the charts label them. */
export const ESTIMATOR_NAMES: Record<Estimator, string> = { hill: 'Hill', farms: 'FARMS' };

export interface EstimatorPickerProps {
  value: Estimator;
  /** The run's own estimator (marked in the list: "used by the run"). */
  own: Estimator;
  onChange(e: Estimator): void;
  id: string;
}

export function EstimatorPicker({ value, own, onChange, id }: EstimatorPickerProps) {
  return (
    <label className="inline-field" title="Fit α with this estimator for this chart only; the run keeps its own setting">
      <span className="visually-hidden">Estimator shown in {id}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Estimator)} data-testid={`${id}-estimator`}>
        {ESTIMATORS.map((e) => (
          <option key={e} value={e}>
            α: {ESTIMATOR_NAMES[e]}
            {e === own ? ' (the run’s)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * One layer's α under every estimator the run fitted at its latest re-estimate (the ESD chart's readout);
 * nothing when the run carries no per-estimator α.
 */
export function EstimatorReadout({ alphas, own }: { alphas: EstimatorAlphas | null; own: Estimator }) {
  if (!alphas) return null;
  const parts = ESTIMATORS.filter((e) => alphas[e] !== undefined).map((e) => {
    const a = alphas[e]!;
    return `${ESTIMATOR_NAMES[e]} ${Number.isFinite(a) ? a.toFixed(2) : '—'}${e === own ? ' (the run’s)' : ''}`;
  });
  if (parts.length < 2) return null;
  return (
    <p className="muted reading" data-testid="esd-estimators">
      α of this layer: {parts.join(' · ')}
    </p>
  );
}
