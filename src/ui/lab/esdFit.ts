/**
 * What the Lab's ESD chart needs to re-fit a layer without a React or worker in sight: the fit
 * options a run used (so a re-fit sees the same eigenvalues the run's own fit saw) and which layer,
 * run and re-estimate a local re-fit belongs to (a new re-estimate or another layer drops it).
 */
import { fitOptionsOf } from '../../experiment/assign';
import type { FitMethod } from '../../math/types';
import type { RefitResultMessage } from '../../workers/protocol';
import type { RunView } from './labState';

/** The fit options of a run of `cfg` (the engine's own definition). */
export const runFitOptions = fitOptionsOf;

/** A fit the user asked for in the chart, not the run's own. */
export interface LocalFit {
  /** fitKey of the run, layer and re-estimate it was made for. */
  key: string;
  method: FitMethod;
  /** Null until the worker answers (the run's own fit stays on screen meanwhile). */
  fit: RefitResultMessage | null;
}

/** Identifies one layer of one re-estimate of one run. */
export function fitKey(run: RunView, layer: string, step: number | undefined): string {
  return `${run.label}|${run.runId ?? ''}|${step ?? ''}|${layer}`;
}

/** The local fit if it still belongs to what is shown, else null (show the run's own fit). */
export function currentLocalFit(local: LocalFit | null, key: string): LocalFit | null {
  return local !== null && local.key === key ? local : null;
}
