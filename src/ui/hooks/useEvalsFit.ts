/**
 * React glue for re-fitting ESDs the page already holds (the Lab's latest re-estimate): a main-thread
 * ESD client of its own, created on the first request (a Lab that is never asked for a re-fit starts
 * no extra worker) and terminated on unmount. The fit itself runs in the ESD worker (`fit-evals`).
 */
import { useCallback, useEffect, useRef } from 'react';
import { createBrowserEsdClient, type EsdClient, type FitEvalsInput } from '../../workers/esdClient';
import type { ErrorMessage, RefitResultMessage } from '../../workers/protocol';

/**
 * Send one fit request. Only the newest request's reply is delivered (a slider drag sends many);
 * `onError` gets a failed fit (the caller keeps the previous one on screen).
 */
export type FitEvals = (req: FitEvalsInput, onResult: (msg: RefitResultMessage) => void, onError: (msg: ErrorMessage) => void) => void;

export function useEvalsFit(): FitEvals {
  const client = useRef<EsdClient | null>(null);
  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );
  return useCallback<FitEvals>((req, onResult, onError) => {
    client.current ??= createBrowserEsdClient();
    client.current.fitEvals(req, { onResult, onError });
  }, []);
}
