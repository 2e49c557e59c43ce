/**
 * `npm run analyze -- FILE [--fit ...] [--xmin-pos X] [--filter-zeros] [--format table|json|csv] [--threads N]`
 *
 * HT-SR analysis of a weight file from the command line: every layer's ESD and power-law metrics
 * (src/math/analyze.ts), printed as an aligned table, CSV or one JSON object. The file is
 * streamed tensor by tensor (src/io/weights.ts over a FileHandle source), so memory stays near
 * one tensor plus its analysis. With more than one thread (default: one per core) the layers are
 * analysed on worker threads, largest first, within a memory bound (lib/analyze-pool.ts); the report
 * is the same, in file order, whatever the number of threads. Exit codes: 0 ok; 2 bad arguments, missing or malformed file
 * (one line on stderr, never a stack trace); 1 an unexpected internal error (also one line).
 * Usage, formats and the shape rule: docs/CLI.md.
 */
import { errorMessage } from '../src/io/errors';
import { availableParallelism } from 'node:os';
import { WeightsFormatError } from '../src/io/errors';
import { inOrder } from '../src/io/layerPool';
import {
  JSON_CLOSE,
  JSON_OPEN,
  csvHeader,
  csvRow,
  jsonRow,
  tableHeader,
  tableLayout,
  tableRow,
} from '../src/io/report';
import { detectFormat, inspectWeights, readWeights } from '../src/io/weights';
import type { WeightsInfo } from '../src/io/weights';
import { analyzeTensor, type AnalyzeOptions } from '../src/math/analyze';
import { DEFAULT_FIT_OPTIONS, type LayerMetrics } from '../src/math/types';
import { USAGE, UsageError, parseAnalyzeArgs } from './lib/analyze-args';
import { usageExit } from './lib/cli';
import type { AnalyzeArgs } from './lib/analyze-args';
import { analyzeOnThreads, chooseThreads } from './lib/analyze-pool';
import { openFileSource } from './lib/file-source';
import type { FileSource } from './lib/file-source';

/** Write to stdout, waiting for the pipe to drain so a 1000-layer report does not pile up in memory. */
function out(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/** Open the file, turning fs errors into one-line messages (they are the user's problem, exit 2). */
async function open(file: string): Promise<FileSource> {
  try {
    return await openFileSource(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`cannot open ${file}: ${why}`);
  }
}

/** "2 tensors skipped (1-D: 1, dtype I64: 1)", or '' when none were. */
function skippedSummary(info: WeightsInfo): string {
  const counts = new Map<string, number>();
  for (const t of info.tensors) {
    if (!t.layer) counts.set(t.skipReason ?? '?', (counts.get(t.skipReason ?? '?') ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const parts = [...counts].map(([why, n]) => `${why}: ${n}`).join(', ');
  return `${total} tensor${total === 1 ? '' : 's'} skipped (${parts})`;
}

/** Analyse every layer and print the report. */
async function run(args: AnalyzeArgs): Promise<void> {
  try {
    detectFormat(args.file); // unknown extension: fail before touching the file system
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const src = await open(args.file);
  try {
    const info = await inspectWeights(args.file, src);
    const layers = info.tensors.filter((t) => t.layer);
    if (layers.length === 0) {
      throw new WeightsFormatError(`no layers to analyse: ${skippedSummary(info) || 'the file holds no tensors'}`);
    }
    const opts: AnalyzeOptions = { ...DEFAULT_FIT_OPTIONS, estimator: args.estimator, fit: args.fit, xminPos: args.xminPos, filterZeros: args.filterZeros, convNorm: args.convNorm };
    const table = tableLayout(layers.map((t) => t.name), layers.map((t) => t.shape));
    const json: string[] = [];
    if (args.format === 'table') await out(tableHeader(table) + '\n');
    if (args.format === 'csv') await out(csvHeader() + '\n');
    const progress = process.stderr.isTTY === true;
    let done = 0;
    // Rows are printed in file order whatever order the layers finish in.
    let printed: Promise<void> = Promise.resolve();
    const emit = inOrder<LayerMetrics>((_, metrics) => {
      if (args.format === 'json') json.push(jsonRow(metrics));
      else {
        const row = (args.format === 'csv' ? csvRow(metrics) : tableRow(table, metrics)) + '\n';
        printed = printed.then(() => out(row));
      }
    });
    const report = (k: number, name: string, shape: number[], metrics: LayerMetrics): void => {
      done++;
      if (progress) process.stderr.write(`\r\x1b[K[${done}/${layers.length}] ${name} ${shape.join('x')}`);
      emit(k, metrics);
    };
    const threads = chooseThreads(layers, args.threads, availableParallelism());
    if (threads > 1) {
      await analyzeOnThreads(layers, src, opts, threads, (k, m) => report(k, m.name, layers[k].shape, m));
    } else {
      let k = 0;
      for await (const t of readWeights(args.file, src, info)) {
        // Report the shape as stored in the file; the analysis ran on the [k, c_in, c_out] view.
        report(k++, t.name, t.fileShape, { ...analyzeTensor(t, opts).metrics, shape: t.fileShape });
        await printed; // stdout back-pressure: one layer's row at a time
      }
    }
    await printed;
    if (progress) process.stderr.write('\r\x1b[K');
    // JSON is printed only when complete: stdout then holds exactly one object, or nothing.
    if (args.format === 'json') await out(`${JSON_OPEN}${json.join(',\n')}${JSON_CLOSE}\n`);
    const skipped = skippedSummary(info);
    if (args.format === 'table' && skipped) await out(`\n${skipped}\n`);
  } finally {
    await src.close();
  }
}

/** Entry point: everything that goes wrong ends as one stderr line and an exit code. */
async function main(): Promise<void> {
  // `tsx analyze.ts | head` closes stdout early: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  let file = '';
  try {
    const args = parseAnalyzeArgs(process.argv.slice(2));
    file = args.file;
    if (args.help) {
      await out(USAGE + '\n');
      return;
    }
    await run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      usageExit('analyze', e.message);
    } else if (e instanceof WeightsFormatError) {
      process.stderr.write(`analyze: ${file}: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      const msg = errorMessage(e);
      process.stderr.write(`analyze: internal error: ${msg.split('\n')[0]}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
