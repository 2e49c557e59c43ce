/**
 * Sweep mode end to end, in Chromium against the production build: a 1 ratio × 1 seed × 2 schedules
 * sweep of a few steps runs on the real training workers; a reload after the first job keeps its
 * result (IndexedDB) and Resume runs only the second; both charts then hold finite data that the SVG
 * really draws; the table agrees with the charts; no console errors. Leaves test-results/sweep.png.
 *
 * navigator.hardwareConcurrency is pinned to 1 so the two jobs run one after the other: that is what
 * makes "reload after exactly one finished job" deterministic (no timing involved).
 */
import { expect, test, type Page } from '@playwright/test';
import { captureConsoleErrors } from './helpers';

/** Generous: two tiny runs, each with worker start-up, data loading and a final evaluation. */
const JOB_TIMEOUT = 150_000;

interface MetricPoint {
  ratio: number;
  baseline: number | null;
  tempbalance: number | null;
}

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

test('a 1 × 1 × 2 sweep completes, survives a reload, resumes, and charts finite data', async ({ page }) => {
  test.setTimeout(4 * JOB_TIMEOUT);
  const errors = captureConsoleErrors(page);
  await page.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 1 }));
  await page.goto('/#/sweep');

  await expect(page.getByText('No sweep yet')).toBeVisible();
  await page.getByLabel('Preset').selectOption('sentiment-low');
  await page.getByLabel('Data ratios').fill('0.05');
  await page.getByLabel('Seeds').fill('1');
  await page.getByLabel('Steps per run').fill('3');
  await page.getByRole('button', { name: 'Start' }).click();

  const statusBox = page.getByTestId('sweep-status');
  await expect(statusBox).toHaveAttribute('data-total', '2');
  await expect(statusBox).toHaveAttribute('data-phase', 'running');
  // First job done: its result is already stored when the status counts it.
  await expect(statusBox).toHaveAttribute('data-done', '1', { timeout: JOB_TIMEOUT });
  await expect(statusBox).toContainText(/left/);

  await page.reload();
  await expect(statusBox).toHaveAttribute('data-phase', 'idle');
  expect(await status(page)).toEqual({ done: 1, total: 2, phase: 'idle' });
  await expect(statusBox).toContainText('Interrupted');
  // The form shows the reopened grid.
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
