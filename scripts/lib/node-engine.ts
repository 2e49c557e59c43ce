/**
 * The training engine's environment in Node: data from public/ on disk, PDE data generated in-process
 * (cached in memory per process), and the wasm backend with its binaries from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { generatePdeDataset, datasetKey, type PdeDataset } from '../../src/data/pde/dataset';
import { parseSentimentData } from '../../src/data/text/sentiment';
import { WordPieceTokenizer } from '../../src/data/text/tokenizer';
import { initBackend, type ActiveBackend } from '../../src/platform/backendInit';
import type { BackendName } from '../../src/platform/backendPolicy';
import type { DataLoaders } from '../../src/train/setup';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Node has no GPU backend for tfjs here: wasm, else cpu. */
export async function initNodeBackend(name: BackendName = 'wasm'): Promise<ActiveBackend> {
  if (name === 'webgpu' || name === 'webgl') throw new Error(`the ${name} backend needs a browser; use wasm or cpu in Node`);
  const require = createRequire(import.meta.url);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${wasmDir}/`);
  return initBackend(name, { webgpu: null, webgl: null, wasm: true });
}

export function nodeLoaders(): DataLoaders {
  let sentiment: ReturnType<DataLoaders['sentiment']> | null = null;
  const pdeCache = new Map<string, PdeDataset>();
  return {
    sentiment() {
      sentiment ??= (async () => {
        const [data, tok] = await Promise.all([
          readFile(path.join(ROOT, 'public/data/sentiment.json'), 'utf8'),
          readFile(path.join(ROOT, 'public/data/tokenizer.json'), 'utf8'),
        ]);
        return { data: parseSentimentData(JSON.parse(data)), tokenizer: WordPieceTokenizer.fromJSON(JSON.parse(tok)) };
      })();
      return sentiment;
    },
    async pretrained(file) {
      // Plain file names only: the loader serves public/pretrained/, nothing above it.
      if (path.basename(file) !== file) throw new Error(`not a file name in public/pretrained/: ${file}`);
      try {
        return new Uint8Array(await readFile(path.join(ROOT, 'public/pretrained', file)));
      } catch (e) {
        throw new Error(`could not read public/pretrained/${file} (${(e as Error).message}); create it with npm run pretrain / pretrain:fno`, { cause: e });
      }
    },
    async pde(spec, onProgress) {
      const key = datasetKey(spec);
      const hit = pdeCache.get(key);
      if (hit && hit.spec.samples >= spec.samples) return hit;
      const data = generatePdeDataset(spec, onProgress);
      pdeCache.set(key, data);
      return data;
    },
  };
}
