/**
 * Benchmark: the analyze CLI on a synthetic checkpoint with the shapes of GPT-2 small
 * (124 M parameters, ≈ 500 MB of float32). It checks the streaming promise of src/io — memory
 * stays near one tensor, not one file — under the budget
 *
 *     peak RSS < 2 × largest tensor + 200 MB   (largest = wte, 50257 × 768 float32 ≈ 154 MB)
 *
 * Steps: (1) write the file into os.tmpdir() tensor by tensor, chunk by chunk (seeded Gaussian
 * values, std 0.02 like GPT-2's init; never more than one 4 MB chunk in memory); (2) run
 * `node --import tsx scripts/analyze.ts FILE --format json` as a child under `/usr/bin/time -v`
 * (or, if that is missing, poll /proc/<pid>/status VmHWM); (3) print wall time, peak RSS and the
 * slowest layers. The file is deleted afterwards unless --keep; --reuse skips step 1 when a file
 * of the right size is already there. Results: docs/BENCHMARKS.md "CLI: GPT-2-small shapes".
 *
 * Usage: npm run bench:gpt2 [-- --keep] [-- --reuse]
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FloatDtype } from '../../src/io/dtype';
import { buildSafetensorsHeader } from '../../src/io/safetensors-write';
import type { TensorSpec } from '../../src/io/safetensors-write';
import { createRng } from '../../src/math/random';
import { runCli } from '../lib/cli';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(tmpdir(), 'gpt2-small-synthetic.safetensors');
/** Decimal megabytes, as in the budget's "200 MB". */
const MB = 1e6;

/** GPT-2 small in Hugging Face naming; Conv1D weights are [in, out]. */
function gpt2Specs(): TensorSpec[] {
  const d = 768;
  const f32 = (name: string, shape: number[], dtype: FloatDtype = 'F32'): TensorSpec => ({ name, dtype, shape });
  const specs = [f32('wte.weight', [50257, d]), f32('wpe.weight', [1024, d])];
  for (let i = 0; i < 12; i++) {
    const h = `h.${i}`;
    specs.push(
      f32(`${h}.ln_1.weight`, [d]), f32(`${h}.ln_1.bias`, [d]),
      f32(`${h}.attn.c_attn.weight`, [d, 3 * d]), f32(`${h}.attn.c_attn.bias`, [3 * d]),
      f32(`${h}.attn.c_proj.weight`, [d, d]), f32(`${h}.attn.c_proj.bias`, [d]),
      f32(`${h}.ln_2.weight`, [d]), f32(`${h}.ln_2.bias`, [d]),
      f32(`${h}.mlp.c_fc.weight`, [d, 4 * d]), f32(`${h}.mlp.c_fc.bias`, [4 * d]),
      f32(`${h}.mlp.c_proj.weight`, [4 * d, d]), f32(`${h}.mlp.c_proj.bias`, [d]),
    );
  }
  specs.push(f32('ln_f.weight', [d]), f32('ln_f.bias', [d]));
  return specs;
}

/** Write the checkpoint chunk by chunk; returns its size and the byte length of the largest tensor. */
async function writeCheckpoint(specs: TensorSpec[], reuse: boolean): Promise<{ bytes: number; largest: number }> {
  const { header, byteLengths, totalBytes } = buildSafetensorsHeader(specs, { format: 'pt', generator: 'scripts/bench/gpt2.ts' });
  const largest = Math.max(...byteLengths);
  if (reuse && existsSync(FILE) && statSync(FILE).size === totalBytes) {
    console.log(`reusing ${FILE} (${(totalBytes / MB).toFixed(1)} MB)`);
    return { bytes: totalBytes, largest };
  }
  const t0 = performance.now();
  const fh = await open(FILE, 'w');
  try {
    await fh.write(header);
    const root = createRng(2019);
    const chunk = new Float32Array(1 << 20); // 4 MB: the only data buffer alive while writing
    for (const s of specs) {
      const rng = root.fork(s.name);
      const isLayerNormScale = /ln_\d\.weight$|ln_f\.weight$/.test(s.name);
      let left = s.shape.reduce((a, b) => a * b, 1);
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        for (let k = 0; k < n; k++) chunk[k] = isLayerNormScale ? 1 : 0.02 * rng.normal();
        await fh.write(new Uint8Array(chunk.buffer, 0, 4 * n));
        left -= n;
      }
    }
  } finally {
    await fh.close();
  }
  console.log(`wrote ${FILE}: ${(totalBytes / MB).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { bytes: totalBytes, largest };
}

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  peakRssKiB: number;
  method: string;
}

/** Run a command, capturing output; peak RSS from /usr/bin/time -v, or by polling VmHWM. */
function measure(cmd: string[]): Promise<Measured> {
  const useTime = existsSync('/usr/bin/time');
  const argv = useTime ? ['/usr/bin/time', '-v', ...cmd] : cmd;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let polled = 0;
    const timer = useTime
      ? null
      : setInterval(() => {
          readFile(`/proc/${child.pid}/status`, 'utf8')
            .then((s) => {
              const m = /VmHWM:\s+(\d+) kB/.exec(s);
              if (m) polled = Math.max(polled, Number(m[1]));
            })
            .catch(() => {});
        }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const wallSeconds = (performance.now() - t0) / 1000;
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        wallSeconds,
        peakRssKiB: useTime && m ? Number(m[1]) : polled,
        method: useTime ? '/usr/bin/time -v' : 'VmHWM polling (50 ms)',
      });
    });
  });
}

const USAGE = `usage: npm run bench:gpt2 [-- --keep] [-- --reuse]
  memory and time of the analyze CLI on a synthetic GPT-2-small checkpoint; results for docs/BENCHMARKS.md
  --keep                   keep the checkpoint file in the temp directory
  --reuse                  reuse a kept checkpoint of the right size
  -h, --help               show this help`;

async function main(): Promise<void> {
  const { values } = runCli('bench:gpt2', USAGE, { options: { keep: { type: 'boolean' }, reuse: { type: 'boolean' } } });
  const specs = gpt2Specs();
  const { bytes, largest } = await writeCheckpoint(specs, values.reuse === true);
  const cmd = [process.execPath, '--import', 'tsx', join('scripts', 'analyze.ts'), FILE, '--format', 'json'];
  console.log(`running: ${cmd.slice(1).join(' ')}`);
  const r = await measure(cmd);
  if (!values.keep) unlinkSync(FILE);
  if (r.code !== 0) {
    console.error(`analyze failed with exit code ${r.code}:\n${r.stderr}`);
    process.exitCode = 1;
    return;
  }
  const layers = (JSON.parse(r.stdout) as { layers: { name: string; shape: number[]; ms: number; alpha: number | null }[] }).layers;
  const budgetMB = (2 * largest) / MB + 200;
  const peakMB = (r.peakRssKiB * 1024) / MB;
  const analysisMs = layers.reduce((a, l) => a + l.ms, 0);
  const slowest = [...layers].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`file: ${(bytes / MB).toFixed(1)} MB, ${specs.length} tensors, ${layers.length} layers analysed`);
  console.log(`largest tensor: ${(largest / MB).toFixed(1)} MB (wte 50257x768 f32)`);
  console.log(`wall time: ${r.wallSeconds.toFixed(1)} s (sum of per-layer ESD+fit: ${(analysisMs / 1000).toFixed(1)} s)`);
  console.log(`slowest layers: ${slowest.map((l) => `${l.name} ${(l.ms / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`peak RSS: ${peakMB.toFixed(0)} MB (${r.method}); budget 2 x largest + 200 MB = ${budgetMB.toFixed(0)} MB -> ${peakMB < budgetMB ? 'PASS' : 'FAIL'}`);
  if (peakMB >= budgetMB) process.exitCode = 1;
}

await main();
