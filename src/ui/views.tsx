/**
 * The app's views, declared once. Adding a view (training lab, sweeps) is one entry here: the nav,
 * the URL hash (#/<id>) and the page title all derive from this table.
 */
import type { ComponentType } from 'react';
import { AnalyzerView } from './analyzer/AnalyzerView';
import { LabView } from './lab/LabView';
import { SweepView } from './sweep/SweepView';

export interface ViewDef {
  /** Stable id, used in the URL hash: #/analyzer. */
  id: string;
  /** Label in the nav. */
  label: string;
  /** One-line description under the nav (and the tab's title attribute). */
  description: string;
  component: ComponentType;
}

export const VIEWS: readonly ViewDef[] = [
  // First entry = the default view.
  {
    id: 'lab',
    label: 'Training lab',
    description: 'Train a baseline and a TempBalance run side by side and watch layer spectra, α and learning rates live.',
    component: LabView,
  },
  {
    id: 'analyzer',
    label: 'Weights analyser',
    description: 'Layer-by-layer eigenvalue spectra (ESD) and power-law α of any .safetensors / .npy weights file.',
    component: AnalyzerView,
  },
  {
    id: 'sweep',
    label: 'Sweeps',
    description: 'Data ratios × seeds × {baseline, TempBalance}: does the gain grow as data shrinks, as the paper found?',
    component: SweepView,
  },
];

/**
 * The view named by a location hash like "#/analyzer"; without a hash, by the link's `view=` query
 * parameter (so `?view=sweep&…` opens the Sweeps view as `#/sweep` does); the first view otherwise.
 */
export function viewFromLocation(hash: string, search = ''): ViewDef {
  let id = hash.replace(/^#\/?/, '').split(/[?/]/)[0];
  if (!id) {
    try {
      id = new URLSearchParams(search).get('view') ?? '';
    } catch {
      id = ''; // a link the browser cannot parse opens the default view (the view then shows its notices)
    }
  }
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}
