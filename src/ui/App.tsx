/**
 * App shell: header, a nav built from the VIEWS table, the About dialog and the active view.
 * The active view lives in the URL hash so it survives reloads and can be linked to.
 */
import { useEffect, useState } from 'react';
import { About } from './About';
import { VIEWS, viewFromLocation } from './views';

export function App() {
  const [view, setView] = useState(() => viewFromLocation(window.location.hash, window.location.search));

  useEffect(() => {
    const onHash = () => setView(viewFromLocation(window.location.hash, window.location.search));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.title = `${view.label} · Model Balancing Lab`;
  }, [view]);

  const View = view.component;
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Model Balancing Lab</h1>
        <nav aria-label="Views" className="app-nav">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.id}>
                <a href={`#/${v.id}`} aria-current={v.id === view.id ? 'page' : undefined} title={v.description}>
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <About />
      </header>
      <main className="app-main" aria-label={view.label}>
        <View />
      </main>
    </div>
  );
}
