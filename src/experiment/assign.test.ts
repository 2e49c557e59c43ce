// What a config means for the α → learning-rate map: each assign function gets its own parameters,
// so switching only the function (in a link, the CLI or the controls) keeps its published defaults.
import { describe, expect, it } from 'vitest';
import { assignLayerRates } from '../train/tempbalance';
import { assignConfigOf } from './assign';
import { defaultConfig } from './schema';
import { decodeLink } from './url';

describe('assignConfigOf', () => {
  it('linear_map and rank get TempBalance\'s [0.5, 1.5] when only the function is switched', () => {
    for (const assign of ['linear_map', 'rank'] as const) {
      const { config } = decodeLink(`assign=${assign}`);
      const cfg = assignConfigOf(config);
      expect(cfg).toMatchObject({ assignFunc: assign, sMin: 0.5, slope: 1 });
      // Factors span exactly [0.5, 1.5] for distinct α (rank: lowest 0.5, highest 0.5 + 1·(L−1)/L).
      const r = [...assignLayerRates([2, 3, 4, 5], cfg)];
      expect(Math.min(...r)).toBeCloseTo(0.5, 12);
      expect(Math.max(...r)).toBeCloseTo(assign === 'linear_map' ? 1.5 : 1.25, 12);
    }
  });
  it('sigmoid keeps the EMNLP defaults s_min = 2, s_max = 1, τ = 10', () => {
    expect(assignConfigOf({ ...defaultConfig(), assign: 'sigmoid' })).toMatchObject({ sigmoidMin: 2, sigmoidMax: 1, expTemp: 10 });
  });
  it('the sigmoid\'s s_min never reaches linear_map, nor minRatio the sigmoid', () => {
    const linear = assignConfigOf({ ...defaultConfig(), assign: 'linear_map', sMin: 1.25, minRatio: 0.6 });
    expect(linear.sMin).toBe(0.6);
    const sigmoid = assignConfigOf({ ...defaultConfig(), assign: 'sigmoid', sMin: 1.25, minRatio: 0.6 });
    expect(sigmoid.sigmoidMin).toBe(1.25);
  });
});
