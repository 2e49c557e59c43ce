import { describe, expect, it } from 'vitest';
import { KEYS, SCHEMA, defaultConfig } from '../../experiment/schema';
import { PRESETS } from '../../experiment/presets';
import { CONTROL_GROUPS, applyPreset, isHidden, isLive, isRelevant, readLink, setField, writeLink } from './controls';

describe('controls', () => {
  it('every setting but hide is in exactly one group', () => {
    const all = CONTROL_GROUPS.flatMap((g) => g.keys);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(KEYS.filter((k) => k !== 'hide').sort());
  });

  it('round-trips a config changed through the controls: set → link → read gives the same settings', () => {
    let cfg = applyPreset(defaultConfig(), 'fno-burgers-low');
    cfg = setField(cfg, 'seed', 42);
    cfg = setField(cfg, 'ratio', 0.2);
    cfg = setField(cfg, 'assign', 'sigmoid');
    cfg = setField(cfg, 'afterWarm', true);
    cfg = setField(cfg, 'hide', ['task', 'advanced']);
    const back = readLink(`?${writeLink(cfg, 'fno-burgers-low')}`);
    expect(back.notices).toEqual([]);
    expect(back.config).toEqual(cfg);
    expect(back.preset).toBe('fno-burgers-low');
  });

  it('every lab preset opens to exactly its settings from its link', () => {
    for (const p of PRESETS.filter((p) => p.view === 'lab')) {
      const cfg = applyPreset(defaultConfig(), p.id);
      expect(readLink(`?${writeLink(cfg, p.id)}`).config).toEqual(cfg);
      expect(writeLink(cfg, p.id)).toBe(`v=1&preset=${p.id}`);
    }
  });

  it('a link that sets no experiment setting opens the default preset', () => {
    const r = readLink('');
    expect(r.preset).toBe('sentiment-finetune-paper');
    expect(r.config).toEqual(applyPreset(defaultConfig(), 'sentiment-finetune-paper'));
    const w = readLink('?backend=wasm&hide=seed');
    expect(w.preset).toBe('sentiment-finetune-paper');
    expect(w.config).toEqual({ ...applyPreset(defaultConfig(), 'sentiment-finetune-paper'), backend: 'wasm', hide: ['seed'] });
  });

  it('the schema defaults without a preset still round-trip (the link names the task)', () => {
    for (const cfg of [defaultConfig(), { ...defaultConfig(), backend: 'wasm' as const }]) {
      const q = writeLink(cfg, null);
      expect(q).toContain('task=sentiment');
      expect(readLink(`?${q}`).config).toEqual(cfg);
    }
  });

  it('changing the task picks a model that can learn it; a bad link pairing is adjusted with a notice', () => {
    const cfg = setField(defaultConfig(), 'task', 'burgers');
    expect(cfg.model).toBe('fno');
    expect(setField(cfg, 'task', 'sentiment').model).toBe('transformer');
    const bad = readLink('?task=advection&model=transformer');
    expect(bad.config.model).toBe('fno');
    expect(bad.notices.map((n) => n.key)).toEqual(['model']);
  });

  it('a malformed link still opens, with one specific notice per problem', () => {
    const r = readLink('?v=9&lr=abc&steps=-5&assign=cubic&bogus=1&hide=task,nope&preset=zzz');
    expect(r.config.lr).toBe(SCHEMA.lr.default);
    expect(r.config.steps).toBe(1);
    expect(r.config.hide).toEqual(['task']);
    expect(r.notices.map((n) => n.key).sort()).toEqual(['assign', 'bogus', 'hide', 'lr', 'preset', 'steps', 'v']);
  });

  it('knows which settings apply live, which are irrelevant, and what classroom mode hides', () => {
    expect(isLive('lr')).toBe(true);
    expect(isLive('seed')).toBe(false);
    const cfg = defaultConfig();
    expect(isRelevant('momentum', cfg)).toBe(false);
    expect(isRelevant('momentum', { ...cfg, optimizer: 'sgd' })).toBe(true);
    expect(isRelevant('rho', { ...cfg, task: 'reaction-diffusion' })).toBe(true);
    const tb = CONTROL_GROUPS.find((g) => g.id === 'tempbalance')!;
    expect(isHidden('assign', tb, ['tempbalance-options'])).toBe(true);
    expect(isHidden('assign', tb, ['task'])).toBe(false);
  });
});
