import { describe, expect, it } from 'vitest';
import { defaultConfig, SCHEMA_VERSION } from './schema';
import { decodeLink, encodeLink } from './url';

const presets = (id: string) => (id === 'tiny-data' ? { ratio: 0.02, steps: 100 } : undefined);

describe('URL round trip', () => {
  it('reproduces a config exactly, through a preset', () => {
    const cfg = { ...defaultConfig(), ratio: 0.02, steps: 100, seed: 7, assign: 'linear_map' as const, afterWarm: true, hide: ['seed', 'lr'] };
    const link = encodeLink(cfg, { preset: 'tiny-data', presets });
    expect(link).toContain('preset=tiny-data');
    expect(link).not.toContain('ratio='); // equal to the preset's value: not repeated
    const back = decodeLink(`?${link}`, presets);
    expect(back.config).toEqual(cfg);
    expect(back.preset).toBe('tiny-data');
    expect(back.notices).toEqual([]);
  });

  it('carries the α estimator (estimator=farms), and refuses an unknown one with a notice', () => {
    const cfg = { ...defaultConfig(), estimator: 'farms' as const };
    const link = encodeLink(cfg);
    expect(link).toContain('estimator=farms');
    expect(decodeLink(`?${link}`).config).toEqual(cfg);
    const bad = decodeLink('?v=1&estimator=farm');
    expect(bad.config.estimator).toBe('hill');
    expect(JSON.stringify(bad.notices)).toMatch(/estimator/);
  });

  it('round-trips every method setting (optimizer, sam, llrd, metric, trust) and flags bad ones', () => {
    for (const optimizer of ['adafactor', 'lamb', 'lars'] as const) {
      const cfg = { ...defaultConfig(), optimizer, sam: 0.05, llrd: 0.8, metric: 'stable_rank' as const, trust: 0.02 };
      const link = encodeLink(cfg);
      expect(link).toContain(`optimizer=${optimizer}`);
      expect(decodeLink(`?${link}`).config).toEqual(cfg);
    }
    expect(decodeLink('?optimizer=rmsprop').notices[0].message).toMatch(/is not one of/);
    expect(decodeLink('?sam=-1').notices[0].message).toMatch(/clamped to 0/);
    expect(decodeLink('?llrd=0').notices[0].message).toMatch(/clamped to 0.05/);
    expect(decodeLink('?metric=norm').notices[0].message).toMatch(/is not one of/);
  });

  it('a linear_map link with sMin but no minRatio (made before minRatio existed) gets a notice, values kept', () => {
    const { config, notices } = decodeLink('?v=1&assign=linear_map&sMin=0.3');
    expect(config.sMin).toBe(0.3);
    expect(config.minRatio).toBe(defaultConfig().minRatio);
    expect(notices.map((n) => n.key)).toEqual(['sMin']);
    expect(notices[0].message).toMatch(/minRatio/);
    expect(decodeLink('?v=1&assign=linear_map&sMin=0.3&minRatio=0.3').notices).toEqual([]);
    expect(decodeLink('?v=1&assign=sigmoid&sMin=0.3').notices).toEqual([]);
  });

  it('encodes only non-default keys plus the version', () => {
    expect(encodeLink(defaultConfig())).toBe(`v=${SCHEMA_VERSION}`);
  });
});

describe('malformed links open anyway with specific notices', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown key', 'foo=1', /Unknown setting "foo"/],
    ['not a number', 'lr=abc', /lr="abc" is not a number; kept 0.001/],
    ['infinite', 'lr=Infinity', /not a number/],
    ['empty number', 'steps=', /not a number/],
    ['out of range', 'ratio=5', /clamped to 1/],
    ['negative', 'steps=-3', /clamped to 1/],
    ['not an integer', 'seed=2.5', /rounded to 3/],
    ['bad enum', 'assign=magic', /is not one of/],
    ['bad bool', 'afterWarm=maybe', /is not 1\/0/],
    ['bad list item', 'hide=seed,nope', /unknown item\(s\) "nope"/],
    ['old version', 'v=0&seed=3', /settings version 0/],
    ['unknown preset', 'preset=zzz', /Unknown preset "zzz"/],
    ['duplicate key', 'seed=1&seed=2', /more than once/],
    ['huge value', `task=${'x'.repeat(500)}`, /too long/],
  ];
  for (const [name, query, pattern] of cases) {
    it(name, () => {
      const out = decodeLink(query, presets);
      expect(out.notices.map((n) => n.message).join('\n')).toMatch(pattern);
      // Whatever was wrong, the result is still a complete, valid config.
      expect(Object.keys(out.config).sort()).toEqual(Object.keys(defaultConfig()).sort());
    });
  }

  it('applies the good keys of a partly bad link', () => {
    const out = decodeLink('seed=9&lr=nope&ratio=0.5', presets);
    expect(out.config.seed).toBe(9);
    expect(out.config.ratio).toBe(0.5);
    expect(out.config.lr).toBe(defaultConfig().lr);
    expect(out.notices).toHaveLength(1);
  });

  it('survives percent-encoding garbage', () => {
    expect(() => decodeLink('%E0%A4%A=1&seed=%ZZ', presets)).not.toThrow();
  });
});
