#!/usr/bin/env bash
# CI check of sweeps past one machine (docs/CLUSTER.md): a tiny grid run once in one process and once
# as 3 shards under GNU parallel, merged with `npm run sweep -- --merge`; the merged results must equal
# the single-process ones run by run, bit for bit (every metric and loss compared as the exact JSON
# number; only wall time may differ). Run: bash scripts/ci/sharded-sweep.sh [workdir]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v parallel >/dev/null; then
  if [ "$(id -u)" != "0" ]; then
    echo "GNU parallel is missing: install Debian's package (sudo apt-get install -y parallel)" >&2
    exit 1
  fi
  echo "Installing Debian's parallel for the sharded-sweep check…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq parallel >/dev/null
fi
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir"
# 2 seeds × 2 schedules = 4 jobs over 3 shards (sizes 2, 1, 1): uneven on purpose. Tiny model, 3 steps.
grid=(--preset sentiment-low --ratios 0.02 --seeds 1,2 --steps 3 --set size=tiny --set evalEvery=3 --backend cpu --quiet)

start=$(date +%s)
npx tsx scripts/sweep.ts "${grid[@]}" --out "$dir/single.json" >/dev/null
# {} is the shard index 1…3; each shard writes its own file.
parallel --halt now,fail=1 -j 3 npx tsx scripts/sweep.ts "${grid[@]}" --shard {}/3 --out "$dir/shard-{}.json" '>/dev/null' ::: 1 2 3
npx tsx scripts/sweep.ts --merge "$dir/merged.json" "$dir"/shard-1.json "$dir"/shard-2.json "$dir"/shard-3.json >/dev/null

node - "$dir/single.json" "$dir/merged.json" <<'JS'
const fs = require('node:fs');
const [single, merged] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
// Everything a run produced except its wall time; JSON text of numbers is their exact float64 value.
const runOf = ({ ms, backend, ...rest }) => JSON.stringify(rest);
const a = single.results.map(runOf);
const b = merged.results.map(runOf);
const bad = [];
if (a.length !== single.jobs.length) bad.push(`single-process sweep finished ${a.length} of ${single.jobs.length} jobs`);
if (a.length !== b.length) bad.push(`merged sweep has ${b.length} results, single-process ${a.length}`);
a.forEach((r, i) => { if (r !== b[i]) bad.push(`run ${i + 1} differs:\n  single ${r}\n  merged ${b[i]}`); });
if (JSON.stringify(single.jobs) !== JSON.stringify(merged.jobs)) bad.push('the grids differ');
if (bad.length) { console.error(`sharded sweep check FAILED\n${bad.join('\n')}`); process.exit(1); }
console.log(`sharded sweep check: ${a.length} runs identical (3 shards under GNU parallel vs one process)`);
JS
echo "sharded sweep check took $(( $(date +%s) - start )) s"
