/**
 * `npm run build:wasm`: compile assembly/eigen.ts into src/math/wasm/eigenWasm.ts (scripts/lib/build-wasm.ts).
 * Deterministic: rewriting an up-to-date module changes nothing. Exit code 1 (one line) if asc fails.
 */
import { writeFileSync } from 'node:fs';
import { KERNEL_MODULE, committedKernelModule, compileKernel, kernelModuleText } from './lib/build-wasm';

try {
  const binary = await compileKernel();
  const text = kernelModuleText(binary);
  if (text === committedKernelModule()) {
    console.log(`build:wasm: ${KERNEL_MODULE} up to date (${binary.length} bytes)`);
  } else {
    writeFileSync(KERNEL_MODULE, text);
    console.log(`build:wasm: wrote ${KERNEL_MODULE} (${binary.length} bytes)`);
  }
} catch (e) {
  console.error(`build:wasm: ${(e as Error).message.split('\n').slice(0, 8).join('\n')}`);
  process.exitCode = 1;
}
