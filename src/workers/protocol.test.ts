import { describe, expect, it } from 'vitest';
import { DEFAULT_FIT_OPTIONS } from '../math/types';
import { startsRun, transferablesOf, type ToWorker } from './protocol';

const options = { ...DEFAULT_FIT_OPTIONS, convNorm: 0.5 };

describe('protocol: transfer lists', () => {
  it('lists each tensor buffer once, even when tensors share one buffer', () => {
    const shared = new ArrayBuffer(64);
    const own = new Float64Array(4);
    const msg: ToWorker = {
      kind: 'analyze-tensors',
      runId: 1,
      tensors: [
        { name: 'a', shape: [2, 4], data: new Float32Array(shared, 0, 8) },
        { name: 'b', shape: [2, 4], data: new Float32Array(shared, 32, 8) },
        { name: 'c', shape: [2, 2], data: own },
      ],
      options,
    };
    expect(transferablesOf(msg)).toEqual([shared, own.buffer]);
    // structuredClone with the list must succeed (a duplicate entry would throw DataCloneError).
    expect(() => structuredClone(msg, { transfer: transferablesOf(msg) })).not.toThrow();
    expect(shared.byteLength).toBe(0); // moved, not copied
  });

  it('transfers a file ArrayBuffer but not a Blob handle; refit and cancel carry nothing', () => {
    const buf = new ArrayBuffer(8);
    expect(transferablesOf({ kind: 'analyze-file', runId: 1, fileName: 'x.npy', file: buf, options })).toEqual([buf]);
    expect(transferablesOf({ kind: 'analyze-file', runId: 1, fileName: 'x.npy', file: new Blob([]), options })).toEqual([]);
    expect(transferablesOf({ kind: 'refit', runId: 1, seq: 1, layer: 0, target: { by: 'index', xminIndex: 1 } })).toEqual([]);
    expect(transferablesOf({ kind: 'cancel', runId: 1 })).toEqual([]);
  });

  it('only analyse requests start a run', () => {
    expect(startsRun({ kind: 'cancel', runId: 1 })).toBe(false);
    expect(startsRun({ kind: 'analyze-tensors', runId: 1, tensors: [], options })).toBe(true);
  });
});
