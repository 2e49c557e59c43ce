/**
 * Headless experiments: the lab's training engine in Node.
 *
 *   npm run experiment -- --preset ID [--schedule tempbalance|baseline|both] [--ratio R] [--seed S]
 *                         [--steps N] [--backend wasm|cpu] [--set key=value …] [--format json|table]
 *   npm run experiment -- --list
 *
 * Flags become a query string and go through the same URL schema as a shared link, so every value is
 * validated and clamped the same way: a value it would ignore is a usage error, one it clamps a
 * notice on stderr. Conventions (--help, exit codes): scripts/lib/cli.ts.
 */
import { errorMessage } from '../src/io/errors';
import { PRESETS, presetOverrides } from '../src/experiment/presets';
import { KEYS } from '../src/experiment/schema';
import { decodeLink } from '../src/experiment/url';
import { inlineEsd } from '../src/train/esdInline';
import { runExperiment } from '../src/train/experiment';
import { toJsonReport, toTable } from '../src/train/report';
import { choiceFlag, parseSetPairs, runCli, unknownMessage, UsageError } from './lib/cli';
import { initNodeBackend, nodeLoaders } from './lib/node-engine';

const USAGE = `usage: npm run experiment -- --preset ID [options]
       npm run experiment -- --list
  --preset ID              a lab preset (see --list)
  --schedule S             tempbalance | baseline | both (default: the preset's)
  --ratio R                fraction of the training set, (0, 1]
  --seed S                 random seed (whole number)
  --steps N                training steps
  --set KEY=VALUE          any setting of a shared link (repeatable), e.g. --set lr=0.001
  --backend B              wasm (default) | cpu
  --format F               table (default) | json
  --quiet                  no progress lines on stderr
  --list                   list the presets and exit
  -h, --help               show this help
exit codes: 0 ok, 1 failed run, 2 bad arguments`;

const OPTIONS = {
  options: {
    preset: { type: 'string' },
    schedule: { type: 'string' },
    ratio: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    set: { type: 'string', multiple: true },
    format: { type: 'string', default: 'table' },
    list: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
} as const;

const MODES: Record<string, string> = { both: 'compare', tempbalance: 'tempbalance', baseline: 'baseline' };

async function main(): Promise<void> {
  const { args, config } = runCli('experiment', USAGE, OPTIONS, ({ values: args }) => {
    if (args.list) return { args, config: null };
    if (!args.preset) throw new UsageError('--preset is required');
    if (!presetOverrides(args.preset)) throw new UsageError(unknownMessage('preset', args.preset, PRESETS.filter((p) => p.view === 'lab').map((p) => p.id)));
    choiceFlag('format', args.format, ['json', 'table']);
    choiceFlag('backend', args.backend, ['wasm', 'cpu']);
    const params = new URLSearchParams({ preset: args.preset });
    if (args.schedule !== undefined) {
      params.set('mode', MODES[choiceFlag('schedule', args.schedule, ['tempbalance', 'baseline', 'both'])]);
    }
    for (const key of ['ratio', 'seed', 'steps'] as const) if (args[key] !== undefined) params.set(key, args[key]);
    for (const [key, value] of parseSetPairs(args.set, KEYS)) {
      if (params.has(key)) throw new UsageError(`${key} is given twice (a flag and --set, or --set twice)`);
      params.set(key, value);
    }
    // A value the schema refuses would leave the default in place: refuse the run instead.
    const { config, notices } = decodeLink(params.toString(), presetOverrides);
    const refused = notices.find((n) => n.action === 'ignored');
    if (refused) throw new UsageError(refused.message.replace(/; kept .*$/, ''));
    for (const n of notices) process.stderr.write(`notice: ${n.message}\n`);
    return { args, config };
  });
  if (config === null) {
    for (const p of PRESETS) if (p.view === 'lab') process.stdout.write(`${p.id}\t${p.summary}\n`);
    return;
  }

  const backend = await initNodeBackend(args.backend === 'cpu' ? 'cpu' : 'wasm');
  const started = Date.now();
  let lastPrint = 0;
  const report = await runExperiment(config, nodeLoaders(), inlineEsd, {
    onProgress(label, step, total) {
      if (args.quiet || Date.now() - lastPrint < 2000) return;
      lastPrint = Date.now();
      process.stderr.write(`${label}: step ${step}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    },
  });
  process.stderr.write(`backend: ${backend.name} (${backend.reason})\n`);
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(toJsonReport(report))}\n` : `${toTable(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`experiment: ${errorMessage(e)}\n`);
  process.exit(1);
});
