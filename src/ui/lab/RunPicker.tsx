/** Which run a Lab chart shows, when a Compare pair is running (hidden for a single run). */
import type { RunLabel, RunView } from './labState';

export function RunPicker({ runs, value, onChange, id }: { runs: RunView[]; value: RunLabel; onChange(l: RunLabel): void; id: string }) {
  if (runs.length < 2) return null;
  return (
    <label className="inline-field">
      <span className="visually-hidden">Run shown in {id}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as RunLabel)} data-testid={`${id}-run`}>
        {runs.map((r) => (
          <option key={r.label} value={r.label}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
