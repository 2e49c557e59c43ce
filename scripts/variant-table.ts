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
 * mean ± sample std over seeds, and how many seeds it won. With --select, also the variant chosen per
 * ratio by its mean validation gain and its test gain (the paper tunes s_min/s_max per data ratio).
 */
import { readFileSync } from 'node:fs';
import { meanStd, parseReportResults, type JobResult } from '../src/experiment/sweep';
import { choiceFlag, runCli, UsageError } from './lib/cli';

const USAGE = `usage: npx tsx scripts/variant-table.ts --base SWEEP.json [--base MORE.json …] [LABEL=VARIANT.json[+MORE.json] …] [options]
  paired gains of TempBalance variants against one sweep's baselines, as a Markdown table
  --base FILE              the sweep whose baselines pair with every variant (repeatable)
  --metric M               val (default) | test
  --select                 also the variant chosen per ratio on validation, with its test gain
  -h, --help               show this help`;
const { values, positionals, metric } = runCli(
  'variant-table',
  USAGE,
  { allowPositionals: true, options: { base: { type: 'string', multiple: true }, metric: { type: 'string', default: 'val' }, select: { type: 'boolean' } } },
  (args) => {
    if (!args.values.base?.length) throw new UsageError('--base is required');
    return { ...args, values: { ...args.values, base: args.values.base }, metric: choiceFlag('metric', args.values.metric, ['val', 'test']) };
  },
);
const load = (file: string): JobResult[] => parseReportResults(JSON.parse(readFileSync(file, 'utf8')));

// Several --base files (e.g. extra seeds run later) are read as one sweep.
const base = values.base.flatMap(load);
const baseline = new Map(base.filter((r) => r.schedule === 'baseline').map((r) => [`${r.ratio}|${r.seed}`, r]));
const variants: [string, JobResult[]][] = [['as published', base]];
for (const p of positionals) {
  const eq = p.lastIndexOf('='); // the label may contain '=' (e.g. "unit=block"); file names do not
  if (eq <= 0) {
    process.stderr.write(`expected LABEL=FILE, got "${p}"\n${USAGE}\n`);
    process.exit(2);
  }
  variants.push([p.slice(0, eq), p.slice(eq + 1).split('+').flatMap(load)]); // LABEL=a.json+b.json: one variant in several files
}

const higher = base[0]?.higherIsBetter ?? true;
const ratios = [...new Set(base.map((r) => r.ratio))].sort((a, b) => a - b);
const f = (x: number) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(4) : '—');

/** Paired gains of one variant at one ratio (positive = TempBalance better). */
function gains(runs: readonly JobResult[], ratio: number, m: 'val' | 'test'): number[] {
  const out: number[] = [];
  for (const r of runs) {
    const b = baseline.get(`${r.ratio}|${r.seed}`);
    if (r.schedule !== 'tempbalance' || r.ratio !== ratio || !b) continue;
    out.push(higher ? r[m] - b[m] : b[m] - r[m]);
  }
  return out;
}

function cell(d: number[]): string {
  if (!d.length) return '—';
  const s = meanStd(d);
  return `${f(s.mean)} ± ${Number.isFinite(s.std) ? s.std.toFixed(4) : '—'} (${d.filter((x) => x > 0).length}/${d.length} won)`;
}

console.log(`| variant | ${ratios.map((r) => `ratio ${r}`).join(' | ')} |`);
console.log(`|---|${ratios.map(() => '---').join('|')}|`);
for (const [label, runs] of variants) console.log(`| ${label} | ${ratios.map((r) => cell(gains(runs, r, metric))).join(' | ')} |`);
console.log(`\nPaired ${metric} gain over the base file's baselines (${higher ? 'TempBalance − baseline' : 'baseline − TempBalance'}; positive = TempBalance better).`);

if (values.select) {
  // Per ratio, the variant with the best mean validation gain, and what it then does on test.
  console.log('\n| ratio | chosen on validation | its validation gain | its test gain |');
  console.log('|---|---|---|---|');
  for (const ratio of ratios) {
    let best: [string, JobResult[]] | null = null;
    let bestVal = -Infinity;
    for (const v of variants) {
      const m = meanStd(gains(v[1], ratio, 'val')).mean;
      if (m > bestVal) [best, bestVal] = [v, m];
    }
    if (best) console.log(`| ${ratio} | ${best[0]} | ${cell(gains(best[1], ratio, 'val'))} | ${cell(gains(best[1], ratio, 'test'))} |`);
  }
}
