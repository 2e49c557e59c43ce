/**
 * The training Lab in the production build, on the wasm backend (?backend=wasm: the same in every
 * CI browser). Runs are kept tiny (tiny model, a handful of steps) because the CPU is shared; what
 * is checked is that the charts hold real, finite data from the workers, that Compare runs differ
 * only by TempBalance, that links round-trip and fail softly, and that the main thread stays smooth.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PRESETS } from '../src/experiment/presets';
import { csvHeader } from '../src/io/report';
import { captureConsoleErrors } from './helpers';

/** A compare run that finishes in well under a minute on a shared CPU. */
const TINY = 'size=tiny&unit=layer&steps=8&evalEvery=4&interval=4&backend=wasm';
const SHOTS = 'test-results/lab-screens';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string }; src_file?: string };
}

interface MainTask {
  cpu: number;
  wall: number;
  /** A DevTools-protocol message with no page event in it: Playwright's polling, not the page's work. */
  harness: boolean;
}

/**
 * Every task of the page's main thread in a Chromium trace from the task that dispatched the first
 * click on: CPU time and wall time, ms. Tasks before it are the tracer's own start-up.
 */
function mainThreadTasks(events: TraceEvent[]): MainTask[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const own = (e: TraceEvent) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X';
  const click = events.find((e) => own(e) && e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) throw new Error('no click in the trace');
  const tasks = events.filter((e) => own(e) && e.name === 'ThreadControllerImpl::RunTask' && e.ts + (e.dur ?? 0) >= click.ts).sort((a, b) => a.ts - b.ts);
  // Tasks that run page code: an event dispatch, a timer, a frame or a worker message inside them.
  const pageWork = events.filter((e) => own(e) && ['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FunctionCall'].includes(e.name)).map((e) => e.ts);
  const hasPageWork = (t: TraceEvent) => pageWork.some((ts) => ts >= t.ts && ts <= t.ts + (t.dur ?? 0));
  return tasks.map((e) => ({
    cpu: (e.tdur ?? 0) / 1000,
    wall: (e.dur ?? 0) / 1000,
    harness: e.args?.src_file === 'ipc/ipc_mojo_bootstrap.cc' && (e.tdur ?? 0) > 5000 && !hasPageWork(e),
  }));
}

async function runUntil(page: Page, label: 'baseline' | 'tempbalance', status: RegExp, timeout = 150_000) {
  await expect(page.getByTestId(`run-status-${label}`)).toHaveAttribute('data-status', status, { timeout });
}

/** Every number in a JSON data attribute (null marks a missing value, which the charts skip). */
async function numbersIn(page: Page, testId: string, attr: string): Promise<number[]> {
  const json = await page.getByTestId(testId).first().getAttribute(attr);
  const out: number[] = [];
  JSON.parse(json ?? 'null', (_k, v: unknown) => {
    if (typeof v === 'number') out.push(v);
    return v;
  });
  return out;
}

/** The value of every visible setting, keyed by schema name. */
async function controlValues(page: Page): Promise<Record<string, string>> {
  const fields = await page.locator('.lab-field').evaluateAll((els) =>
    els.map((el) => {
      const input = el.querySelector('input, select') as HTMLInputElement | HTMLSelectElement | null;
      const v = input instanceof HTMLInputElement && input.type === 'checkbox' ? String(input.checked) : (input?.value ?? '');
      return [el.getAttribute('data-key') ?? '', v] as const;
    }),
  );
  const mode = await page.locator('.mode-switch input:checked').getAttribute('value');
  return { ...Object.fromEntries(fields), mode: mode ?? '' };
}

/** A full-page screenshot. Charts out of view keep their last drawing, so scroll each into view first. */
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const panel of await page.locator('.chart-panel').all()) {
    await panel.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 600))));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test.describe('training lab', () => {
  let errors: string[];
  test.beforeEach(async ({ page }) => {
    errors = captureConsoleErrors(page);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  test.afterEach(() => {
    expect(errors, 'console errors').toEqual([]);
  });

  test('the default preset trains on wasm and every chart holds finite data', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('preset-sentiment-finetune-paper')).toHaveClass(/preset-card--active/);
    await page.getByTestId('run').click();
    await expect(page.getByTestId('run-status-tempbalance')).toHaveAttribute('data-step', /^([3-9]|\d\d+)$/, { timeout: 180_000 });
    await page.getByTestId('pause').click();
    await runUntil(page, 'tempbalance', /paused/);
    await expect(page.getByTestId('backend-tempbalance')).toHaveAttribute('data-backend', 'wasm');
    await expect(page.getByTestId('backend-baseline')).toContainText('wasm');

    // Charts out of view keep their last drawing: scroll each one in before reading it.
    await page.getByTestId('chart-loss').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('loss-lines')).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/);
    await page.getByTestId('chart-lr').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('lr-lines')).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/);
    await page.getByTestId('chart-alpha-bars').scrollIntoViewIfNeeded();
    const alphas = await numbersIn(page, 'alpha-bars', 'data-rows');
    expect(alphas.length).toBeGreaterThan(10);
    for (const a of alphas) expect(Number.isFinite(a) && a > 1).toBe(true);
    const esd = await numbersIn(page, 'esd-chart', 'data-chart');
    expect(esd.length).toBeGreaterThan(10);
    expect(esd.every(Number.isFinite)).toBe(true);
    await expect(page.getByTestId('mapping-chart')).toBeVisible();
    // Each drawn loss path has only finite coordinates.
    const d = await page.getByTestId('loss-lines').locator('.chart-line').first().getAttribute('d');
    expect(d).toMatch(/^M[\d.]/);
    expect(d).not.toMatch(/NaN|Infinity/);

    // Mid-run: a learning-rate change applies live; a seed change waits for Reset and says so.
    await page.getByTestId('control-lr').locator('input').fill('0.0005');
    await expect(page.getByTestId('reset')).toHaveText('Reset');
    await expect(page.locator('[data-testid="run-error-tempbalance"]')).toHaveCount(0);
    await page.getByTestId('control-seed').locator('input').fill('3');
    await expect(page.getByTestId('reset')).toHaveText('Reset (apply 1 change)');
    await expect(page.locator('.lab-field[data-key="seed"] .badge')).toHaveText('on Reset ●');
  });

  test('α bars: the estimator switch re-draws the bars and the random-shape ticks with FARMS, and back', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(`/?preset=sentiment-low&${TINY}`);
    await page.getByTestId('step').click();
    await runUntil(page, 'tempbalance', /paused/, 200_000);
    await runUntil(page, 'baseline', /paused/, 200_000);
    const bars = page.getByTestId('alpha-bars');
    await page.getByTestId('chart-alpha-bars').scrollIntoViewIfNeeded();
    // The switch starts at the run's own estimator (the schema default, Hill) and every tick has arrived.
    await expect(page.getByTestId('alpha-bars-estimator')).toHaveValue('hill');
    await expect(bars).toHaveAttribute('data-estimator', 'hill');
    const read = async () => ({
      rows: JSON.parse((await bars.getAttribute('data-rows')) ?? '[]') as Record<string, number | string | null>[],
      random: JSON.parse((await bars.getAttribute('data-random')) ?? '[]') as (number | null)[],
    });
    // Every layer with a fit has its tick (the reference worker answers one shape at a time); a layer
    // without one (the 2-column classifier head: 2 eigenvalues) has neither bar nor tick.
    const settled = async () => {
      const { rows, random } = await read();
      // Both runs' first re-estimates are in (they fit the same layers), and every fitted layer has its tick.
      return rows.some((r) => r.tempbalance !== null) && rows.every((r, i) => (r.baseline === null) === (r.tempbalance === null) && (r.tempbalance === null) === (random[i] === null));
    };
    await expect.poll(settled, { timeout: 60_000 }).toBe(true);
    const hill = await read();
    await page.mouse.move(0, 0);
    await page.getByTestId('chart-alpha-bars').screenshot({ path: `${SHOTS}/alpha-bars-hill.png` });

    await page.getByTestId('alpha-bars-estimator').selectOption('farms');
    await expect(bars).toHaveAttribute('data-estimator', 'farms');
    await expect(bars).not.toHaveAttribute('data-random', JSON.stringify(hill.random));
    await expect.poll(settled, { timeout: 60_000 }).toBe(true);
    const farms = await read();
    await page.mouse.move(0, 0); // no row tooltip over the picture
    await page.getByTestId('chart-alpha-bars').screenshot({ path: `${SHOTS}/alpha-bars-farms.png` });
    expect(farms.rows.map((r) => r.name)).toEqual(hill.rows.map((r) => r.name));
    // Every bar and tick is a finite α; a FARMS tick is a square window's random α, ≈ 2.1–2.3 whatever the shape.
    // The layers Hill can fit (≥ 3 eigenvalues). FARMS may fit more: it pools the 2×2 windows of the
    // 2-column head into enough eigenvalues for a number, if not a meaningful one.
    const fitted = hill.rows.flatMap((r, i) => (r.tempbalance === null ? [] : [i]));
    expect(fitted.length).toBeGreaterThan(4);
    for (const i of fitted) for (const k of ['baseline', 'tempbalance', 'baselineInitial', 'tempbalanceInitial']) expect(Number.isFinite(farms.rows[i][k])).toBe(true);
    // A FARMS tick is the random α of square windows: ≈ 2.1–2.3 for these matrices, whatever their shape.
    for (const i of fitted) expect(farms.random[i]! > 1.9 && farms.random[i]! < 2.5).toBe(true);
    // Matrices that are not square are windowed, so their bars and ticks change; square ones ≤ 100 wide do not.
    const changed = farms.rows.filter((r, i) => r.tempbalance !== hill.rows[i].tempbalance);
    expect(changed.length).toBeGreaterThan(0);
    expect(fitted.filter((i) => Math.abs(farms.random[i]! - hill.random[i]!) > 0.1).length).toBeGreaterThan(0);
    // The ESD chart reads the shown layer's α under both estimators.
    await expect(page.getByTestId('esd-estimators')).toContainText(/Hill \d\.\d\d \(the run’s\) · FARMS \d\.\d\d/);

    // Display only: the run's own setting is untouched, and switching back restores the Hill picture exactly.
    await expect(page.getByTestId('control-estimator')).toHaveValue('hill');
    await page.getByTestId('alpha-bars-estimator').selectOption('hill');
    await expect(bars).toHaveAttribute('data-rows', JSON.stringify(hill.rows));
    await expect(bars).toHaveAttribute('data-random', JSON.stringify(hill.random));
  });

  test('ESD chart: the xmin slider and the fit method re-fit the layer in the chart only; Reset returns to the run\'s fit', async ({ page }) => {
    test.setTimeout(240_000);
    // The re-fits run in the ESD worker that analyses the runs' snapshots: no second one starts.
    const esdWorkers: string[] = [];
    page.on('worker', (w) => {
      if (/\/esd\.worker[^/]*$/.test(new URL(w.url()).pathname)) esdWorkers.push(w.url());
    });
    await page.goto('/?backend=wasm');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('run-status-tempbalance')).toHaveAttribute('data-step', /^([3-9]|\d\d+)$/, { timeout: 180_000 });
    // Paused, so no new re-estimate replaces the fit under test.
    await page.getByTestId('pause').click();
    await runUntil(page, 'tempbalance', /paused/);
    await runUntil(page, 'baseline', /paused/);
    const panel = page.getByTestId('chart-esd');
    await panel.scrollIntoViewIfNeeded();
    const slider = panel.getByTestId('xmin-slider');
    await expect(slider).toBeVisible();
    const readAlpha = async () => Number(await panel.getByTestId('readout-alpha').getAttribute('data-alpha'));
    // A re-estimate already in flight when Pause lands can still replace the chart's fit (seen under load):
    // take the run's own α only once it has held still for 2 s.
    let own = await readAlpha();
    await expect
      .poll(
        async () => {
          await page.waitForTimeout(2000);
          const now = await readAlpha();
          const still = now === own;
          own = now;
          return still;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const ownIndex = Number(await slider.inputValue());
    expect(Number.isFinite(own) && own > 1).toBe(true);

    // Three steps of the slider towards the tail (keyboard), then the fit follows: other α and D, other index.
    await slider.focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    await expect(panel.locator('.xmin-control__index')).toHaveText(new RegExp(`^${ownIndex + 3} / `));
    await expect.poll(readAlpha).not.toBe(own);
    const moved = await readAlpha();
    expect(Number.isFinite(moved)).toBe(true);
    await expect(panel.getByTestId('esd-local-fit')).toBeVisible();
    const line = (await panel.locator('.esd-chart .chart-line').first().getAttribute('d')) ?? '';
    expect(line).toMatch(/^M[\d.]/);
    expect(line).not.toMatch(/NaN|Infinity/);

    // Another fit method for this chart: another xmin choice, another α.
    await panel.getByTestId('esd-fit-method').selectOption('goodness-of-fit');
    await expect.poll(readAlpha).not.toBe(moved);
    const gof = await readAlpha();
    expect(Number.isFinite(gof) && gof !== own).toBe(true);
    // The slider follows the method's xmin (it no longer holds the keyboard position).
    await expect(panel.locator('.xmin-control__index')).toHaveText(new RegExp(`^${await slider.inputValue()} / `));
    mkdirSync(SHOTS, { recursive: true });
    await panel.screenshot({ path: `${SHOTS}/esd-refit.png` });

    // Reset: the run's own fit again, exactly; the run's settings never changed.
    await panel.getByTestId('esd-fit-reset').click();
    await expect.poll(readAlpha).toBe(own);
    await expect(slider).toHaveValue(String(ownIndex));
    await expect(panel.getByTestId('esd-fit-method')).toHaveValue('median');
    await expect(page.getByTestId('control-fit')).toHaveValue('median');
    expect(esdWorkers).toHaveLength(1);
  });

  test('WebGPU (SwiftShader here): an FNO run trains through the Lab UI', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/?preset=fno-burgers-low&mode=baseline&backend=webgpu&steps=6');
    await page.getByTestId('run').click();
    const status = page.getByTestId('run-status-baseline');
    // Shader warm-up takes 15–40 s on SwiftShader, data generation a few more.
    await expect(status).toHaveAttribute('data-step', /^[1-9]\d*$/, { timeout: 240_000 });
    await expect(page.getByTestId('backend-baseline')).toHaveAttribute('data-backend', 'webgpu');
    const loss = Number(await status.getAttribute('data-loss'));
    expect(Number.isFinite(loss) && loss > 0).toBe(true);
    await expect(page.getByTestId('run-error-baseline')).toHaveCount(0);
  });

  test('Compare: same start, learning rates differ only under TempBalance; the run log re-opens', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await page.goto(`/?preset=sentiment-low&${TINY}`);
    await page.getByTestId('run').click();
    await runUntil(page, 'baseline', /done/);
    await runUntil(page, 'tempbalance', /done/);

    // Same seed, data and initial weights: identical α at the first re-estimate. Charts adopt new
    // data a few frames after it arrives (staggered redraws), so wait for the final re-estimate (step 8).
    await expect(page.getByTestId('chart-esd').locator('h2')).toContainText('step 8');
    await page.getByTestId('chart-metric').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('metric-lines')).toHaveAttribute('data-points', '2');
    const rows = JSON.parse((await page.getByTestId('alpha-bars').getAttribute('data-rows')) ?? '[]') as Record<string, number | null>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r.baselineInitial).toBe(r.tempbalanceInitial);

    const ratios = async (label: string) => JSON.parse((await page.getByTestId(`run-status-${label}`).getAttribute('data-ratios')) ?? '{}') as Record<string, number>;
    const base = Object.values(await ratios('baseline'));
    const tb = Object.values(await ratios('tempbalance'));
    expect(base.length).toBeGreaterThan(5);
    expect(base.every((r) => r === 1)).toBe(true);
    expect(tb.some((r) => Math.abs(r - 1) > 1e-3)).toBe(true);
    await expect(page.getByTestId('run-status-tempbalance')).toHaveAttribute('data-applied', 'true');
    await expect(page.getByTestId('run-status-baseline')).toHaveAttribute('data-applied', 'false');
    await shot(page, 'compare-done');

    // Layer metrics as CSV with the CLI's (WeightWatcher) columns; a chart as a real PNG.
    const csv = page.waitForEvent('download');
    await page.getByTestId('export-csv-tempbalance').click();
    const lines = readFileSync(await (await csv).path(), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(csvHeader());
    expect(lines.length - 1).toBe(rows.length);
    const png = page.waitForEvent('download');
    await page.getByTestId('chart-alpha-bars').getByTestId('chart-png').click();
    const bytes = readFileSync(await (await png).path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(400); // IHDR width: 2× the chart's CSS width

    // Save the run log, then open it in a fresh page: the same α bars, no training.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-log').click();
    const file = await (await download).path();
    const other = await browser.newPage();
    const otherErrors = captureConsoleErrors(other);
    await other.goto('/');
    await other.getByTestId('import-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"layers": []}') });
    await expect(other.getByTestId('export-message')).toContainText('not a Model Balancing Lab run log');
    await other.getByTestId('import-input').setInputFiles(file);
    await expect(other.getByTestId('imported-banner')).toBeVisible();
    await expect(other.getByTestId('alpha-bars')).toHaveAttribute('data-rows', JSON.stringify(rows));
    expect(otherErrors).toEqual([]);
    await other.close();
  });

  test('a comparison method: chosen in the Method controls, Compare runs it alone and with TB; names, legends, exports and the link carry it', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await page.goto(`/?preset=sentiment-low&${TINY}`);
    await page.getByTestId('control-optimizer').selectOption('adafactor');
    await page.getByTestId('control-sam').locator('input').fill('0.05');
    await page.getByTestId('control-sam').locator('input').press('Tab');
    expect(new URL(page.url()).searchParams.get('optimizer')).toBe('adafactor');
    expect(new URL(page.url()).searchParams.get('sam')).toBe('0.05');
    const [method, withTb] = ['AdaFactor + SAM ρ=0.05', 'AdaFactor + SAM ρ=0.05 + TB'];
    if ((await page.getByTestId('reset').textContent())?.includes('apply')) await page.getByTestId('reset').click();
    await page.getByTestId('run').click();
    await runUntil(page, 'baseline', /done/);
    await runUntil(page, 'tempbalance', /done/);

    await expect(page.getByTestId('run-status-baseline').locator('.run-status__name')).toHaveText(method);
    await expect(page.getByTestId('run-status-tempbalance').locator('.run-status__name')).toHaveText(withTb);
    for (const label of ['baseline', 'tempbalance']) {
      const loss = Number(await page.getByTestId(`run-status-${label}`).getAttribute('data-loss'));
      expect(Number.isFinite(loss) && loss > 0).toBe(true);
    }
    // TB multiplies the method's own rates: only the TB run's layer ratios leave 1.
    const ratios = async (label: string) => Object.values(JSON.parse((await page.getByTestId(`run-status-${label}`).getAttribute('data-ratios')) ?? '{}') as Record<string, number>);
    expect((await ratios('baseline')).every((r) => r === 1)).toBe(true);
    expect((await ratios('tempbalance')).some((r) => Math.abs(r - 1) > 1e-3)).toBe(true);
    await page.getByTestId('chart-loss').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('chart-loss')).toContainText(withTb);
    await expect(page.getByTestId('export-csv-baseline')).toHaveText(`CSV (${method})`);
    await expect(page.getByTestId('export-csv-tempbalance')).toHaveText(`CSV (${withTb})`);

    // The link opens the same method in a new page.
    const fresh = await browser.newPage();
    await fresh.goto(page.url());
    await expect(fresh.getByTestId('control-optimizer')).toHaveValue('adafactor');
    await expect(fresh.getByTestId('control-sam').locator('input')).toHaveValue('0.05');
    await expect(fresh.getByTestId('link-notices')).toHaveCount(0);
    await fresh.close();
  });

  test('PDE task: the prediction chart shows truth and both rollouts, all finite', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/?preset=fno-burgers-low&size=tiny&steps=4&evalEvery=2&interval=2&backend=wasm');
    await page.getByTestId('run').click();
    await runUntil(page, 'baseline', /done/);
    await runUntil(page, 'tempbalance', /done/);
    await page.getByTestId('chart-prediction').scrollIntoViewIfNeeded();
    const chart = page.getByTestId('prediction-chart');
    await expect(chart).toHaveAttribute('data-points', '128');
    await expect(page.getByTestId('final-tempbalance')).toContainText('nRMSE');
    for (const path of await chart.locator('.recharts-line-curve').all()) {
      const d = (await path.getAttribute('d')) ?? '';
      expect(d).toMatch(/^M[\d.]/);
      expect(d).not.toMatch(/NaN|Infinity/);
    }
    expect(await chart.locator('.recharts-line-curve').count()).toBe(4); // initial, truth, two runs
    await shot(page, 'pde-prediction');
  });

  test('URL round trip: set controls → copy link → a new page opens the same settings', async ({ page, browser, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/?preset=fno-burgers-low');
    await page.getByTestId('control-seed').locator('input').fill('7');
    await page.getByTestId('control-ratio').locator('input').fill('0.2');
    await page.getByTestId('control-assign').selectOption('sigmoid');
    await page.getByTestId('control-model').selectOption('unet');
    await page.locator('.mode-switch label', { hasText: 'TempBalance' }).click();
    await page.getByTestId('group-advanced').locator('summary').click();
    await page.getByTestId('control-afterWarm').check();
    const before = await controlValues(page);
    expect(before).toMatchObject({ seed: '7', ratio: '0.2', assign: 'sigmoid', model: 'unet', mode: 'tempbalance', afterWarm: 'true' });

    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('export-message')).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(link).toContain('preset=fno-burgers-low');

    const fresh = await browser.newPage();
    await fresh.goto(link);
    await fresh.getByTestId('group-advanced').locator('summary').click();
    expect(await controlValues(fresh)).toEqual(before);
    await expect(fresh.getByTestId('link-notices')).toHaveCount(0);
    await fresh.close();
  });

  test('classroom mode hides the chosen controls', async ({ page }) => {
    await page.goto('/?preset=sentiment-low&hide=task,model,tempbalance-options,advanced');
    await expect(page.getByTestId('classroom-note')).toBeVisible();
    await expect(page.getByTestId('control-task')).toHaveCount(0);
    await expect(page.getByTestId('control-model')).toHaveCount(0);
    await expect(page.getByTestId('group-tempbalance')).toHaveCount(0);
    await expect(page.getByTestId('group-advanced')).toHaveCount(0);
    await expect(page.getByTestId('control-seed')).toBeVisible();
    await expect(page.getByTestId('control-mode')).toBeVisible();
    await expect(page.getByTestId('preset-sentiment-low')).toHaveCount(0);
    await shot(page, 'classroom');
  });

  const MALFORMED: [string, string, string][] = [
    ['lr=abc', 'lr', 'ignored'],
    ['steps=-5', 'steps', 'clamped'],
    ['seed=1.5', 'seed', 'adjusted'],
    ['assign=cubic', 'assign', 'ignored'],
    ['bogus=1', 'bogus', 'ignored'],
    ['v=99&seed=3', 'v', 'adjusted'],
    ['preset=nope', 'preset', 'ignored'],
    ['hide=task,wat', 'hide', 'adjusted'],
    ['task=burgers&model=transformer', 'model', 'adjusted'],
    ['lr=0.1&lr=0.2', 'lr', 'ignored'],
    [`ratio=${'9'.repeat(300)}`, 'ratio', 'ignored'],
    ['afterWarm=maybe', 'afterWarm', 'ignored'],
  ];
  test('malformed links open anyway, each with its own notice', async ({ page }) => {
    for (const [query, key, action] of MALFORMED) {
      await page.goto(`/?${query}`);
      await expect(page.getByTestId('lab')).toBeVisible();
      // Prefix match: the undecodable key arrives as U+FFFD followed by the rest of the raw text.
      const notice = page.locator(`[data-testid="link-notice"][data-key^="${key}"]`);
      await expect(notice, query).toHaveCount(1);
      await expect(notice).toHaveAttribute('data-action', action);
      await expect(page.getByTestId('run')).toBeEnabled();
    }
  });

  // Bug input kept as a test: tfjs-core parses location.search with decodeURIComponent when it is
  // imported, and throws on a broken %-escape. While the page entry (main.tsx → platform/debug.ts)
  // imports tfjs eagerly, this link gives a blank page.
  test('a link with a broken %-escape still opens with a notice', async ({ page }) => {
    await page.goto('/?%E0%A4%A=1&seed=5');
    await expect(page.getByTestId('lab')).toBeVisible();
    // The undecodable key arrives as U+FFFD followed by the rest of the raw text.
    await expect(page.locator('[data-testid="link-notice"][data-key^="\ufffd"]')).toHaveAttribute('data-action', 'ignored');
    await expect(page.getByTestId('control-seed').locator('input')).toHaveValue('5');
  });

  test('Compare, default preset: main-thread work per task, from Run through the first two re-estimates (benchmark)', async ({ page, browser }) => {
    test.setTimeout(400_000);
    // A benchmark, not a CI check (performance is measured, not asserted): it prints the tasks with the
    // most work for docs/BENCHMARKS.md ("Lab main thread"). Run: LAB_BENCH=1 npx playwright test -g "Compare, default preset".
    test.skip(!process.env.LAB_BENCH, 'benchmark; run with LAB_BENCH=1');
    // Wall-clock task lengths (the longtask API) on this shared 2-core CI machine measure contention:
    // two training workers, the ESD worker and other jobs deschedule the page mid-task (measured: 3 ms
    // of work taking 100+ ms). So the check reads each main-thread task's own CPU time (`tdur`) from a
    // Chromium trace. The budget is 25 ms of work: on a quiet 2-core laptop the page shares the cores
    // with the three workers, gets at least half a core, and a 25 ms task then ends within 50 ms.
    // The default preset (no preset in the link); LAB_LONGTASK_QUERY adds to the link, LAB_TRACE=FILE keeps the trace.
    await page.goto(`/?backend=wasm${process.env.LAB_LONGTASK_QUERY ?? ''}`);
    // Not the page's work, so done before tracing: the e2e build's test hooks load tfjs on the main
    // thread (100 ms of compile), and Playwright compiles its injected selector script in the page on
    // first use of a locator (15–30 ms tasks).
    await page.waitForFunction(() => {
      const lab = (window as { __lab?: { platform?: unknown; train?: unknown } }).__lab;
      return !!lab?.platform && !!lab.train;
    });
    await expect(page.getByTestId('run')).toBeEnabled();
    await expect(page.getByTestId('run-status-tempbalance')).toHaveCount(0);
    await page.waitForTimeout(1000);
    await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'devtools.timeline', ...(process.env.LAB_TRACE_PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : [])] });
    await page.getByTestId('run').click();
    // Step 26: past the first re-estimate (step 0, every chart's first draw) and the one at step 25.
    await expect(page.getByTestId('run-status-tempbalance')).toHaveAttribute('data-step', /^(2[6-9]|[3-9]\d|\d{3,})$/, { timeout: 380_000 });
    await page.getByTestId('chart-alpha-bars').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('alpha-bars')).toHaveAttribute('data-random', /\d/);
    await page.waitForTimeout(3000); // let the queued chart draws of the last events run
    const raw = await browser.stopTracing();
    if (process.env.LAB_TRACE) writeFileSync(process.env.LAB_TRACE, raw);
    const trace = JSON.parse(raw.toString()) as { traceEvents: TraceEvent[] };
    const pause = page.getByTestId('pause');
    if (await pause.isEnabled()) await pause.click(); // the default preset's short run may have ended
    const all = mainThreadTasks(trace.traceEvents);
    const harness = all.filter((t) => t.harness);
    console.log(`left out, Playwright's DevTools messages (ms cpu/wall): ${harness.map((t) => `${t.cpu.toFixed(0)}/${t.wall.toFixed(0)}`).join(' ') || 'none over 5 ms'}`);
    const tasks = all.filter((t) => !t.harness);
    expect(tasks.length).toBeGreaterThan(100);
    const worst = [...tasks].sort((x, y) => y.cpu - x.cpu).slice(0, 8);
    console.log(`main-thread tasks: ${tasks.length}; most work (ms cpu/wall): ${worst.map((t) => `${t.cpu.toFixed(0)}/${t.wall.toFixed(0)}`).join(' ')}`);
    await page.getByTestId('alpha-bars').screenshot({ path: `${SHOTS}/alpha-bars-random.png` });
    console.log(`tasks over the 25 ms work budget: ${tasks.filter((t) => t.cpu > 25).length}; over 50 ms wall: ${tasks.filter((t) => t.wall > 50).length}`);
  });

  for (const preset of PRESETS.filter((p) => p.view === 'lab')) {
    test(`screenshot: ${preset.id}`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.goto(`/?preset=${preset.id}&backend=wasm`);
      await page.getByTestId('step').click();
      await expect(page.getByTestId('alpha-bars')).toBeVisible({ timeout: 200_000 });
      await runUntil(page, 'tempbalance', /paused/, 200_000);
      await runUntil(page, 'baseline', /paused/, 200_000);
      await expect(page.getByTestId('alpha-bars')).toHaveAttribute('data-rows', /"baseline":\d/);
      await shot(page, preset.id);
    });
  }
});
