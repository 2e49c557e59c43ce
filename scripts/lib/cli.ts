/**
 * The command-line conventions every script of this repository follows (npm run analyze, experiment,
 * sweep, pretrain, pretrain:fno, sample, data:text and the benches):
 * - `-h`/`--help` prints the usage on stdout and exits 0;
 * - a usage error (unknown option, missing or malformed value, unknown `--set` key) is one stderr line
 *   naming the culprit and, for a misspelt name, the nearest valid one; exit code 2, nothing has run;
 * - anything else that fails is one stderr line and exit code 1.
 * Parsing itself (`parseCliArgs`) throws instead of exiting, so it is unit-tested without processes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad or missing flags: the CLI prints the message as one line and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Levenshtein distance (insertions, deletions, substitutions, each costing 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The candidate closest to `word` (case-insensitive edit distance; the first of equals), if any. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** "unknown X 'word' (nearest: y)", or without the hint when there is no candidate. */
export function unknownMessage(what: string, word: string, candidates: readonly string[]): string {
  const near = nearest(word, candidates);
  return `unknown ${what} '${word}'${near === undefined ? '' : ` (nearest: ${near})`}`;
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** Parsed flags and positionals of `config`, as node:util parseArgs types them (strict). */
export type CliArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T & { strict: true }>>;

/**
 * Parse `argv` strictly against `config.options` plus `-h/--help`. Returns null when help was asked
 * for; throws UsageError (one line, naming the option and the nearest valid one) on anything else wrong.
 */
export function parseCliArgs<const T extends ParseArgsConfig>(config: T, argv: readonly string[]): CliArgs<T> | null {
  const options = { ...config.options, ...HELP };
  let parsed;
  try {
    parsed = parseArgs({ ...config, options, args: [...argv], strict: true });
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) {
      const names = Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short ? [`-${o.short}`] : [])]);
      throw new UsageError(unknownMessage('option', unknown[1], names.filter((n) => n.startsWith('--') || unknown[1].length === 2)));
    }
    // Node's other messages name the option; keep their first sentence only.
    throw new UsageError(message.split('\n')[0].replace(/\. (To specify|This command) .*$/, '.'));
  }
  if ((parsed.values as { help?: boolean }).help) return null;
  return parsed as CliArgs<T>;
}

/**
 * `--set key=value` pairs, in order, checked against the valid keys: a missing `=` or an unknown key
 * is a UsageError naming it and the nearest valid key.
 */
export function parseSetPairs(pairs: readonly string[] | undefined, validKeys: readonly string[]): [string, string][] {
  return (pairs ?? []).map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got '${kv}'`);
    const key = kv.slice(0, eq);
    if (!validKeys.includes(key)) throw new UsageError(unknownMessage('--set key', key, validKeys));
    return [key, kv.slice(eq + 1)];
  });
}

/** A number flag (undefined stays undefined): finite, and whole/at-least-`min` when asked. */
export function numberFlag(name: string, raw: string | undefined, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(v) && (!opts.integer || Number.isInteger(v)) && (opts.min === undefined || v >= opts.min);
  if (!ok) {
    const kind = opts.integer ? 'a whole number' : 'a number';
    throw new UsageError(`--${name} must be ${kind}${opts.min === undefined ? '' : ` ≥ ${opts.min}`}, got '${raw}'`);
  }
  return v;
}

/** A flag that takes one of a few words: returns it typed, or a UsageError naming the nearest choice. */
export function choiceFlag<const C extends string>(name: string, raw: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(raw)) return raw as C;
  throw new UsageError(`--${name} must be one of ${choices.join(', ')}; ${unknownMessage('value', raw, choices)}`);
}

/** Print `name: message` as one stderr line and exit with code 2 (a usage error). */
export function usageExit(name: string, message: string): never {
  process.stderr.write(`${name}: ${message.replace(/\.$/, '')}; see --help\n`);
  process.exit(2);
}

/**
 * The CLI's parse step: `--help` prints `usage` on stdout and exits 0; a UsageError thrown here or by
 * `validate` exits 2 with one line. Returns the parsed arguments (or what `validate` makes of them).
 */
export function runCli<const T extends ParseArgsConfig, R = CliArgs<T>>(
  name: string,
  usage: string,
  config: T,
  validate: (args: CliArgs<T>) => R = (args) => args as R,
  argv: readonly string[] = process.argv.slice(2),
): R {
  try {
    const args = parseCliArgs(config, argv);
    if (args === null) {
      process.stdout.write(`${usage.trimEnd()}\n`);
      process.exit(0);
    }
    return validate(args);
  } catch (e) {
    if (e instanceof UsageError) usageExit(name, e.message);
    throw e;
  }
}
