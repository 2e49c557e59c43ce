/**
 * Shared helpers of the Playwright specs: console-error capture, the analyze CLI as the reference
 * for α values, seeded test weight files, and reading what the ESD chart really drew.
 */
import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { encodeSafetensors } from '../src/io/safetensors-write';
import { createRng } from '../src/math/random';

/** Messages that are noise from headless Chromium itself, not from the app. */
const BENIGN = [/GPU stall due to ReadPixels/i, /Automatic fallback to software WebGL/i];

/** Collects console errors and uncaught page errors; assert the returned array is empty at the end. */
export function captureConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !BENIGN.some((re) => re.test(msg.text()))) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/** One layer of the CLI's JSON report (NaN is written as null). */
export interface CliLayer {
  name: string;
  alpha: number | null;
  D: number | null;
  xmin: number | null;
  n_eigs: number;
  status: string;
}

/** α and friends as the command-line analyser prints them: the reference the UI must match exactly. */
export function analyzeWithCli(file: string, extraArgs: string[] = []): CliLayer[] {
  const out = execFileSync('node', ['--import', 'tsx', 'scripts/analyze.ts', file, '--format', 'json', ...extraArgs], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { layers: CliLayer[] }).layers;
}

/**
 * A small seeded model: Gaussian weights (a Marchenko–Pastur bulk), Cauchy weights (heavy-tailed,
 * small α), a tiny layer below eigs_thresh and a layer with a NaN weight. Deterministic bytes.
 */
export function toyModelBytes(seed = 7): Buffer {
  const rng = createRng(seed);
  const gauss = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.05);
  // Cauchy entries (Student-t with 1 degree of freedom, Z₁/|Z₂|): a very heavy-tailed ESD.
  const cauchy = (n: number) => Float32Array.from({ length: n }, () => (0.01 * rng.normal()) / Math.abs(rng.normal()));
  const bytes = encodeSafetensors([
    { name: 'encoder.dense_random.weight', dtype: 'F32', shape: [96, 128], data: gauss(96 * 128) },
    { name: 'encoder.dense_heavy.weight', dtype: 'F32', shape: [96, 128], data: cauchy(96 * 128) },
    { name: 'head.tiny.weight', dtype: 'F32', shape: [12, 16], data: gauss(12 * 16) },
    { name: 'head.diverged.weight', dtype: 'F32', shape: [16, 20], data: gauss(16 * 20).map((v, k) => (k === 17 ? NaN : v)) },
  ]);
  return Buffer.from(bytes);
}

/** Bytes that claim a 4 KiB safetensors header but end after 11 bytes: a truncated download. */
export function truncatedSafetensorsBytes(): Buffer {
  return Buffer.from([0x00, 0x10, 0, 0, 0, 0, 0, 0, 0x7b, 0x22, 0x61]);
}

/** Drop a file on the drop zone the way a user's drag and drop does (a real DataTransfer with a File). */
export async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { name, data: [...bytes] },
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

/** Every α the table shows, keyed by layer name, at full precision (from data-alpha). */
export async function tableAlphas(page: Page): Promise<Map<string, number>> {
  const rows = page.getByTestId('layer-row');
  const entries = await rows.evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-layer') ?? '', tr.querySelector('[data-testid="alpha-cell"]')?.getAttribute('data-alpha') ?? ''] as const),
  );
  return new Map(entries.map(([name, a]) => [name, Number(a)]));
}

/** What the chart drew: histogram point centres and the fit line path, read from the SVG. */
export async function chartGeometry(page: Page): Promise<{ points: { x: number; y: number }[]; linePath: string }> {
  const chart = page.getByTestId('esd-chart');
  await expect(chart.locator('.esd-point').first()).toBeVisible();
  const points = await chart.locator('.esd-point').evaluateAll((els) => els.map((el) => ({ x: Number(el.getAttribute('cx')), y: Number(el.getAttribute('cy')) })));
  const linePath = (await chart.locator('.chart-line').first().getAttribute('d')) ?? '';
  return { points, linePath };
}
