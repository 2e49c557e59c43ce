// Flag parsing of the analyze CLI: defaults, every flag, and UsageError on anything invalid.
import { describe, expect, it } from 'vitest';
import { UsageError, parseAnalyzeArgs } from './analyze-args';

describe('parseAnalyzeArgs', () => {
  it('defaults', () => {
    expect(parseAnalyzeArgs(['m.safetensors'])).toEqual({
      file: 'm.safetensors', fit: 'median', estimator: 'hill', xminPos: 2, filterZeros: false, format: 'table', convNorm: 0.5, threads: 0, help: false,
    });
  });
  it('every flag, in any position', () => {
    expect(parseAnalyzeArgs(['--fit', 'fix-finger', 'w.npy', '--xmin-pos', '1.5', '--filter-zeros', '--format=csv', '--conv-norm', '1', '--estimator', 'farms', '--threads', '3'])).toEqual({
      file: 'w.npy', fit: 'fix-finger', estimator: 'farms', xminPos: 1.5, filterZeros: true, format: 'csv', convNorm: 1, threads: 3, help: false,
    });
    expect(parseAnalyzeArgs(['-h']).help).toBe(true);
  });
  const bad: [string[], RegExp][] = [
    [[], /missing FILE/],
    [['a.npy', 'b.npy'], /expected one FILE/],
    [['a.npy', '--fit', 'mle'], /--fit must be one of median, goodness-of-fit, fix-finger/],
    [['a.npy', '--estimator', 'farm'], /--estimator must be one of hill, farms, got "farm"/],
    [['a.npy', '--format', 'xml'], /--format must be one of/],
    [['a.npy', '--xmin-pos', 'two'], /--xmin-pos must be a number greater than 1/],
    [['a.npy', '--xmin-pos', '1'], /--xmin-pos/],
    [['a.npy', '--xmin-pos', ''], /--xmin-pos/],
    [['a.npy', '--conv-norm=-1'], /--conv-norm must be a number greater than 0/],
    [['a.npy', '--bogus'], /unknown option '--bogus'/],
    [['a.npy', '--fitt', 'median'], /unknown option '--fitt' \(nearest: --fit\)/],
    [['a.npy', '--threads', '0'], /--threads must be a whole number ≥ 1/],
    [['a.npy', '--threads', '1.5'], /--threads must be a whole number/],
    [['a.npy', '--threads', 'all'], /--threads must be a whole number/],
    [['a.npy', '--fit'], /argument missing/],
    [['a.npy', '--filter-zeros=yes'], /does not take an argument/],
  ];
  for (const [argv, pattern] of bad) {
    it(`refuses ${JSON.stringify(argv)}`, () => {
      expect(() => parseAnalyzeArgs(argv)).toThrow(UsageError);
      expect(() => parseAnalyzeArgs(argv)).toThrow(pattern);
    });
  }
});
