import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { errorMessage } from './io/errors';
import './ui/styles.css';

// Test hooks (window.__lab.platform, window.__lab.train) for the e2e suite and the browser benchmarks,
// only in a build made with `vite build --mode e2e` (npm run test:e2e does). Vite replaces
// import.meta.env.MODE at build time, so a production build drops this code and the hooks' chunks:
// no tfjs on the main thread. Loaded after the app: tfjs-core parses location.search when it loads
// and throws on a malformed %-escape, which must never blank the page (a bad link opens with a notice).
function loadTestHooks(): void {
  for (const load of [() => import('./platform/debug'), () => import('./workers/trainDebug')]) {
    load().catch((e: unknown) => console.warn('test hook not loaded:', errorMessage(e)));
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.MODE === 'e2e') loadTestHooks();
