import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DEFAULT_THREADS, TimeoutError, decideWasmThreads, withTimeout, type ThreadEnvironment } from './policy';

const isolated: ThreadEnvironment = { crossOriginIsolated: true, sharedArrayBuffer: true, hardwareConcurrency: 2 };

describe('decideWasmThreads', () => {
  it('defaults to half the logical cores when isolated', () => {
    expect(decideWasmThreads(true, { ...isolated, hardwareConcurrency: 8 })).toMatchObject({ threads: true, count: 4 });
    expect(decideWasmThreads(true, { ...isolated, hardwareConcurrency: 4 })).toMatchObject({ threads: true, count: 2 });
    expect(decideWasmThreads(true, { ...isolated, hardwareConcurrency: 5 })).toMatchObject({ threads: true, count: 2 });
  });

  it('caps the default at MAX_DEFAULT_THREADS but honours an explicit count', () => {
    const big = { ...isolated, hardwareConcurrency: 64 };
    expect(decideWasmThreads(true, big).count).toBe(MAX_DEFAULT_THREADS);
    expect(decideWasmThreads(true, big, 8)).toMatchObject({ threads: true, count: 8 });
  });

  it('stays single-threaded by default on 2 cores, but threads can be forced', () => {
    const d = decideWasmThreads(true, isolated);
    expect(d).toMatchObject({ threads: false, count: 1 });
    expect(d.reason).toMatch(/no core to spare/);
    expect(decideWasmThreads(true, isolated, 2)).toMatchObject({ threads: true, count: 2 });
  });

  it.each<[string, boolean, Partial<ThreadEnvironment>, number | undefined, RegExp]>([
    ['switched off', false, {}, 2, /disabled by option/],
    ['not isolated', true, { crossOriginIsolated: false }, 2, /not cross-origin isolated/],
    ['no SharedArrayBuffer', true, { sharedArrayBuffer: false }, 2, /SharedArrayBuffer/],
    ['one core', true, { hardwareConcurrency: 1 }, undefined, /1 logical cores/],
    ['core count unknown', true, { hardwareConcurrency: 0 }, undefined, /unknown number of logical cores/],
    ['one thread asked for', true, { hardwareConcurrency: 16 }, 1, /1 thread requested/],
  ])('falls back to one thread when %s, and says why', (_, requested, patch, count, reason) => {
    const d = decideWasmThreads(requested, { ...isolated, ...patch }, count);
    expect(d.threads).toBe(false);
    expect(d.count).toBe(1);
    expect(d.reason).toMatch(reason);
  });

  it('rejects a nonsensical explicit count', () => {
    expect(() => decideWasmThreads(true, isolated, 0)).toThrow(RangeError);
    expect(() => decideWasmThreads(true, isolated, 1.5)).toThrow(RangeError);
  });
});

describe('withTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes a value through and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(withTimeout(Promise.resolve(42), 1000, 'x')).resolves.toBe(42);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a rejection through unchanged', async () => {
    vi.useFakeTimers();
    const boom = new Error('boom');
    await expect(withTimeout(Promise.reject(boom), 1000, 'x')).rejects.toBe(boom);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with a TimeoutError naming the work when a promise never settles', async () => {
    vi.useFakeTimers();
    const never = new Promise<number>(() => {});
    const raced = withTimeout(never, 250, 'threaded wasm initialisation');
    const check = expect(raced).rejects.toThrow(new TimeoutError('threaded wasm initialisation', 250).message);
    await vi.advanceTimersByTimeAsync(249);
    let settled = false;
    void raced.catch(() => {}).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false); // not one millisecond early
    await vi.advanceTimersByTimeAsync(1);
    await check;
    await expect(raced).rejects.toBeInstanceOf(TimeoutError);
  });
});
