/**
 * Print a sweep's results (the JSON `npm run sweep --out` writes) as the Markdown table of
 * docs/RESULTS.md: test metric mean ± std per ratio and schedule, and TempBalance's paired gain.
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
const ms = results.reduce((a, r) => a + (Number.isFinite(r.ms) ? r.ms : 0), 0);
console.log(`\n${results.length} runs, ${(ms / 60_000).toFixed(1)} min of training in total${json.command ? `; command: \`${json.command}\`` : ''}`);
