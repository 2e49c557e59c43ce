import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../math/random';
import { presetOverrides } from './presets';
import { PUBLISHED_SWEEPS, costLine, publishedFor, sameSpec } from './publishedSweeps';
import { SCHEMA } from './schema';
import { expandGrid, sweepIdOf, type SweepSpec } from './sweep';
import {
  DEFAULT_SWEEP_SPEC,
  MAX_LINK_JOBS,
  SWEEP_PRESET_IDS,
  decodeSweepLink,
  encodeSweepLink,
  formatOverrides,
  isSweepQuery,
  parseOverrides,
  sweepHref,
} from './sweepLink';

const full: SweepSpec = {
  preset: 'fno-burgers-low',
  ratios: [0.05, 0.1, 0.25],
  seeds: [1, 7, 42],
  steps: 40,
  // A list value with a comma, an exponent, a boolean: each must come back as the same raw string.
  overrides: { lr: '3e-4', hide: 'seed,lr', afterWarm: '1' },
};

/** What every decoded grid must satisfy, however bad the link: a spec the sweep can run as it is. */
function expectRunnable(spec: SweepSpec) {
  expect(SWEEP_PRESET_IDS).toContain(spec.preset);
  expect(spec.ratios.length).toBeGreaterThan(0);
  expect(spec.seeds.length).toBeGreaterThan(0);
  for (const r of spec.ratios) expect(r >= SCHEMA.ratio.min && r <= SCHEMA.ratio.max).toBe(true);
  for (const s of spec.seeds) expect(Number.isInteger(s) && s >= 0).toBe(true);
  const { jobs } = expandGrid(spec, presetOverrides);
  expect(jobs.length).toBeGreaterThan(0);
  expect(jobs.length).toBeLessThanOrEqual(MAX_LINK_JOBS);
  // No value the grid expansion would still have to clamp: the link's notices already said everything.
  for (const j of jobs) {
    expect(spec.ratios).toContain(j.ratio);
    expect(spec.seeds).toContain(j.seed);
  }
}

describe('sweep link round trip', () => {
  it('decode(encode(spec)) gives the spec back, with no notices, and the same grid (same sweep id)', () => {
    const q = encodeSweepLink(full);
    const back = decodeSweepLink(q);
    expect(back.notices).toEqual([]);
    expect(back.spec).toEqual(full);
    const a = expandGrid(full, presetOverrides).jobs;
    const b = expandGrid(back.spec!, presetOverrides).jobs;
    expect(sweepIdOf(b)).toBe(sweepIdOf(a));
  });

  it('encode(decode(q)) reproduces a canonical link character for character', () => {
    const q = 'view=sweep&preset=sentiment-low&ratios=0.02,0.05,0.1,0.25&seeds=1,2,3&steps=12&set=lr:0.0003&set=hide:seed,lr';
    const d = decodeSweepLink(`?${q}`);
    expect(d.notices).toEqual([]);
    expect(encodeSweepLink(d.spec!)).toBe(q);
  });

  it('keeps commas and colons readable, and sweepHref opens the Sweeps view', () => {
    const href = sweepHref({ preset: 'sentiment-low', ratios: [0.02, 0.05], seeds: [1, 2], overrides: { warmup: '0.1' } });
    expect(href).toBe('?view=sweep&preset=sentiment-low&ratios=0.02,0.05&seeds=1,2&set=warmup:0.1#/sweep');
  });

  it('percent-encodes what must be (a value with & or spaces) and decodes it back', () => {
    const spec: SweepSpec = { preset: 'sentiment-low', ratios: [0.1], seeds: [1], overrides: { hide: 'seed, lr' } };
    const q = encodeSweepLink(spec);
    expect(q).toContain('set=hide:seed,%20lr');
    // The decoded value is validated like the Lab's: the list comes back normalised.
    expect(decodeSweepLink(q).spec?.overrides).toEqual({ hide: 'seed, lr' });
  });

  it('reads a query written by URLSearchParams (everything escaped) the same way', () => {
    const params = new URLSearchParams({ view: 'sweep', preset: 'sentiment-low', ratios: '0.05,0.1', seeds: '2', set: 'lr:0.002' });
    expect(params.toString()).toContain('%2C');
    expect(decodeSweepLink(params.toString())).toEqual({ spec: { preset: 'sentiment-low', ratios: [0.05, 0.1], seeds: [2], overrides: { lr: '0.002' } }, notices: [] });
  });
});

describe('which queries are sweep links', () => {
  it("leaves the Lab's settings alone: no grid, no notices", () => {
    for (const q of ['', '?v=1&preset=sentiment-low&lr=0.002', 'view=analyzer', 'preset=fno-burgers-low']) {
      expect(isSweepQuery(q)).toBe(false);
      expect(decodeSweepLink(q)).toEqual({ spec: null, notices: [] });
    }
  });

  it('view=sweep alone names no grid (the stored sweep stays on screen)', () => {
    expect(isSweepQuery('?view=sweep')).toBe(true);
    expect(decodeSweepLink('?view=sweep')).toEqual({ spec: null, notices: [] });
  });

  it('a ratios or seeds key alone makes a sweep link; missing parts take the defaults silently', () => {
    const d = decodeSweepLink('seeds=4,5');
    expect(d.notices).toEqual([]);
    expect(d.spec).toEqual({ ...DEFAULT_SWEEP_SPEC, seeds: [4, 5] });
  });
});

describe('malformed sweep links open anyway with specific notices', () => {
  const base = 'view=sweep&preset=sentiment-low&ratios=0.05&seeds=1';
  const cases: [string, string, RegExp, Partial<SweepSpec>][] = [
    ['unknown preset', 'view=sweep&preset=zzz&ratios=0.05&seeds=1', /Unknown sweep preset "zzz"; using sentiment-finetune-paper/, { preset: 'sentiment-finetune-paper' }],
    ['a preset that trains nothing', 'view=sweep&preset=analyzer&ratios=0.05&seeds=1', /Unknown sweep preset "analyzer"/, { preset: 'sentiment-finetune-paper' }],
    ['ratio not a number', 'view=sweep&ratios=0.05,abc,0.1&seeds=1', /ratios: "abc" is not a number; dropped/, { ratios: [0.05, 0.1] }],
    ['negative ratio', 'view=sweep&ratios=-0.1,0.2&seeds=1', /ratios: "-0.1" is outside 0.005–1; dropped/, { ratios: [0.2] }],
    ['ratio above 1', 'view=sweep&ratios=5,0.2&seeds=1', /"5" is outside 0.005–1/, { ratios: [0.2] }],
    ['ratio below the schema minimum', 'view=sweep&ratios=0.001,0.2&seeds=1', /"0.001" is outside/, { ratios: [0.2] }],
    ['no usable ratio', 'view=sweep&ratios=x,y&seeds=1', /ratios: no usable value; kept 0.02,0.05,0.1,0.5/, { ratios: DEFAULT_SWEEP_SPEC.ratios }],
    ['empty ratios', 'view=sweep&ratios=&seeds=1', /ratios: no usable value/, { ratios: DEFAULT_SWEEP_SPEC.ratios }],
    ['seed not an integer', 'view=sweep&ratios=0.1&seeds=1,2.5', /seeds: "2.5" is not a whole number; dropped/, { seeds: [1] }],
    ['negative seed', 'view=sweep&ratios=0.1&seeds=-3,2', /seeds: "-3" is outside 0–2147483647/, { seeds: [2] }],
    ['Infinity seed', 'view=sweep&ratios=0.1&seeds=Infinity,2', /"Infinity" is not a number/, { seeds: [2] }],
    ['steps not a number', `${base}&steps=many`, /steps="many" is not a number; the preset's steps are used/, { steps: undefined }],
    ['steps out of range', `${base}&steps=0`, /steps="0" is outside 1–100000; clamped to 1/, { steps: 1 }],
    ['steps not whole', `${base}&steps=2.5`, /must be a whole number; rounded to 3/, { steps: 3 }],
    ['unknown override', `${base}&set=colour:red`, /Unknown setting "colour" in set= was ignored/, { overrides: undefined }],
    ['override of a grid key (ratio)', `${base}&set=ratio:0.5`, /"ratio" is set by the sweep grid/, { overrides: undefined }],
    ['override of a grid key (seed)', `${base}&set=seed:9`, /"seed" is set by the sweep grid/, { overrides: undefined }],
    ['override of a grid key (mode)', `${base}&set=mode:compare`, /"mode" is set by the sweep grid/, { overrides: undefined }],
    ['override value not a number', `${base}&set=lr:fast&set=wd:0.1`, /lr="fast" is not a number; not applied/, { overrides: { wd: '0.1' } }],
    ['override value clamped', `${base}&set=lr:5`, /lr="5" is outside 0.000001–1; clamped to 1|lr="5" is outside .*clamped to 1/, { overrides: { lr: '1' } }],
    ['override without a colon', `${base}&set=lr`, /set="lr" is not key:value/, { overrides: undefined }],
    ['override given twice', `${base}&set=lr:0.1&set=lr:0.2`, /appears more than once; the first value/, { overrides: { lr: '0.1' } }],
    ['a run setting outside set=', `${base}&lr=0.002`, /"lr" is a run setting; a sweep link applies it to every run as set=lr:value/, {}],
    ['unknown key', `${base}&colour=red`, /Unknown sweep setting "colour"/, {}],
    ['key given twice', 'view=sweep&ratios=0.1&ratios=0.2&seeds=1', /"ratios" appears more than once/, { ratios: [0.1] }],
    ['old version', `v=0&${base}`, /settings version 0/, {}],
    ['broken %-escape in a value', 'view=sweep&preset=sentiment-low&ratios=0.05,%ZZ&seeds=1', /ratios: "%ZZ" is not a number/, { ratios: [0.05] }],
    ['broken %-escape in the preset', 'view=sweep&preset=%E0%A4%A&ratios=0.05&seeds=1', /Unknown sweep preset/, { preset: 'sentiment-finetune-paper' }],
    ['huge value', `view=sweep&ratios=0.1&seeds=1&preset=${'x'.repeat(5000)}`, /Unknown sweep preset "x{40}…"/, {}],
  ];
  for (const [name, query, pattern, expected] of cases) {
    it(name, () => {
      let out: ReturnType<typeof decodeSweepLink> | undefined;
      expect(() => (out = decodeSweepLink(query))).not.toThrow();
      expect(out!.notices.map((n) => n.message).join('\n')).toMatch(pattern);
      expect(out!.spec).not.toBeNull();
      for (const [k, v] of Object.entries(expected)) expect(out!.spec![k as keyof SweepSpec]).toEqual(v);
      expectRunnable(out!.spec!);
    });
  }

  it('a valid link has no notices (so each case above fails without its defect)', () => {
    expect(decodeSweepLink(`${base}&steps=5&set=lr:0.1&set=wd:0.1`).notices).toEqual([]);
  });

  it('caps the grid at MAX_LINK_JOBS runs, keeping every ratio and the first seeds, and says so', () => {
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    const d = decodeSweepLink(`view=sweep&ratios=0.02,0.05,0.1,0.25,0.5,1&seeds=${seeds.join(',')}`);
    expect(d.spec!.ratios).toHaveLength(6);
    expect(d.spec!.seeds).toEqual(seeds.slice(0, 16)); // 6 × 16 × 2 = 192 ≤ 200 < 6 × 17 × 2
    expect(d.notices.map((n) => n.message).join('\n')).toMatch(/asks for 480 runs; a link opens at most 200: kept the first 6 ratio\(s\) and 16 seed\(s\) \(192 runs\)/);
    expectRunnable(d.spec!);
  });

  it('caps the ratios too when they alone exceed the limit', () => {
    const ratios = Array.from({ length: 150 }, (_, i) => (i + 1) / 200);
    const d = decodeSweepLink(`view=sweep&ratios=${ratios.join(',')}&seeds=1,2`);
    expect(d.spec!.ratios).toEqual(ratios.slice(0, MAX_LINK_JOBS / 2));
    expect(d.spec!.seeds).toEqual([1]);
    expectRunnable(d.spec!);
  });

  it('lists at most five bad items of one list, then counts the rest', () => {
    const d = decodeSweepLink('view=sweep&seeds=a,b,c,d,e,f,g,1');
    expect(d.notices.filter((n) => n.key === 'seeds')).toHaveLength(6);
    expect(d.notices.at(-1)?.message).toBe('seeds: 2 more bad value(s) dropped.');
    expect(d.spec!.seeds).toEqual([1]);
  });

  it('never throws and always gives a runnable grid on seeded random garbage', () => {
    const rng = createRng(20241);
    const alphabet = ['view=sweep', '&', '=', ',', ':', '%', 'set=', 'ratios=', 'seeds=', 'steps=', 'preset=', '0.', '1', '5', '-', 'e', 'x', '%E0', 'lr', 'ratio', ' '];
    for (let t = 0; t < 300; t++) {
      let q = '';
      const n = 1 + rng.int(20);
      for (let i = 0; i < n; i++) q += alphabet[rng.int(alphabet.length)];
      const d = decodeSweepLink(q);
      if (d.spec) expectRunnable(d.spec);
    }
  });
});

describe("the form's extra settings", () => {
  it('format and parse are inverse, in the CLI style key=value', () => {
    const text = formatOverrides(full.overrides);
    expect(text).toBe('lr=3e-4 hide=seed,lr afterWarm=1');
    expect(parseOverrides(text)).toEqual({ overrides: full.overrides });
    expect(parseOverrides('  ')).toEqual({ overrides: {} });
  });

  it('refuses what a link would turn into a notice, naming the problem', () => {
    expect(parseOverrides('lr').error).toMatch(/"lr" is not key=value/);
    expect(parseOverrides('seed=3').error).toMatch(/"seed" is set by the sweep grid; seed=… was ignored/);
    expect(parseOverrides('colour=red').error).toMatch(/Unknown setting "colour"/);
    expect(parseOverrides('lr=abc').error).toMatch(/lr="abc" is not a number/);
    expect(parseOverrides('lr=9').error).toMatch(/clamped to 1/);
    expect(parseOverrides('lr=0.1 lr=0.2').error).toMatch(/"lr" appears twice/);
  });
});

describe('published sweeps', () => {
  const results = (id: string) => JSON.parse(readFileSync(`docs/results/${id}.json`, 'utf8')) as { spec: SweepSpec; wallMs: number; results: unknown[] };
  const resultsMd = readFileSync('docs/RESULTS.md', 'utf8');

  for (const p of PUBLISHED_SWEEPS) {
    it(`${p.id}: the grid, run count and wall time are those of docs/results/${p.id}.json`, () => {
      const file = results(p.id);
      expect(sameSpec(p.spec, file.spec)).toBe(true);
      expect(p.runs).toBe(expandGrid(p.spec, presetOverrides).jobs.length);
      expect(p.runs).toBe(file.results.length);
      expect(p.wallMinutes).toBe(Math.round(file.wallMs / 60_000));
      expect(costLine(p)).toBe(`${p.runs} runs, ~${p.wallMinutes} min on a 2-core laptop`);
    });

    it(`${p.id}: its link opens exactly its grid, and docs/RESULTS.md gives that link under its section`, () => {
      const href = sweepHref(p.spec);
      const d = decodeSweepLink(href.slice(1, href.indexOf('#')));
      expect(d.notices).toEqual([]);
      expect(publishedFor(d.spec)).toBe(p);
      const section = resultsMd.indexOf(`## ${p.section}`);
      expect(section).toBeGreaterThanOrEqual(0);
      const next = resultsMd.indexOf('\n## ', section + 1);
      const body = resultsMd.slice(section, next < 0 ? undefined : next);
      expect(body).toContain(`Rerun in the browser: \`http://localhost:5173/${href}\``);
    });
  }

  it('ids are unique', () => {
    expect(new Set(PUBLISHED_SWEEPS.map((p) => p.id)).size).toBe(PUBLISHED_SWEEPS.length);
  });

  it('every "Rerun in the browser" link in docs/RESULTS.md opens the grid of the file its section\'s command writes', () => {
    let checked = 0;
    for (const section of resultsMd.split(/\n(?=#{2,3} )/)) {
      const links = [...section.matchAll(/Rerun in the browser: `http:\/\/localhost:5173\/\?([^`#]*)#\/sweep`/g)].map((m) => m[1]);
      if (links.length === 0) continue;
      const title = section.slice(0, section.indexOf('\n'));
      const outs = [...section.matchAll(/--out (docs\/results\/[\w.-]+\.json)/g)].map((m) => m[1]);
      expect([links.length, outs.length], title).toEqual([1, 1]);
      const d = decodeSweepLink(links[0]);
      expect(d.notices, title).toEqual([]);
      if (!d.spec) throw new Error(`${title}: the link decodes to no grid`);
      const file = JSON.parse(readFileSync(outs[0], 'utf8')) as { spec: SweepSpec; results: unknown[] };
      expect(sameSpec(d.spec, file.spec), title).toBe(true);
      expect(expandGrid(d.spec, presetOverrides).jobs.length, title).toBe(file.results.length);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(PUBLISHED_SWEEPS.length);
  });

  it('sameSpec tells grids apart by every part', () => {
    const a = PUBLISHED_SWEEPS[0].spec;
    expect(sameSpec(a, { ...a })).toBe(true);
    expect(sameSpec(a, { ...a, seeds: [1, 2] })).toBe(false);
    expect(sameSpec(a, { ...a, ratios: [...a.ratios].reverse() })).toBe(false);
    expect(sameSpec(a, { ...a, steps: 10 })).toBe(false);
    expect(sameSpec(a, { ...a, overrides: { lr: '0.1' } })).toBe(false);
    expect(sameSpec({ ...a, overrides: { lr: '0.1', wd: '0' } }, { ...a, overrides: { wd: '0', lr: '0.1' } })).toBe(true);
    expect(publishedFor({ ...a, preset: 'fno-burgers-low' })).toBeUndefined();
  });
});
