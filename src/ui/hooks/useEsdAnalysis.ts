/**
 * React glue between the analyser view and the ESD worker: owns one EsdClient for the component's
 * lifetime and folds its messages into `analysisReducer`. No numerics here — the main thread only
 * sends requests and renders replies.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { analysisReducer, initialAnalysisState, type AnalysisState } from '../analyzer/analysisState';
import { createBrowserEsdClient, type EsdClient } from '../../workers/esdClient';
import type { AnalyzeOptions, RefitTarget } from '../../workers/protocol';

/** The analyser view's session: its state and what it can ask of its ESD worker. */
export interface AnalyzerSession {
  state: AnalysisState;
  /** Start analysing a file; supersedes any run in progress. Returns the run id (0 if no worker yet). */
  analyze(fileName: string, file: Blob, options: AnalyzeOptions): number;
  /** Re-fit one layer of the current run; `moved` marks a user-chosen xmin. */
  refit(layer: number, target: RefitTarget, moved: boolean): void;
  select(index: number): void;
  /** Report an error that happened before the worker was involved (e.g. a failed fetch). */
  fail(message: string): void;
}

/** One analyser session bound to a dedicated ESD worker. */
export function useEsdAnalysis(): AnalyzerSession {
  const [state, dispatch] = useReducer(analysisReducer, initialAnalysisState);
  const client = useRef<EsdClient | null>(null);

  useEffect(() => {
    // Created in the effect (not during render) so StrictMode's double mount disposes the first one.
    const c = createBrowserEsdClient();
    client.current = c;
    return () => {
      c.dispose();
      client.current = null;
    };
  }, []);

  const analyze = useCallback((fileName: string, file: Blob, options: AnalyzeOptions) => {
    const c = client.current;
    if (!c) return 0;
    // The Blob is cloned as a handle, not copied: the worker reads it slice by slice.
    const runId = c.analyzeFile(fileName, file, options, {
      onLayer: (msg) => dispatch({ type: 'message', msg }),
      onDone: (msg) => dispatch({ type: 'message', msg }),
      onError: (msg) => dispatch({ type: 'message', msg }),
    });
    dispatch({ type: 'start', runId, fileName });
    return runId;
  }, []);

  const refit = useCallback((layer: number, target: RefitTarget, moved: boolean) => {
    client.current?.refit(layer, target, {
      onResult: (msg) => dispatch({ type: 'refit', msg, moved }),
      // A failed refit leaves the previous fit on screen; the message says why.
      onError: (msg) => dispatch({ type: 'message', msg: { ...msg, layer: msg.layer ?? String(layer) } }),
    });
  }, []);

  const select = useCallback((index: number) => dispatch({ type: 'select', index }), []);
  const fail = useCallback((message: string) => dispatch({ type: 'local-error', message }), []);

  return { state, analyze, refit, select, fail };
}
