/**
 * A `npm run sweep -- --jobs N` worker process: its own tfjs backend and data cache, running one job at a
 * time as the parent (scripts/lib/sweep-pool.ts) sends them over the IPC channel. Thin on purpose: the
 * job itself is runSweepJob, the same code as the sequential path.
 */
import type { BackendName } from '../../src/platform/backendPolicy';
import { initNodeBackend, nodeLoaders } from './node-engine';
import { runSweepJob, type FromChild, type ToChild } from './sweep-job';

const send = (m: FromChild) => process.send?.(m);

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? 'wasm') as BackendName;
  const active = await initNodeBackend(backend);
  const loaders = nodeLoaders();
  let busy = Promise.resolve();
  process.on('message', (msg: ToChild) => {
    if (msg.kind === 'stop') {
      void busy.then(() => process.exit(0));
      return;
    }
    const { job } = msg;
    busy = busy.then(async () => {
      try {
        const result = await runSweepJob(job, loaders, (step, total) => send({ kind: 'progress', jobId: job.id, step, total }));
        send({ kind: 'result', result });
      } catch (e) {
        send({ kind: 'failed', jobId: job.id, message: e instanceof Error ? e.message : String(e) });
      }
    });
  });
  send({ kind: 'ready', backend: active.name });
}

main().catch((e: unknown) => {
  process.stderr.write(`sweep worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
