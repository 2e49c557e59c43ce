/**
 * The selected layer's ESD: chart, xmin slider (eigenvalue index) and the resulting α and D.
 * Both the slider and a drag on the chart send a `refit` to the worker; the panel just renders
 * whatever fit comes back.
 */
import { useId, useState } from 'react';
import { EsdChart } from '../charts/EsdChart';
import type { FitMethod } from '../../math/types';
import type { RefitTarget } from '../../workers/protocol';
import type { LayerRow } from './analysisState';
import { BAND_LABEL, alphaBand, formatMetric, statusNote } from './reading';

export interface EsdPanelProps {
  row: LayerRow | null;
  method: FitMethod;
  onRefit(layer: number, target: RefitTarget, moved: boolean): void;
}

export function EsdPanel({ row, method, onRefit }: EsdPanelProps) {
  const sliderId = useId();
  // The slider's own position until the worker's fit catches up with it: a controlled range input
  // would otherwise snap back to the old index while a refit is in flight and lose fast key presses.
  // Only the newest refit is answered, so the fit always ends at this value. (The parent keys this
  // panel by run and layer, which resets it.)
  const [pending, setPending] = useState<number | null>(null);
  if (!row) {
    return (
      <section className="panel esd-panel" aria-label="Layer spectrum">
        <h2>Layer spectrum</h2>
        <p className="muted">Load a model and select a layer to see its eigenvalue spectrum.</p>
      </section>
    );
  }
  const m = row.metrics;
  const { chart, tail } = row;
  const band = alphaBand(m.alpha);

  return (
    <section className="panel esd-panel" aria-label="Layer spectrum" data-testid="esd-panel">
      <h2 className="esd-panel__title">
        ESD of <code title={m.name}>{m.name}</code>
      </h2>
      {chart && tail ? (
        <>
          <EsdChart
            data={chart}
            onDragXmin={(x) => {
              setPending(null);
              onRefit(row.index, { by: 'value', xmin: x }, true);
            }}
          />
          <div className="xmin-control">
            <label htmlFor={sliderId}>
              xmin index <span className="muted">(drag the chart or use ← →)</span>
            </label>
            <input
              id={sliderId}
              type="range"
              min={0}
              max={Math.max(0, tail.nFit - 2)}
              step={1}
              value={pending ?? tail.xminIndex}
              data-testid="xmin-slider"
              aria-valuetext={`index ${tail.xminIndex} of ${tail.nFit}, xmin ${formatMetric(m.xmin)}`}
              onChange={(e) => {
                const value = Number(e.currentTarget.value);
                setPending(value);
                onRefit(row.index, { by: 'index', xminIndex: value }, true);
              }}
            />
            <output htmlFor={sliderId} className="xmin-control__index">
              {tail.xminIndex} / {tail.nFit}
            </output>
          </div>
          <dl className="fit-readout" data-testid="fit-readout">
            <div>
              <dt>α</dt>
              <dd className={`alpha alpha--${band}`} data-testid="readout-alpha" data-alpha={String(m.alpha)}>
                {formatMetric(m.alpha)}
              </dd>
            </div>
            <div>
              <dt>D</dt>
              <dd data-testid="readout-D">{formatMetric(m.D)}</dd>
            </div>
            <div>
              <dt>xmin</dt>
              <dd>{formatMetric(m.xmin)}</dd>
            </div>
            <div>
              <dt>tail size</dt>
              <dd>{m.num_pl_spikes}</dd>
            </div>
          </dl>
          <p className="reading">
            <span className={`alpha__dot alpha--${band}`} aria-hidden="true" /> {BAND_LABEL[band]}
            {row.refitted && (
              <button type="button" className="button button--link" onClick={() => {
                  setPending(null);
                  onRefit(row.index, { by: 'method', fit: method }, false);
                }}>
                Reset to the {method} fit
              </button>
            )}
          </p>
        </>
      ) : (
        <p className="notice" data-testid="no-chart">
          No spectrum to show: {statusNote(m) ?? 'no fit'}.
        </p>
      )}
    </section>
  );
}
