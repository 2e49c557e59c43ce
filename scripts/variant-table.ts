/**
 * Compare TempBalance variants against one sweep's baselines, on the validation split (settings are
 * chosen there, never on test). Each variant file is a sweep run with `--schedules tempbalance` and a
 * `--set` change that leaves the baseline runs bit-identical, so its runs pair per (ratio, seed) with
 * the baseline runs of the base file. The base file's own TempBalance runs are the first variant.
 *
 *   npx tsx scripts/variant-table.ts --base docs/results/fno-burgers-low.json \
 *     "goodness-of-fit=docs/results/investigation/fno-gof.json" … [--metric val|test]
 *
 * Prints a Markdown table: per variant and ratio, the paired gain (positive = TempBalance better) as
 * mean ± sample std over seeds, and how many seeds it won.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { meanStd, parseReportResults, type JobResult } from '../src/experiment/sweep';

const USAGE = 'usage: npx tsx scripts/variant-table.ts --base SWEEP.json [LABEL=VARIANT.json …] [--metric val|test]';
const { values, positionals } = parseArgs({ options: { base: { type: 'string' }, metric: { type: 'string', default: 'val' } }, allowPositionals: true });
if (!values.base || (values.metric !== 'val' && values.metric !== 'test')) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const metric = values.metric;
const load = (file: string): JobResult[] => parseReportResults(JSON.parse(readFileSync(file, 'utf8')));

const base = load(values.base);
const baseline = new Map(base.filter((r) => r.schedule === 'baseline').map((r) => [`${r.ratio}|${r.seed}`, r]));
const variants: [string, JobResult[]][] = [['as published', base]];
for (const p of positionals) {
  const eq = p.indexOf('=');
  if (eq <= 0) {
    process.stderr.write(`expected LABEL=FILE, got "${p}"\n${USAGE}\n`);
    process.exit(2);
  }
  variants.push([p.slice(0, eq), load(p.slice(eq + 1))]);
}

const higher = base[0]?.higherIsBetter ?? true;
const ratios = [...new Set(base.map((r) => r.ratio))].sort((a, b) => a - b);
const f = (x: number) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(4) : '—');
console.log(`| variant | ${ratios.map((r) => `ratio ${r}`).join(' | ')} |`);
console.log(`|---|${ratios.map(() => '---').join('|')}|`);
for (const [label, runs] of variants) {
  const cells = ratios.map((ratio) => {
    const diffs: number[] = [];
    for (const r of runs) {
      const b = baseline.get(`${r.ratio}|${r.seed}`);
      if (r.schedule !== 'tempbalance' || r.ratio !== ratio || !b) continue;
      diffs.push(higher ? r[metric] - b[metric] : b[metric] - r[metric]);
    }
    if (!diffs.length) return '—';
    const s = meanStd(diffs);
    return `${f(s.mean)} ± ${Number.isFinite(s.std) ? s.std.toFixed(4) : '—'} (${diffs.filter((d) => d > 0).length}/${diffs.length} won)`;
  });
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
console.log(`\nPaired ${metric} gain over the base file's baselines (${higher ? 'TempBalance − baseline' : 'baseline − TempBalance'}; positive = TempBalance better).`);
