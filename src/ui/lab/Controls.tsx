/**
 * The settings form, generated from the schema table (experiment/schema.ts) grouped as in
 * controls.ts: a select per enum, a number box per number, a checkbox per flag, and radio buttons
 * for the Baseline / TempBalance / Compare switch. Each control has a label, the schema's help as
 * its description, and — while runs exist — a badge saying whether a change applies live or on Reset.
 */
import { useEffect, useId, useState } from 'react';
import { MODES, SCHEMA, type ExperimentConfig, type Key, type NumberField } from '../../experiment/schema';
import { CONTROL_GROUPS, LABELS, allowedValues, inputStep, isHidden, isLive, isRelevant } from './controls';

export interface ControlsProps {
  config: ExperimentConfig;
  onChange<K extends Key>(key: K, value: ExperimentConfig[K]): void;
  /** Runs exist: mark each control live / on Reset. */
  running: boolean;
  /** Keys changed since the runs started that wait for a Reset. */
  pending: readonly Key[];
}

const MODE_NAMES: Record<(typeof MODES)[number], string> = { baseline: 'Baseline', tempbalance: 'TempBalance', compare: 'Compare' };

/** A number box that keeps what is typed until it is a valid number in range, then commits it. */
function NumberInput({ id, field, value, onCommit, disabled, describedBy }: { id: string; field: NumberField; value: number; onCommit(v: number): void; disabled: boolean; describedBy: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < field.min || v > field.max || (field.integer && !Number.isInteger(v))) return false;
    if (v !== value) onCommit(v);
    return true;
  };
  const invalid = text !== String(value) && !(text.trim() !== '' && Number.isFinite(Number(text)) && Number(text) >= field.min && Number(text) <= field.max);
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      min={field.min}
      max={field.max}
      step={field.integer ? 1 : 'any'}
      value={text}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => {
        setText(e.target.value);
        commit(e.target.value);
      }}
      // Leaving the box with an invalid entry puts the current value back.
      onBlur={() => {
        if (!commit(text)) setText(String(value));
      }}
    />
  );
}

function Field({ k, config, onChange, running, pending }: { k: Exclude<Key, 'hide'> } & ControlsProps) {
  const id = `lab-${k}-${useId()}`;
  const helpId = `${id}-help`;
  const field = SCHEMA[k];
  const relevant = isRelevant(k, config);
  const live = isLive(k);
  const badge = running ? (
    <span className={`badge ${live ? 'badge--live' : 'badge--reset'}`} title={live ? 'Changes apply to the running runs at once.' : 'Changes apply when you press Reset.'}>
      {live ? 'live' : pending.includes(k) ? 'on Reset ●' : 'on Reset'}
    </span>
  ) : null;
  const common = { id, disabled: !relevant, 'aria-describedby': helpId };
  let control;
  if (field.type === 'enum') {
    control = (
      <select {...common} value={String(config[k])} onChange={(e) => onChange(k, e.target.value as never)} data-testid={`control-${k}`}>
        {allowedValues(k, config).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'bool') {
    control = <input {...common} type="checkbox" checked={config[k] as boolean} onChange={(e) => onChange(k, e.target.checked as never)} data-testid={`control-${k}`} />;
  } else if (field.type === 'number') {
    control = (
      <span data-testid={`control-${k}`} className="number-wrap">
        <NumberInput id={id} field={field} value={config[k] as number} onCommit={(v) => onChange(k, v as never)} disabled={!relevant} describedBy={helpId} />
      </span>
    );
  }
  return (
    <div className={`field lab-field ${field.type === 'bool' ? 'field--check' : ''} ${relevant ? '' : 'lab-field--off'}`} data-key={k} title={field.help} data-step={inputStep(k)}>
      <label htmlFor={id}>
        {LABELS[k]} {badge}
      </label>
      {control}
      <span id={helpId} className="visually-hidden">
        {field.help}
        {relevant ? '' : ' (not used with the current settings)'}
      </span>
    </div>
  );
}

function ModeSwitch({ config, onChange, running, pending }: ControlsProps) {
  return (
    <fieldset className="mode-switch" data-testid="control-mode">
      <legend>
        Schedule {running && <span className="badge badge--reset">{pending.includes('mode') ? 'on Reset ●' : 'on Reset'}</span>}
      </legend>
      {MODES.map((m) => (
        <label key={m} className={config.mode === m ? 'mode-switch__on' : ''}>
          <input type="radio" name="lab-mode" value={m} checked={config.mode === m} onChange={() => onChange('mode', m)} />
          {MODE_NAMES[m]}
        </label>
      ))}
    </fieldset>
  );
}

export function Controls(props: ControlsProps) {
  const hide = props.config.hide;
  return (
    <form className="lab-controls" aria-label="Experiment settings" onSubmit={(e) => e.preventDefault()}>
      {!hide.includes('mode') && <ModeSwitch {...props} />}
      {CONTROL_GROUPS.map((g) => {
        // Settings with no effect under the rest of the config (ρ for Burgers, momentum for Adam) are left out.
        const keys = g.keys.filter((k): k is Exclude<Key, 'hide'> => k !== 'hide' && k !== 'mode' && !isHidden(k, g, hide) && isRelevant(k, props.config));
        if (keys.length === 0) return null;
        const body = keys.map((k) => <Field key={k} k={k} {...props} />);
        return g.id === 'advanced' ? (
          <details key={g.id} className="lab-group" data-testid="group-advanced">
            <summary>{g.title}</summary>
            <div className="lab-group__fields">{body}</div>
          </details>
        ) : (
          <fieldset key={g.id} className="lab-group" data-testid={`group-${g.id}`}>
            <legend>{g.title}</legend>
            <div className="lab-group__fields">{body}</div>
          </fieldset>
        );
      })}
    </form>
  );
}
