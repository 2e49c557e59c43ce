// Entry of the analyze CLI's worker threads: Node 20 does not apply the parent's `--import tsx` loader
// to worker threads, so register tsx here, then load the TypeScript worker (analyze-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./analyze-worker.ts');
