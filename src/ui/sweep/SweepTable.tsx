/**
 * The numbers behind the sweep charts: per ratio, both schedules' test metric (mean ± sample std,
 * n seeds), TempBalance's paired improvement with its p-value and seeds won, and (with a learning-rate
 * grid) the rate validation chose per schedule; below it, every finished run. Full-precision values
 * sit in data-* attributes for e2e; the cells show 4 decimals.
 */
import type { JobResult, Stats, SweepAggregate } from '../../experiment/sweep';

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const fmtP = (p: number) => (Number.isFinite(p) ? (p < 0.001 ? p.toExponential(1) : p.toFixed(3)) : '—');

function StatsCell({ s, testid }: { s: Stats; testid: string }) {
  return (
    <td className="num" data-testid={testid} data-mean={s.mean} data-std={s.std} data-n={s.n}>
      {fmt(s.mean)} <span className="muted">± {fmt(s.std)}</span> <span className="muted">(n={s.n})</span>
    </td>
  );
}

export function SweepTable({ agg }: { agg: SweepAggregate }) {
  const name = agg.metricName ?? 'metric';
  const withLr = agg.rows.some((r) => r.lr);
  return (
    <table className="layer-table sweep-table" data-testid="sweep-table">
      <thead>
        <tr>
          <th className="num">ratio</th>
          <th className="num">baseline test {name}</th>
          <th className="num">TempBalance test {name}</th>
          <th className="num" title={agg.higherIsBetter ? 'TempBalance − baseline, per seed' : 'baseline − TempBalance, per seed'}>
            improvement
          </th>
          <th className="num" title="two-sided paired t-test of the improvement (H0: no difference)">p</th>
          <th className="num" title="seeds on which TempBalance did better, of the pairs">seeds won</th>
          {withLr && <th className="num" title="the learning rate with the best mean validation metric, per schedule">lr (baseline / TB)</th>}
        </tr>
      </thead>
      <tbody>
        {agg.rows.map((r) => (
          <tr key={r.ratio} data-testid="sweep-row" data-ratio={r.ratio}>
            <td className="num">{r.ratio}</td>
            <StatsCell s={r.baseline} testid="baseline-cell" />
            <StatsCell s={r.tempbalance} testid="tempbalance-cell" />
            <StatsCell s={r.improvement} testid="improvement-cell" />
            <td className="num" data-testid="p-cell" data-p={r.p}>{fmtP(r.p)}</td>
            <td className="num" data-testid="won-cell">{r.won}/{r.improvement.n}</td>
            {withLr && <td className="num">{r.lr ? `${r.lr.baseline} / ${r.lr.tempbalance}` : '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every finished run, in grid order (ratio, seed, schedule). */
export function RunsTable({ results }: { results: readonly JobResult[] }) {
  const rows = [...results].sort((a, b) => a.ratio - b.ratio || a.seed - b.seed || a.schedule.localeCompare(b.schedule));
  return (
    <table className="layer-table sweep-table" data-testid="runs-table">
      <thead>
        <tr>
          <th className="num">ratio</th>
          <th className="num">seed</th>
          <th>schedule</th>
          <th className="num">val</th>
          <th className="num">test</th>
          <th className="num">time</th>
          <th>note</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.jobId} data-testid="run-row">
            <td className="num">{r.ratio}</td>
            <td className="num">{r.seed}</td>
            <td>{r.schedule}</td>
            <td className="num">{fmt(r.val)}</td>
            <td className="num">{fmt(r.test)}</td>
            <td className="num">{(r.ms / 1000).toFixed(1)} s</td>
            <td className="marker--bad">{r.diverged ? `diverged: ${r.diverged}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
