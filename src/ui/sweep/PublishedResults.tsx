/**
 * The numbers behind a published sweep, shown when the form holds its exact grid and this browser has
 * no runs of it yet: the same charts and table as a live sweep, from docs/results/<id>.json (bundled as
 * a lazy chunk per file), so a reader sees what we measured before deciding to spend ~25 min rerunning it.
 */
import { errorMessage } from '../../io/errors';
import { useEffect, useMemo, useState } from 'react';
import type { PublishedSweep } from '../../experiment/publishedSweeps';
import { aggregate, parseReportResults, type JobResult } from '../../experiment/sweep';
import { SweepCharts } from './SweepCharts';
import { SweepTable } from './SweepTable';

const FILES = import.meta.glob<unknown>('../../../docs/results/*.json', { import: 'default' });

/** The results of docs/results/<id>.json; null when there is no such file. */
export async function loadPublishedResults(id: string): Promise<JobResult[] | null> {
  const load = FILES[`../../../docs/results/${id}.json`];
  return load ? parseReportResults(await load()) : null;
}

export function PublishedResults({ published }: { published: PublishedSweep }) {
  const [loaded, setLoaded] = useState<{ id: string; results: JobResult[] | null; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    loadPublishedResults(published.id).then(
      (results) => live && setLoaded({ id: published.id, results }),
      (e: unknown) => live && setLoaded({ id: published.id, results: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [published.id]);
  const current = loaded?.id === published.id ? loaded : null;
  const agg = useMemo(() => (current?.results ? aggregate(current.results) : null), [current]);

  if (!current) return <p className="muted">Loading the published numbers…</p>;
  if (!agg) return <p className="error">The published numbers could not be read{current.error ? `: ${current.error}` : ''}.</p>;
  return (
    <section className="published-results" data-testid="published-results" aria-label="Published results">
      <h2>
        Published result <span className="muted">— docs/RESULTS.md, “{published.section.split(' — ')[0]}”: measured in Node (wasm), {published.runs} runs. Press Start to rerun it here.</span>
      </h2>
      <SweepCharts agg={agg} />
      <section className="panel sweep-numbers">
        <SweepTable agg={agg} />
      </section>
    </section>
  );
}
