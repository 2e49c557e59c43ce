import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, classificationReport, macroF1 } from '../../src/data/text/metrics';
import { createRng } from '../../src/math/random';

describe('classificationReport: hand-worked example', () => {
  // label: 0 0 0 1 1 2     confusion (rows true, cols pred):  [2 1 0]
  // pred:  0 1 0 1 2 2                                        [0 1 1]
  //                                                           [0 0 1]
  // class 0: P = 2/2, R = 2/3, F1 = 0.8;  class 1: P = 1/2, R = 1/2, F1 = 0.5;
  // class 2: P = 1/2, R = 1/1, F1 = 2/3;  accuracy 4/6; macro-F1 = (0.8 + 0.5 + 2/3)/3 = 59/90.
  // (sklearn.metrics.f1_score(label, pred, average='macro') gives the same by its definition.)
  const label = [0, 0, 0, 1, 1, 2];
  const pred = [0, 1, 0, 1, 2, 2];
  const rep = classificationReport(pred, label);

  it('matches the worked numbers', () => {
    expect(rep.confusion).toEqual([[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
    expect(rep.accuracy).toBeCloseTo(4 / 6, 15);
    expect(rep.perClass.map((m) => m.precision)).toEqual([1, 0.5, 0.5]);
    expect(rep.perClass[0].recall).toBeCloseTo(2 / 3, 15);
    expect(rep.perClass.map((m) => m.f1)[0]).toBeCloseTo(0.8, 15);
    expect(rep.perClass[2].f1).toBeCloseTo(2 / 3, 15);
    expect(rep.macroF1).toBeCloseTo(59 / 90, 15);
    expect(rep.perClass.map((m) => m.support)).toEqual([3, 2, 1]);
    expect(rep.perClass.map((m) => m.predicted)).toEqual([2, 2, 2]);
    expect(accuracy(pred, label)).toBe(rep.accuracy);
    expect(macroF1(pred, label)).toBe(rep.macroF1);
  });

  it('a class absent from both arrays is NaN and excluded from the macro mean', () => {
    const withAbsent = classificationReport(pred, label, 4);
    expect(withAbsent.perClass[3].f1).toBeNaN();
    expect(withAbsent.macroF1).toBe(rep.macroF1);
    // A perfect classifier on data lacking class 1 still scores macro-F1 = 1.
    expect(classificationReport([0, 2, 2], [0, 2, 2], 3).macroF1).toBe(1);
  });
});

describe('classificationReport: zero-division cases (sklearn zero_division=0)', () => {
  it('class with support but never predicted: precision 0, recall 0, F1 0, included', () => {
    const rep = classificationReport([0, 0, 0, 0], [0, 0, 1, 1]);
    expect(rep.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2, predicted: 0 });
    // class 0: P = 2/4, R = 1, F1 = 2/3; macro = (2/3 + 0)/2.
    expect(rep.macroF1).toBeCloseTo(1 / 3, 15);
  });

  it('class predicted but never true: recall 0, precision 0', () => {
    const rep = classificationReport([1, 1], [0, 0]);
    expect(rep.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 2 });
    expect(rep.accuracy).toBe(0);
    expect(rep.macroF1).toBe(0);
  });

  it('empty input gives NaN, mismatched or invalid input throws', () => {
    const rep = classificationReport([], [], 2);
    expect(rep.accuracy).toBeNaN();
    expect(rep.macroF1).toBeNaN();
    expect(() => classificationReport([0], [0, 1])).toThrow();
    expect(() => classificationReport([0, 2], [0, 1], 2)).toThrow();
    expect(() => classificationReport([0, -1], [0, 1])).toThrow();
  });
});

describe('identities on seeded random predictions', () => {
  it('F1_c = 2TP/(2TP+FP+FN); accuracy = trace/n; micro-F1 = accuracy', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 20; trial++) {
      const k = 2 + rng.int(4);
      const n = 1 + rng.int(60);
      const label = Array.from({ length: n }, () => rng.int(k));
      const pred = Array.from({ length: n }, () => rng.int(k));
      const rep = classificationReport(pred, label, k);
      let trace = 0;
      const f1s: number[] = [];
      for (let c = 0; c < k; c++) {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        for (let i = 0; i < n; i++) {
          if (pred[i] === c && label[i] === c) tp++;
          else if (pred[i] === c) fp++;
          else if (label[i] === c) fn++;
        }
        trace += tp;
        if (tp + fp + fn === 0) {
          expect(rep.perClass[c].f1).toBeNaN();
          continue;
        }
        const f1 = (2 * tp) / (2 * tp + fp + fn);
        f1s.push(f1);
        expect(rep.perClass[c].f1).toBeCloseTo(f1, 12);
      }
      expect(rep.accuracy).toBeCloseTo(trace / n, 15);
      expect(rep.macroF1).toBeCloseTo(f1s.reduce((a, b) => a + b, 0) / f1s.length, 12);
      // Micro-averaged precision over all classes (single-label) is accuracy: sum of TP / n.
      const sumTp = rep.confusion.reduce((s, row, c) => s + row[c], 0);
      expect(sumTp / n).toBeCloseTo(rep.accuracy, 15);
    }
  });
});

describe('argmaxRows', () => {
  it('takes the row-wise argmax, ties to the lowest class', () => {
    expect(Array.from(argmaxRows([0.1, 0.9, 2, -1, 3, 3], 2))).toEqual([1, 0, 0]);
    expect(Array.from(argmaxRows(new Float32Array([1, 5, 2, 7, 0, 0]), 3))).toEqual([1, 0]);
  });
});
