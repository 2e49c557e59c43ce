/**
 * The sweep's grid: preset, data ratios, seeds, steps and extra settings; Start / Cancel / Resume / Clear;
 * and "Copy link to this sweep" (the link opens this grid in the form, it does not start it).
 */
import { useState, type FormEvent } from 'react';
import { PRESETS, findPreset } from '../../experiment/presets';
import type { SweepSpec } from '../../experiment/sweep';
import { runCount, type FormValues } from './sweepForm';

const LAB_PRESETS = PRESETS.filter((p) => p.view === 'lab');

export interface SweepFormProps {
  form: FormValues;
  /** The form's grid when valid (what Start runs and the link holds), else null. */
  spec: SweepSpec | null;
  /** Full URL of `spec`. */
  link: string | null;
  busy: boolean;
  running: boolean;
  canResume: boolean;
  canClear: boolean;
  onChange(key: keyof FormValues, value: string): void;
  onSubmit(): void;
  onCancel(): void;
  onResume(): void;
  onClear(): void;
}

interface ListFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(e: { target: { value: string } }): void;
  disabled: boolean;
  className?: string;
  placeholder?: string;
  title?: string;
}

/** A labelled text input of the form (a list, or key=value settings). */
function ListField({ id, label, className, ...input }: ListFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className={`sweep-form__list${className ? ` ${className}` : ''}`} {...input} />
    </div>
  );
}

export function SweepForm(props: SweepFormProps) {
  const { form, spec, link, busy } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const preset = findPreset(form.preset);
  const set = (k: keyof FormValues) => (e: { target: { value: string } }) => {
    setCopied(null);
    props.onChange(k, e.target.value);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied: it opens this grid in the Sweeps view; the reader presses Start to run it.');
    } catch {
      // Clipboard access can be refused (permissions, insecure context): show the link to copy by hand.
      setCopied(`Copy this link: ${link}`);
    }
  };

  return (
    <form className="panel controls sweep-form" onSubmit={submit} aria-label="Sweep grid">
      <div className="field">
        <label htmlFor="sweep-preset">Preset</label>
        <select id="sweep-preset" value={form.preset} onChange={set('preset')} disabled={busy}>
          {LAB_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      <ListField id="sweep-ratios" label="Data ratios" value={form.ratios} onChange={set('ratios')} disabled={busy} />
      <ListField id="sweep-seeds" label="Seeds" value={form.seeds} onChange={set('seeds')} disabled={busy} />
      <div className="field">
        <label htmlFor="sweep-steps">Steps per run</label>
        <input id="sweep-steps" type="number" min={1} placeholder={String(preset?.overrides.steps ?? '')} value={form.steps} onChange={set('steps')} disabled={busy} />
      </div>
      <ListField
        id="sweep-lrs"
        label="Learning rates"
        placeholder="the preset’s"
        title="Optional grid: every ratio × seed runs each rate, and each schedule keeps the rate with the best mean validation metric (the authors' protocol)."
        value={form.lrs}
        onChange={set('lrs')}
        disabled={busy}
      />
      <ListField
        id="sweep-set"
        label="Extra settings"
        className="sweep-form__set"
        placeholder="e.g. lr=3e-4 wd=0.1"
        title="Settings applied to every run, key=value separated by spaces (as --set on the CLI); not ratio, seed or mode."
        value={form.set}
        onChange={set('set')}
        disabled={busy}
      />
      <div className="sweep-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Start
        </button>
        <button type="button" className="button" onClick={props.onCancel} disabled={!props.running}>
          Cancel
        </button>
        <button type="button" className="button" onClick={props.onResume} disabled={busy || !props.canResume}>
          Resume
        </button>
        <button type="button" className="button" onClick={props.onClear} disabled={busy || !props.canClear}>
          Clear
        </button>
        <button type="button" className="button" onClick={() => void copy()} disabled={!link} data-testid="copy-sweep-link" title={link ?? 'Fix the form first'}>
          Copy link to this sweep
        </button>
      </div>
      <p className="muted sweep-form__summary" data-testid="sweep-summary">
        {preset?.summary} Each ratio × seed runs twice (baseline and TempBalance)
        {spec ? `: ${runCount(spec)} runs.` : '.'}
      </p>
      {copied && (
        <p className="sweep-form__copied" role="status" data-testid="copy-sweep-message">
          {copied}
        </p>
      )}
    </form>
  );
}
