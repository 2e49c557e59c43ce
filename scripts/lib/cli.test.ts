// The shared CLI helper without processes: nearest-name hints, strict parsing with --help, --set
// pairs and number flags. test/cli/conventions.test.ts runs the real scripts.
import { describe, expect, it } from 'vitest';
import { choiceFlag, editDistance, nearest, numberFlag, parseCliArgs, parseSetPairs, UsageError } from './cli';

describe('editDistance / nearest', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('sed', 'seed')).toBe(1);
  });
  it('picks the closest candidate, the first of equals, ignoring case', () => {
    expect(nearest('--sed', ['--steps', '--seed', '--set'])).toBe('--seed');
    expect(nearest('LR', ['wd', 'lr'])).toBe('lr');
    expect(nearest('ab', ['ax', 'ay'])).toBe('ax');
    expect(nearest('x', [])).toBeUndefined();
  });
});

const CONFIG = { options: { steps: { type: 'string' }, seed: { type: 'string', default: '0' }, quiet: { type: 'boolean' } } } as const;

describe('parseCliArgs', () => {
  it('parses strictly and keeps defaults', () => {
    const r = parseCliArgs(CONFIG, ['--steps', '5', '--quiet']);
    expect(r?.values).toEqual({ steps: '5', seed: '0', quiet: true });
  });
  it('returns null for -h and --help, whatever else is given', () => {
    expect(parseCliArgs(CONFIG, ['--help'])).toBeNull();
    expect(parseCliArgs(CONFIG, ['--steps', '3', '-h'])).toBeNull();
  });
  const bad: [string[], RegExp][] = [
    [['--sed', '1'], /^unknown option '--sed' \(nearest: --seed\)$/],
    [['--Steps=2'], /^unknown option '--Steps' \(nearest: --steps\)$/],
    [['-s'], /^unknown option '-s' \(nearest: -h\)$/],
    [['--steps'], /argument missing/],
    [['--quiet=yes'], /does not take an argument/],
    [['extra'], /^Unexpected argument 'extra'\.$/],
  ];
  for (const [argv, pattern] of bad) {
    it(`refuses ${JSON.stringify(argv)} with one line`, () => {
      let err: unknown;
      try {
        parseCliArgs(CONFIG, argv);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(pattern);
      expect((err as Error).message).not.toContain('\n');
    });
  }
  it('takes positionals only when allowed', () => {
    expect(parseCliArgs({ ...CONFIG, allowPositionals: true }, ['a', '--quiet'])?.positionals).toEqual(['a']);
  });
});

describe('parseSetPairs', () => {
  const keys = ['lr', 'wd', 'steps'];
  it('splits at the first =, in order', () => {
    expect(parseSetPairs(['lr=1e-3', 'wd=a=b'], keys)).toEqual([['lr', '1e-3'], ['wd', 'a=b']]);
    expect(parseSetPairs(undefined, keys)).toEqual([]);
  });
  it('refuses a missing = or key, and an unknown key naming the nearest', () => {
    expect(() => parseSetPairs(['lr'], keys)).toThrow(/--set expects key=value, got 'lr'/);
    expect(() => parseSetPairs(['=1'], keys)).toThrow(UsageError);
    expect(() => parseSetPairs(['lrr=1'], keys)).toThrow(/^unknown --set key 'lrr' \(nearest: lr\)$/);
  });
});

describe('numberFlag', () => {
  it('passes undefined through and reads valid numbers', () => {
    expect(numberFlag('x', undefined)).toBeUndefined();
    expect(numberFlag('x', '2e-3', { min: 0 })).toBe(0.002);
    expect(numberFlag('n', '7', { integer: true, min: 1 })).toBe(7);
  });
  it('refuses blanks, non-numbers, fractions for whole numbers and values below min', () => {
    expect(() => numberFlag('x', '')).toThrow(/--x must be a number, got ''/);
    expect(() => numberFlag('x', 'abc')).toThrow(UsageError);
    expect(() => numberFlag('n', '1.5', { integer: true })).toThrow(/--n must be a whole number/);
    expect(() => numberFlag('n', '0', { integer: true, min: 1 })).toThrow(/≥ 1, got '0'/);
    expect(() => numberFlag('x', 'Infinity')).toThrow(UsageError);
  });
});

describe('choiceFlag', () => {
  it('returns a valid choice and names the nearest for a wrong one', () => {
    expect(choiceFlag('backend', 'cpu', ['wasm', 'cpu'])).toBe('cpu');
    expect(() => choiceFlag('backend', 'wsam', ['wasm', 'cpu'])).toThrow(/^--backend must be one of wasm, cpu; unknown value 'wsam' \(nearest: wasm\)$/);
  });
});
