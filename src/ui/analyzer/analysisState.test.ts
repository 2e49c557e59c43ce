/**
 * The analyser's reducer: a new run replaces the table only when its first layer arrives, so a
 * malformed file keeps the previous results; stale messages are ignored; refits replace one row.
 */
import { describe, expect, it } from 'vitest';
import type { LayerMetrics } from '../../math/types';
import type { LayerMessage } from '../../workers/protocol';
import { analysisReducer, initialAnalysisState, type AnalysisAction, type AnalysisState } from './analysisState';

function metrics(name: string, alpha: number): LayerMetrics {
  return {
    name, shape: [4, 4], status: 'ok', n_eigs: 4, alpha, xmin: 1, D: 0.1, num_pl_spikes: 2, lambda_max: 2,
    log_spectral_norm: Math.log10(2), norm: 5, log_norm: Math.log10(5), stable_rank: 2.5, alpha_weighted: alpha * Math.log10(2), ms: 1,
  };
}
const chart = { bins: [{ x: 1, density: 1, count: 1 }], fitLine: [], xmin: 1, alpha: 3 };
const layer = (runId: number, index: number, name: string): AnalysisAction => ({
  type: 'message',
  msg: { kind: 'layer', runId, index, metrics: metrics(name, 3 + index), chart, tail: { xminIndex: 1, nFit: 4 } } satisfies LayerMessage,
});
const run = (actions: AnalysisAction[], s: AnalysisState = initialAnalysisState) => actions.reduce(analysisReducer, s);

describe('analysisReducer', () => {
  it('streams rows, selects the first charted layer, and finishes', () => {
    const s = run([
      { type: 'start', runId: 1, fileName: 'a.safetensors' },
      layer(1, 0, 'x'),
      layer(1, 1, 'y'),
      { type: 'message', msg: { kind: 'done', runId: 1, layers: 2, ms: 12 } },
    ]);
    expect(s.rows.map((r) => r.metrics.name)).toEqual(['x', 'y']);
    expect(s).toMatchObject({ status: 'done', source: 'a.safetensors', selected: 0, received: 2, total: 2, sourceRunId: 1 });
  });

  it('a failed file keeps the previous table; a good one replaces it on its first layer', () => {
    const good = run([{ type: 'start', runId: 1, fileName: 'a.safetensors' }, layer(1, 0, 'x'), layer(1, 1, 'y')]);
    const failed = run([{ type: 'start', runId: 2, fileName: 'bad.npy' }, { type: 'message', msg: { kind: 'error', runId: 2, message: 'bad.npy: truncated' } }], good);
    expect(failed.rows).toBe(good.rows);
    expect(failed).toMatchObject({ status: 'failed', error: 'bad.npy: truncated', source: 'a.safetensors' });
    const next = run([{ type: 'start', runId: 3, fileName: 'b.npy' }], failed);
    expect(next.error).toBeNull();
    expect(next.rows).toBe(good.rows); // still the old rows until a layer arrives
    const replaced = run([layer(3, 0, 'z')], next);
    expect(replaced.rows.map((r) => r.metrics.name)).toEqual(['z']);
    expect(replaced.source).toBe('b.npy');
  });

  it('ignores messages of other runs and keeps per-layer errors apart from fatal ones', () => {
    const s = run([
      { type: 'start', runId: 2, fileName: 'a' },
      layer(1, 0, 'stale'),
      { type: 'message', msg: { kind: 'error', runId: 2, layer: 'w', message: 'w: bad shape' } },
    ]);
    expect(s.rows).toEqual([]);
    expect(s.layerErrors).toEqual(['w: bad shape']);
    expect(s.error).toBeNull();
  });

  it('a refit replaces only its row and marks it moved', () => {
    const s = run([{ type: 'start', runId: 1, fileName: 'a' }, layer(1, 0, 'x'), layer(1, 1, 'y')]);
    const r = analysisReducer(s, {
      type: 'refit',
      moved: true,
      msg: { kind: 'refit-result', runId: 1, seq: 1, layer: 1, metrics: metrics('y', 9), chart, tail: { xminIndex: 2, nFit: 4 } },
    });
    expect(r.rows[0]).toBe(s.rows[0]);
    expect(r.rows[1]).toMatchObject({ refitted: true, tail: { xminIndex: 2 } });
    expect(r.rows[1].metrics.alpha).toBe(9);
  });
});
