/**
 * Where weights come in: a drop zone that is also a labelled file input (so it works from the
 * keyboard and in Playwright's setInputFiles), and a button that loads the bundled sample model.
 */
import { useEffect, useId, useState, type DragEvent } from 'react';

export interface FilePickerProps {
  /** A file was chosen or dropped. */
  onFile(file: File): void;
  /** The "Load sample model" button was pressed. */
  onSample(): void;
  busy: boolean;
}

/** Accepted extensions; the worker's reader dispatches on them. */
const ACCEPT = '.safetensors,.npy';

export function FilePicker({ onFile, onSample, busy }: FilePickerProps) {
  const inputId = useId();
  const [over, setOver] = useState(false);

  useEffect(() => {
    // A file dropped just outside the zone would make the browser navigate to it and lose the
    // session's results: swallow stray drops page-wide.
    const stop = (e: globalThis.DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <div className="file-picker">
      <label
        htmlFor={inputId}
        className={over ? 'drop-zone drop-zone--over' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <span className="drop-zone__title">Drop a weights file here</span>
        <span className="drop-zone__hint">or click to choose a <code>.safetensors</code> / <code>.npy</code> file</span>
      </label>
      <input
        id={inputId}
        className="visually-hidden-input"
        type="file"
        accept={ACCEPT}
        data-testid="file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) onFile(file);
          // Reset so choosing the same file again still fires a change event.
          e.currentTarget.value = '';
        }}
      />
      <button type="button" className="button button--primary" onClick={onSample} disabled={busy} data-testid="load-sample">
        Load sample model
      </button>
    </div>
  );
}
