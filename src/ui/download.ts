/**
 * File downloads and file names for every export of the app (CSV, run logs, sweep reports, PNG).
 */

/** Offer text or bytes as a file download. */
export function download(name: string, data: string | Blob, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, not synchronously (some browsers cancel the download).
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe slug: "α per layer" → "alpha-per-layer". */
export function slug(s: string): string {
  return (
    s
      .replace(/α/g, 'alpha')
      .replace(/η/g, 'eta')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}
