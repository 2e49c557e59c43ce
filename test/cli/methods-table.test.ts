// scripts/methods-table.ts as a user runs it, on a published sweep: a method's runs split over two files
// (LABEL=A.json,B.json) give the same table as the one file, and files that repeat a job are refused.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FT = 'docs/results/fno-finetune-5-ft.json';

function table(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'methods-table.ts'), ...args], { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('methods-table', () => {
  it('joins a method\'s runs from several files into the table of one file', async () => {
    const report = JSON.parse(readFileSync(join(ROOT, FT), 'utf8')) as { results: { seed: number }[] };
    const dir = mkdtempSync(join(tmpdir(), 'methods-table-'));
    const low = join(dir, 'low.json');
    const high = join(dir, 'high.json');
    writeFileSync(low, JSON.stringify({ ...report, results: report.results.filter((r) => r.seed <= 5) }));
    writeFileSync(high, JSON.stringify({ ...report, results: report.results.filter((r) => r.seed > 5) }));
    const [whole, split] = await Promise.all([table([`FT=${FT}`, `X=${FT}`]), table([`FT=${FT}`, `X=${low},${high}`])]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toBe(whole.stdout);
    expect(whole.stdout).toContain('| 0.02 | X | 0.0003 / 0.0003 |');
  }, 120_000);

  it('refuses files that repeat a job, naming it', async () => {
    const run = await table([`FT=${FT},${FT}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/FT: the files repeat the job 0\.02\|1\|baseline\|0\.0003/);
    expect(run.stdout).toBe('');
  }, 120_000);
});
