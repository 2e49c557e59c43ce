/**
 * `npm run sweep -- --merge OUT FILE…`: read shard reports, merge them (src/experiment/shard.ts checks
 * they are of one grid and one version), write OUT and say which jobs of the grid are still missing.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeJob, mergeShardReports, type MergeResult, type ShardFile } from '../../src/experiment/shard';
import { parseReportResults, reportJson, type SweepReport } from '../../src/experiment/sweep';
import { ROOT } from './node-engine';

/** The lab's package.json version, stamped into every sweep report so shards of different code are not merged. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Read one report file; a file that is not a sweep report is a one-line error. */
export function readShardFile(file: string): ShardFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a sweep JSON (${(e as Error).message})`, { cause: e });
  }
  const r = json as Partial<SweepReport> | null;
  if (!r || r.kind !== 'model-balancing-lab/sweep' || !Array.isArray(r.jobs) || !r.spec) throw new Error(`${file}: not a sweep report`);
  return { file, report: { ...(r as SweepReport), results: parseReportResults(json) } };
}

/** Merge `files` into `out` (atomically); returns the merge so the caller can set the exit code. */
export function mergeFiles(out: string, files: readonly string[], command: string): MergeResult {
  const merged = mergeShardReports(files.map(readShardFile), { command });
  writeFileSync(`${out}.tmp`, reportJson(merged.report));
  renameSync(`${out}.tmp`, out);
  return merged;
}

/** The lines printed after a merge: counts, then every missing job and how to run just those. */
export function mergeSummary(out: string, files: readonly string[], m: MergeResult): string[] {
  const lines = [`merge: ${files.length} file(s) → ${out}: ${m.report.results.length} of ${m.report.jobs.length} jobs`];
  if (m.missing.length) {
    lines.push(`merge: ${m.missing.length} job(s) missing:`);
    for (const j of m.missing) lines.push(`  ${describeJob(j)}`);
    lines.push(`merge: to run only these, rerun the sweep's command without --shard and with --out ${out} --resume`);
  }
  return lines;
}
