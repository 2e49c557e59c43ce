/**
 * The 2-D PDE tasks in the production build: the Darcy preset trains both runs on wasm (small grid,
 * few steps), the field view draws input, truth, both predictions and both errors on canvas with
 * finite values under the pointer; 2-D CFD shows the channel picker and per-channel curves.
 * Screenshots go to test-results/lab-screens/.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { captureConsoleErrors } from './helpers';

const SHOTS = 'test-results/lab-screens';

async function runUntilDone(page: Page, timeout: number) {
  for (const label of ['baseline', 'tempbalance']) {
    await expect(page.getByTestId(`run-status-${label}`)).toHaveAttribute('data-status', /done/, { timeout });
  }
}

/** Numbers in the read-out after pointing at the middle of a field canvas. */
async function readoutAt(page: Page, testId: string): Promise<string> {
  const canvas = page.getByTestId(testId);
  await canvas.scrollIntoViewIfNeeded();
  await canvas.hover({ position: { x: 75, y: 75 } });
  return (await page.getByTestId('field-readout').textContent()) ?? '';
}

test.describe('2-D PDE tasks', () => {
  let errors: string[];
  test.beforeEach(async ({ page }) => {
    errors = captureConsoleErrors(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  test.afterEach(() => {
    expect(errors, 'console errors').toEqual([]);
  });

  test('Darcy: field view with input, truth, predictions and errors; hover reads finite values', async ({ page }) => {
    test.setTimeout(400_000);
    await page.goto('/?preset=darcy-fno-low&size=tiny&grid=16&steps=6&evalEvery=3&backend=wasm');
    await page.getByTestId('run').click();
    await runUntilDone(page, 380_000);
    const view = page.getByTestId('field-view');
    await view.scrollIntoViewIfNeeded();
    await expect(view).toHaveAttribute('data-side', '16');
    for (const id of ['input', 'truth', 'pred-baseline', 'pred-tempbalance', 'error-baseline', 'error-tempbalance']) {
      await expect(page.getByTestId(`field-${id}`)).toBeVisible();
    }
    const text = await readoutAt(page, 'field-truth');
    expect(text).toMatch(/^x = 0\.\d+, y = 0\.\d+: input a (3\.000|12\.00) · truth u [\d.e-]+/);
    expect(text).not.toMatch(/NaN|—/);
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('chart-fields').screenshot({ path: `${SHOTS}/darcy-fields.png` });
  });

  test('2-D CFD: channel picker and per-channel nRMSE curves', async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto('/?preset=cfd2d-fno-low&size=tiny&grid=16&steps=4&evalEvery=2&backend=wasm');
    await page.getByTestId('run').click();
    await runUntilDone(page, 580_000);
    await expect(page.getByTestId('channel-lines')).toBeVisible();
    // A panel out of view keeps its last drawing (ChartPanel): scroll the fields in before reading them.
    await page.getByTestId('chart-fields').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('field-pred-tempbalance')).toBeVisible();
    await page.getByTestId('field-channel').selectOption({ label: 'pressure' });
    const text = await readoutAt(page, 'field-pred-tempbalance');
    expect(text).toContain('truth pressure');
    expect(text).not.toMatch(/NaN/);
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('chart-fields').screenshot({ path: `${SHOTS}/cfd2d-fields.png` });
  });
});
