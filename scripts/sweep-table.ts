/**
 * Print a sweep's results (the JSON `npm run sweep --out` writes) as the Markdown table of
 * docs/RESULTS.md: test metric mean ± std per ratio and schedule, TempBalance's paired gain with its
 * p-value and seeds won, and (when the runs recorded them) the α spreads at the start and end.
 *
 *   npx tsx scripts/sweep-table.ts docs/results/fno-burgers-low.json
 */
import { readFileSync } from 'node:fs';
import { aggregate, parseReportResults } from '../src/experiment/sweep';
import { runCli, UsageError } from './lib/cli';

const USAGE = `usage: npx tsx scripts/sweep-table.ts SWEEP.json
  print a sweep's results (npm run sweep --out) as the Markdown table of docs/RESULTS.md
  -h, --help               show this help`;
const file = runCli('sweep-table', USAGE, { allowPositionals: true, options: {} }, ({ positionals }) => {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one SWEEP.json, got ${positionals.length}` : 'missing SWEEP.json');
  return positionals[0];
});
const json = JSON.parse(readFileSync(file, 'utf8')) as { command?: string; wallMs?: number; jobMs?: Record<string, number> };
const results = parseReportResults(json);
const agg = aggregate(results);
const m = agg.metricName ?? 'metric';
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
const pm = (s: { mean: number; std: number; n: number }) => `${f(s.mean)} ± ${f(s.std)} (n=${s.n})`;
const better = agg.higherIsBetter ? 'TempBalance − baseline' : 'baseline − TempBalance';
const pv = (p: number) => (Number.isFinite(p) ? (p < 0.001 ? p.toExponential(1) : p.toFixed(3)) : '—');
console.log(`| ratio | baseline test ${m} | TempBalance test ${m} | gain (${better}, paired over seeds) | p (paired t) | seeds won |`);
console.log('|---|---|---|---|---|---|');
for (const r of agg.rows) console.log(`| ${r.ratio} | ${pm(r.baseline)} | ${pm(r.tempbalance)} | ${pm(r.improvement)} | ${pv(r.p)} | ${r.won}/${r.improvement.n} |`);
// α spread across the block matrices (population std) at the first and last re-estimate, mean over seeds.
if (agg.rows.some((r) => r.spread)) {
  const g = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
  const se = (s: { start: { fitted: number; corrected: number }; end: { fitted: number; corrected: number } }, k: 'fitted' | 'corrected') => `${g(s.start[k])} → ${g(s.end[k])}`;
  console.log('\nα spread across the block matrices, first → last re-estimate (mean over seeds):\n');
  console.log('| ratio | baseline, shape-corrected | TempBalance, shape-corrected | baseline, as fitted | TempBalance, as fitted |');
  console.log('|---|---|---|---|---|');
  for (const r of agg.rows) {
    if (!r.spread) continue;
    const { baseline: b, tempbalance: t } = r.spread;
    console.log(`| ${r.ratio} | ${se(b, 'corrected')} | ${se(t, 'corrected')} | ${se(b, 'fitted')} | ${se(t, 'fitted')} |`);
  }
}
const ms = results.reduce((a, r) => a + (Number.isFinite(r.ms) ? r.ms : 0), 0);
console.log(`\n${results.length} runs, ${(ms / 60_000).toFixed(1)} min of training in total${json.command ? `; command: \`${json.command}\`` : ''}`);
