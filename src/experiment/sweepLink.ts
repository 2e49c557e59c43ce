/**
 * Sweep ⇄ URL query string, so a sweep (and every published one) is a link a reader can open and rerun.
 *
 *   ?view=sweep&preset=ID&ratios=0.05,0.1&seeds=1,2,3[&steps=N][&lrs=LR1,LR2][&set=key:value[&set=key:value…]]#/sweep
 *
 * - `preset`: a Lab preset id (presets.ts); missing ⇒ the default preset.
 * - `ratios`: comma-separated data ratios, each within the schema's ratio range (SCHEMA.ratio.min–max).
 * - `seeds`: comma-separated whole numbers within the schema's seed range.
 * - `steps`: steps per run, validated exactly as the Lab's `steps=` (clamped or rounded with a notice);
 *   missing ⇒ the preset's.
 * - `lrs`: a learning-rate grid (the authors' protocol): every cell runs each rate, and the aggregate
 *   keeps per ratio and schedule the rate with the best mean validation metric.
 * - `set`: one extra setting for every run, `key:value` with a schema key, as `--set key=value` on the
 *   CLI. Repeat the parameter for several (`&set=lr:3e-4&set=wd:0.1`): a list value may itself hold
 *   commas (`set=hide:seed,lr`), so settings are never comma-joined. The grid keys ratio, seed and mode
 *   cannot be set this way: the sweep sets them itself.
 * The trailing `#/sweep` opens the Sweeps view (the app routes by hash); `view=sweep` marks the query as
 * a sweep's rather than the Lab's. Missing parts take the defaults below, silently.
 *
 * Decoding never throws and follows url.ts: every unknown key, malformed or out-of-range value, and a grid
 * larger than MAX_LINK_JOBS runs yields a specific notice, and the rest of the grid still opens. Bad list
 * items are dropped (not clamped): a ratio of 5 clamped to 1 would silently run a different, much longer
 * experiment than the one the link's author meant. encodeSweepLink(decodeSweepLink(q).spec) === q for a
 * canonical q, and decode(encode(spec)) gives spec back.
 */
import { DEFAULT_PRESET_ID, PRESETS } from './presets';
import { KEYS, SCHEMA, SCHEMA_VERSION, type Key } from './schema';
import { GRID_KEYS, SWEEP_SCHEDULES, type SweepSpec } from './sweep';
import { parseValue, type Notice } from './url';

/** Query keys a sweep link may hold. */
export const SWEEP_LINK_KEYS = ['v', 'view', 'preset', 'ratios', 'seeds', 'steps', 'lrs', 'set'] as const;

/**
 * A link opens at most this many runs (ratios × seeds × 2 schedules). Ten times a published sweep; it keeps a
 * mistyped or hostile link from queueing days of training on the reader's laptop.
 */
export const MAX_LINK_JOBS = 200;

/** Presets a sweep can build on: the Lab's (the analyser preset trains nothing). */
export const SWEEP_PRESET_IDS: readonly string[] = PRESETS.filter((p) => p.view === 'lab').map((p) => p.id);

/** The grid the Sweeps view shows when neither a link nor a stored sweep says otherwise. */
export const DEFAULT_SWEEP_SPEC: SweepSpec = { preset: DEFAULT_PRESET_ID, ratios: [0.02, 0.05, 0.1, 0.5], seeds: [1, 2, 3] };

export interface DecodedSweepLink {
  /** The grid the link describes; null when the query is not a sweep link (e.g. the Lab's settings). */
  spec: SweepSpec | null;
  notices: Notice[];
}

/** Longest value echoed back in a notice. */
const SHOWN = 40;
/** At most this many notices about bad items of one list; the rest are counted in one more. */
const MAX_ITEM_NOTICES = 5;

function truncate(s: string): string {
  return s.length > SHOWN ? `${s.slice(0, SHOWN)}…` : s;
}

/**
 * True if a query is a sweep's: `view=sweep`, or a `ratios` or `seeds` key (the Lab never writes those).
 * The Sweeps view reads only such queries, so the Lab's settings left in the address bar are not misread.
 */
export function isSweepQuery(search: string): boolean {
  const params = readParams(search);
  return params !== null && (params.get('view') === 'sweep' || params.has('ratios') || params.has('seeds'));
}

function readParams(search: string): URLSearchParams | null {
  try {
    return new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return null;
  }
}

/**
 * Read a sweep from a query string (with or without '?'). Never throws. A query that is not a sweep's
 * gives `spec: null` and no notices; a sweep link with only `view=sweep` gives `spec: null` too (the view
 * then shows its stored sweep), so only a link that names part of a grid replaces what is on screen.
 */
export function decodeSweepLink(search: string, presetIds: readonly string[] = SWEEP_PRESET_IDS): DecodedSweepLink {
  const params = readParams(search);
  if (params === null) return { spec: null, notices: [{ key: '(link)', action: 'ignored', message: 'The link could not be read; the sweep form keeps its grid.' }] };
  if (!isSweepQuery(search)) return { spec: null, notices: [] };
  const notices: Notice[] = [];
  const note = (key: string, action: Notice['action'], message: string) => notices.push({ key, action, message });

  const version = params.get('v');
  if (version !== null && version !== String(SCHEMA_VERSION)) {
    note('v', 'adjusted', `This link was made for settings version ${truncate(version)}; this lab reads version ${SCHEMA_VERSION}. Settings it still knows were applied, the rest are listed below.`);
  }
  // Keys the link should not hold: listed after the grid's own notices, so a reader first sees what became of the grid.
  const unused: Notice[] = [];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) {
      if (key !== 'set') unused.push({ key, action: 'ignored', message: `"${truncate(key)}" appears more than once; the first value was used.` });
      continue;
    }
    seen.add(key);
    if ((SWEEP_LINK_KEYS as readonly string[]).includes(key)) continue;
    if ((KEYS as readonly string[]).includes(key)) {
      unused.push({ key, action: 'ignored', message: `"${key}" is a run setting; a sweep link applies it to every run as set=${key}:value. Ignored.` });
    } else {
      unused.push({ key, action: 'ignored', message: `Unknown sweep setting "${truncate(key)}" was ignored.` });
    }
  }
  const gridKeys = ['preset', 'ratios', 'seeds', 'steps', 'lrs', 'set'];
  if (!gridKeys.some((k) => params.has(k))) return { spec: null, notices: [...notices, ...unused] };

  let preset = DEFAULT_SWEEP_SPEC.preset;
  const presetRaw = params.get('preset');
  if (presetRaw !== null) {
    if (presetIds.includes(presetRaw)) preset = presetRaw;
    else note('preset', 'ignored', `Unknown sweep preset "${truncate(presetRaw)}"; using ${preset}.`);
  }

  const ratioField = SCHEMA.ratio;
  let ratios = readList(params.get('ratios'), 'ratios', DEFAULT_SWEEP_SPEC.ratios, notices, (x) =>
    x >= ratioField.min && x <= ratioField.max ? null : `is outside ${ratioField.min}–${ratioField.max}`,
  );
  const seedField = SCHEMA.seed;
  let seeds = readList(params.get('seeds'), 'seeds', DEFAULT_SWEEP_SPEC.seeds, notices, (x) =>
    !Number.isInteger(x) ? 'is not a whole number' : x < seedField.min || x > seedField.max ? `is outside ${seedField.min}–${seedField.max}` : null,
  );

  // A learning-rate grid (the authors' protocol): each rate multiplies the runs of every cell.
  const lrField = SCHEMA.lr;
  const lrs = params.has('lrs') ? readList(params.get('lrs'), 'lrs', [], notices, (x) => (x >= lrField.min && x <= lrField.max ? null : `is outside ${lrField.min}–${lrField.max}`)) : [];
  const perCell = SWEEP_SCHEDULES.length * Math.max(1, lrs.length);
  // Cap the grid: keep every ratio if possible (the x axis of the sweep's charts), then as many seeds as fit.
  const cells = Math.max(1, Math.floor(MAX_LINK_JOBS / perCell));
  const asked = ratios.length * seeds.length * perCell;
  if (asked > MAX_LINK_JOBS) {
    if (ratios.length > cells) ratios = ratios.slice(0, cells);
    seeds = seeds.slice(0, Math.max(1, Math.floor(cells / ratios.length)));
    note(
      'ratios',
      'adjusted',
      `The grid asks for ${asked} runs; a link opens at most ${MAX_LINK_JOBS}: kept the first ${ratios.length} ratio(s) and ${seeds.length} seed(s) (${ratios.length * seeds.length * perCell} runs).`,
    );
  }

  const spec: SweepSpec = { preset, ratios, seeds, ...(lrs.length ? { lrs } : {}) };
  const stepsRaw = params.get('steps');
  if (stepsRaw !== null) {
    const parsed = parseValue('steps', SCHEMA.steps, stepsRaw);
    if (parsed.notice) notices.push(parsed.notice.action === 'ignored' ? { ...parsed.notice, message: `steps="${truncate(stepsRaw)}" is not a number; the preset's steps are used.` } : parsed.notice);
    if (parsed.ok) spec.steps = parsed.value as number;
  }

  const overrides: Record<string, string> = {};
  for (const item of params.getAll('set')) {
    const colon = item.indexOf(':');
    if (colon < 0) {
      note('set', 'ignored', `set="${truncate(item)}" is not key:value; ignored.`);
      continue;
    }
    const key = item.slice(0, colon).trim();
    if (key in overrides) {
      note(key, 'ignored', `set=${truncate(key)}:… appears more than once; the first value was used.`);
      continue;
    }
    const checked = checkOverride(key, item.slice(colon + 1));
    if (checked.notice) notices.push(checked.notice);
    if (checked.value !== undefined) overrides[key] = checked.value;
  }
  if (Object.keys(overrides).length > 0) spec.overrides = overrides;
  return { spec, notices: [...notices, ...unused] };
}

/**
 * Parse one comma-separated list of numbers: bad items are dropped with a notice each (at most
 * MAX_ITEM_NOTICES, then a count), duplicates silently; an empty result keeps the defaults.
 */
function readList(raw: string | null, key: string, fallback: readonly number[], notices: Notice[], problem: (x: number) => string | null): number[] {
  if (raw === null) return [...fallback];
  const values: number[] = [];
  const bad: string[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const x = Number(item);
    const why = Number.isFinite(x) ? problem(x) : 'is not a number';
    if (why === null) {
      if (!values.includes(x)) values.push(x);
    } else {
      if (bad.length < MAX_ITEM_NOTICES) notices.push({ key, action: 'ignored', message: `${key}: "${truncate(item)}" ${why}; dropped.` });
      bad.push(item);
    }
  }
  if (bad.length > MAX_ITEM_NOTICES) notices.push({ key, action: 'ignored', message: `${key}: ${bad.length - MAX_ITEM_NOTICES} more bad value(s) dropped.` });
  if (values.length === 0) {
    notices.push({ key, action: 'ignored', message: `${key}: no usable value; kept ${fallback.join(',')}.` });
    return [...fallback];
  }
  return values;
}

/**
 * Validate one extra setting (`set=key:value` in a link, `key=value` in the form) against the schema.
 * Unknown keys and the grid's own keys are refused; a value is checked as the Lab checks it (parseValue),
 * so a clamped value comes back changed, with its notice, and an unusable one not at all.
 */
export function checkOverride(key: string, raw: string): { value?: string; notice?: Notice } {
  if ((GRID_KEYS as readonly string[]).includes(key)) {
    return { notice: { key, action: 'ignored', message: `"${key}" is set by the sweep grid; set=${key}:… was ignored.` } };
  }
  if (!(KEYS as readonly string[]).includes(key)) {
    return { notice: { key, action: 'ignored', message: `Unknown setting "${truncate(key)}" in set= was ignored.` } };
  }
  const parsed = parseValue(key, SCHEMA[key as Key], raw);
  if (!parsed.ok) return { notice: { ...parsed.notice, message: parsed.notice.message.replace(/; kept .*$/, '; not applied.') } };
  const value = parsed.notice ? formatSetting(parsed.value) : raw.trim();
  return { value, notice: parsed.notice };
}

function formatSetting(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** encodeURIComponent, but ',' and ':' stay readable: both are legal in a query (RFC 3986 §3.4). */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** The query string (no '?') of a sweep: view first, then preset, ratios, seeds, steps, one set= per override. */
export function encodeSweepLink(spec: SweepSpec): string {
  const parts = [`view=sweep`, `preset=${enc(spec.preset)}`, `ratios=${spec.ratios.map(String).join(',')}`, `seeds=${spec.seeds.map(String).join(',')}`];
  if (spec.steps !== undefined) parts.push(`steps=${spec.steps}`);
  if (spec.lrs?.length) parts.push(`lrs=${spec.lrs.map(String).join(',')}`);
  for (const [k, v] of Object.entries(spec.overrides ?? {})) parts.push(`set=${enc(`${k}:${v}`)}`);
  return parts.join('&');
}

/** A relative link that opens the Sweeps view with this grid in its form: query plus the view's hash. */
export function sweepHref(spec: SweepSpec): string {
  return `?${encodeSweepLink(spec)}#/sweep`;
}

/** Extra settings as the form shows them: `key=value` separated by spaces, as `--set key=value` on the CLI. */
export function formatOverrides(overrides: Record<string, string> | undefined): string {
  return Object.entries(overrides ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * Parse the form's extra settings (`lr=3e-4 wd=0.1`). Unlike a link, a form is strict: the first problem
 * (anything a link would turn into a notice) is returned as `error`, so the reader fixes it before Start.
 */
export function parseOverrides(text: string): { overrides: Record<string, string>; error?: string } {
  const overrides: Record<string, string> = {};
  for (const item of text.split(/\s+/).filter((s) => s.length > 0)) {
    const eq = item.indexOf('=');
    if (eq <= 0) return { overrides: {}, error: `Extra settings: "${truncate(item)}" is not key=value` };
    const key = item.slice(0, eq);
    if (key in overrides) return { overrides: {}, error: `Extra settings: "${key}" appears twice` };
    const checked = checkOverride(key, item.slice(eq + 1));
    if (checked.notice) return { overrides: {}, error: `Extra settings: ${checked.notice.message.replace(/set=([^:]*):…/, '$1=…')}` };
    overrides[key] = checked.value ?? '';
  }
  return { overrides };
}
