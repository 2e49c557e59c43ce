/**
 * The training Lab: pick a preset or set every knob, run a baseline and/or a TempBalance run, and
 * watch layer spectra, α and learning rates live. Settings live in the URL (kept in sync with
 * history.replaceState) so "Copy link" reproduces the exact experiment; a malformed link still
 * opens, with a notice per setting that was ignored or clamped.
 */
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { ExperimentConfig, Key } from '../../experiment/schema';
import { findPreset } from '../../experiment/presets';
import type { Notice } from '../../experiment/url';
import { applyPreset, changedKeys, isLive, readLink, setField, writeLink } from './controls';
import { Controls } from './Controls';
import { ExportBar } from './ExportBar';
import { LabCharts } from './LabCharts';
import { LabHelp } from './LabHelp';
import { LinkNotices } from './LinkNotices';
import { PresetCards } from './PresetCards';
import { RunBar } from './RunBar';
import { presentRuns } from './labState';
import type { RunLog } from './runLog';
import { useLab } from './useLab';

const MemoControls = memo(Controls);
const MemoPresets = memo(PresetCards);
const NO_KEYS: Key[] = [];

/** The page URL for a query, keeping the view hash (the lab is the default view). */
function urlFor(query: string): string {
  return `${window.location.pathname}?${query}${window.location.hash}`;
}

export function LabView() {
  const [initial] = useState(() => readLink(window.location.search));
  const [config, setConfig] = useState<ExperimentConfig>(initial.config);
  const [preset, setPreset] = useState<string | null>(initial.preset);
  const [notices, setNotices] = useState<{ title?: string; list: Notice[] }>({ list: initial.notices });
  const lab = useLab();
  const { state, runConfig } = lab;
  const live = state.source === 'live' && presentRuns(state).length > 0;

  // A link to the analyser preset (or view) that landed here: go there.
  useEffect(() => {
    const wantsAnalyser = initial.view === 'analyzer' || (initial.preset !== null && findPreset(initial.preset)?.view === 'analyzer');
    if (wantsAnalyser && !window.location.hash.includes('analyzer')) window.location.hash = '#/analyzer';
  }, [initial]);

  const query = useMemo(() => writeLink(config, preset), [config, preset]);
  useEffect(() => {
    window.history.replaceState(window.history.state, '', urlFor(query));
  }, [query]);

  const { update } = lab;
  const onChange = useCallback(
    <K extends Key>(key: K, value: ExperimentConfig[K]) => {
      setConfig((cfg) => setField(cfg, key, value));
      // Learning-rate-type settings go to the running workers at once; the rest wait for Reset.
      if (live && isLive(key)) update({ [key]: value } as Partial<ExperimentConfig>);
    },
    [live, update],
  );

  const pending = useMemo(
    () => (live && runConfig ? changedKeys(runConfig, config).filter((k) => k !== 'hide' && !isLive(k)) : NO_KEYS),
    [live, runConfig, config],
  );

  const onPick = useCallback((id: string) => {
    setConfig((cfg) => applyPreset(cfg, id));
    setPreset(id);
    setNotices({ list: [] });
  }, []);

  const onRun = () => {
    if (!live) lab.start(config);
    lab.run();
  };
  const onStep = () => {
    if (!live) lab.start(config);
    lab.step(1);
  };
  const onImport = (log: RunLog, name: string, fileNotices: Notice[]) => {
    lab.showLog(log, name);
    setConfig(log.config);
    setPreset(log.preset);
    setNotices({ title: `Some settings in ${name} were not used as written`, list: fileNotices });
  };

  const hidden = config.hide.length > 0;
  return (
    <div className="lab" data-testid="lab">
      <LinkNotices notices={notices.list} title={notices.title} onDismiss={() => setNotices({ list: [] })} />
      {hidden ? (
        <p className="classroom-note" data-testid="classroom-note">
          Classroom link: some settings are fixed by your teacher ({config.hide.join(', ')}).
        </p>
      ) : (
        <MemoPresets active={preset} onPick={onPick} />
      )}
      <div className="lab__main">
        <aside className="panel lab__side">
          <MemoControls config={config} onChange={onChange} running={live} pending={pending} />
        </aside>
        <div className="lab__content">
          <RunBar state={state} onRun={onRun} onPause={lab.pause} onStep={onStep} onReset={lab.reset} pendingCount={pending.length} />
          {!live && state.source === 'live' && (
            <p className="muted backend-choice" data-testid="backend-choice">
              Backend: <code>{config.backend}</code>
              {config.backend === 'auto' ? ' — the fastest one that works is picked when a run starts' : ''}.
            </p>
          )}
          <ExportBar state={state} link={`${window.location.origin}${urlFor(query)}`} exportLog={() => lab.exportLog(preset)} onImport={onImport} />
          <LabCharts state={state} config={runConfig ?? config} fitEigenvalues={lab.fitEigenvalues} />
          <LabHelp />
        </div>
      </div>
    </div>
  );
}
