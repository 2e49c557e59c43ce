// Every command-line script, as a user runs it (`node --import tsx scripts/…`), keeps the conventions
// of scripts/lib/cli.ts: --help prints the usage on stdout and exits 0; an unknown option or --set key
// is one stderr line naming it and the nearest valid name, exit 2, before any work starts. Spawns run
// two at a time (each loads tfjs); nothing here trains, downloads or writes a file.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnCli(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', script), ...args],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Name (the npm script, or for helper scripts the file's stem) → file, and a misspelt option with the
 * option it should be mistaken for. `run` is how the usage line says to start it.
 */
const CLIS: { name: string; file: string; typo: string; nearest: string; args?: string[]; run?: string }[] = [
  { name: 'analyze', file: 'analyze.ts', typo: '--formt', nearest: '--format', args: ['x.npy'] },
  { name: 'experiment', file: 'experiment.ts', typo: '--sed', nearest: '--seed' },
  { name: 'sweep', file: 'sweep.ts', typo: '--ratio', nearest: '--ratios' },
  { name: 'pretrain', file: 'pretrain.ts', typo: '--step', nearest: '--steps' },
  { name: 'pretrain:fno', file: 'pretrain-fno.ts', typo: '--backnd', nearest: '--backend' },
  { name: 'sample', file: 'make-sample.ts', typo: '--hepl', nearest: '--help' },
  { name: 'data:text', file: 'build-text-data.ts', typo: '--hlp', nearest: '--help' },
  { name: 'bench:esd', file: 'bench/esd.ts', typo: '--skip-m', nearest: '--skip-ml' },
  { name: 'bench:pde', file: 'bench/pde.ts', typo: '--samples', nearest: '--help' },
  { name: 'bench:train', file: 'bench/train.ts', typo: '--preset', nearest: '--presets' },
  { name: 'bench:gpt2', file: 'bench/gpt2.ts', typo: '--kep', nearest: '--keep' },
  { name: 'bench:backends', file: 'bench/backends.ts', typo: '--round', nearest: '--rounds' },
  { name: 'bench:train-browser', file: 'bench/train-browser.ts', typo: '--warmpu', nearest: '--warmup' },
  { name: 'bench:file', file: 'bench/file.ts', typo: '--round', nearest: '--rounds' },
  { name: 'bench:pde2d', file: 'bench/pde2d.ts', typo: '--sample', nearest: '--samples' },
  { name: 'bench:alpha-ref', file: 'bench/alpha-reference.ts', typo: '--bigg', nearest: '--big' },
  { name: 'bench:methods', file: 'bench/methods.ts', typo: '--step', nearest: '--steps', run: 'npx tsx scripts/bench/methods.ts' },
  { name: 'bench:analyze-browser', file: 'bench/analyze-browser.ts', typo: '--prot', nearest: '--port', run: 'npx tsx scripts/bench/analyze-browser.ts' },
  { name: 'sweep-table', file: 'sweep-table.ts', typo: '--hlp', nearest: '--help', run: 'npx tsx scripts/sweep-table.ts' },
  { name: 'alpha-spread', file: 'alpha-spread.ts', typo: '--hlp', nearest: '--help', run: 'npx tsx scripts/alpha-spread.ts' },
  { name: 'imbalance', file: 'imbalance.ts', typo: '--mach', nearest: '--match', args: ['x.safetensors'], run: 'npx tsx scripts/imbalance.ts' },
  { name: 'variant-table', file: 'variant-table.ts', typo: '--metrc', nearest: '--metric', run: 'npx tsx scripts/variant-table.ts' },
  { name: 'methods-table', file: 'methods-table.ts', typo: '--hlp', nearest: '--help', run: 'npx tsx scripts/methods-table.ts' },
];

const SET_TYPOS: { name: string; file: string; args: string[] }[] = [
  { name: 'experiment', file: 'experiment.ts', args: ['--preset', 'sentiment-low', '--set', 'lrr=0.01'] },
  { name: 'sweep', file: 'sweep.ts', args: ['--preset', 'sentiment-low', '--ratios', '0.1', '--seeds', '1', '--set', 'lrr=0.01'] },
];

const help = new Map<string, Run>();
const typo = new Map<string, Run>();
const setTypo = new Map<string, Run>();

beforeAll(async () => {
  const jobs: (() => Promise<void>)[] = [
    ...CLIS.map((c) => async () => void help.set(c.name, await spawnCli(c.file, ['--help']))),
    ...CLIS.map((c) => async () => void typo.set(c.name, await spawnCli(c.file, [...(c.args ?? []), c.typo]))),
    ...SET_TYPOS.map((c) => async () => void setTypo.set(c.name, await spawnCli(c.file, c.args))),
  ];
  // Two at a time: the machine's cores, without making the file slow.
  const next = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  };
  await Promise.all([next(), next()]);
}, 600_000);

/** Exit code 2, nothing on stdout, exactly one stderr line matching, no stack frames. */
function expectUsageError(r: Run, name: string, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`${name}: `)).toBe(true);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).toMatch(/; see --help$/);
}

describe.each(CLIS)('$name', ({ name, typo: wrong, nearest, run }) => {
  it('--help: usage on stdout, nothing on stderr, exit 0', () => {
    const r = help.get(name)!;
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`usage: ${run ?? `npm run ${name}`}`)).toBe(true);
    expect(r.stdout).toContain('-h, --help');
    expect(r.stderr).toBe('');
  });
  it(`${wrong}: one line naming it and ${nearest}, exit 2`, () => {
    expectUsageError(typo.get(name)!, name, new RegExp(`unknown option '${wrong}' \\(nearest: ${nearest}\\)`));
  });
});

describe.each(SET_TYPOS)('npm run $name --set with an unknown key', ({ name }) => {
  it('names the key and the nearest valid one, exit 2', () => {
    expectUsageError(setTypo.get(name)!, name, /unknown --set key 'lrr' \(nearest: lr\)/);
  });
});
