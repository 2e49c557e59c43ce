/**
 * The weights analyser end to end, in Chromium against the production build:
 * sample model → table whose α equal the CLI's exactly → a chart with real, finite geometry →
 * xmin slider and chart drag re-fit α (in the worker) → a malformed file shows a specific error and
 * keeps the table → no console errors. Leaves test-results/analyzer.png for a human to look at.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { analyzeWithCli, captureConsoleErrors, chartGeometry, dropFile, tableAlphas, toyModelBytes, truncatedSafetensorsBytes } from './helpers';

const SAMPLE = 'public/sample.safetensors';

/**
 * Browser and CLI agree to ~1e-15 relative, not to the last bit: Chromium's V8 and Node 20's V8
 * ship different Math.log/exp/pow (measured: they differ in the last ulp for ~7–9 % of inputs), and
 * α goes through Σ ln λ. 1e-12 relative is still far below anything the UI shows or a fit resolves.
 */
function expectSameNumber(got: number | undefined, want: number | null, what: string): void {
  if (want === null) {
    expect(got, what).toBeNaN();
    return;
  }
  expect(got, what).toBeDefined();
  expect(Math.abs(got! - want), `${what}: ${got} vs CLI ${want}`).toBeLessThanOrEqual(1e-12 * Math.abs(want));
}

test.describe('weights analyser', () => {
  test('sample model: α as the CLI, real chart, xmin refit, malformed file keeps the table', async ({ page }) => {
    const errors = captureConsoleErrors(page);
    const cli = analyzeWithCli(SAMPLE);
    expect(cli.length).toBeGreaterThan(3);

    await page.goto('/#/analyzer');
    await expect(page.getByRole('heading', { name: 'Model Balancing Lab' })).toBeVisible();
    await page.getByTestId('load-sample').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');

    // Table: one row per CLI layer, α equal to the CLI's at full precision (data-alpha holds String(α)).
    await expect(page.getByTestId('layer-row')).toHaveCount(cli.length);
    const alphas = await tableAlphas(page);
    expect([...alphas.keys()]).toEqual(cli.map((l) => l.name));
    for (const layer of cli) expectSameNumber(alphas.get(layer.name), layer.alpha, layer.name);
    // Layers below eigs_thresh are marked (greyed) just as the CLI flags them.
    for (const layer of cli.filter((l) => l.status === 'too-few')) {
      await expect(page.locator(`[data-testid="layer-row"][data-layer="${layer.name}"]`)).toHaveAttribute('data-status', 'too-few');
    }

    // Select the conv layer (the biggest ESD) by keyboard: focus its row, press Enter.
    const conv = cli.find((l) => l.name.includes('conv')) ?? cli[0];
    const convAlpha = alphas.get(conv.name)!;
    await page.locator(`[data-testid="layer-row"][data-layer="${conv.name}"]`).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('esd-panel').getByRole('heading')).toContainText(conv.name);

    // Chart data: finite, positive, and the fit is the table's fit.
    const chart = page.getByTestId('esd-chart');
    const data = JSON.parse((await chart.getAttribute('data-chart')) ?? 'null') as {
      bins: { x: number; density: number }[];
      fitLine: { x: number; y: number }[];
      xmin: number;
      alpha: number;
    };
    expect(data.bins.length).toBeGreaterThan(5);
    expect(data.bins.every((b) => b.x > 0 && b.density > 0 && Number.isFinite(b.x) && Number.isFinite(b.density))).toBe(true);
    expect(data.fitLine.length).toBeGreaterThan(1);
    expect(data.alpha).toBe(convAlpha);
    expectSameNumber(data.xmin, conv.xmin, 'xmin');
    // What the SVG drew: one finite point per bin, inside the plot, and a finite fit-line path.
    const geo = await chartGeometry(page);
    expect(geo.points).toHaveLength(data.bins.length);
    const box = (await chart.boundingBox())!;
    for (const p of geo.points) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(box.width);
    }
    expect(geo.linePath).toMatch(/^M[\d.]/);
    expect(geo.linePath).not.toMatch(/NaN|Infinity/);

    // Slider: three steps right move xmin by three eigenvalues; α and D are re-fitted by the worker.
    const slider = page.getByTestId('xmin-slider');
    const readout = page.getByTestId('readout-alpha');
    const index0 = Number(await slider.inputValue());
    await slider.focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue(String(index0 + 3));
    await expect(readout).not.toHaveAttribute('data-alpha', String(convAlpha));
    await expect(chart).not.toHaveAttribute('data-xmin', String(data.xmin));
    const alphaSlid = Number(await readout.getAttribute('data-alpha'));
    expect(Number.isFinite(alphaSlid)).toBe(true);
    // The table row shows the same re-fitted α as the readout.
    const convCell = page.locator(`[data-testid="layer-row"][data-layer="${conv.name}"] [data-testid="alpha-cell"]`);
    await expect(convCell).toHaveAttribute('data-alpha', String(alphaSlid));

    // Drag on the chart: grab the plot in the middle and pull to its left edge, the smallest eigenvalues.
    const area = (await page.getByTestId('xmin-drag-area').boundingBox())!;
    await page.mouse.move(area.x + area.width * 0.5, area.y + area.height / 2);
    await page.mouse.down();
    await page.mouse.move(area.x + 2, area.y + area.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect(readout).not.toHaveAttribute('data-alpha', String(alphaSlid));
    expect(Number(await slider.inputValue())).toBeLessThan(index0);

    // Back to the method's own fit: α is the table's first value again, bit for bit.
    await page.getByRole('button', { name: /Reset to the median fit/ }).click();
    await expect(readout).toHaveAttribute('data-alpha', String(convAlpha));
    await page.screenshot({ path: 'test-results/analyzer.png' });

    // A malformed file: one specific, visible error; the previous table stays.
    const before = await tableAlphas(page);
    await page.getByTestId('file-input').setInputFiles({
      name: 'broken.safetensors',
      mimeType: 'application/octet-stream',
      buffer: truncatedSafetensorsBytes(),
    });
    const error = page.getByTestId('analysis-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('broken.safetensors');
    await expect(error).toContainText(/header|truncated|past the end/i);
    await expect(page.getByTestId('layer-row')).toHaveCount(cli.length);
    expect(await tableAlphas(page)).toEqual(before);
    await page.screenshot({ path: 'test-results/analyzer-error.png' });

    expect(errors).toEqual([]);
  });

  test('changing the fit method re-runs the analysis; α match the CLI with the same option', async ({ page }) => {
    const errors = captureConsoleErrors(page);
    const cli = analyzeWithCli(SAMPLE, ['--fit', 'goodness-of-fit']);
    await page.goto('/#/analyzer');
    await page.getByTestId('load-sample').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');
    // The new run starts synchronously in the change handler, so 'done' from here on is the new run's.
    await page.getByTestId('fit-method').selectOption('goodness-of-fit');
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');
    const alphas = await tableAlphas(page);
    expect([...alphas.keys()]).toEqual(cli.map((l) => l.name));
    for (const layer of cli) expectSameNumber(alphas.get(layer.name), layer.alpha, layer.name);

    // CSV export: WeightWatcher column names, one line per layer, the table's α at full precision.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe('sample.esd.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['name', 'alpha', 'D', 'xmin', 'lambda_max', 'stable_rank', 'alpha_weighted']));
    expect(csv).toHaveLength(cli.length + 1);
    const col = header.indexOf('alpha');
    csv.slice(1).forEach((line, i) => expect(Number(line.split(',')[col])).toBe(alphas.get(cli[i].name)));
    expect(errors).toEqual([]);
  });

  test('a dropped file streams in; NaN weights and tiny layers are marked', async ({ page }) => {
    const errors = captureConsoleErrors(page);
    const bytes = toyModelBytes();
    const path = join(tmpdir(), `mbl-e2e-toy-${process.pid}.safetensors`);
    writeFileSync(path, bytes);
    let cli;
    try {
      cli = analyzeWithCli(path);
    } finally {
      rmSync(path, { force: true });
    }
    await page.goto('/#/analyzer');
    await dropFile(page, 'toy.safetensors', bytes);
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'done');
    const alphas = await tableAlphas(page);
    expect([...alphas.keys()]).toEqual(cli.map((l) => l.name));
    for (const layer of cli) expectSameNumber(alphas.get(layer.name), layer.alpha, layer.name);
    const diverged = page.locator('[data-testid="layer-row"][data-status="not-finite"]');
    await expect(diverged).toHaveCount(1);
    await expect(diverged.getByTestId('alpha-cell')).toContainText('NaN/Inf');
    await expect(page.locator('[data-testid="layer-row"][data-layer="head.tiny.weight"]')).toHaveAttribute('data-status', 'too-few');
    // Selecting the NaN layer says why there is no spectrum instead of drawing garbage.
    await diverged.click();
    await expect(page.getByTestId('no-chart')).toContainText('NaN/Inf');
    await page.screenshot({ path: 'test-results/analyzer-dropped.png' });
    expect(errors).toEqual([]);
  });

  test('About dialog opens with credits and closes with Escape', async ({ page }) => {
    const errors = captureConsoleErrors(page);
    await page.goto('/#/analyzer');
    await page.getByTestId('about-open').click();
    const dialog = page.getByTestId('about-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('link', { name: /Model Balancing Helps Low-data/ })).toHaveAttribute('href', /2410\.12178/);
    await expect(dialog).toContainText('CC BY 4.0');
    await expect(dialog).toContainText('TempBalance');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(errors).toEqual([]);
  });
});
