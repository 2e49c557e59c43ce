/**
 * Experiment ⇄ URL query string, derived from the schema table. Decoding never throws: every key that
 * is unknown, mistyped, out of range or from another schema version yields a specific notice and the
 * rest of the link still applies.
 */
import { KEYS, SCHEMA, SCHEMA_VERSION, defaultConfig, type ExperimentConfig, type Field, type Key } from './schema';

/** Query keys that are not experiment settings. */
export const META_KEYS = ['v', 'preset', 'view'] as const;

export interface Notice {
  key: string;
  /** What happened: 'ignored' (value dropped, default kept), 'clamped' or 'adjusted' (value changed). */
  action: 'ignored' | 'clamped' | 'adjusted';
  message: string;
}

export interface DecodedLink {
  config: ExperimentConfig;
  preset: string | null;
  view: string | null;
  notices: Notice[];
}

/** A preset is a named override of the defaults (see presets.ts). */
export type PresetLookup = (id: string) => Partial<ExperimentConfig> | undefined;

const MAX_VALUE_LENGTH = 200;

/**
 * Parse a query string (with or without the leading '?'). Precedence: defaults < preset < explicit keys.
 */
export function decodeLink(search: string, presets?: PresetLookup): DecodedLink {
  const notices: Notice[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return { config: defaultConfig(), preset: null, view: null, notices: [{ key: '(link)', action: 'ignored', message: 'The link could not be read; using the defaults.' }] };
  }

  const version = params.get('v');
  if (version !== null && version !== String(SCHEMA_VERSION)) {
    notices.push({
      key: 'v',
      action: 'adjusted',
      message: `This link was made for settings version ${truncate(version)}; this lab reads version ${SCHEMA_VERSION}. Settings it still knows were applied, the rest are listed below.`,
    });
  }

  let config = defaultConfig();
  const presetId = params.get('preset');
  let preset: string | null = null;
  if (presetId !== null) {
    const overrides = presets?.(presetId);
    if (overrides) {
      config = { ...config, ...overrides };
      preset = presetId;
    } else {
      notices.push({ key: 'preset', action: 'ignored', message: `Unknown preset "${truncate(presetId)}"; using the defaults.` });
    }
  }

  const seen = new Set<string>();
  for (const [rawKey, raw] of params) {
    if ((META_KEYS as readonly string[]).includes(rawKey)) continue;
    if (!(KEYS as string[]).includes(rawKey)) {
      notices.push({ key: rawKey, action: 'ignored', message: `Unknown setting "${truncate(rawKey)}" was ignored.` });
      continue;
    }
    const key = rawKey as Key;
    if (seen.has(key)) {
      notices.push({ key, action: 'ignored', message: `"${key}" appears more than once; the first value was used.` });
      continue;
    }
    seen.add(key);
    const parsed = parseValue(key, SCHEMA[key], raw);
    if (parsed.notice) notices.push(parsed.notice);
    if (parsed.ok) (config as Record<string, unknown>)[key] = parsed.value;
  }
  // Links made before minRatio existed set linear_map's and rank's lower ratio with sMin; say so rather
  // than guess (sMin is also sigmoid's, and a link may carry it from a sigmoid preset).
  if (seen.has('sMin') && !seen.has('minRatio') && (config.assign === 'linear_map' || config.assign === 'rank')) {
    notices.push({
      key: 'sMin',
      action: 'adjusted',
      message: `"sMin" is the sigmoid's lower exponent; ${config.assign}'s lower ratio is now "minRatio" (here ${config.minRatio}). A link made before minRatio existed meant sMin = ${config.sMin} as that ratio: set minRatio to reproduce it.`,
    });
  }
  return { config, preset, view: params.get('view'), notices };
}

/**
 * Serialise a config: version first, then the preset (if any), then every setting that differs from
 * what the preset (or the defaults) would give — so links stay short but reproduce the exact experiment.
 */
export function encodeLink(config: ExperimentConfig, opts: { preset?: string | null; view?: string | null; presets?: PresetLookup } = {}): string {
  const params = new URLSearchParams();
  params.set('v', String(SCHEMA_VERSION));
  let base = defaultConfig();
  if (opts.preset) {
    const overrides = opts.presets?.(opts.preset);
    if (overrides) {
      base = { ...base, ...overrides };
      params.set('preset', opts.preset);
    }
  }
  if (opts.view) params.set('view', opts.view);
  for (const key of KEYS) {
    const value = config[key];
    if (sameValue(value, base[key])) continue;
    params.set(key, formatValue(value));
  }
  return params.toString();
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

type Parsed = { ok: true; value: unknown; notice?: Notice } | { ok: false; notice: Notice };

/** Validate one raw string against its field; clamp numbers into range, never throw. */
export function parseValue(key: string, field: Field, raw: string): Parsed {
  const shown = `"${truncate(raw)}"`;
  const ignore = (why: string): Parsed => ({ ok: false, notice: { key, action: 'ignored', message: `${key}=${shown} ${why}; kept ${formatValue(field.default)}.` } });
  if (raw.length > MAX_VALUE_LENGTH) return ignore('is too long');
  switch (field.type) {
    case 'number': {
      const trimmed = raw.trim();
      const x = trimmed === '' ? NaN : Number(trimmed);
      if (!Number.isFinite(x)) return ignore('is not a number');
      let v = x;
      let notice: Notice | undefined;
      if (field.integer && !Number.isInteger(v)) {
        v = Math.round(v);
        notice = { key, action: 'adjusted', message: `${key}=${shown} must be a whole number; rounded to ${v}.` };
      }
      if (v < field.min || v > field.max) {
        const c = Math.min(field.max, Math.max(field.min, v));
        return { ok: true, value: c, notice: { key, action: 'clamped', message: `${key}=${shown} is outside ${field.min}–${field.max}; clamped to ${c}.` } };
      }
      return { ok: true, value: v, notice };
    }
    case 'enum':
      if ((field.values as readonly string[]).includes(raw)) return { ok: true, value: raw };
      return ignore(`is not one of ${field.values.join(', ')}`);
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return ignore('is not 1/0 or true/false');
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const good = items.filter((s) => (field.values as readonly string[]).includes(s));
      const bad = items.filter((s) => !(field.values as readonly string[]).includes(s));
      const unique = [...new Set(good)];
      if (bad.length === 0) return { ok: true, value: unique };
      return {
        ok: true,
        value: unique,
        notice: { key, action: 'adjusted', message: `${key}: unknown item(s) ${bad.map((b) => `"${truncate(b)}"`).join(', ')} ignored.` },
      };
    }
  }
}
