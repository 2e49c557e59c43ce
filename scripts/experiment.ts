/**
 * Headless experiments: the lab's training engine in Node.
 *
 *   npm run experiment -- --preset ID [--schedule tempbalance|baseline|both] [--ratio R] [--seed S]
 *                         [--steps N] [--backend wasm|cpu] [--set key=value …] [--format json|table]
 *   npm run experiment -- --list
 *
 * Flags become a query string and go through the same URL schema as a shared link, so every value is
 * validated and clamped the same way (notices go to stderr).
 */
import { errorMessage } from '../src/io/errors';
import { parseArgs } from 'node:util';
import { PRESETS, presetOverrides } from '../src/experiment/presets';
import { decodeLink } from '../src/experiment/url';
import { inlineEsd } from '../src/train/esdInline';
import { runExperiment } from '../src/train/experiment';
import { toJsonReport, toTable } from '../src/train/report';
import { initNodeBackend, nodeLoaders } from './lib/node-engine';

const USAGE = 'usage: npm run experiment -- --preset ID [--schedule tempbalance|baseline|both] [--ratio R] [--seed S] [--steps N] [--backend wasm|cpu] [--set key=value] [--format json|table] | --list';

function fail(msg: string): never {
  process.stderr.write(`experiment: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
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
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (args.list) {
    for (const p of PRESETS) if (p.view === 'lab') process.stdout.write(`${p.id}\t${p.summary}\n`);
    return;
  }
  if (!args.preset) fail('--preset is required');
  if (!presetOverrides(args.preset)) fail(`unknown preset "${args.preset}" (see --list)`);
  if (args.format !== 'json' && args.format !== 'table') fail(`--format must be json or table`);
  const params = new URLSearchParams({ preset: args.preset });
  const modes: Record<string, string> = { both: 'compare', tempbalance: 'tempbalance', baseline: 'baseline' };
  if (args.schedule !== undefined) {
    if (!modes[args.schedule]) fail(`--schedule must be tempbalance, baseline or both`);
    params.set('mode', modes[args.schedule]);
  }
  for (const key of ['ratio', 'seed', 'steps'] as const) if (args[key] !== undefined) params.set(key, args[key]);
  for (const kv of args.set ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) fail(`--set expects key=value, got "${kv}"`);
    params.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const { config, notices } = decodeLink(params.toString(), presetOverrides);
  for (const n of notices) process.stderr.write(`notice: ${n.message}\n`);
  if (notices.some((n) => n.action === 'ignored')) process.exitCode = 0;

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
