import { describe, expect, it } from 'vitest';
import { methodName, runName } from './method';
import { defaultConfig } from './schema';

describe('methodName / runName', () => {
  const base = defaultConfig();
  it('keeps Baseline / TempBalance for the recipe optimisers without a method', () => {
    for (const optimizer of ['adamw', 'adam', 'sgd'] as const) expect(methodName({ ...base, optimizer })).toBeNull();
    expect(runName('baseline', base)).toBe('Baseline');
    expect(runName('tempbalance', base)).toBe('TempBalance');
  });
  it('names each method as the paper\'s table does, and "+ TB" on top', () => {
    expect(runName('baseline', { ...base, optimizer: 'adafactor' })).toBe('AdaFactor');
    expect(runName('tempbalance', { ...base, optimizer: 'adafactor' })).toBe('AdaFactor + TB');
    expect(runName('tempbalance', { ...base, lora: 8 })).toBe('LoRA r=8 + TB');
    expect(runName('baseline', { ...base, sam: 0.05 })).toBe('SAM ρ=0.05');
    expect(runName('baseline', { ...base, llrd: 0.8, optimizer: 'lamb' })).toBe('LAMB + LLRD ξ=0.8');
    // LoRA applies to the transformer only: an FNO config with lora set is plain training.
    expect(methodName({ ...base, model: 'fno', lora: 4 })).toBeNull();
  });
});
