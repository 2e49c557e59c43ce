/**
 * One layer's ESD with its fit made interactive: the chart (drag the xmin marker), an xmin slider
 * over the fitted eigenvalues (keyboard ← →) and the resulting α, D, xmin and tail size. Shared by
 * the analyser's layer panel and the Lab's ESD chart. It only reports the xmin the user wants
 * (`onRefit`); an ESD worker re-fits (no math on the main thread) and the new fit comes back as props.
 */
import { useId, useState, type ReactNode } from 'react';
import type { EsdChartData, LayerMetrics } from '../../math/types';
import type { RefitTarget, TailInfo } from '../../workers/protocol';
import { alphaBand, formatMetric } from '../analyzer/reading';
import { EsdChart } from './EsdChart';

/** Ask for another fit; `moved` marks an xmin the user chose (false: a method's own choice). */
export type RefitFn = (target: RefitTarget, moved: boolean) => void;

export interface EsdFitProps {
  /** The fit shown: α, D, xmin and tail size are read from here. */
  metrics: LayerMetrics;
  chart: EsdChartData;
  tail: TailInfo;
  onRefit: RefitFn;
  height?: number;
  /**
   * Changing it hands the slider back to the fit shown (a new re-estimate, another method, Reset),
   * without remounting the chart.
   */
  resetKey?: string;
  /**
   * Rendered under the readout. It gets a refit that also hands the slider back to the fit (for
   * "Reset" or another method, whose xmin is not the slider's).
   */
  footer?(refit: RefitFn): ReactNode;
}

export function EsdFit({ metrics: m, chart, tail, onRefit, height, resetKey, footer }: EsdFitProps) {
  const sliderId = useId();
  // The slider's own position until the worker's fit catches up with it: a controlled range input
  // would otherwise snap back to the old index while a refit is in flight and lose fast key presses.
  // Only the newest refit is answered, so the fit always ends at this value. (Parents key this
  // component by run and layer, or change `resetKey`, which resets it.)
  const [pending, setPending] = useState<number | null>(null);
  const [seenKey, setSeenKey] = useState(resetKey);
  if (seenKey !== resetKey) {
    // Adjusting state while rendering (React's documented pattern): no extra commit with a stale slider.
    setSeenKey(resetKey);
    setPending(null);
  }
  const release: RefitFn = (target, moved) => {
    setPending(null);
    onRefit(target, moved);
  };
  const band = alphaBand(m.alpha);
  return (
    <>
      <EsdChart data={chart} height={height} onDragXmin={(x) => release({ by: 'value', xmin: x }, true)} />
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
            onRefit({ by: 'index', xminIndex: value }, true);
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
          <dd data-testid="readout-D" data-d={String(m.D)}>
            {formatMetric(m.D)}
          </dd>
        </div>
        <div>
          <dt>xmin</dt>
          <dd data-testid="readout-xmin">{formatMetric(m.xmin)}</dd>
        </div>
        <div>
          <dt>tail size</dt>
          <dd>{m.num_pl_spikes}</dd>
        </div>
      </dl>
      {footer?.(release)}
    </>
  );
}
