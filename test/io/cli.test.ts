// The analyze CLI as a user runs it (`node --import tsx scripts/analyze.ts ...`): output formats
// on the sample model, and exit code 2 with one stderr line — never a stack trace — for every
// kind of bad input. Spawns run concurrently to keep the file fast; the parser-level tests
// (test/io/*.test.ts, scripts/lib/analyze-args.test.ts) cover every message, these the plumbing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_COLUMNS } from '../../src/io/report';
import { FIXTURES } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'public', 'sample.safetensors');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'analyze.ts'), ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Exit code 2, exactly one stderr line, no stack frames. */
function expectOneLineError(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** A usage error: exit code 2, one stderr line pointing at --help. */
function expectUsageError(r: Run, pattern: RegExp): void {
  expectOneLineError(r, pattern);
  expect(r.stderr).toMatch(/; see --help\n$/);
}

let runs: Record<string, Run>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  const sample = readFileSync(SAMPLE);
  writeFileSync(join(dir, 'truncated.safetensors'), sample.subarray(0, sample.length - 1000));
  const huge = Buffer.from(sample.subarray(0, 64));
  huge.writeBigUInt64LE(100n * 1024n * 1024n * 1024n, 0); // a 100 GiB header claim
  writeFileSync(join(dir, 'huge-header.safetensors'), huge);
  writeFileSync(join(dir, 'only-bias.safetensors'), Buffer.from('\x08\x00\x00\x00\x00\x00\x00\x00{}      '));
  const cases: Record<string, string[]> = {
    json: [SAMPLE, '--format', 'json'],
    // The sample is below the work at which the CLI starts threads by itself: force the pool.
    json2: [SAMPLE, '--format', 'json', '--threads', '2'],
    csv3: [SAMPLE, '--format', 'csv', '--fit', 'goodness-of-fit', '--threads', '3'],
    csv: [SAMPLE, '--format', 'csv', '--fit', 'goodness-of-fit'],
    table: [SAMPLE, '--xmin-pos', '1.5', '--filter-zeros'],
    truncated: [join(dir, 'truncated.safetensors')],
    huge: [join(dir, 'huge-header.safetensors'), '--format', 'json'],
    empty: [join(dir, 'only-bias.safetensors')],
    fortran: [join(FIXTURES, 'fortran.npy')],
    extension: [join(FIXTURES, 'expected.json')],
    missing: [join(dir, 'nope.npy')],
    badFlag: [SAMPLE, '--fit', 'mle'],
  };
  const entries = await Promise.all(Object.entries(cases).map(async ([k, a]) => [k, await cli(...a)] as const));
  runs = Object.fromEntries(entries);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyze CLI output', () => {
  it('--format json prints exactly one JSON object with the spec columns', () => {
    const r = runs.json;
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { layers: Record<string, unknown>[] };
    expect(parsed.layers).toHaveLength(16);
    for (const layer of parsed.layers) expect(Object.keys(layer)).toEqual([...REPORT_COLUMNS]);
    expect(parsed.layers[0]).toMatchObject({ name: 'embed.tok', shape: [200, 64], n_eigs: 64, status: 'ok' });
    expect(parsed.layers.find((l) => l.name === 'blocks.1.conv')).toMatchObject({ shape: [3, 64, 64], n_eigs: 192 });
    expect(r.stderr).toBe('');
  });

  it('--format csv has the header and one line per layer', () => {
    const lines = runs.csv.stdout.trimEnd().split('\n');
    expect(runs.csv.code).toBe(0);
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(17);
    expect(lines[1].startsWith('embed.tok,200x64,64,')).toBe(true);
  });

  it('the default table lists every layer and the skipped tensors', () => {
    const r = runs.table;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^name +shape +n_eigs +alpha +reading/);
    expect(r.stdout).toContain('blocks.1.mlp.fc2');
    expect(r.stdout).toContain('5 tensors skipped (1-D: 5)');
  });
});

describe('analyze CLI on worker threads (--threads N)', () => {
  /** Everything but the timing column. */
  const noTime = (text: string): unknown => JSON.parse(text, (k, v) => (k === 'ms' ? undefined : v));
  it('gives the same report, in file order, whatever the number of threads', () => {
    expect(runs.json2.code).toBe(0);
    expect(noTime(runs.json2.stdout)).toEqual(noTime(runs.json.stdout));
    expect(runs.csv3.code).toBe(0);
    // CSV: identical rows except the ms column.
    const header = runs.csv.stdout.split('\n')[0].split(',');
    const msCol = header.indexOf('ms');
    const strip = (t: string): string[][] => t.trimEnd().split('\n').map((l) => l.split(',').filter((_, k) => k !== msCol));
    expect(strip(runs.csv3.stdout)).toEqual(strip(runs.csv.stdout));
  });
});

describe('analyze CLI errors: exit 2, one line, no stack trace', () => {
  it('truncated safetensors', () => expectOneLineError(runs.truncated, /truncated\.safetensors: .*run past the end of the data.*truncated\?/));
  it('100 GiB header-length claim', () => expectOneLineError(runs.huge, /exceeds the 100000000-byte limit/));
  it('file without layers', () => expectOneLineError(runs.empty, /no layers to analyse/));
  it('Fortran-order .npy', () => expectOneLineError(runs.fortran, /Fortran/));
  it('unknown extension (usage error)', () => expectUsageError(runs.extension, /unknown file extension of "expected\.json"/));
  it('missing file (usage error)', () => expectUsageError(runs.missing, /cannot open .*nope\.npy: no such file/));
  it('bad flag (usage error)', () => expectUsageError(runs.badFlag, /--fit must be one of/));
});
