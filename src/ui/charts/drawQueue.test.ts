import { describe, expect, it } from 'vitest';
import { createDrawQueue } from './drawQueue';

/** A manual scheduler: tasks run only when the test says so, one at a time. */
function manual() {
  const tasks: (() => void)[] = [];
  return { defer: (fn: () => void) => void tasks.push(fn), runOne: () => tasks.shift()?.(), get waiting() { return tasks.length; } };
}

describe('drawQueue', () => {
  it('runs one draw per task, by priority then arrival, the newest draw of a key replacing the old', () => {
    const s = manual();
    const q = createDrawQueue(s.defer);
    const done: string[] = [];
    const [a, b, c] = [{}, {}, {}];
    q.queue(a, () => done.push('a1'), 1);
    q.queue(b, () => done.push('b'), 0);
    q.queue(c, () => done.push('c'), 1);
    q.queue(a, () => done.push('a2'), 1); // replaces a1, keeps a's place before c
    expect(s.waiting).toBe(1);
    s.runOne();
    expect(done).toEqual(['b']);
    s.runOne();
    expect(done).toEqual(['b', 'a2']);
    s.runOne();
    expect(done).toEqual(['b', 'a2', 'c']);
    expect(q.size).toBe(0);
    expect(s.waiting).toBe(0);
  });

  it('cancel drops only the draw it queued; a throwing draw does not stop the queue', () => {
    const s = manual();
    const q = createDrawQueue(s.defer);
    const done: string[] = [];
    const [a, b] = [{}, {}];
    const cancelOld = q.queue(a, () => done.push('old'));
    q.queue(a, () => done.push('new'));
    cancelOld(); // stale cancel: the newer draw stays
    q.queue(b, () => {
      throw new Error('boom');
    }, -1);
    expect(() => s.runOne()).toThrow('boom');
    s.runOne();
    expect(done).toEqual(['new']);
    const cancel = q.queue(b, () => done.push('b'));
    cancel();
    s.runOne();
    expect(done).toEqual(['new']);
  });
});
