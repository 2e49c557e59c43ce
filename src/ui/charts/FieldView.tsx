/**
 * 2-D PDE tasks: the input field, the ground truth, each run's prediction and its error, as colour
 * maps on canvas (viridis for fields, RdBu for signed error; colour-blind safe), with a colour bar per
 * scale and a read-out of every panel's value at the cell under the pointer. Truth and predictions
 * share one scale so they compare by colour; y grows upwards.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { RunLabel } from '../lab/labState';
import type { PdeSample } from '../../train/tasks/types';
import { cssColour, fieldPixels, fieldRange, type ColourMapName } from './colormap';
import { RUN_NAMES } from './palette';

export interface FieldViewProps {
  /** The runs' latest samples (same test sample, so truth and input agree). */
  samples: { label: RunLabel; sample: PdeSample }[];
  /** Canvas size in CSS pixels. */
  size?: number;
}

interface Panel {
  key: string;
  title: string;
  field: Float32Array;
  range: [number, number];
  map: ColourMapName;
}

/** Colour-bar labels: three significant digits, so three fit under a 150-pixel bar. */
const tick = (v: number): string => (Math.abs(v) < 1e-12 ? '0' : Number(v.toPrecision(3)).toString());
const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(4));

function FieldCanvas({ panel, side, size, onHover }: { panel: Panel; side: number; size: number; onHover: (cell: number | null) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(fieldPixels(panel.field, side, panel.range, panel.map), side, side), 0, 0);
  }, [panel, side]);
  return (
    <canvas
      ref={ref}
      width={side}
      height={side}
      className="field-view__canvas"
      style={{ width: size, height: size }}
      data-testid={`field-${panel.key}`}
      aria-label={`${panel.title}, ${side}×${side} colour map`}
      onMouseMove={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const i = Math.min(side - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * side)));
        const row = Math.min(side - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * side)));
        onHover((side - 1 - row) * side + i);
      }}
      onMouseLeave={() => onHover(null)}
    />
  );
}

function ColourBar({ range, map, size }: { range: [number, number]; map: ColourMapName; size: number }) {
  const stops = Array.from({ length: 11 }, (_, k) => `${cssColour(map, k / 10)} ${k * 10}%`).join(', ');
  return (
    <div className="field-view__bar" style={{ width: size }}>
      <div className="field-view__gradient" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <div className="field-view__ticks">
        <span>{tick(range[0])}</span>
        <span>{tick((range[0] + range[1]) / 2)}</span>
        <span>{tick(range[1])}</span>
      </div>
    </div>
  );
}

export const FieldView = memo(function FieldView({ samples, size = 136 }: FieldViewProps) {
  const ref = samples[samples.length - 1].sample;
  const side = ref.side ?? Math.round(Math.sqrt(ref.truth.length));
  const cells = side * side;
  const names = useMemo(() => ref.channels ?? ['u'], [ref.channels]);
  const [channel, setChannel] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const c = Math.min(channel, names.length - 1);

  const panels = useMemo((): Panel[] => {
    const slice = (f: Float32Array, ch: number) => f.subarray(ch * cells, (ch + 1) * cells);
    const input = ref.inputName ? ref.initial.subarray(0, cells) : slice(ref.initial, c);
    const truth = slice(ref.truth, c);
    const preds = samples.map(({ label, sample }) => ({ label, pred: slice(sample.pred, c) }));
    const valueRange = fieldRange([truth, ...preds.map((p) => p.pred)]);
    const errors = preds.map(({ label, pred }) => ({ label, err: pred.map((v, k) => v - truth[k]) }));
    const errRange = fieldRange(errors.map((e) => e.err), true);
    const inputTitle = ref.inputName ? `input ${ref.inputName}` : `${names[c]} at frame 0`;
    return [
      { key: 'input', title: inputTitle, field: input, range: fieldRange([input]), map: 'viridis' },
      { key: 'truth', title: `truth ${names[c]}${ref.inputName ? '' : ` (frame ${ref.frame})`}`, field: truth, range: valueRange, map: 'viridis' },
      ...preds.map(({ label, pred }) => ({ key: `pred-${label}`, title: `${RUN_NAMES[label]} prediction`, field: pred, range: valueRange, map: 'viridis' as const })),
      ...errors.map(({ label, err }) => ({ key: `error-${label}`, title: `${RUN_NAMES[label]} error`, field: err, range: errRange, map: 'rdbu' as const })),
    ];
  }, [samples, ref, cells, c, names]);

  const readout =
    hover === null
      ? 'Point at a field to read its values.'
      : `x = ${fmt((hover % side + 0.5) / side)}, y = ${fmt((Math.floor(hover / side) + 0.5) / side)}: ` +
        panels.map((p) => `${p.title} ${fmt(p.field[hover])}`).join(' · ');

  return (
    <div className="field-view" data-testid="field-view" data-side={side}>
      {names.length > 1 && (
        <label className="field-view__channel">
          Channel{' '}
          <select value={c} onChange={(e) => setChannel(Number(e.target.value))} data-testid="field-channel">
            {names.map((n, k) => (
              <option key={n} value={k}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="field-view__grid">
        {panels.map((p) => (
          <figure key={p.key} className="field-view__panel">
            <figcaption style={{ maxWidth: size }}>{p.title}</figcaption>
            <FieldCanvas panel={p} side={side} size={size} onHover={setHover} />
            <ColourBar range={p.range} map={p.map} size={size} />
          </figure>
        ))}
      </div>
      <p className="field-view__readout" data-testid="field-readout" aria-live="polite">
        {readout}
      </p>
    </div>
  );
});
