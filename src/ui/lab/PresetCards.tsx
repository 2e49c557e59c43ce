/**
 * Preset cards: title, what to look at, and the preset's link. Choosing a card loads its settings
 * (a preset is just a link, presets.ts); the analyser preset opens the analyser view.
 */
import { PRESETS, type Preset } from '../../experiment/presets';

export interface PresetCardsProps {
  active: string | null;
  onPick(id: string): void;
}

/** The link of a preset: its query and the view it opens. */
export function presetHref(p: Preset): string {
  return `?v=1&preset=${encodeURIComponent(p.id)}#/${p.view}`;
}

export function PresetCards({ active, onPick }: PresetCardsProps) {
  const current = PRESETS.find((p) => p.id === active);
  return (
    <section className="presets" aria-label="Presets">
      <ul className="preset-list">
        {PRESETS.map((p) => (
          <li key={p.id} className={`preset-card ${p.id === active ? 'preset-card--active' : ''}`} data-testid={`preset-${p.id}`}>
            <a
              href={presetHref(p)}
              aria-current={p.id === active ? 'true' : undefined}
              title={p.summary}
              onClick={(e) => {
                // The analyser preset is a plain navigation; lab presets load in place.
                if (p.view !== 'lab' || e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                onPick(p.id);
              }}
            >
              <span className="preset-card__title">{p.title}</span>
              <span className="preset-card__summary">{p.summary}</span>
            </a>
          </li>
        ))}
      </ul>
      {current && (
        <p className="preset-explain" data-testid="preset-explain">
          <strong>{current.title}.</strong> {current.explain}
        </p>
      )}
    </section>
  );
}
