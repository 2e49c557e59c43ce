// Stand-in for sweep-child.ts in sweep-pool.test.ts: speaks the same IPC protocol without tfjs.
// A job's seed decides what happens: 13 → the job throws, 66 → the process dies mid-job, else a result
// whose val is the seed and whose backend names this process.
process.send({ kind: 'ready', backend: `fake-${process.argv[2]}` });
process.on('message', (msg) => {
  if (msg.kind === 'stop') process.exit(0);
  const { job } = msg;
  if (job.seed === 66) process.exit(3);
  if (job.seed === 13) {
    process.send({ kind: 'failed', jobId: job.id, message: 'unlucky seed' });
    return;
  }
  process.send({ kind: 'progress', jobId: job.id, step: 1, total: 1 });
  const result = { jobId: job.id, ratio: job.ratio, seed: job.seed, schedule: job.schedule, val: job.seed, test: 0, metricName: 'accuracy', higherIsBetter: true, ms: 1, backend: String(process.pid) };
  setTimeout(() => process.send({ kind: 'result', result }), 5);
});
