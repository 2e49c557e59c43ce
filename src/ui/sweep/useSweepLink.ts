/**
 * The Sweeps view and the address bar. On mount: read a sweep link once (decodeSweepLink: the grid and a
 * notice per value that was not used as written). While shown: keep the query equal to the form's grid
 * with history.replaceState, as the Lab does with its settings, so the address bar is always a link to
 * this sweep. On leaving for another view: put back the query that was there before (the Lab's
 * settings), so the Lab never reads a sweep's query as its own (it would list ratios= and seeds= as
 * unknown settings).
 */
import { useEffect } from 'react';
import type { SweepSpec } from '../../experiment/sweep';
import { decodeSweepLink, encodeSweepLink, isSweepQuery, type DecodedSweepLink } from '../../experiment/sweepLink';

/** True while the location hash shows this view (#/sweep, also #sweep or #/sweep/…). */
export function isSweepHash(hash: string): boolean {
  return /^#\/?sweep(?:[/?]|$)/.test(hash);
}

/** The full URL of a grid: this page, the sweep's query and the Sweeps view's hash. */
export function sweepUrl(spec: SweepSpec, loc: Pick<Location, 'origin' | 'pathname'> = window.location): string {
  return `${loc.origin}${loc.pathname}?${encodeSweepLink(spec)}#/sweep`;
}

/**
 * The query to put back when the reader leaves the Sweeps view (set while it is shown, else null). The
 * listener is registered when this module loads, i.e. before the App mounts and adds its own hashchange
 * listener: listeners on one target run in registration order (Chromium ignores capture at the window
 * itself), so the query is back before React renders the next view and that view reads location.search.
 */
let restoreOnLeave: string | null = null;
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    if (restoreOnLeave === null || isSweepHash(window.location.hash)) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${restoreOnLeave}${window.location.hash}`);
    restoreOnLeave = null;
  });
}

/** The query the page was opened with and the sweep link in it (read once, when the view mounts). */
export interface SweepEntry {
  search: string;
  link: DecodedSweepLink;
}

/** Read the address bar's sweep link. Never throws (decodeSweepLink); a Lab query gives no grid. */
export function readSweepEntry(): SweepEntry {
  const search = window.location.search;
  return { search, link: decodeSweepLink(search) };
}

/**
 * Mirror `spec` (the form's grid when it is valid, else null: the address bar keeps the last valid grid)
 * into the address bar while this view is shown, and give back `entry.search` when another view is chosen.
 */
export function useSweepAddressBar(spec: SweepSpec | null, entry: SweepEntry): void {
  const query = spec ? encodeSweepLink(spec) : null;
  useEffect(() => {
    // Only runs while this view is mounted, i.e. shown (by #/sweep, or by ?view=sweep if the App routes on it).
    if (query === null) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${query}${window.location.hash}`);
  }, [query]);

  useEffect(() => {
    // What the other views should find when we leave: the query we found, unless it was a sweep's.
    restoreOnLeave = isSweepQuery(entry.search) ? '' : entry.search;
    return () => {
      restoreOnLeave = null;
    };
  }, [entry]);
}
