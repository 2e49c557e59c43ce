import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../experiment/schema';
import { runSettingsOf } from '../../train/setup';
import { emptyRun } from './labState';
import { currentLocalFit, fitKey, runFitOptions, type LocalFit } from './esdFit';

describe('Lab ESD re-fits', () => {
  it('re-fit with the fit options the training run itself used', () => {
    for (const patch of [{}, { fit: 'goodness-of-fit' as const, xminPos: 1.5, eigsThresh: 20 }, { fit: 'fix-finger' as const }]) {
      const cfg = { ...defaultConfig(), ...patch };
      expect(runFitOptions(cfg)).toEqual(runSettingsOf(cfg, 'tempbalance').fit);
    }
  });

  it('a local fit only applies to the run, layer and re-estimate it was made for', () => {
    const run = { ...emptyRun('baseline', 3) };
    const key = fitKey(run, 'blocks.0.q', 20);
    const local: LocalFit = { key, method: 'median', fit: null };
    expect(currentLocalFit(local, key)).toBe(local);
    expect(currentLocalFit(local, fitKey(run, 'blocks.0.q', 40))).toBeNull();
    expect(currentLocalFit(local, fitKey(run, 'blocks.1.q', 20))).toBeNull();
    expect(currentLocalFit(local, fitKey({ ...run, label: 'tempbalance' }, 'blocks.0.q', 20))).toBeNull();
    expect(currentLocalFit(local, fitKey({ ...run, runId: 4 }, 'blocks.0.q', 20))).toBeNull();
    expect(currentLocalFit(null, key)).toBeNull();
  });
});
