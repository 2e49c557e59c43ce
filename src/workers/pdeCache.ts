/**
 * A persistent cache of generated PDE datasets, so a second run (or the second run of a compare pair)
 * does not solve the same 352 trajectories again.
 *
 * Keyed by `datasetKey(spec)` (src/data/pde/dataset.ts), which covers everything that determines the
 * bytes except the sample count: the first m samples of a larger set equal a set of m samples, so a
 * larger entry serves a smaller request, and a smaller entry is replaced by a larger one. Entries are
 * checked (key, lengths) before use; anything odd counts as a miss and is regenerated. The cache is an
 * optimisation only: a store that fails (private mode, quota) never fails the run.
 *
 * The logic works on any KeyValueStore; `openIdbStore` is the IndexedDB one (page and workers),
 * `memoryStore` the one for tests.
 */
import { cellsPerFrame, datasetKey, type PdeDataset, type PdeDatasetSpec } from '../data/pde/dataset';

/** The little of a key–value store the cache needs. Values are structured-cloneable. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
}

/** How a dataset was obtained. */
export type PdeSource = 'cache' | 'generated';

export interface PdeLoadOptions {
  /** Null: no cache available (still generates). */
  store: KeyValueStore | null;
  generate(spec: PdeDatasetSpec, onProgress?: (done: number, total: number) => void): PdeDataset;
  onProgress?(done: number, total: number): void;
}

/** Values per sample of a dataset. */
function sampleSize(spec: PdeDatasetSpec, channels: number): number {
  return spec.nt * channels * cellsPerFrame(spec);
}

/** A stored value, checked: the dataset if it is whole and belongs to `key`, else null. */
export function readEntry(value: unknown, key: string): PdeDataset | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Partial<PdeDataset>;
  if (!(d.u instanceof Float32Array && d.x instanceof Float64Array && d.t instanceof Float64Array) || !d.spec || typeof d.channels !== 'number') return null;
  try {
    if (datasetKey(d.spec) !== key) return null;
  } catch {
    return null;
  }
  const { spec } = d;
  if (d.u.length !== spec.samples * sampleSize(spec, d.channels) || d.x.length !== spec.nx || d.t.length !== spec.nt) return null;
  return d as PdeDataset;
}

/** The first `samples` samples of a dataset (a copy, so the larger buffer can be freed). */
export function firstSamples(d: PdeDataset, samples: number): PdeDataset {
  if (samples >= d.spec.samples) return d;
  return { ...d, u: d.u.slice(0, samples * sampleSize(d.spec, d.channels)), spec: { ...d.spec, samples } };
}

/**
 * The dataset of `spec`: from the store when an entry with at least `spec.samples` samples exists,
 * else generated (with progress) and stored.
 */
export async function loadPdeDataset(spec: PdeDatasetSpec, opts: PdeLoadOptions): Promise<{ dataset: PdeDataset; source: PdeSource }> {
  const key = datasetKey(spec);
  let cached: PdeDataset | null = null;
  if (opts.store) {
    try {
      cached = readEntry(await opts.store.get(key), key);
    } catch {
      cached = null; // an unreadable store is a miss
    }
  }
  if (cached && cached.spec.samples >= spec.samples) return { dataset: firstSamples(cached, spec.samples), source: 'cache' };
  const dataset = opts.generate(spec, opts.onProgress);
  if (opts.store) {
    try {
      await opts.store.put(key, dataset);
    } catch {
      // Quota or a closed database: the run goes on without a cache.
    }
  }
  return { dataset, source: 'generated' };
}

/** A store in memory (tests; the fallback without IndexedDB). Values are structured-cloned like IndexedDB does. */
export function memoryStore(): KeyValueStore & { readonly size: number } {
  const m = new Map<string, unknown>();
  return {
    get: async (key) => (m.has(key) ? structuredClone(m.get(key)) : undefined),
    put: async (key, value) => void m.set(key, structuredClone(value)),
    get size() {
      return m.size;
    },
  };
}

export const PDE_DB = { name: 'model-balancing-lab', version: 1, store: 'pde-datasets' } as const;

/** Wrap one IndexedDB request in a promise. */
function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB store (page or worker); null where IndexedDB is missing or refuses to open. */
export async function openIdbStore(db = PDE_DB): Promise<KeyValueStore | null> {
  if (typeof indexedDB === 'undefined') return null;
  let conn: IDBDatabase;
  try {
    const open = indexedDB.open(db.name, db.version);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(db.store)) open.result.createObjectStore(db.store);
    };
    conn = await request(open);
  } catch {
    return null;
  }
  const tx = (mode: IDBTransactionMode) => conn.transaction(db.store, mode).objectStore(db.store);
  return {
    get: (key) => request(tx('readonly').get(key)),
    async put(key, value) {
      const store = tx('readwrite');
      // Resolve only once the transaction committed: another worker may read the entry right after.
      const committed = new Promise<void>((resolve, reject) => {
        store.transaction.oncomplete = () => resolve();
        store.transaction.onerror = () => reject(store.transaction.error);
        store.transaction.onabort = () => reject(store.transaction.error ?? new Error('IndexedDB transaction aborted'));
      });
      await request(store.put(value, key));
      await committed;
    },
  };
}
