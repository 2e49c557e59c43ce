/**
 * The fit options of an analysis (docs/METHOD.md §2): how xmin is chosen, the estimator (Hill on the
 * layer's ESD, or FARMS), the median position, zero filtering and the eigenvalue-count threshold.
 * Changing any of them re-runs the analysis.
 */
import { useId } from 'react';
import type { Estimator, FitMethod } from '../../math/types';
import type { AnalyzeOptions } from '../../workers/protocol';

const METHODS: { value: FitMethod; label: string }[] = [
  { value: 'median', label: 'median (papers’ default)' },
  { value: 'goodness-of-fit', label: 'goodness-of-fit (min KS distance)' },
  { value: 'fix-finger', label: 'fix-finger (near the ESD peak)' },
];

const ESTIMATOR_LABELS: { value: Estimator; label: string }[] = [
  { value: 'hill', label: 'Hill (layer ESD, papers)' },
  { value: 'farms', label: 'FARMS (fixed-aspect-ratio windows)' },
];

export interface FitOptionsFormProps {
  options: AnalyzeOptions;
  onChange(next: AnalyzeOptions): void;
}

/** Parses a number input; keeps the previous value while the field is empty or invalid. */
function numberOr(text: string, fallback: number, min: number): number {
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) && v >= min ? v : fallback;
}

export function FitOptionsForm({ options, onChange }: FitOptionsFormProps) {
  const id = useId();
  const set = <K extends keyof AnalyzeOptions>(key: K, value: AnalyzeOptions[K]) => onChange({ ...options, [key]: value });

  return (
    <fieldset className="fit-options">
      <legend className="visually-hidden">Fit options</legend>
      <div className="field">
        <label htmlFor={`${id}-fit`}>xmin method</label>
        <select id={`${id}-fit`} value={options.fit} onChange={(e) => set('fit', e.currentTarget.value as FitMethod)} data-testid="fit-method">
          {METHODS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-est`} title="FARMS pools the ESDs of equal-aspect-ratio submatrices, so α no longer depends on the layer's shape">
          α estimator
        </label>
        <select id={`${id}-est`} value={options.estimator} onChange={(e) => set('estimator', e.currentTarget.value as Estimator)} data-testid="estimator">
          {ESTIMATOR_LABELS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-pos`} title="median method: xmin = λ at index ⌊N / xmin_pos⌋">
          xmin_pos
        </label>
        <input
          id={`${id}-pos`}
          type="number"
          min={1}
          step={0.5}
          value={options.xminPos}
          disabled={options.fit !== 'median'}
          onChange={(e) => set('xminPos', numberOr(e.currentTarget.value, options.xminPos, 1))}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-thresh`} title="layers with fewer eigenvalues are greyed out and not scheduled">
          eigs_thresh
        </label>
        <input
          id={`${id}-thresh`}
          type="number"
          min={0}
          step={10}
          value={options.eigsThresh}
          onChange={(e) => set('eigsThresh', Math.round(numberOr(e.currentTarget.value, options.eigsThresh, 0)))}
        />
      </div>
      <div className="field field--check">
        <input
          id={`${id}-zeros`}
          type="checkbox"
          checked={options.filterZeros}
          onChange={(e) => set('filterZeros', e.currentTarget.checked)}
        />
        <label htmlFor={`${id}-zeros`} title={`drop eigenvalues below ${options.evalsThresh} before fitting`}>
          filter zeros (λ &lt; {options.evalsThresh})
        </label>
      </div>
    </fieldset>
  );
}
