/**
 * The training engine's data in the browser (the counterpart of scripts/lib/node-engine.ts):
 * sentiment data and tokenizer fetched from the app's own `data/` folder, checkpoints from
 * `pretrained/` (init = pretrained), PDE data generated inside
 * the training worker (never on the main thread) and cached in IndexedDB (pdeCache.ts).
 *
 * Compare mode starts two workers that want the same PDE dataset at the same moment: a Web Lock per
 * dataset key lets one generate while the other waits, then reads the fresh cache entry instead of
 * solving the same trajectories on the second core.
 */
import { generatePdeDataset, datasetKey } from '../data/pde/dataset';
import { parseSentimentData } from '../data/text/sentiment';
import { WordPieceTokenizer } from '../data/text/tokenizer';
import type { DataLoaders } from '../train/setup';
import { loadPdeDataset, openIdbStore, type KeyValueStore } from './pdeCache';
import type { DataReport } from './trainHandler';

/** navigator.locks, where the browser has it (all current ones, in workers too). */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface BrowserLoaderOptions {
  /** Absolute URL of the app's root (InitRequest.appBase); data files live under `${baseUrl}data/`. */
  baseUrl: string;
  /** The PDE cache; default IndexedDB (null when unavailable). */
  store?: Promise<KeyValueStore | null>;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return res.json();
}

function dataUrl(baseUrl: string, file: string): string {
  return new URL(`data/${file}`, baseUrl).href;
}

export function browserLoaders(report: DataReport, options: BrowserLoaderOptions): DataLoaders {
  let sentiment: ReturnType<DataLoaders['sentiment']> | null = null;
  const store = options.store ?? openIdbStore();
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return {
    sentiment() {
      sentiment ??= (async () => {
        report(0, 2, 'Downloading the sentiment sentences and the tokenizer');
        const [data, tok] = await Promise.all([fetchJson(dataUrl(options.baseUrl, 'sentiment.json')), fetchJson(dataUrl(options.baseUrl, 'tokenizer.json'))]);
        const out = { data: parseSentimentData(data), tokenizer: WordPieceTokenizer.fromJSON(tok) };
        report(2, 2, 'Sentiment data loaded');
        return out;
      })();
      return sentiment;
    },
    async pretrained(file) {
      const url = new URL(`pretrained/${encodeURIComponent(file)}`, options.baseUrl).href;
      report(0, 1, `Downloading the pretrained ${file}`);
      const res = await fetch(url);
      if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      report(1, 1, `Loaded ${file} (${(bytes.length / 1024).toFixed(0)} kB)`);
      return bytes;
    },
    async pde(spec, onProgress) {
      const key = datasetKey(spec);
      const load = async () => {
        report(0, spec.samples, 'Looking for the PDE data in the browser cache');
        const { dataset, source } = await loadPdeDataset(spec, { store: await store, generate: generatePdeDataset, onProgress });
        report(spec.samples, spec.samples, source === 'cache' ? `PDE data loaded from the browser cache (IndexedDB): ${spec.samples} trajectories` : `PDE data generated: ${spec.samples} trajectories (cached for the next run)`);
        return dataset;
      };
      return locks ? locks.request(`pde-dataset:${key}`, load) : load();
    },
  };
}
