/**
 * Persistence of sweeps: the grid definition and every finished job's result, so a sweep survives a
 * page reload and resumes where it stopped. One interface, two implementations: IndexedDB in the
 * browser, a Map in vitest (the resume logic is tested against it; the IndexedDB one by e2e/sweep.spec.ts).
 *
 * A result is written the moment its job finishes (one small put), never as a rewrite of the whole
 * sweep, so an interrupted page loses at most the jobs in flight.
 */
import { errorMessage } from '../io/errors';
import { expandGrid, pendingJobs, sweepIdOf, type JobResult, type SweepJob, type SweepSpec } from './sweep';
import type { Notice, PresetLookup } from './url';

/** The grid definition as stored. */
export interface StoredSweep {
  /** sweepIdOf(jobs): the same grid always has the same id. */
  id: string;
  spec: SweepSpec;
  /** 'running' while jobs are queued (also after a reload that interrupted it), else how it ended. */
  status: 'running' | 'cancelled' | 'done';
  createdAt: number;
  updatedAt: number;
}

export interface SweepStore {
  putSweep(sweep: StoredSweep): Promise<void>;
  getSweep(id: string): Promise<StoredSweep | undefined>;
  /** The most recently updated sweep: what the Sweep view reopens after a reload. */
  latestSweep(): Promise<StoredSweep | undefined>;
  /** Add or replace (same jobId) one job's result. */
  putResult(sweepId: string, result: JobResult): Promise<void>;
  results(sweepId: string): Promise<JobResult[]>;
  /** Remove a sweep and its results. */
  deleteSweep(id: string): Promise<void>;
}

/** In-memory store (tests, and the fallback when IndexedDB is unavailable, e.g. private windows). */
export class MemorySweepStore implements SweepStore {
  private sweeps = new Map<string, StoredSweep>();
  private res = new Map<string, Map<string, JobResult>>();

  async putSweep(sweep: StoredSweep): Promise<void> {
    // Copy on the way in and out, like structured clone does for IndexedDB: no shared mutable objects.
    this.sweeps.set(sweep.id, structuredClone(sweep));
  }
  async getSweep(id: string): Promise<StoredSweep | undefined> {
    const s = this.sweeps.get(id);
    return s && structuredClone(s);
  }
  async latestSweep(): Promise<StoredSweep | undefined> {
    let best: StoredSweep | undefined;
    for (const s of this.sweeps.values()) if (!best || s.updatedAt >= best.updatedAt) best = s;
    return best && structuredClone(best);
  }
  async putResult(sweepId: string, result: JobResult): Promise<void> {
    let m = this.res.get(sweepId);
    if (!m) this.res.set(sweepId, (m = new Map()));
    m.set(result.jobId, structuredClone(result));
  }
  async results(sweepId: string): Promise<JobResult[]> {
    return [...(this.res.get(sweepId)?.values() ?? [])].map((r) => structuredClone(r));
  }
  async deleteSweep(id: string): Promise<void> {
    this.sweeps.delete(id);
    this.res.delete(id);
  }
}

const DB_VERSION = 1;
const SWEEPS = 'sweeps';
const RESULTS = 'results';

/** A request as a promise. */
function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** A transaction's completion as a promise (writes are durable only once it completes). */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * IndexedDB store. Object stores: `sweeps` (key: id) and `results` (key: [sweepId, jobId], so one
 * key range reads a sweep's results and a re-run job replaces its old result).
 */
export class IdbSweepStore implements SweepStore {
  private constructor(private db: IDBDatabase) {}

  static async open(name = 'model-balancing-lab-sweeps'): Promise<IdbSweepStore> {
    const idb = globalThis.indexedDB;
    if (!idb) throw new Error('IndexedDB is not available in this browser');
    const req = idb.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(SWEEPS)) db.createObjectStore(SWEEPS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(RESULTS)) db.createObjectStore(RESULTS, { keyPath: ['sweepId', 'jobId'] });
    };
    return new IdbSweepStore(await done(req));
  }

  async putSweep(sweep: StoredSweep): Promise<void> {
    const tx = this.db.transaction(SWEEPS, 'readwrite');
    tx.objectStore(SWEEPS).put(sweep);
    await committed(tx);
  }
  async getSweep(id: string): Promise<StoredSweep | undefined> {
    return done(this.db.transaction(SWEEPS).objectStore(SWEEPS).get(id) as IDBRequest<StoredSweep | undefined>);
  }
  async latestSweep(): Promise<StoredSweep | undefined> {
    // A handful of sweeps at most: read them all rather than keep an index on updatedAt.
    const all = await done(this.db.transaction(SWEEPS).objectStore(SWEEPS).getAll() as IDBRequest<StoredSweep[]>);
    return all.reduce<StoredSweep | undefined>((best, s) => (!best || s.updatedAt >= best.updatedAt ? s : best), undefined);
  }
  async putResult(sweepId: string, result: JobResult): Promise<void> {
    const tx = this.db.transaction(RESULTS, 'readwrite');
    tx.objectStore(RESULTS).put({ ...result, sweepId });
    await committed(tx);
  }
  async results(sweepId: string): Promise<JobResult[]> {
    // Every key [sweepId, *]: jobIds are strings, and [] sorts after every string in IndexedDB's key order.
    const range = IDBKeyRange.bound([sweepId, ''], [sweepId, []]);
    const rows = await done(this.db.transaction(RESULTS).objectStore(RESULTS).getAll(range) as IDBRequest<(JobResult & { sweepId?: string })[]>);
    return rows.map(({ sweepId: _s, ...r }) => r);
  }
  async deleteSweep(id: string): Promise<void> {
    const tx = this.db.transaction([SWEEPS, RESULTS], 'readwrite');
    tx.objectStore(SWEEPS).delete(id);
    tx.objectStore(RESULTS).delete(IDBKeyRange.bound([id, ''], [id, []]));
    await committed(tx);
  }
}

/** The browser's store: IndexedDB, or memory (with a reason) when IndexedDB cannot be opened. */
export async function openSweepStore(): Promise<{ store: SweepStore; persistent: boolean; reason?: string }> {
  try {
    return { store: await IdbSweepStore.open(), persistent: true };
  } catch (e) {
    return { store: new MemorySweepStore(), persistent: false, reason: errorMessage(e) };
  }
}

/** A stored sweep brought back to life: its grid re-expanded, the results that belong to it, what is left. */
export interface ReopenedSweep {
  sweep: StoredSweep;
  jobs: SweepJob[];
  results: JobResult[];
  pending: SweepJob[];
  notices: Notice[];
  /** Stored results whose job is no longer in the grid (e.g. a preset changed since): not shown. */
  dropped: number;
}

/**
 * Reopen a sweep (the latest when `id` is omitted). The grid is re-expanded from the stored spec, so
 * results are matched to jobs by their stable ids; results of jobs that no longer exist are dropped.
 */
export async function reopenSweep(store: SweepStore, presets: PresetLookup, id?: string): Promise<ReopenedSweep | null> {
  const sweep = id === undefined ? await store.latestSweep() : await store.getSweep(id);
  if (!sweep) return null;
  const { jobs, notices } = expandGrid(sweep.spec, presets);
  const ids = new Set(jobs.map((j) => j.id));
  const stored = await store.results(sweep.id);
  const results = stored.filter((r) => ids.has(r.jobId));
  return { sweep, jobs, results, pending: pendingJobs(jobs, results), notices, dropped: stored.length - results.length };
}

/**
 * Start (or restart) a sweep: store its definition as 'running' and return it reopened. The same grid
 * has the same id, so starting a grid that was interrupted or cancelled keeps its finished results and
 * runs only the rest; a grid with no jobs is refused.
 */
export async function beginSweep(store: SweepStore, spec: SweepSpec, presets: PresetLookup, now: number): Promise<ReopenedSweep> {
  const { jobs } = expandGrid(spec, presets);
  if (jobs.length === 0) throw new Error('the sweep has no jobs: give at least one ratio and one seed');
  const id = sweepIdOf(jobs);
  const old = await store.getSweep(id);
  await store.putSweep({ id, spec, status: 'running', createdAt: old?.createdAt ?? now, updatedAt: now });
  const reopened = await reopenSweep(store, presets, id);
  if (!reopened) throw new Error(`sweep ${id} vanished from the store`);
  return reopened;
}

/** Mark how a sweep ended ('done' or 'cancelled'); it stays the latest, so a reload shows it. */
export async function endSweep(store: SweepStore, id: string, status: 'done' | 'cancelled', now: number): Promise<void> {
  const s = await store.getSweep(id);
  if (s) await store.putSweep({ ...s, status, updatedAt: now });
}
