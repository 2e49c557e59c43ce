import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { tfjsWasmThreads } from './src/platform/build/tfjsWasmThreads.ts';

// Cross-origin isolation: SharedArrayBuffer, hence multi-threaded tfjs wasm, is only available to
// documents served with these two headers (and to their workers). Every resource of the app is
// same-origin, so `require-corp` blocks nothing. Hosting elsewhere needs the same headers: docs/BACKENDS.md.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// One config for the app (vite) and the unit tests (vitest). `--mode e2e` (npm run test:e2e and the
// browser benchmarks) builds the test hooks too: window.__lab in the app (src/main.tsx) and the bare
// platform-check.html page; a production build (`vite build`) has neither.
export default defineConfig(({ mode }) => ({
  // tfjsWasmThreads keeps the threaded wasm backend's pthread worker script intact under minification.
  plugins: [react(), tfjsWasmThreads()],
  base: './',
  // Module workers are bundled separately with their own plugin list: they need the patch too.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // platform-check.html: a bare page exposing window.__lab.platform for e2e/backend.spec.ts.
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        ...(mode === 'e2e' ? { platform: resolve(import.meta.dirname, 'platform-check.html') } : {}),
      },
    },
  },
  server: { headers: isolationHeaders },
  preview: { port: 5173, strictPort: true, headers: isolationHeaders },
  test: {
    // Playwright specs live in e2e/ and must never be collected by vitest.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
}));
