/**
 * Worker thread of `npm run analyze --threads N` (scripts/lib/analyze-pool.ts): analyses the layers it
 * is sent with src/math/analyze.ts — the same call the single-threaded CLI makes, hence identical metrics.
 * Thin on purpose: the protocol is the two message types of analyze-pool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeTensor } from '../../src/math/analyze';
import type { PoolRequest, PoolReply } from './analyze-pool';

const port = parentPort!;
port.on('message', (msg: PoolRequest) => {
  let reply: PoolReply;
  try {
    const { metrics } = analyzeTensor({ name: msg.name, shape: msg.shape, data: msg.data }, msg.opts);
    reply = { index: msg.index, metrics };
  } catch (e) {
    reply = { index: msg.index, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
