/**
 * Sweep mode end to end, in Chromium against the production build: a 1 ratio × 1 seed × 2 schedules
 * sweep of a few steps, opened from a sweep link (the form is pre-filled and nothing starts until Start),
 * runs on the real training workers; a reload after the first job keeps its result (IndexedDB) and
 * Resume runs only the second; both charts then hold finite data that the SVG really draws; the table
 * agrees with the charts; no console errors. Then: a malformed sweep link opens with notices, a published
 * sweep card fills the form and shows its published numbers, the address bar and "Copy link" follow the form, and the Lab gets its own
 * settings back when the reader leaves the Sweeps view. Leaves test-results/sweep.png, sweep-notices.png and sweep-published.png.
 *
 * navigator.hardwareConcurrency is pinned to 1 so the two jobs run one after the other: that is what
 * makes "reload after exactly one finished job" deterministic (no timing involved).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PUBLISHED_SWEEPS } from '../src/experiment/publishedSweeps';
import { aggregate, parseReportResults } from '../src/experiment/sweep';
import { chartRows } from '../src/ui/sweep/SweepCharts';
import { spreadRows, type SpreadRow } from '../src/ui/sweep/spreadRows';
import { decodeSweepLink, sweepHref } from '../src/experiment/sweepLink';
import { captureConsoleErrors } from './helpers';

/** Generous: two tiny runs, each with worker start-up, data loading and a final evaluation. */
const JOB_TIMEOUT = 150_000;

interface MetricPoint {
  ratio: number;
  baseline: number | null;
  tempbalance: number | null;
}

/** The four plotted spreads of a row of the α-spread chart. */
const SPREAD_KEYS = ['baselineStart', 'baselineEnd', 'tempbalanceStart', 'tempbalanceEnd'] as const;

/** The published sweeps whose results file records α spreads (older files do not). */
const WITH_SPREADS = PUBLISHED_SWEEPS.filter((p) => readFileSync(`docs/results/${p.id}.json`, 'utf8').includes('"spread"'));

async function status(page: Page) {
  const s = page.getByTestId('sweep-status');
  return { done: Number(await s.getAttribute('data-done')), total: Number(await s.getAttribute('data-total')), phase: await s.getAttribute('data-phase') };
}

/** Centres of the dots recharts drew for the lines of a chart. */
async function dotCentres(page: Page, testid: string): Promise<{ x: number; y: number }[]> {
  return page
    .getByTestId(testid)
    .locator('.recharts-line-dots .recharts-dot, .recharts-line-dots circle')
    .evaluateAll((els) => els.map((el) => ({ x: Number(el.getAttribute('cx')), y: Number(el.getAttribute('cy')) })));
}

/** The tiny grid the run test opens by link: 1 ratio × 1 seed × 2 schedules of 3 steps. */
const TINY_LINK = '/?view=sweep&preset=sentiment-low&ratios=0.05&seeds=1&steps=3#/sweep';

/** The query part of the address bar, decoded as the Sweeps view decodes it. */
function specInUrl(page: Page) {
  return decodeSweepLink(new URL(page.url()).search).spec;
}

test('a 1 × 1 × 2 sweep opened from a link completes, survives a reload, resumes, and charts finite data', async ({ page }) => {
  test.setTimeout(4 * JOB_TIMEOUT);
  const errors = captureConsoleErrors(page);
  await page.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 1 }));
  await page.goto(TINY_LINK);

  // The link fills the form and starts nothing: the store is read (idle), still no sweep.
  await expect(page.getByText('No sweep yet')).toBeVisible();
  await expect(page.getByLabel('Preset')).toHaveValue('sentiment-low');
  await expect(page.getByLabel('Data ratios')).toHaveValue('0.05');
  await expect(page.getByLabel('Seeds')).toHaveValue('1');
  await expect(page.getByLabel('Steps per run')).toHaveValue('3');
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  await expect(page.getByTestId('sweep-summary')).toContainText('2 runs');
  expect(specInUrl(page)).toEqual({ preset: 'sentiment-low', ratios: [0.05], seeds: [1], steps: 3 });
  await page.getByRole('button', { name: 'Start' }).click();

  const statusBox = page.getByTestId('sweep-status');
  // The grid it runs is the link's: 1 ratio × 1 seed × 2 schedules.
  await expect(statusBox).toHaveAttribute('data-total', '2');
  await expect(statusBox).toHaveAttribute('data-phase', 'running');
  // First job done: its result is already stored when the status counts it.
  await expect(statusBox).toHaveAttribute('data-done', '1', { timeout: JOB_TIMEOUT });
  await expect(statusBox).toContainText(/left/);

  await page.reload();
  await expect(statusBox).toHaveAttribute('data-phase', 'idle');
  expect(await status(page)).toEqual({ done: 1, total: 2, phase: 'idle' });
  await expect(statusBox).toContainText('Interrupted');
  // The address bar still holds the grid, so the reload reopened exactly that sweep and the form shows it.
  expect(specInUrl(page)).toEqual({ preset: 'sentiment-low', ratios: [0.05], seeds: [1], steps: 3 });
  await expect(page.getByLabel('Data ratios')).toHaveValue('0.05');
  await expect(page.getByTestId('run-row')).toHaveCount(1);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(statusBox).toHaveAttribute('data-done', '2', { timeout: JOB_TIMEOUT });
  await expect(statusBox).toHaveAttribute('data-phase', 'idle');
  await expect(statusBox).toContainText('Done');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeDisabled();

  // The metric chart: one ratio, both schedules, finite accuracies in [0, 1].
  const metric = JSON.parse((await page.getByTestId('sweep-metric-chart').getAttribute('data-points')) ?? '[]') as MetricPoint[];
  expect(metric).toHaveLength(1);
  expect(metric[0].ratio).toBe(0.05);
  for (const v of [metric[0].baseline, metric[0].tempbalance]) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v!).toBeGreaterThanOrEqual(0);
    expect(v!).toBeLessThanOrEqual(1);
  }
  const gain = JSON.parse((await page.getByTestId('sweep-gain-chart').getAttribute('data-points')) ?? '[]') as { gain: number | null }[];
  expect(gain).toHaveLength(1);
  expect(gain[0].gain).toBeCloseTo(metric[0].tempbalance! - metric[0].baseline!, 12);

  // What the SVG drew: two dots (one per schedule) and one improvement dot, all at finite positions.
  const dots = await dotCentres(page, 'sweep-metric-chart');
  expect(dots).toHaveLength(2);
  const gainDots = await dotCentres(page, 'sweep-gain-chart');
  expect(gainDots).toHaveLength(1);
  for (const d of [...dots, ...gainDots]) {
    expect(Number.isFinite(d.x) && Number.isFinite(d.y)).toBe(true);
  }
  // Same ratio ⇒ same x; the higher accuracy is drawn higher (smaller y), unless they are equal.
  expect(dots[0].x).toBeCloseTo(dots[1].x, 6);
  if (metric[0].baseline !== metric[0].tempbalance) expect(dots[0].y < dots[1].y).toBe(metric[0].baseline! > metric[0].tempbalance!);

  // The α spread chart: browser jobs record the spread at their first and last re-estimate, so the one
  // ratio has four finite, non-negative spreads (population stds), shape-corrected by default.
  const spreadChart = page.getByTestId('sweep-spread-chart');
  await spreadChart.scrollIntoViewIfNeeded();
  await expect(spreadChart).toHaveAttribute('data-kind', 'corrected');
  const corrected = JSON.parse((await spreadChart.getAttribute('data-points')) ?? '[]') as SpreadRow[];
  expect(corrected).toHaveLength(1);
  expect(corrected[0]).toMatchObject({ ratio: 0.05, baselineN: 1, tempbalanceN: 1 });
  for (const k of SPREAD_KEYS) expect(Number.isFinite(corrected[0][k]) && corrected[0][k]! >= 0).toBe(true);
  await expect(spreadChart.locator('.recharts-line-dots circle, .recharts-line-dots .recharts-dot')).toHaveCount(4);
  for (const d of await dotCentres(page, 'sweep-spread-chart')) expect(Number.isFinite(d.x) && Number.isFinite(d.y)).toBe(true);
  // "as fitted" shows the spread of α itself: the shapes' differences are back in it, so it changes.
  await spreadChart.getByTestId('sweep-spread-fitted').check();
  await expect(spreadChart).toHaveAttribute('data-kind', 'fitted');
  const fitted = JSON.parse((await spreadChart.getAttribute('data-points')) ?? '[]') as SpreadRow[];
  for (const k of SPREAD_KEYS) expect(Number.isFinite(fitted[0][k])).toBe(true);
  expect(fitted[0].baselineEnd).not.toBe(corrected[0].baselineEnd);
  await spreadChart.getByTestId('sweep-spread-fitted').uncheck();

  // The table shows the same means at full precision.
  const row = page.getByTestId('sweep-row');
  await expect(row).toHaveCount(1);
  expect(Number(await row.getByTestId('baseline-cell').getAttribute('data-mean'))).toBe(metric[0].baseline);
  expect(Number(await row.getByTestId('tempbalance-cell').getAttribute('data-mean'))).toBe(metric[0].tempbalance);
  expect(await row.getByTestId('baseline-cell').getAttribute('data-n')).toBe('1');

  // A second reload keeps the finished sweep.
  await page.reload();
  await expect(statusBox).toHaveAttribute('data-done', '2');
  await expect(page.getByTestId('run-row')).toHaveCount(2);

  await page.getByTestId('sweep-help').locator('summary').click();
  await page.screenshot({ path: 'test-results/sweep.png', fullPage: true });
  expect(errors, 'console errors').toEqual([]);
});

test('a malformed sweep link opens the view with a notice per bad value, and nothing is thrown', async ({ page }) => {
  const errors = captureConsoleErrors(page);
  // Unknown preset, a ratio that is no number, a negative one, a broken %-escape, a fractional seed,
  // a grid key and an unknown key in set=, a run setting outside set=, and a key that is a broken escape.
  await page.goto('/?view=sweep&preset=nope&ratios=0.05,abc,-1,%ZZ&seeds=1,2.5&set=ratio:0.3&set=colour:red&lr=0.1&%E0%A4%A=1#/sweep');

  const notices = page.getByTestId('link-notice');
  await expect(page.getByTestId('link-notices')).toBeVisible();
  const text = (await notices.allTextContents()).join('\n');
  for (const pattern of [
    /Unknown sweep preset "nope"; using sentiment-finetune-paper/,
    /ratios: "abc" is not a number; dropped/,
    /ratios: "-1" is outside 0.005–1; dropped/,
    /ratios: "%ZZ" is not a number; dropped/,
    /seeds: "2.5" is not a whole number; dropped/,
    /"ratio" is set by the sweep grid/,
    /Unknown setting "colour" in set=/,
    /"lr" is a run setting/,
    /Unknown sweep setting "\ufffd/,
  ]) {
    expect(text).toMatch(pattern);
  }
  await expect(notices).toHaveCount(9);
  // The rest of the grid opened.
  await expect(page.getByLabel('Preset')).toHaveValue('sentiment-finetune-paper');
  await expect(page.getByLabel('Data ratios')).toHaveValue('0.05');
  await expect(page.getByLabel('Seeds')).toHaveValue('1');
  await expect(page.getByText('No sweep yet')).toBeVisible();
  // The address bar now holds the grid that was actually opened, a clean link.
  expect(new URL(page.url()).search).toBe('?view=sweep&preset=sentiment-finetune-paper&ratios=0.05&seeds=1');
  await page.screenshot({ path: 'test-results/sweep-notices.png' });

  await page.getByRole('button', { name: 'Dismiss the link notices' }).click();
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  expect(errors, 'console errors').toEqual([]);
});

test('a published sweep card fills the form with its grid (without running it), and the link follows the form', async ({ page, context }) => {
  const errors = captureConsoleErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#/sweep');
  await expect(page.getByText('No sweep yet')).toBeVisible();

  const fno = PUBLISHED_SWEEPS.find((p) => p.id === 'fno-burgers-low')!;
  const card = page.getByTestId(`published-${fno.id}`);
  await expect(card.getByTestId('published-cost')).toHaveText('24 runs, ~25 min on a 2-core laptop');
  await expect(card.getByTestId('published-link')).toHaveAttribute('href', sweepHref(fno.spec));
  await card.getByRole('button').click();

  await expect(card.getByRole('button')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.published-card__pick[aria-pressed="true"]')).toHaveCount(1);
  await expect(page.getByLabel('Preset')).toHaveValue('fno-burgers-low');
  await expect(page.getByLabel('Data ratios')).toHaveValue('0.05, 0.1, 0.25, 0.5');
  await expect(page.getByLabel('Seeds')).toHaveValue('1, 2, 3');
  await expect(page.getByLabel('Steps per run')).toHaveValue('');
  await expect(page.getByTestId('sweep-summary')).toContainText('24 runs');
  expect(specInUrl(page)).toEqual(fno.spec);
  // Nothing started; the published numbers are shown instead, exactly those of docs/results/<id>.json.
  await expect(page.getByText('No sweep yet')).toBeVisible();
  const shown = page.getByTestId('published-results');
  await expect(shown).toBeVisible();
  const expected = chartRows(aggregate(parseReportResults(JSON.parse(readFileSync(`docs/results/${fno.id}.json`, 'utf8'))))).metric;
  expect(expected).toHaveLength(4);
  expect(JSON.parse((await shown.getByTestId('sweep-metric-chart').getAttribute('data-points')) ?? '[]')).toEqual(expected);
  // This file predates recorded spreads: the spread chart says so instead of drawing an empty plot.
  expect(spreadRows(aggregate(parseReportResults(JSON.parse(readFileSync(`docs/results/${fno.id}.json`, 'utf8')))), 'corrected')).toEqual([]);
  await expect(shown.getByTestId('sweep-spread-empty')).toContainText('recorded no α spreads');
  await expect(shown.locator('.recharts-line-dots circle, .recharts-line-dots .recharts-dot')).toHaveCount(8 + 4);
  await page.screenshot({ path: 'test-results/sweep-published.png', fullPage: true });

  // Editing the form moves the address bar and the copied link with it; the card is no longer the grid.
  await page.getByLabel('Seeds').fill('1, 2');
  await expect.poll(() => specInUrl(page)).toEqual({ ...fno.spec, seeds: [1, 2] });
  await expect(card.getByRole('button')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('published-results')).toHaveCount(0);
  await page.getByTestId('copy-sweep-link').click();
  await expect(page.getByTestId('copy-sweep-message')).toContainText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  // The copied link, opened in a fresh page, shows the same grid.
  const fresh = await context.newPage();
  await fresh.goto(copied);
  await expect(fresh.getByLabel('Seeds')).toHaveValue('1, 2');
  await expect(fresh.getByLabel('Preset')).toHaveValue('fno-burgers-low');
  await fresh.close();
  expect(errors, 'console errors').toEqual([]);
});

test('a published sweep with recorded spreads: the gain and the α-spread charts both hold finite data', async ({ page }) => {
  test.skip(WITH_SPREADS.length === 0, 'no results file in docs/results/ records α spreads yet');
  const errors = captureConsoleErrors(page);
  for (const p of WITH_SPREADS) {
    await page.goto('/#/sweep');
    await page.getByTestId(`published-${p.id}`).getByRole('button').click();
    const shown = page.getByTestId('published-results');
    await expect(shown).toBeVisible();
    const agg = aggregate(parseReportResults(JSON.parse(readFileSync(`docs/results/${p.id}.json`, 'utf8'))));
    const gain = shown.getByTestId('sweep-gain-chart');
    expect(JSON.parse((await gain.getAttribute('data-points')) ?? '[]')).toEqual(chartRows(agg).gain);
    for (const g of chartRows(agg).gain) expect(Number.isFinite(g.gain)).toBe(true);
    const spread = shown.getByTestId('sweep-spread-chart');
    await spread.scrollIntoViewIfNeeded();
    const rows = spreadRows(agg, 'corrected');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.parse((await spread.getAttribute('data-points')) ?? '[]')).toEqual(rows);
    for (const r of rows) for (const k of SPREAD_KEYS) expect(Number.isFinite(r[k])).toBe(true);
    await expect(spread.locator('.recharts-line-dots circle, .recharts-line-dots .recharts-dot')).toHaveCount(4 * rows.length);
    // The table under the charts gives each ratio's paired p-value and seeds won, as RESULTS.md does.
    const pCells = shown.getByTestId('p-cell');
    await expect(pCells).toHaveCount(agg.rows.length);
    for (const [i, r] of agg.rows.entries()) {
      expect(Number(await pCells.nth(i).getAttribute('data-p'))).toBeCloseTo(r.p, 12);
      await expect(shown.getByTestId('won-cell').nth(i)).toHaveText(`${r.won}/${r.improvement.n}`);
    }
    await page.screenshot({ path: `test-results/sweep-published-spread-${p.id}.png`, fullPage: true });
  }
  expect(errors, 'console errors').toEqual([]);
});

test("leaving the Sweeps view gives the Lab back its own settings (no sweep keys read as the Lab's)", async ({ page }) => {
  const errors = captureConsoleErrors(page);
  await page.goto('/?v=1&preset=fno-burgers-low#/lab');
  await expect(page.getByTestId('preset-fno-burgers-low')).toHaveClass(/preset-card--active/);
  const labQuery = new URL(page.url()).search;

  await page.getByRole('link', { name: 'Sweeps', exact: true }).click();
  await expect(page.getByText('No sweep yet')).toBeVisible();
  // The Lab's query is not a sweep link: no notices, and the address bar now holds the form's grid.
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  await expect.poll(() => specInUrl(page)).not.toBeNull();

  await page.getByRole('link', { name: 'Training lab', exact: true }).click();
  await expect(page.getByTestId('lab')).toBeVisible();
  await expect(page.getByTestId('preset-fno-burgers-low')).toHaveClass(/preset-card--active/);
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  expect(new URL(page.url()).search).toBe(labQuery);
  expect(errors, 'console errors').toEqual([]);
});

test('a sweep link without the #/sweep hash still opens the Sweeps view with its grid', async ({ page }) => {
  const errors = captureConsoleErrors(page);
  await page.goto('/?view=sweep&preset=fno-burgers-low&ratios=0.05,0.5&seeds=2');
  await expect(page.getByRole('link', { name: 'Sweeps', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Preset')).toHaveValue('fno-burgers-low');
  await expect(page.getByLabel('Data ratios')).toHaveValue('0.05, 0.5');
  await expect(page.getByLabel('Seeds')).toHaveValue('2');
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  expect(errors, 'console errors').toEqual([]);
});
