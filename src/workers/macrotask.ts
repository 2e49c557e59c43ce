/**
 * Yield to the event loop with a macrotask, so that messages queued meanwhile (a `pause`, a newer
 * request) are handled before the caller goes on. A microtask would not let them in.
 */

/** A macrotask via MessageChannel: unlike setTimeout(0) it is not clamped to 4 ms when nested. */
export function macrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
