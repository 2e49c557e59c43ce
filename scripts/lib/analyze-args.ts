/**
 * Command-line flags of `npm run analyze` (scripts/analyze.ts), parsed by the shared helper
 * (scripts/lib/cli.ts) and validated into typed options. Kept apart from the CLI's I/O so it can be
 * unit-tested.
 */
import type { ReportFormat } from '../../src/io/report';
import { ESTIMATORS, type Estimator, type FitMethod } from '../../src/math/types';
import { parseCliArgs, UsageError } from './cli';

export { UsageError };

/** Validated options of one CLI run. */
export interface AnalyzeArgs {
  file: string;
  fit: FitMethod;
  estimator: Estimator;
  xminPos: number;
  filterZeros: boolean;
  format: ReportFormat;
  convNorm: number;
  /** Worker threads (--threads); 0 = one per core (os.availableParallelism()). */
  threads: number;
  help: boolean;
}

export const USAGE = `usage: npm run analyze -- FILE [options]
  FILE                     a .safetensors or .npy weight file
  --fit METHOD             median (default) | goodness-of-fit | fix-finger
  --estimator E            hill (default: the layer's own ESD) | farms (fixed-aspect-ratio submatrices pooled)
  --xmin-pos X             for --fit median: xmin = i-th smallest eigenvalue, i = floor(N / X); X > 1, default 2
  --filter-zeros           drop eigenvalues below 1e-5 before fitting
  --format FORMAT          table (default) | json | csv
  --conv-norm C            scale of conv kernel slices' eigenvalues, C > 0, default 0.5
  --threads N              analyse layers on N threads (default: one per core); results do not depend on N
  -h, --help               show this help
exit codes: 0 ok, 1 internal error, 2 bad arguments or malformed file (one stderr line)`;

const FITS: readonly FitMethod[] = ['median', 'goodness-of-fit', 'fix-finger'];
const FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

/** A number flag: finite and above `min` (exclusive). */
function numberFlag(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || !(v > min)) {
    throw new UsageError(`--${name} must be a number greater than ${min}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** --threads: a whole number ≥ 1 (absent: 0, meaning one per core). */
function threadsFlag(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 1) {
    throw new UsageError(`--threads must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** Parse argv (without node and script). Throws UsageError on anything invalid. */
export function parseAnalyzeArgs(argv: string[]): AnalyzeArgs {
  const parsed = parseCliArgs(
    {
      allowPositionals: true,
      options: {
        fit: { type: 'string' },
        estimator: { type: 'string' },
        'xmin-pos': { type: 'string' },
        'filter-zeros': { type: 'boolean' },
        format: { type: 'string' },
        'conv-norm': { type: 'string' },
        threads: { type: 'string' },
      },
    },
    argv,
  );
  if (parsed === null) {
    return { file: '', fit: 'median', estimator: 'hill', xminPos: 2, filterZeros: false, format: 'table', convNorm: 0.5, threads: 0, help: true };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'missing FILE' : `expected one FILE, got ${positionals.length}`);
  }
  const fit = values.fit ?? 'median';
  if (!(FITS as readonly string[]).includes(fit)) {
    throw new UsageError(`--fit must be one of ${FITS.join(', ')}, got ${JSON.stringify(fit)}`);
  }
  const estimator = values.estimator ?? 'hill';
  if (!(ESTIMATORS as readonly string[]).includes(estimator)) {
    throw new UsageError(`--estimator must be one of ${ESTIMATORS.join(', ')}, got ${JSON.stringify(estimator)}`);
  }
  const format = values.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  return {
    file: positionals[0],
    fit: fit as FitMethod,
    estimator: estimator as Estimator,
    xminPos: numberFlag('xmin-pos', values['xmin-pos'], 2, 1),
    filterZeros: values['filter-zeros'] === true,
    format: format as ReportFormat,
    convNorm: numberFlag('conv-norm', values['conv-norm'], 0.5, 0),
    threads: threadsFlag(values.threads),
    help: false,
  };
}
