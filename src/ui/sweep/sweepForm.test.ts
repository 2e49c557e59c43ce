import { describe, expect, it } from 'vitest';
import { presetOverrides } from '../../experiment/presets';
import { PUBLISHED_SWEEPS } from '../../experiment/publishedSweeps';
import { expandGrid, type SweepSpec } from '../../experiment/sweep';
import { decodeSweepLink } from '../../experiment/sweepLink';
import { DEFAULT_FORM, formOf, runCount, specOf } from './sweepForm';
import { isSweepHash, sweepUrl } from './useSweepLink';

const full: SweepSpec = { preset: 'sentiment-finetune-low', ratios: [0.02, 0.1], seeds: [3, 1], steps: 12, overrides: { lr: '3e-4', hide: 'seed,lr' } };

describe('sweep form ⇄ spec', () => {
  it('specOf(formOf(spec)) is the spec, for every published sweep and one with steps and extra settings', () => {
    for (const spec of [...PUBLISHED_SWEEPS.map((p) => p.spec), full]) expect(specOf(formOf(spec))).toEqual({ spec });
  });

  it('the default form is a valid grid', () => {
    expect(specOf(DEFAULT_FORM).error).toBeUndefined();
  });

  it('runCount is the number of jobs the grid expands to', () => {
    for (const spec of [...PUBLISHED_SWEEPS.map((p) => p.spec), full]) expect(runCount(spec)).toBe(expandGrid(spec, presetOverrides).jobs.length);
  });

  const bad: [string, Partial<ReturnType<typeof formOf>>, RegExp][] = [
    ['empty ratios', { ratios: ' ' }, /Ratios: give at least one value/],
    ['ratio not a number', { ratios: '0.1, x' }, /Ratios: "x" is not a number/],
    ['ratio of zero', { ratios: '0' }, /Ratios: 0 is outside 0.005–1/],
    ['ratio above 1', { ratios: '0.5, 1.5' }, /Ratios: 1.5 is outside/],
    ['seed not whole', { seeds: '1.5' }, /Seeds: "1.5" is not a whole number/],
    ['negative seed', { seeds: '-1' }, /Seeds: -1 is outside 0–2147483647/],
    ['steps zero', { steps: '0' }, /Steps: a whole number from 1 to 100000/],
    ['steps fractional', { steps: '2.5' }, /Steps: a whole number/],
    ['extra setting not key=value', { set: 'lr' }, /Extra settings: "lr" is not key=value/],
    ['extra setting of a grid key', { set: 'ratio=0.5' }, /"ratio" is set by the sweep grid/],
    ['unknown extra setting', { set: 'colour=red' }, /Unknown setting "colour"/],
    ['a learning rate that is no number', { lrs: '1e-3, fast' }, /Learning rates: "fast" is not a number/],
    ['a learning rate above 1', { lrs: '2' }, /Learning rates: 2 is outside 0.000001–1|Learning rates: 2 is outside 1e-6–1/],
    ['a learning-rate grid and lr in the extra settings', { lrs: '1e-3, 3e-3' }, /"lr" is set by the learning-rate grid/],
  ];
  for (const [name, change, pattern] of bad) {
    it(`refuses ${name}`, () => {
      const out = specOf({ ...formOf(full), ...change });
      expect(out.spec).toBeUndefined();
      expect(out.error).toMatch(pattern);
    });
  }
});

describe('address bar helpers', () => {
  it('recognises the Sweeps view hash only', () => {
    for (const h of ['#/sweep', '#sweep', '#/sweep/x', '#/sweep?a=1']) expect(isSweepHash(h)).toBe(true);
    for (const h of ['', '#/', '#/lab', '#/sweeps', '#/analyzer']) expect(isSweepHash(h)).toBe(false);
  });

  it('sweepUrl is a full link that decodes back to the grid', () => {
    const url = new URL(sweepUrl(full, { origin: 'http://localhost:5173', pathname: '/' }));
    expect(url.hash).toBe('#/sweep');
    expect(decodeSweepLink(url.search)).toEqual({ spec: full, notices: [] });
  });
});
