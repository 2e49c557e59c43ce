/**
 * The build patch for threaded tfjs wasm, checked against the INSTALLED tfjs-backend-wasm files (so a
 * version bump that changes them fails here first). The end-to-end proof that threads work in the
 * minified build is e2e/backend.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { patchBackendWasm, readThreadedFactorySource, tfjsWasmThreads } from './tfjsWasmThreads';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const backendFile = join(pkgDir, 'dist', 'backend_wasm.js');
const backendCode = readFileSync(backendFile, 'utf8');
const factorySource = readThreadedFactorySource();

/** The string literal the patch put where `toString()` was (the Blob's contents). */
function blobLiteral(patched: string): string {
  const m = /mainScriptUrlOrBlob = new Blob\(\[("(?:[^"\\]|\\.)*")\]/.exec(patched);
  if (!m) throw new Error('no Blob literal found');
  return JSON.parse(m[1]) as string;
}

/**
 * Run a pthread-worker script the way tfjs's worker does after `importScripts(blob)`: call the global
 * factory with a pthread Module, in a context holding only what a classic worker provides (no
 * `module`, `exports`, `define`, no bundle variables). Emscripten ends a pthread's set-up by calling
 * `startWorker(Module)`, after which the worker posts "loaded" to the main thread.
 */
function startPthread(script: string): string {
  let started = false;
  const scope = vm.createContext({
    self: { location: { href: 'blob:http://localhost/pthread' } },
    location: { href: 'blob:http://localhost/pthread' },
    importScripts() {},
    postMessage() {},
    performance,
    WebAssembly,
    console: { log() {}, warn() {}, error() {} },
    startWorker() {
      started = true;
    },
  });
  try {
    vm.runInContext(script, scope);
    vm.runInContext(
      // Shared memory as the main thread would send it; instantiateWasm is stubbed (no binary needed
      // to get through the JS set-up the bug broke).
      'WasmBackendModuleThreadedSimd({ ENVIRONMENT_IS_PTHREAD: true, wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 32768, shared: true }), instantiateWasm: () => ({}) })',
      scope,
    );
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return started ? 'started' : 'not started';
}

describe('patchBackendWasm on the installed tfjs-backend-wasm', () => {
  const patched = patchBackendWasm(backendCode, factorySource);

  it('removes the toString() serialisation and stays valid JavaScript', () => {
    expect(backendCode).toContain('wasmFactoryThreadedSimd.toString()');
    expect(patched).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(() => parseAst(patched)).not.toThrow();
  });

  it('puts the pristine factory file into the pthread worker Blob', () => {
    expect(blobLiteral(patched)).toBe(factorySource);
  });

  it('the Blob script starts a pthread in a scope with nothing of the bundle; the minified form did not', () => {
    expect(startPthread(blobLiteral(patched))).toBe('started');
    // The bug's input, kept as a regression case: what tfjs serialised after Vite's minifier renamed the
    // closure variable _scriptDir to `e` and folded its typeof guard (seen in dist/ of an unpatched build).
    const inner = factorySource.slice(factorySource.indexOf('return (\nfunction') + 'return ('.length, factorySource.lastIndexOf(');\n})();'));
    const minifiedLike = `var WasmBackendModuleThreadedSimd = ${inner.replace('typeof _scriptDir !== "undefined" && _scriptDir', 'e!==void 0&&e')}`;
    expect(minifiedLike).not.toBe(`var WasmBackendModuleThreadedSimd = ${inner}`); // the pattern is really there
    expect(startPthread(minifiedLike)).toBe('ReferenceError: e is not defined');
  });

  it('leaves every other line of backend_wasm.js untouched', () => {
    const before = backendCode.split('\n');
    const after = patched.split('\n');
    // The replaced expression spans two lines in the published file and one literal line after.
    expect(after.length).toBe(before.length - 1);
    const kept = after.filter((line) => before.includes(line)).length;
    expect(kept).toBe(after.length - 1);
  });
});

describe('patchBackendWasm refuses code it does not understand', () => {
  it('throws when the expression is missing (a changed tfjs version)', () => {
    expect(() => patchBackendWasm('export const x = 1;', factorySource)).toThrow(/found 0/);
  });

  it('throws when the expression occurs twice', () => {
    const twice = `${backendCode}\n${backendCode}`;
    expect(() => patchBackendWasm(twice, factorySource)).toThrow(/found 2/);
  });

  it('throws when the replacement does not declare the worker global', () => {
    expect(() => patchBackendWasm(backendCode, 'var Something = 1;')).toThrow(/does not declare/);
  });
});

describe('tfjsWasmThreads plugin', () => {
  const plugin = tfjsWasmThreads();
  const transform = plugin.transform as (code: string, id: string) => { code: string } | null;

  it('runs only in builds and only on backend_wasm.js', () => {
    expect(plugin.apply).toBe('build');
    expect(transform.call({}, 'const a = 1;', '/x/node_modules/@tensorflow/tfjs-core/dist/engine.js')).toBeNull();
    const out = transform.call({}, backendCode, `${backendFile}?v=123`);
    expect(out?.code).not.toContain('wasmFactoryThreadedSimd.toString()');
  });
});
