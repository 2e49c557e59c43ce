import { describe, expect, it } from 'vitest';
import { EIGEN_WASM_BASE64 } from '../../src/math/wasm/eigenWasm';
import { committedKernelModule, compileKernel, kernelModuleText } from './build-wasm';

describe('WebAssembly kernel build (npm run build:wasm)', () => {
  it('the committed src/math/wasm/eigenWasm.ts equals a fresh build of assembly/eigen.ts', async () => {
    const binary = await compileKernel();
    expect(binary.length).toBeGreaterThan(1000);
    // A stale module (source edited, `npm run build:wasm` not rerun) fails here.
    expect(committedKernelModule()).toBe(kernelModuleText(binary));
    expect(Buffer.from(EIGEN_WASM_BASE64, 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(WebAssembly.validate(new Uint8Array(binary))).toBe(true);
  });

});
