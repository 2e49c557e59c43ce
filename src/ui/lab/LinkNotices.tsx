/**
 * What a link asked for that the Lab could not honour (decodeLink's notices): each ignored, clamped
 * or adjusted setting in its own line, so a typo in a shared link is visible instead of silent.
 */
import type { Notice } from '../../experiment/url';

export function LinkNotices({ notices, onDismiss, title = 'Some settings in this link were not used as written' }: { notices: Notice[]; onDismiss(): void; title?: string }) {
  if (notices.length === 0) return null;
  return (
    <div className="link-notices" role="status" data-testid="link-notices">
      <div className="link-notices__head">
        <strong>{title}:</strong>
        <button type="button" className="button button--small" onClick={onDismiss} aria-label="Dismiss the link notices">
          Dismiss
        </button>
      </div>
      <ul>
        {notices.map((n, i) => (
          <li key={i} data-testid="link-notice" data-key={n.key} data-action={n.action}>
            <span className={`notice-action notice-action--${n.action}`}>{n.action}</span> {n.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
