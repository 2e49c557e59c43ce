/**
 * The paper's Table 1 from sweeps, as the Markdown of docs/RESULTS.md: one sweep file per method (both
 * schedules, a --lrs grid chosen on validation), each compared with the plain fine-tuning sweep.
 *
 *   npx tsx scripts/methods-table.ts FT=docs/results/methods/ft.json SAM=docs/results/methods/sam.json …
 *
 * The first LABEL=FILE is FT, the reference of the "vs FT" columns. LABEL=A.json,B.json joins the runs of
 * several sweeps of one method (e.g. the smallest ratio with 10 seeds, the others with 5), which must not
 * repeat a job. Pure part: src/experiment/methodsTable.ts.
 */
import { readFileSync } from 'node:fs';
import { methodRows, type PairedGain } from '../src/experiment/methodsTable';
import { parseReportResults, type JobResult, type Stats } from '../src/experiment/sweep';
import { runCli, usageExit, UsageError } from './lib/cli';

const USAGE = `usage: npx tsx scripts/methods-table.ts FT=SWEEP.json[,SWEEP.json…] [METHOD=SWEEP.json[,…] …]
  TempBalance as an add-on to each method, and each against plain fine-tuning (the first label), as Markdown;
  a comma joins the runs of several sweeps of one method
  -h, --help               show this help`;
const files = runCli('methods-table', USAGE, { allowPositionals: true, options: {} }, ({ positionals }) => {
  if (positionals.length === 0) throw new UsageError('missing FT=SWEEP.json');
  return positionals.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new UsageError(`expected LABEL=SWEEP.json, got '${p}'`);
    const files = p.slice(eq + 1).split(',');
    if (files.some((f) => f === '')) throw new UsageError(`empty file name in '${p}'`);
    return [p.slice(0, eq), files] as const;
  });
});
const load = (file: string): JobResult[] => parseReportResults(JSON.parse(readFileSync(file, 'utf8')));
function loadAll(label: string, names: readonly string[]): JobResult[] {
  const runs = names.flatMap(load);
  const ids = runs.map((r) => `${r.ratio}|${r.seed}|${r.schedule}|${r.lr ?? ''}`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) usageExit('methods-table', `${label}: the files repeat the job ${twice} (ratio|seed|schedule|lr)`);
  return runs;
}
const methods = files.map(([label, names]) => [label, loadAll(label, names)] as const);
const rows = methodRows(methods[0][1], methods);

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
const pm = (s: Stats) => `${f(s.mean)} ± ${f(s.std)}`;
const pv = (p: number) => (Number.isFinite(p) ? (p < 0.001 ? p.toExponential(1) : p.toFixed(3)) : '—');
const gain = (g: PairedGain) => `${g.mean >= 0 ? '+' : ''}${f(g.mean)} (p ${pv(g.p)}, ${g.won}/${g.n})`;
const lr = (x: number | undefined) => (x === undefined ? '—' : String(x));
const metric = methods[0][1].find((r) => !r.error)?.metricName ?? 'metric';
console.log(`Test ${metric}, mean ± std over seeds; gains paired over seeds, positive = better (p: paired t-test; seeds won / pairs).\n`);
console.log(`| ratio | method | lr (alone / +TB) | method | method + TB | TB gain within the method | method vs FT | method + TB vs FT | method + TB vs FT + TB |`);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of [...rows].sort((a, b) => a.ratio - b.ratio)) {
  console.log(`| ${r.ratio} | ${r.method} | ${lr(r.lr?.baseline)} / ${lr(r.lr?.tempbalance)} | ${pm(r.baseline)} | ${pm(r.tempbalance)} | ${gain(r.tbGain)} | ${r.method === methods[0][0] ? '—' : gain(r.vsFt)} | ${gain(r.tbVsFt)} | ${r.method === methods[0][0] ? '—' : gain(r.tbVsFtTb)} |`);
}
