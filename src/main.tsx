import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import './platform/debug'; // window.__lab.platform: backend checks (e2e/backend.spec.ts)
import './workers/trainDebug'; // window.__lab.train: test hook over the training client (e2e/train.spec.ts)

// An inline icon, so the browser does not request /favicon.ico (a 404 in the console otherwise).
// Belongs in index.html as <link rel="icon">; set here until it is added there.
if (!document.querySelector('link[rel~="icon"]')) {
  const icon = document.createElement('link');
  icon.rel = 'icon';
  icon.href =
    'data:image/svg+xml,' +
    encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#17233a"/>' +
        '<path d="M2 3l3 6 3 2 3 1.5 3 .8" stroke="#f97316" stroke-width="1.6" fill="none"/></svg>',
    );
  document.head.append(icon);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
