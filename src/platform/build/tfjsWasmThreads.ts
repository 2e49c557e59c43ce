/**
 * Vite (build-time, Node) plugin that makes tfjs-backend-wasm's multi-threaded mode survive a
 * minified production build. Used by vite.config.ts; never bundled into the app.
 *
 * The failure it fixes (tfjs 4.22, reproduced here with Vite 8's minifier, see docs/BACKENDS.md):
 * for threads, tfjs builds the script that every pthread worker runs from the *source text* of the
 * Emscripten factory function: `new Blob(['var WasmBackendModuleThreadedSimd = ' +
 * wasmFactoryThreadedSimd.toString()])`. After minification that function text refers to identifiers
 * of the surrounding bundle (the factory's closure variable `_scriptDir` becomes a one-letter name and
 * its `typeof … !== "undefined"` guard is folded away), which do not exist inside the worker:
 * `ReferenceError: e is not defined`, the worker never reports "loaded", and `tf.setBackend('wasm')`
 * waits forever.
 *
 * The fix: at build time, replace that `toString()` expression with a string literal holding the
 * pristine, self-contained file `wasm-out/tfjs-backend-wasm-threaded-simd.js` (it declares
 * `var WasmBackendModuleThreadedSimd` at top level, which is what the pthread worker calls).
 * String literals are not touched by the minifier. The main thread still runs the bundled copy of the
 * same Emscripten output, so both sides agree on the wasm imports.
 *
 * The plugin fails the build loudly if the pattern is not found exactly once (a tfjs upgrade changed
 * the code): better a clear build error than a page that hangs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The expression in dist/backend_wasm.js that serialises the factory (whitespace as published). */
const TO_STRING_EXPR = /`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)/g;

/** Module ids the patch applies to: tfjs-backend-wasm's ESM backend file. */
const BACKEND_FILE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;

/** Name of the global the pthread worker calls (`WasmBackendModuleThreadedSimd(Module)` in the worker). */
const FACTORY_GLOBAL = 'var WasmBackendModuleThreadedSimd =';

/**
 * Replace the `toString()` serialisation in backend_wasm.js by a literal of the threaded factory source.
 * Pure string → string; throws if the code does not have the expected shape.
 */
export function patchBackendWasm(code: string, threadedFactorySource: string): string {
  const matches = code.match(TO_STRING_EXPR) ?? [];
  if (matches.length !== 1) {
    throw new Error(
      `tfjs-wasm-threads: expected exactly one "wasmFactoryThreadedSimd.toString()" in backend_wasm.js, found ${matches.length}; ` +
        'the tfjs-backend-wasm version changed, re-check src/platform/build/tfjsWasmThreads.ts',
    );
  }
  if (!threadedFactorySource.includes(FACTORY_GLOBAL)) {
    throw new Error(`tfjs-wasm-threads: the threaded factory source does not declare "${FACTORY_GLOBAL}"`);
  }
  // JSON.stringify yields a valid JS string literal (quotes, backslashes, newlines, U+2028 escaped).
  return code.replace(TO_STRING_EXPR, () => JSON.stringify(threadedFactorySource));
}

/** Reads wasm-out/tfjs-backend-wasm-threaded-simd.js of the installed tfjs-backend-wasm. */
export function readThreadedFactorySource(root: string = process.cwd()): string {
  const require = createRequire(join(root, 'package.json'));
  const pkgDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  return readFileSync(join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js'), 'utf8');
}

/**
 * The plugin. Register it for the app AND for worker bundles (`worker.plugins`): Vite builds module
 * workers with their own plugin list. Build only: `vite dev` pre-bundles dependencies without minifying, and there the
 * original `toString()` is already self-contained.
 */
export function tfjsWasmThreads(): Plugin {
  let source: string | null = null;
  return {
    name: 'tfjs-wasm-threads',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!BACKEND_FILE.test(id.split('?')[0])) return null;
      source ??= readThreadedFactorySource();
      return { code: patchBackendWasm(code, source), map: null };
    },
  };
}
