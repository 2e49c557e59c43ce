/**
 * "Published sweeps": one card per sweep in docs/RESULTS.md (publishedSweeps.ts). A card fills the form with
 * exactly that grid and never starts it: each is 24 runs and tens of minutes, so the reader sees the cost
 * first and presses Start. Each card also shows its link, the one RESULTS.md gives.
 */
import { findPreset } from '../../experiment/presets';
import { PUBLISHED_SWEEPS, costLine, type PublishedSweep } from '../../experiment/publishedSweeps';
import { formatOverrides, sweepHref } from '../../experiment/sweepLink';

export interface PublishedSweepsProps {
  /** Id of the card whose grid the form holds, if any. */
  active: string | null;
  disabled: boolean;
  onPick(p: PublishedSweep): void;
}

function gridLine(p: PublishedSweep): string {
  const { ratios, seeds, overrides } = p.spec;
  const extra = formatOverrides(overrides);
  return `${extra ? `${extra}; ` : ''}ratios ${ratios.join(', ')} × seeds ${seeds.join(', ')} × {baseline, TempBalance}`;
}

export function PublishedSweeps({ active, disabled, onPick }: PublishedSweepsProps) {
  return (
    <section className="published" aria-label="Published sweeps">
      <h2>
        Published sweeps <span className="muted">(docs/RESULTS.md)</span>
      </h2>
      <ul className="published__list">
        {PUBLISHED_SWEEPS.map((p) => {
          const href = sweepHref(p.spec);
          const on = p.id === active;
          return (
            <li key={p.id} className={`published-card ${on ? 'published-card--active' : ''}`} data-testid={`published-${p.id}`}>
              <button
                type="button"
                className="published-card__pick"
                aria-pressed={on}
                disabled={disabled}
                title={`Fill the form with this grid (${findPreset(p.spec.preset)?.title ?? p.spec.preset}); Start runs it.`}
                onClick={() => onPick(p)}
              >
                <span className="published-card__title">{p.title}</span>
                <span className="published-card__grid">
                  <code>{p.spec.preset}</code>: {gridLine(p)}
                </span>
                <span className="published-card__cost" data-testid="published-cost">
                  {costLine(p)}
                </span>
              </button>
              <a className="published-card__link" href={href} data-testid="published-link" title="This sweep's link (opens it in the form, does not start it)">
                {href}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
