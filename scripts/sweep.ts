/**
 * Headless sweeps: data ratios × seeds × {baseline, TempBalance} on top of a preset, run one job after
 * another in this process (wasm backend), the way the paper's Figures 3 and 4 are made.
 *
 *   npm run sweep -- --preset ID --ratios 0.02,0.05,0.1,0.5 --seeds 1,2,3 [--steps N] [--lrs LR1,LR2,…] [--set key=value …]
 *                    [--out FILE] [--resume] [--backend wasm|cpu] [--schedules baseline,tempbalance] [--jobs N] [--quiet]
 *
 * --lrs 1e-3,3e-3 is the authors' learning-rate choice: every (ratio, seed, schedule) runs at each rate,
 * and the aggregate keeps per ratio and schedule the rate with the best mean validation metric
 * (src/experiment/sweep.ts selectByValidation); the test numbers reported are those of that rate.
 *
 * --jobs N runs N jobs at once in N child processes (scripts/lib/sweep-pool.ts; at most the machine's
 * cores); the results are the same as one after another, only sooner.
 *
 * Flags go through the same URL schema as a shared link (expandGrid → decodeLink), so values are
 * validated and clamped the same way; notices go to stderr. The --out JSON is rewritten after every job,
 * so an interrupted sweep loses at most the job in flight; --resume skips the jobs already in it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/io/errors';
import { presetOverrides } from '../src/experiment/presets';
import {
  aggregate,
  expandGrid,
  parseNumberList,
  parseReportResults,
  pendingJobs,
  reportJson,
  sweepReport,
  timeLeftMs,
  type JobResult,
  SWEEP_SCHEDULES,
  type SweepJob,
  type SweepSchedule,
  type SweepSpec,
} from '../src/experiment/sweep';
import { initNodeBackend, nodeLoaders } from './lib/node-engine';
import { runSweepJob } from './lib/sweep-job';
import { runPool, type PoolEvents } from './lib/sweep-pool';

const USAGE =
  'usage: npm run sweep -- --preset ID --ratios R1,R2,… --seeds S1,S2,… [--steps N] [--lrs LR1,LR2,…] [--set key=value] [--out FILE] [--resume] [--backend wasm|cpu] [--schedules baseline,tempbalance] [--jobs N] [--quiet]';

function fail(msg: string): never {
  process.stderr.write(`sweep: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parseCli() {
  let args;
  try {
    args = parseArgs({
      options: {
        preset: { type: 'string' },
        ratios: { type: 'string' },
        seeds: { type: 'string' },
        steps: { type: 'string' },
        lrs: { type: 'string' },
        set: { type: 'string', multiple: true },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        backend: { type: 'string', default: 'wasm' },
        quiet: { type: 'boolean' },
        schedules: { type: 'string', default: SWEEP_SCHEDULES.join(',') },
        jobs: { type: 'string', default: '1' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (!args.preset) fail('--preset is required');
  if (!presetOverrides(args.preset)) fail(`unknown preset "${args.preset}" (see npm run experiment -- --list)`);
  if (!args.ratios) fail('--ratios is required');
  if (!args.seeds) fail('--seeds is required');
  if (args.resume && !args.out) fail('--resume needs --out (the file whose finished jobs are skipped)');
  if (args.backend !== 'wasm' && args.backend !== 'cpu') fail('--backend must be wasm or cpu');
  const ratios = parseNumberList(args.ratios, '--ratios');
  if (ratios.error) fail(ratios.error);
  const seeds = parseNumberList(args.seeds, '--seeds', { integer: true });
  if (seeds.error) fail(seeds.error);
  let steps: number | undefined;
  if (args.steps !== undefined) {
    steps = Number(args.steps);
    if (!Number.isInteger(steps) || steps < 1) fail(`--steps must be a positive whole number, got "${args.steps}"`);
  }
  // The authors' protocol: every grid value runs; per ratio and schedule the best on validation is kept.
  const lrs = args.lrs !== undefined ? parseNumberList(args.lrs, '--lrs') : undefined;
  if (lrs?.error) fail(lrs.error);
  const overrides: Record<string, string> = {};
  for (const kv of args.set ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) fail(`--set expects key=value, got "${kv}"`);
    overrides[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const schedules = args.schedules.split(',').map((s) => s.trim());
  const unknown = schedules.filter((s) => !(SWEEP_SCHEDULES as readonly string[]).includes(s));
  if (unknown.length || !schedules.length) fail(`--schedules takes a list of ${SWEEP_SCHEDULES.join(', ')}; got "${args.schedules}"`);
  const jobs = Number(args.jobs);
  const cores = availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > cores) fail(`--jobs must be a whole number from 1 to ${cores} (this machine's cores), got "${args.jobs}"`);
  const spec: SweepSpec = { preset: args.preset, ratios: ratios.values, seeds: seeds.values, ...(steps !== undefined ? { steps } : {}), ...(lrs ? { lrs: lrs.values } : {}), ...(Object.keys(overrides).length ? { overrides } : {}) };
  return { spec, jobs, schedules: schedules as SweepSchedule[], out: args.out, resume: !!args.resume, backend: args.backend as 'wasm' | 'cpu', quiet: !!args.quiet };
}

/**
 * Results of an earlier --out file that belong to this grid (others are dropped with a notice), and the
 * wall time already spent on it, so a resumed sweep's wallMs is its total over all invocations.
 */
function previousResults(file: string, jobs: readonly SweepJob[]): { results: JobResult[]; wallMs: number } {
  if (!existsSync(file)) return { results: [], wallMs: 0 };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`--resume: ${file} is not a sweep JSON (${(e as Error).message})`);
  }
  const ids = new Set(jobs.map((j) => j.id));
  const all = parseReportResults(json);
  const mine = all.filter((r) => ids.has(r.jobId) && !r.error);
  if (mine.length < all.length) process.stderr.write(`notice: ${all.length - mine.length} result(s) in ${file} are not (successful) jobs of this grid; they will be dropped\n`);
  const prior = (json as { wallMs?: unknown }).wallMs;
  return { results: mine, wallMs: typeof prior === 'number' && Number.isFinite(prior) && prior > 0 ? prior : 0 };
}

/** Write atomically (temp file + rename): a crash mid-write never corrupts the results so far. */
function writeOut(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const pm = (s: { mean: number; std: number; n: number }) => `${fmt(s.mean)} ± ${fmt(s.std)} (n=${s.n})`;

/** The final table: per ratio, both schedules' test metric and TempBalance's paired gain. */
function table(results: readonly JobResult[]): string {
  const agg = aggregate(results);
  const head = ['ratio', `baseline test ${agg.metricName ?? ''}`, `tempbalance test ${agg.metricName ?? ''}`, `gain (${agg.higherIsBetter ? 'tb − base' : 'base − tb'})`];
  const rows = agg.rows.map((r) => [String(r.ratio), pm(r.baseline), pm(r.tempbalance), pm(r.improvement)]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const { spec, jobs: parallel, schedules, out, resume, backend, quiet } = parseCli();
  const { jobs, notices } = expandGrid(spec, presetOverrides);
  for (const n of notices) process.stderr.write(`notice: ${n.message}\n`);
  const previous = resume && out ? previousResults(out, jobs) : { results: [], wallMs: 0 };
  const results: JobResult[] = previous.results;
  // --schedules tempbalance runs only one half of the grid: a variant of TempBalance's settings leaves the
  // baseline runs unchanged, so they can be paired with an earlier sweep's (scripts/variant-table.ts).
  const todo = pendingJobs(jobs, results).filter((j) => schedules.includes(j.schedule));
  process.stderr.write(`sweep: ${jobs.length} jobs (${spec.ratios.length} ratios × ${spec.seeds.length} seeds${spec.lrs ? ` × ${spec.lrs.length} learning rates` : ''} × 2 schedules), ${todo.length} to run${parallel > 1 ? `, ${parallel} at a time` : ''}\n`);

  const command = `npm run sweep -- ${process.argv.slice(2).join(' ')}`;
  const started = Date.now();
  let backendName: string = backend;
  const save = () => out && writeOut(out, reportJson(sweepReport(spec, jobs, results, { wallMs: previous.wallMs + Date.now() - started, command, backend: backendName })));
  const durations: number[] = [];
  const tagOf = new Map(todo.map((job, k) => [job.id, `[${k + 1}/${todo.length}] ratio ${job.ratio} seed ${job.seed} ${job.schedule}`]));
  let lastPrint = 0;
  const events: PoolEvents = {
    onProgress(job, step, total) {
      if (quiet || Date.now() - lastPrint < 5000) return;
      lastPrint = Date.now();
      process.stderr.write(`${tagOf.get(job.id)}: step ${step}/${total}\n`);
    },
    onResult(job, result) {
      results.push(result);
      durations.push(result.ms);
      save();
      const left = timeLeftMs(durations, todo.length - durations.length, parallel) ?? 0;
      process.stderr.write(`${tagOf.get(job.id)}: test ${result.metricName} ${fmt(result.test)} in ${(result.ms / 1000).toFixed(1)} s${result.diverged ? ' (DIVERGED)' : ''}; ~${Math.round(left / 1000)} s left\n`);
    },
    onFailed(job, message) {
      // A failed job is reported and skipped (not stored), so --resume retries it.
      process.stderr.write(`${tagOf.get(job.id)}: FAILED: ${message}\n`);
      process.exitCode = 1;
    },
  };

  if (parallel > 1) {
    await runPool(todo, parallel, backend, { ...events, onReady: (_w, name) => (backendName = name) });
  } else {
    const active = await initNodeBackend(backend);
    backendName = active.name;
    process.stderr.write(`backend: ${active.name} (${active.reason})\n`);
    const loaders = nodeLoaders();
    for (const job of todo) {
      try {
        events.onResult(job, await runSweepJob(job, loaders, (step, total) => events.onProgress?.(job, step, total)));
      } catch (e) {
        events.onFailed(job, errorMessage(e));
      }
    }
  }
  save();
  process.stderr.write(`sweep: done in ${((Date.now() - started) / 1000).toFixed(1)} s${out ? `; wrote ${out}` : ''}\n`);
  process.stdout.write(`${table(results)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`sweep: ${errorMessage(e)}\n`);
  process.exit(1);
});
