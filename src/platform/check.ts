/**
 * Entry of platform-check.html: a blank page that only installs `window.__lab.platform`, so the
 * backend e2e spec and the benchmark can drive the production build without the React app.
 */
import './debug';

document.getElementById('status')!.textContent = 'platform check ready';
