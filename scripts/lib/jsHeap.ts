/**
 * JS heap in use of a page and every worker it starts (nested workers too), read over the Chrome
 * DevTools Protocol: the page session auto-attaches to each worker target (non-flat sessions, so our
 * session does not disturb Playwright's own), and `Runtime.getHeapUsage` is asked of every target.
 * No in-page API reports workers' heaps (`performance.memory` exists only on window), hence CDP.
 */
import type { CDPSession } from '@playwright/test';

/** A CDP message from a target, as far as this module reads it. */
interface Message {
  id?: number;
  method?: string;
  params?: { sessionId: string; message?: string };
  result?: { usedSize?: number; backingStorageSize?: number };
}

/** Bytes summed over the page and its live workers. */
export interface HeapUse {
  /** Used JS heap (V8 objects). */
  used: number;
  /** Backing stores of ArrayBuffers (typed arrays, wasm memories) and external strings. */
  buffers: number;
}

export interface HeapSampler {
  sample(): Promise<HeapUse>;
  /** Targets attached so far (page excluded). */
  workers(): number;
}

export async function heapSampler(page: CDPSession): Promise<HeapSampler> {
  const children = new Set<string>();
  const pending = new Map<number, (use: HeapUse) => void>();
  let nextId = 1;
  const post = (sessionId: string, message: object): void =>
    void page.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify(message) }).catch(() => children.delete(sessionId));
  const send = (sessionId: string, method: string, params: object = {}): void => post(sessionId, { id: nextId++, method, params });
  const autoAttach = { autoAttach: true, waitForDebuggerOnStart: false, flatten: false };
  page.on('Target.attachedToTarget', (e: { sessionId: string }) => {
    children.add(e.sessionId);
    // Nested workers attach to their parent worker's session.
    send(e.sessionId, 'Target.setAutoAttach', autoAttach);
  });
  page.on('Target.detachedFromTarget', (e: { sessionId: string }) => children.delete(e.sessionId));
  page.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    let msg = JSON.parse(e.message) as Message;
    // A nested worker's answer arrives wrapped in its parent's event.
    if (msg.method === 'Target.receivedMessageFromTarget' && msg.params?.message) msg = JSON.parse(msg.params.message) as Message;
    if (msg.method === 'Target.attachedToTarget' && msg.params) {
      // A nested worker: reachable only through its parent, so route through it.
      const parent = e.sessionId;
      const child = msg.params.sessionId;
      children.add(`${parent}/${child}`);
      return;
    }
    if (msg.method === 'Target.detachedFromTarget' && msg.params) {
      children.delete(`${e.sessionId}/${msg.params.sessionId}`);
      return;
    }
    if (msg.id !== undefined) {
      pending.get(msg.id)?.({ used: msg.result?.usedSize ?? 0, buffers: msg.result?.backingStorageSize ?? 0 });
    }
  });
  await page.send('Target.setAutoAttach', autoAttach);

  const none: HeapUse = { used: 0, buffers: 0 };
  const ask = (route: string): Promise<HeapUse> =>
    new Promise((resolve) => {
      const [parent, child] = route.split('/');
      // A nested target is asked through its parent: the request goes wrapped in a message to it.
      const id = nextId++;
      const request = { id, method: 'Runtime.getHeapUsage' };
      if (child === undefined) post(parent, request);
      else send(parent, 'Target.sendMessageToTarget', { sessionId: child, message: JSON.stringify(request) });
      // A target that ends while asked never answers: count it as 0 after 1 s.
      const timer = setTimeout(() => answer(none), 1000);
      const answer = (use: HeapUse): void => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(use);
      };
      pending.set(id, answer);
    });

  return {
    async sample() {
      const own = await page.send('Runtime.getHeapUsage');
      const others = await Promise.all([...children].map(ask));
      return others.reduce((a, b) => ({ used: a.used + b.used, buffers: a.buffers + b.buffers }), { used: own.usedSize, buffers: own.backingStorageSize });
    },
    workers: () => children.size,
  };
}
