/**
 * The selected layer's ESD: chart, xmin slider (eigenvalue index) and the resulting α and D
 * (EsdFit, shared with the Lab). Both the slider and a drag on the chart send a `refit` to the
 * worker; the panel just renders whatever fit comes back.
 */
import { EsdFit } from '../charts/EsdFit';
import type { FitMethod } from '../../math/types';
import type { RefitTarget } from '../../workers/protocol';
import type { LayerRow } from './analysisState';
import { BAND_LABEL, alphaBand, statusNote } from './reading';

export interface EsdPanelProps {
  row: LayerRow | null;
  method: FitMethod;
  onRefit(layer: number, target: RefitTarget, moved: boolean): void;
}

export function EsdPanel({ row, method, onRefit }: EsdPanelProps) {
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
        <EsdFit
          metrics={m}
          chart={chart}
          tail={tail}
          onRefit={(target, moved) => onRefit(row.index, target, moved)}
          footer={(refit) => (
            <p className="reading">
              <span className={`alpha__dot alpha--${band}`} aria-hidden="true" /> {BAND_LABEL[band]}
              {row.refitted && (
                <button type="button" className="button button--link" onClick={() => refit({ by: 'method', fit: method }, false)}>
                  Reset to the {method} fit
                </button>
              )}
            </p>
          )}
        />
      ) : (
        <p className="notice" data-testid="no-chart">
          No spectrum to show: {statusNote(m) ?? 'no fit'}.
        </p>
      )}
    </section>
  );
}
