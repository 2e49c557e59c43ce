/**
 * `npm run sweep -- --jobs N`: the grid's jobs spread over N child processes (sweep-child.ts), each with
 * its own tfjs backend, so a machine with N free cores runs N jobs at once. Results are identical to the
 * sequential run's: every job is seeded by its own config, whichever process runs it.
 *
 * A job that throws is reported failed and the worker goes on; a worker that dies fails its job in
 * flight and the rest of the queue goes to the others (all of it fails only when none is left).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JobResult, SweepJob } from '../../src/experiment/sweep';
import type { FromChild, ToChild } from './sweep-job';

export interface PoolEvents {
  onReady?(worker: number, backend: string): void;
  onProgress?(job: SweepJob, step: number, total: number): void;
  onResult(job: SweepJob, result: JobResult): void;
  onFailed(job: SweepJob, message: string): void;
}

const CHILD = fileURLToPath(new URL('./sweep-child.ts', import.meta.url));

/** Which program a worker runs (tests substitute a stand-in that speaks the same protocol). */
export interface WorkerProgram {
  path: string;
  execArgv: string[];
}

/** Run `jobs` over `workers` processes; resolves when every job has a result or a failure. */
export function runPool(
  jobs: readonly SweepJob[],
  workers: number,
  backend: string,
  events: PoolEvents,
  // The parent's execArgv carries tsx's loader, so the child can be TypeScript too.
  program: WorkerProgram = { path: CHILD, execArgv: process.execArgv },
): Promise<void> {
  const queue = [...jobs];
  const byId = new Map(jobs.map((j) => [j.id, j]));
  let alive = Math.max(0, Math.min(workers, jobs.length));
  if (alive === 0) return Promise.resolve();

  return new Promise((resolve) => {
    const failRestIfNoneLeft = () => {
      if (alive > 0) return;
      for (const job of queue.splice(0)) events.onFailed(job, 'no sweep worker left to run it');
      resolve();
    };
    for (let w = 0; w < alive; w++) {
      // The child's stdout (tfjs banners) is dropped: the parent's stdout is the results table.
      const child: ChildProcess = fork(program.path, [backend], { execArgv: program.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      let current: SweepJob | null = null;
      const next = () => {
        current = queue.shift() ?? null;
        const msg: ToChild = current ? { kind: 'run', job: current } : { kind: 'stop' };
        child.send(msg);
      };
      child.on('message', (msg: FromChild) => {
        switch (msg.kind) {
          case 'ready':
            events.onReady?.(w, msg.backend);
            next();
            break;
          case 'progress': {
            const job = byId.get(msg.jobId);
            if (job) events.onProgress?.(job, msg.step, msg.total);
            break;
          }
          case 'result':
            if (current) events.onResult(current, msg.result);
            next();
            break;
          case 'failed':
            if (current) events.onFailed(current, msg.message);
            next();
            break;
        }
      });
      child.on('exit', (code) => {
        if (current) events.onFailed(current, `sweep worker ${w} exited with code ${String(code)}`);
        current = null;
        alive -= 1;
        if (alive === 0) (queue.length ? failRestIfNoneLeft : resolve)();
      });
    }
  });
}
