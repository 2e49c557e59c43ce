import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';

// Test hooks (window.__lab.platform, window.__lab.train) for the e2e suite. Loaded after the app so
// tfjs stays out of the main thread's startup bundle: tfjs-core parses location.search when it loads
// and throws on a malformed %-escape, which must never blank the page (a bad link opens with a notice).
function loadTestHooks(): void {
  for (const load of [() => import('./platform/debug'), () => import('./workers/trainDebug')]) {
    load().catch((e: unknown) => console.warn('test hook not loaded:', e instanceof Error ? e.message : e));
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

loadTestHooks();
