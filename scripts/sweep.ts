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
 * Past one machine (docs/CLUSTER.md): --shard K/N runs the K-th of N disjoint parts of the grid (or the
 * part a Slurm job array / Kubernetes Indexed Job assigns through SLURM_ARRAY_TASK_ID or
 * JOB_COMPLETION_INDEX, with --shards N); `npm run sweep -- --merge OUT FILE…` merges the parts.
 *
 * Flags go through the same URL schema as a shared link (expandGrid → decodeLink), so values are
 * validated and clamped the same way: a value it would ignore is a usage error (exit 2, nothing runs),
 * one it clamps a notice on stderr. The --out JSON is rewritten after every job, so an interrupted
 * sweep loses at most the job in flight; --resume skips the jobs already in it.
 * Conventions (--help, exit codes): scripts/lib/cli.ts.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { errorMessage } from '../src/io/errors';
import { PRESETS, presetOverrides } from '../src/experiment/presets';
import { KEYS } from '../src/experiment/schema';
import {
  aggregate,
  expandGrid,
  GRID_KEYS,
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
import { choiceFlag, numberFlag, parseSetPairs, runCli, unknownMessage, UsageError, usageExit } from './lib/cli';
import { parseShard, shardFromEnv, shardJobs, type Shard } from '../src/experiment/shard';
import { initNodeBackend, nodeLoaders } from './lib/node-engine';
import { appVersion, mergeFiles, mergeSummary } from './lib/sweep-merge';
import { runSweepJob } from './lib/sweep-job';
import { runPool, type PoolEvents } from './lib/sweep-pool';

const USAGE = `usage: npm run sweep -- --preset ID --ratios R1,R2,… --seeds S1,S2,… [options]
  --preset ID              a lab preset (npm run experiment -- --list)
  --ratios LIST            training-set fractions, e.g. 0.02,0.05,0.1
  --seeds LIST             random seeds (whole numbers), e.g. 1,2,3
  --steps N                training steps of every job (default: the preset's)
  --lrs LIST               learning rates; each runs, the best on validation is kept per ratio and schedule
  --set KEY=VALUE          any setting of a shared link except ratio, seed, mode (repeatable)
  --out FILE               write the sweep JSON here, rewritten after every job
  --resume                 skip the jobs already in --out
  --backend B              wasm (default) | cpu
  --schedules LIST         baseline,tempbalance (default) or one of them
  --jobs N                 jobs at once, in child processes (default 1, at most the cores)
  --quiet                  no progress lines on stderr
  --shard K/N              run only the K-th of N disjoint parts of the grid (docs/CLUSTER.md)
  --shards N               N parts, K from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX
  -h, --help               show this help
       npm run sweep -- --merge OUT SHARD.json…   merge shard files (exit 1 if jobs are missing)
exit codes: 0 ok, 1 a job failed, 2 bad arguments`;

const OPTIONS = {
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
    shard: { type: 'string' },
    shards: { type: 'string' },
  },
} as const;

function fail(msg: string): never {
  return usageExit('sweep', msg);
}

/** Flags → the sweep's grid and options; every mistake is a UsageError (exit 2 before any job runs). */
function parseCli() {
  return runCli('sweep', USAGE, OPTIONS, ({ values: args }) => {
    if (!args.preset) throw new UsageError('--preset is required');
    if (!presetOverrides(args.preset)) throw new UsageError(unknownMessage('preset', args.preset, PRESETS.filter((p) => p.view === 'lab').map((p) => p.id)));
    if (!args.ratios) throw new UsageError('--ratios is required');
    if (!args.seeds) throw new UsageError('--seeds is required');
    if (args.resume && !args.out) throw new UsageError('--resume needs --out (the file whose finished jobs are skipped)');
    choiceFlag('backend', args.backend, ['wasm', 'cpu']);
    const ratios = parseNumberList(args.ratios, '--ratios');
    if (ratios.error) throw new UsageError(ratios.error);
    const seeds = parseNumberList(args.seeds, '--seeds', { integer: true });
    if (seeds.error) throw new UsageError(seeds.error);
    const steps = numberFlag('steps', args.steps, { integer: true, min: 1 });
    // The authors' protocol: every grid value runs; per ratio and schedule the best on validation is kept.
    const lrs = args.lrs !== undefined ? parseNumberList(args.lrs, '--lrs') : undefined;
    if (lrs?.error) throw new UsageError(lrs.error);
    const overrides: Record<string, string> = {};
    for (const [key, value] of parseSetPairs(args.set, KEYS)) {
      if (key in overrides) throw new UsageError(`--set ${key} is given twice`);
      if ((GRID_KEYS as readonly string[]).includes(key)) throw new UsageError(`--set ${key}: the grid sets it (--ratios, --seeds, --schedules)`);
      overrides[key] = value;
    }
    const schedules = args.schedules.split(',').map((s) => s.trim());
    const unknown = schedules.filter((s) => !(SWEEP_SCHEDULES as readonly string[]).includes(s));
    if (unknown.length || !schedules.length) throw new UsageError(`--schedules takes a list of ${SWEEP_SCHEDULES.join(', ')}; got '${args.schedules}'`);
    const jobs = Number(args.jobs);
    const cores = availableParallelism();
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > cores) throw new UsageError(`--jobs must be a whole number from 1 to ${cores} (this machine's cores), got '${args.jobs}'`);
    const spec: SweepSpec = { preset: args.preset, ratios: ratios.values, seeds: seeds.values, ...(steps !== undefined ? { steps } : {}), ...(lrs ? { lrs: lrs.values } : {}), ...(Object.keys(overrides).length ? { overrides } : {}) };
    // A setting the grid would ignore (a grid key, or a value the schema refuses) is refused here.
    const grid = expandGrid(spec, presetOverrides);
    const refused = grid.notices.find((n) => n.action === 'ignored');
    if (refused) throw new UsageError(refused.message.replace(/; kept .*$/, ''));
    const shard = resolveShard(args.shard, args.shards);
    if (shard && !args.out) throw new UsageError('a shard needs --out FILE (each shard writes its own file; merge them with --merge)');
    return { spec, grid, jobs, shard, schedules: schedules as SweepSchedule[], out: args.out, resume: !!args.resume, backend: args.backend as 'wasm' | 'cpu', quiet: !!args.quiet };
  });
}

/** The shard to run: --shard K/N, else the scheduler's environment (with --shards N), else the whole grid. */
function resolveShard(flag: string | undefined, shardsFlag: string | undefined): Shard | null {
  let shards: number | undefined;
  if (shardsFlag !== undefined) {
    shards = Number(shardsFlag);
    if (!Number.isInteger(shards) || shards < 1) fail(`--shards must be a positive whole number, got "${shardsFlag}"`);
  }
  if (flag !== undefined) {
    if (shards !== undefined) fail('give either --shard K/N or --shards N (with the index from the environment), not both');
    const { shard, error } = parseShard(flag);
    if (!shard) fail(error ?? 'bad --shard');
    return shard;
  }
  const fromEnv = shardFromEnv(process.env, shards);
  if (fromEnv === null) {
    if (shards !== undefined) fail('--shards N needs SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX in the environment (or use --shard K/N)');
    return null;
  }
  if ('error' in fromEnv) fail(fromEnv.error);
  process.stderr.write(`sweep: shard ${fromEnv.shard.index}/${fromEnv.shard.count} from ${fromEnv.source}\n`);
  return fromEnv.shard;
}

/** `--merge OUT FILE…`: merge shard reports; exit 1 (after writing OUT) when jobs are missing. */
function mergeMain(argv: string[]): void {
  const [out, ...files] = argv;
  if (!out || files.length === 0) fail('--merge expects OUT FILE… (the merged file, then one or more shard files)');
  if (files.includes(out)) fail(`--merge: the output ${out} is also an input`);
  let merged;
  try {
    merged = mergeFiles(out, files, `npm run sweep -- ${process.argv.slice(2).join(' ')}`);
  } catch (e) {
    process.stderr.write(`sweep: --merge: ${(e as Error).message}\n`);
    process.exit(2);
  }
  for (const line of mergeSummary(out, files, merged)) process.stderr.write(`${line}\n`);
  process.stdout.write(`${table(merged.report.results)}\n`);
  if (merged.missing.length) process.exitCode = 1;
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
  const argv = process.argv.slice(2);
  if (argv[0] === '--merge') return mergeMain(argv.slice(1));
  if (argv.includes('--merge')) fail('--merge must come first: npm run sweep -- --merge OUT FILE…');
  const { spec, grid, jobs: parallel, shard, schedules, out, resume, backend, quiet } = parseCli();
  const { jobs, notices } = grid;
  for (const n of notices) process.stderr.write(`notice: ${n.message}\n`);
  const previous = resume && out ? previousResults(out, jobs) : { results: [], wallMs: 0 };
  const results: JobResult[] = previous.results;
  // --schedules tempbalance runs only one half of the grid: a variant of TempBalance's settings leaves the
  // baseline runs unchanged, so they can be paired with an earlier sweep's (scripts/variant-table.ts).
  // A shard is a fixed part of the whole grid (before --resume and --schedules), so every shard of one
  // command line agrees on who runs what.
  const mine = shard ? new Set(shardJobs(jobs, shard).map((j) => j.id)) : null;
  const todo = pendingJobs(jobs, results).filter((j) => schedules.includes(j.schedule) && (!mine || mine.has(j.id)));
  const part = shard ? `; shard ${shard.index}/${shard.count} has ${mine?.size ?? 0}` : '';
  process.stderr.write(`sweep: ${jobs.length} jobs (${spec.ratios.length} ratios × ${spec.seeds.length} seeds${spec.lrs ? ` × ${spec.lrs.length} learning rates` : ''} × 2 schedules)${part}, ${todo.length} to run${parallel > 1 ? `, ${parallel} at a time` : ''}\n`);

  const command = `npm run sweep -- ${process.argv.slice(2).join(' ')}`;
  const started = Date.now();
  let backendName: string = backend;
  const app = appVersion();
  const save = () => out && writeOut(out, reportJson(sweepReport(spec, jobs, results, { wallMs: previous.wallMs + Date.now() - started, command, backend: backendName, app, ...(shard ? { shard } : {}) })));
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
