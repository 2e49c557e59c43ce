/**
 * Mini-batch order: a seeded permutation per epoch, fixed batch size, the last partial batch of an
 * epoch dropped (a constant batch shape avoids recompiling GPU kernels and keeps steps comparable).
 * Same seed ⇒ same order, so a TempBalance run and its baseline see exactly the same batches.
 */
import { createRng, type Rng } from '../math/random';

/** Batches per epoch of a training set of `size` with batches of `batch` (the last partial batch dropped). */
export function batchesPerEpoch(size: number, batch: number): number {
  if (!(size >= 1)) return 0;
  return Math.floor(size / Math.max(1, Math.min(batch, size)));
}

export class BatchSampler {
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  private readonly rng: Rng;
  private order: Int32Array;
  private cursor = 0;
  private epochCount = 0;

  constructor(readonly size: number, batchSize: number, seed: number) {
    if (!(size >= 1)) throw new Error('cannot sample batches from an empty training set');
    // A training set smaller than the batch is used whole every step.
    this.batchSize = Math.max(1, Math.min(batchSize, size));
    this.stepsPerEpoch = batchesPerEpoch(size, batchSize);
    this.rng = createRng(seed).fork('batches');
    this.order = this.permutation();
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.epochCount;
  }

  /** Indices of the next batch, and whether this batch ends an epoch. */
  next(): { indices: Int32Array; epochEnded: boolean } {
    const indices = this.order.slice(this.cursor, this.cursor + this.batchSize);
    this.cursor += this.batchSize;
    const epochEnded = this.cursor + this.batchSize > this.size;
    if (epochEnded) {
      this.epochCount++;
      this.cursor = 0;
      this.order = this.permutation();
    }
    return { indices, epochEnded };
  }

  private permutation(): Int32Array {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    return Int32Array.from(this.rng.shuffle(idx));
  }
}
