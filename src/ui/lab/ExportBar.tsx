/**
 * Share and export: copy the experiment's link, layer metrics as CSV (WeightWatcher columns, the
 * CLI's report format), the whole run log as JSON, and opening a saved run log. A bad file gives
 * a clear error and leaves what is on screen untouched.
 */
import { useRef, useState } from 'react';
import { formatReport } from '../../io/report';
import { download } from '../download';
import { presentRuns, type LabState } from './labState';
import { parseRunLog, serialiseRunLog, type RunLog } from './runLog';
import type { Notice } from '../../experiment/url';

export interface ExportBarProps {
  state: LabState;
  /** The full URL that reproduces the current settings. */
  link: string;
  exportLog(): RunLog | null;
  onImport(log: RunLog, name: string, notices: Notice[]): void;
}

export function ExportBar({ state, link, exportLog, onImport }: ExportBarProps) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const runs = presentRuns(state).filter((r) => r.layers.length > 0);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setMessage({ text: 'Link copied: it reproduces these exact settings.', error: false });
    } catch {
      // Clipboard access can be refused (permissions, insecure context): show the link to copy by hand.
      setMessage({ text: `Copy this link: ${link}`, error: false });
    }
  };

  const saveLog = () => {
    const log = exportLog();
    if (!log) return;
    download(`model-balancing-lab-${log.config.task}-seed${log.config.seed}.json`, serialiseRunLog(log), 'application/json');
  };

  const openFile = async (file: File) => {
    const result = parseRunLog(await file.text());
    if (!result.ok) {
      setMessage({ text: `Could not open ${file.name}: ${result.error} Nothing was changed.`, error: true });
      return;
    }
    setMessage(null);
    onImport(result.log, file.name, result.notices);
  };

  return (
    <section className="export-bar" aria-label="Share and export">
      <button type="button" className="button" onClick={() => void copy()} data-testid="copy-link">
        Copy link
      </button>
      {runs.map((r) => (
        <button
          key={r.label}
          type="button"
          className="button"
          data-testid={`export-csv-${r.label}`}
          onClick={() => download(`lab-${r.label}-step${r.snapshots.at(-1)?.step ?? 0}.esd.csv`, formatReport(r.layers, 'csv'), 'text/csv')}
        >
          CSV ({r.name})
        </button>
      ))}
      <button type="button" className="button" onClick={saveLog} disabled={presentRuns(state).length === 0} data-testid="export-log">
        Save run (JSON)
      </button>
      <button type="button" className="button" onClick={() => fileInput.current?.click()} data-testid="import-log">
        Open saved run…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        className="visually-hidden-input"
        tabIndex={-1}
        aria-label="Saved run log (JSON)"
        data-testid="import-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void openFile(f);
        }}
      />
      {message && (
        <p className={message.error ? 'error' : 'export-bar__message'} role={message.error ? 'alert' : 'status'} data-testid="export-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
