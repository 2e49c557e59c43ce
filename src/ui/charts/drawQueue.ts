/**
 * One chart draw per main-thread task.
 *
 * Why: a recharts chart does most of its work in effects that dispatch to its own store, and React
 * runs that spawned work synchronously, in the task that committed the chart. React's time slicing
 * therefore cannot split a chart's draw, and when several charts adopt new data in one render (an ESD
 * re-estimate changes six of them) their draws add up to one task of 150–350 ms (measured on the
 * default Compare run, 2 cores). Queued here, every draw is its own task, and input events, worker
 * messages and paints run between them.
 *
 * A panel queues a `draw` callback under a key; queuing again under the same key replaces the callback
 * (the panel's newest data wins) and keeps its place. Lower `priority` goes first; equal priorities go
 * in arrival order. The scheduler is injectable so the order and the one-per-task rule are unit-tested.
 */

/** Runs `fn` in a later task. */
export type Defer = (fn: () => void) => void;

export interface DrawQueue {
  /**
   * Queue (or replace) the draw of `key`; returns a cancel function. `label` names the draw in the
   * browser's performance timeline (a `performance.measure` per draw, visible in DevTools and traces).
   */
  queue(key: object, draw: () => void, priority?: number, label?: string): () => void;
  /** Draws still waiting. */
  readonly size: number;
}

interface Entry {
  draw: () => void;
  label: string;
  priority: number;
  order: number;
}

/** A queue that runs one draw per `defer`red task, in priority then arrival order. */
export function createDrawQueue(defer: Defer = (fn) => setTimeout(fn, 0)): DrawQueue {
  const pending = new Map<object, Entry>();
  let scheduled = false;
  let arrivals = 0;

  const next = (): [object, Entry] | null => {
    let best: [object, Entry] | null = null;
    for (const item of pending) {
      if (!best || item[1].priority < best[1].priority || (item[1].priority === best[1].priority && item[1].order < best[1].order)) best = item;
    }
    return best;
  };

  const schedule = () => {
    if (scheduled || pending.size === 0) return;
    scheduled = true;
    defer(run);
  };

  function run() {
    scheduled = false;
    const item = next();
    if (!item) return;
    pending.delete(item[0]);
    const t0 = performance.now();
    try {
      item[1].draw();
    } finally {
      performance.measure(`chart draw: ${item[1].label}`, { start: t0 });
      // The next draw gets a task of its own, after whatever else is waiting (input, messages, paint).
      schedule();
    }
  }

  return {
    queue(key, draw, priority = 0, label = 'chart') {
      const old = pending.get(key);
      pending.set(key, { draw, label, priority, order: old?.order ?? arrivals++ });
      schedule();
      return () => {
        if (pending.get(key)?.draw === draw) pending.delete(key);
      };
    },
    get size() {
      return pending.size;
    },
  };
}

/** The page's queue, shared by every chart panel. */
export const chartDraws: DrawQueue = createDrawQueue();
