/**
 * Playwright global setup: refuse to test a dist/ that lacks the test hooks. The specs drive the app
 * through window.__lab and platform-check.html, which only a `vite build --mode e2e` contains
 * (see vite.config.ts); against a plain production build they would time out with no hint why.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function globalSetup(): void {
  const marker = resolve(import.meta.dirname, '..', 'dist', 'platform-check.html');
  if (!existsSync(marker)) {
    throw new Error('dist/ is not an e2e build (no dist/platform-check.html): run `npx vite build --mode e2e` first (`npm run test:e2e` does)');
  }
}
